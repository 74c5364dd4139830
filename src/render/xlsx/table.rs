//! A table under a header row, its cells typed (numbers stay numbers, so a clerk can sort and
//! chart them) and its columns as wide as their contents, up to a cap past which text wraps.

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use super::style::Styles;
use crate::model::plan::Deadline;
use crate::render::excel::{TALLEST_ROW, excel_date};

/// One cell of a table.
pub enum Cell {
    /// Text, left-aligned and wrapped when it is wider than its column.
    Text(String),
    /// A short label, centred.
    Label(String),
    Integer(usize),
    /// A share in tenths of a percent (748 = 74.8%), as the bulletin prints it; "—" when there
    /// is none. The cell holds the number shown (0.748), so a clerk's sum agrees with the JSON.
    Percent(Option<u128>),
    /// A change in tenths of a percentage point; blank when there is none.
    Points(Option<i128>),
    /// A deadline as a date cell (sortable), shown 2021年6月 or 2021年6月15日.
    Deadline(Deadline),
}

/// A column: its header and the widest it may grow (in Excel's width units: one digit of the
/// default font; a Chinese character takes [`WIDE`]).
pub struct Column {
    pub title: String,
    pub max_width: f64,
}

impl Column {
    pub fn new(title: impl Into<String>, max_width: f64) -> Self {
        Self {
            title: title.into(),
            max_width,
        }
    }
}

/// How many of Excel's width units a Chinese character takes at 11 pt: about 15 pixels against
/// a digit's 7, in the fonts Excel, WPS and LibreOffice use for Chinese.
const WIDE: f64 = 2.2;

/// The width of a text in Excel's units: the widest of its lines, a Chinese character (any
/// non-ASCII one) counting [`WIDE`].
pub fn text_width(text: &str) -> f64 {
    text.lines()
        .map(|line| {
            line.chars()
                .map(|c| if c.is_ascii() { 1.0 } else { WIDE })
                .sum::<f64>()
        })
        .fold(0.0, f64::max)
}

/// How many lines `text` takes in a column `width` units wide (at least one).
pub fn lines_in(text: &str, width: f64) -> usize {
    let usable = (width - 1.0).max(1.0);
    text.lines()
        .map(|line| (text_width(line) / usable).ceil().max(1.0) as usize)
        .sum::<usize>()
        .max(1)
}

/// A list joined with 、 (task ids, unit names) broken into lines of at most `width` units,
/// each break after a 、, so no number or name is cut in two.
pub fn wrap_list(list: &str, width: f64) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for item in list.split_inclusive('、') {
        if !line.is_empty() && text_width(&line) + text_width(item) > width {
            lines.push(std::mem::take(&mut line));
        }
        line.push_str(item);
    }
    lines.push(line);
    lines.join("\n")
}

/// The height of a row whose tallest cell takes `lines` lines, in points (at most Excel's
/// tallest).
pub fn row_height(lines: usize) -> f64 {
    (15.0 * lines as f64 + 2.0).min(TALLEST_ROW)
}

impl Cell {
    /// How wide the cell's content is, as shown.
    fn width(&self) -> f64 {
        match self {
            Cell::Text(text) | Cell::Label(text) => text_width(text),
            Cell::Integer(n) => n.to_string().len() as f64,
            Cell::Percent(_) | Cell::Points(_) => 6.0,
            Cell::Deadline(deadline) if deadline.month_only => text_width("2021年12月"),
            Cell::Deadline(_) => text_width("2021年12月31日"),
        }
    }

    /// Writes the cell at (`row`, `column`).
    pub fn write(
        &self,
        sheet: &mut Worksheet,
        row: u32,
        column: u16,
        styles: &Styles,
    ) -> Result<(), XlsxError> {
        match self {
            // Past Excel's limit (many units' long notes on one task) a text is cut, and says
            // so; the bulletin and the JSON keep it whole.
            Cell::Text(text) => {
                let text = styles.cuts.fit(sheet, (row, column), text);
                sheet.write_string_with_format(row, column, text, &styles.wrapped)
            }
            Cell::Label(text) => {
                let text = styles.cuts.fit(sheet, (row, column), text);
                sheet.write_string_with_format(row, column, text, &styles.centered)
            }
            Cell::Integer(n) => {
                sheet.write_number_with_format(row, column, *n as f64, &styles.integer)
            }
            Cell::Percent(Some(per_mille)) => sheet.write_number_with_format(
                row,
                column,
                *per_mille as f64 / 1000.0,
                styles.percent_of(*per_mille),
            ),
            Cell::Percent(None) => {
                sheet.write_string_with_format(row, column, "—", &styles.centered)
            }
            Cell::Points(Some(tenths)) => sheet.write_number_with_format(
                row,
                column,
                *tenths as f64 / 10.0,
                styles.points_of(*tenths),
            ),
            Cell::Points(None) => sheet.write_blank(row, column, &styles.centered),
            Cell::Deadline(deadline) => {
                let format = if deadline.month_only {
                    &styles.month
                } else {
                    &styles.day
                };
                write_deadline(sheet, (row, column), deadline, format)
            }
        }?;
        Ok(())
    }
}

