//! Figures as clerks type them, in a sheet's 进度 column or a plan's target: `860`, `860套`,
//! `1,200`, `１２００`, `80%`, `80％`, `55.5公里`.

use crate::model::pace::Milli;

/// A figure read from text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadFigure {
    pub value: Milli,
    /// Written with a percent sign.
    pub percent: bool,
}

/// Why a figure could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FigureError {
    Negative,
    /// Past [`Milli::MAX`].
    TooLarge,
    Unreadable,
}

/// Reads a figure; `measure` is the task's measure word (套), allowed after the number.
pub fn read_figure(text: &str, measure: &str) -> Result<ReadFigure, FigureError> {
    let text: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '％' => '%',
            '－' | '—' => '-',
            other => other,
        })
        .filter(|c| !c.is_whitespace())
        .collect();
    let (text, percent) = match text.strip_suffix('%') {
        Some(number) => (number, true),
        None => (text.as_str(), false),
    };
    let text = if measure.is_empty() {
        text
    } else {
        text.strip_suffix(measure).unwrap_or(text)
    };
    let (text, negative) = match text.strip_prefix('-') {
        Some(number) => (number, true),
        None => (text, false),
    };
    // Thousands separators between digits: 1,200 and 1，200.
    let digits: String = text.chars().filter(|c| *c != ',' && *c != '，').collect();
    let plain = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|&c| c == '.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit());
    if !plain {
        return Err(FigureError::Unreadable);
    }
    let value: f64 = digits.parse().map_err(|_| FigureError::Unreadable)?;
    if negative && value > 0.0 {
        return Err(FigureError::Negative);
    }
    let value = Milli::from_f64(value).ok_or(FigureError::TooLarge)?;
    Ok(ReadFigure { value, percent })
}

/// A number a workbook cell holds, checked the same way.
pub fn figure_of_number(number: f64) -> Result<Milli, FigureError> {
    if number.is_nan() {
        return Err(FigureError::Unreadable);
    }
    if number < 0.0 {
        return Err(FigureError::Negative);
    }
    Milli::from_f64(number).ok_or(FigureError::TooLarge)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<(u64, bool), FigureError> {
        read_figure(text, "套").map(|f| (f.value.0, f.percent))
    }

    #[test]
    fn every_form_a_clerk_types_is_read() {
        assert_eq!(read("860"), Ok((860_000, false)));
        assert_eq!(read(" 860套 "), Ok((860_000, false)));
        assert_eq!(read("1,200"), Ok((1_200_000, false)));
        assert_eq!(read("１２００套"), Ok((1_200_000, false)));
        assert_eq!(read("80%"), Ok((80_000, true)));
        assert_eq!(read("80 ％"), Ok((80_000, true)));
        assert_eq!(read("55.5"), Ok((55_500, false)));
        assert_eq!(read("0"), Ok((0, false)));
        assert_eq!(read("-0"), Ok((0, false)));
    }

    #[test]
    fn negative_unreadable_and_huge_figures_are_told_apart() {
        assert_eq!(read("-5"), Err(FigureError::Negative));
        assert_eq!(read("－5套"), Err(FigureError::Negative));
        for bad in [
            "",
            "约860",
            "860所",
            "8.6.0",
            "inf",
            "NaN",
            "1e3",
            "百分之八十",
            "%",
        ] {
            assert_eq!(read(bad), Err(FigureError::Unreadable), "{bad}");
        }
        assert_eq!(read("99999999999"), Err(FigureError::TooLarge));
        assert_eq!(figure_of_number(-1.0), Err(FigureError::Negative));
        assert_eq!(figure_of_number(12.5), Ok(Milli(12_500)));
    }
}