/// Writes a deadline as a date cell in `format`; a date Excel cannot hold (before 1900) is
/// shown as the plan wrote it.
pub fn write_deadline<'s>(
    sheet: &'s mut Worksheet,
    (row, column): (u32, u16),
    deadline: &Deadline,
    format: &Format,
) -> Result<&'s mut Worksheet, XlsxError> {
    match excel_date(deadline.end) {
        Ok(date) => sheet.write_datetime_with_format(row, column, &date, format),
        Err(_) => sheet.write_string_with_format(row, column, deadline.plan_form(), format),
    }
}

/// Writes the header at `first_row` and the rows under it, and sets each column's width to fit
/// its widest cell (header included) up to its cap. Returns the row after the table and the
/// columns' widths.
pub fn write_table(
    sheet: &mut Worksheet,
    first_row: u32,
    columns: &[Column],
    rows: &[Vec<Cell>],
    styles: &Styles,
) -> Result<(u32, Vec<f64>), XlsxError> {
    let mut widths = Vec::new();
    let mut header_lines = 1;
    for (index, column) in columns.iter().enumerate() {
        let width = rows
            .iter()
            .filter_map(|row| row.get(index))
            .map(Cell::width)
            .chain(std::iter::once(text_width(&column.title)))
            .fold(0.0, f64::max);
        let width = (width + 2.0).min(column.max_width);
        sheet.set_column_width(index as u16, width)?;
        widths.push(width);
        header_lines = header_lines.max(lines_in(&column.title, width));
        sheet.write_string_with_format(first_row, index as u16, &column.title, &styles.header)?;
    }
    if header_lines > 1 {
        sheet.set_row_height(first_row, row_height(header_lines))?;
    }
    let mut row_number = first_row + 1;
    for row in rows {
        let mut lines = 1;
        for (index, cell) in row.iter().enumerate() {
            cell.write(sheet, row_number, index as u16, styles)?;
            if let (Cell::Text(text), Some(&width)) = (cell, widths.get(index)) {
                lines = lines.max(lines_in(text, width));
            }
        }
        // Neither Excel nor LibreOffice sizes a row to its wrapped text on opening a file
        // reliably: the height is set here, from the text's width.
        if lines > 1 {
            sheet.set_row_height(row_number, row_height(lines))?;
        }
        row_number += 1;
    }
    Ok((row_number, widths))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_breaks_after_a_pause_mark_never_inside_an_item() {
        let ids = "5、10、11、13、16、17、18、19、20、21";
        let wrapped = wrap_list(ids, 13.0);
        assert_eq!(wrapped, "5、10、11、\n13、16、17、\n18、19、20、\n21");
        assert!(wrapped.lines().all(|line| text_width(line) <= 13.0));
        assert_eq!(wrapped.replace('\n', ""), ids);
        // An item wider than the line stands on a line of its own, whole.
        assert_eq!(wrap_list("区应急管理局、东吴", 6.0), "区应急管理局、\n东吴");
        assert_eq!(wrap_list("", 6.0), "");
    }

    #[test]
    fn chinese_characters_count_two_and_each_line_wraps_on_its_own() {
        assert!((text_width("东吴2021") - 8.4).abs() < 1e-9);
        assert!((text_width("推进中：东吴\n未开始：下应、五乡") - 19.8).abs() < 1e-9);
        assert_eq!(lines_in("东吴", 10.0), 1);
        // 19.8 units in a column of 11 (10 usable): two lines; each line of text wraps alone.
        assert_eq!(lines_in("未开始：下应、五乡", 11.0), 2);
        assert_eq!(lines_in("推进中：东吴\n未开始：下应、五乡", 11.0), 4);
        assert_eq!(lines_in("推进中：东吴\n未开始：下应、五乡", 22.0), 2);
    }
}
