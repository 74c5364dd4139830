//! What every workbook bulletin writes shares (the status sheets, the 汇总表): Excel's limits —
//! a cell's text, a sheet's name, a date, a column's width, a row's height, a header's length —
//! met before rust_xlsxwriter refuses, and what it still refuses told in Chinese.

use std::borrow::Cow;
use std::cell::RefCell;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Worksheet, XlsxError};

use crate::diagnostic::{Code, Diagnostic};

/// The most a cell holds, in UTF-16 code units as Excel counts them (a character outside the
/// basic plane, such as 𠀀, takes two).
pub const CELL_UNITS: usize = 32_767;
/// The widest column we set, in Excel's width units: Excel allows 255, and a width is stored a
/// little wider than it is set (rounded to pixels, with the cell's padding).
pub const WIDEST_COLUMN: f64 = 250.0;
/// The tallest row Excel allows, in points.
pub const TALLEST_ROW: f64 = 409.0;
/// The longest header or footer Excel allows, in UTF-16 code units, its codes (&C) included.
const HEADER_UNITS: usize = 255;
/// The longest input message of a cell's validation.
const MESSAGE_UNITS: usize = 255;
/// The most columns a sheet has.
pub const COLUMNS: usize = 16_384;

/// What a cell cut short says in place of the rest.
const CUT_MARK: &str = "……（超出 Excel 单元格容量，以下从略）";

/// A workbook's bytes, and the texts cut to fit its cells, to warn of.
#[derive(Debug)]
pub struct Written {
    pub bytes: Vec<u8>,
    pub cuts: Vec<Cut>,
}

/// A text cut to fit a cell: where, and how long it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    pub sheet: String,
    /// 0-based, as rust_xlsxwriter counts.
    pub row: u32,
    pub column: u16,
    /// Its length in characters.
    pub chars: usize,
}

impl Cut {
    /// The warning a clerk reads, at the cell in `file` (rows and columns as Excel numbers them).
    pub fn warning(&self, file: &str) -> Diagnostic {
        Diagnostic::warning(
            file,
            Code::TooLarge,
            format!(
                "工作表“{}”的单元格 {} 的文字有{}字，超过 Excel 一格能放的 {CELL_UNITS} 字，已截断，超出的部分没有写入",
                self.sheet,
                cell_name(self.row, self.column),
                self.chars
            ),
        )
        .at(u64::from(self.row) + 1, Some(u64::from(self.column) + 1))
    }
}

/// The texts cut while a workbook is written, gathered to warn of once it is.
#[derive(Debug, Default)]
pub struct Cuts(RefCell<Vec<Cut>>);

impl Cuts {
    /// `text` as the cell at (`row`, `column`) of `sheet` can hold it: past Excel's limit, cut,
    /// saying so in the cell, and the cut kept to warn of.
    pub fn fit<'t>(
        &self,
        sheet: &Worksheet,
        (row, column): (u32, u16),
        text: &'t str,
    ) -> Cow<'t, str> {
        if text.encode_utf16().count() <= CELL_UNITS {
            return text.into();
        }
        self.0.borrow_mut().push(Cut {
            sheet: sheet.name(),
            row,
            column,
            chars: text.chars().count(),
        });
        let room = CELL_UNITS - CUT_MARK.encode_utf16().count();
        format!("{}{CUT_MARK}", prefix_within(text, room)).into()
    }

    /// The cuts made, in the order they were.
    pub fn into_vec(self) -> Vec<Cut> {
        self.0.into_inner()
    }
}

/// The longest start of `text` within `units` UTF-16 code units, never splitting a character.
fn prefix_within(text: &str, units: usize) -> &str {
    let mut used = 0;
    for (index, c) in text.char_indices() {
        used += c.len_utf16();
        if used > units {
            return &text[..index];
        }
    }
    text
}

/// A cell's name as Excel shows it: C4.
fn cell_name(row: u32, column: u16) -> String {
    let mut letters = Vec::new();
    let mut n = u32::from(column) + 1;
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(char::from(b'A' + rest as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}

/// A sheet named as near to `name` as Excel allows: without `[]:*?/\` and control characters,
/// no apostrophe at either end, at most 31 UTF-16 code units; `fallback` when nothing is left,
/// or the name is one Excel keeps for itself (History).
pub fn sheet_name(name: &str, fallback: &str) -> String {
    let kept: String = name
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c) && !c.is_control())
        .collect();
    let trimmed = kept.trim().trim_matches('\'').trim();
    let name = prefix_within(trimmed, 31).trim_end_matches('\'');
    if name.is_empty() || name.eq_ignore_ascii_case("history") {
        fallback.to_string()
    } else {
        name.to_string()
    }
}

/// A date as Excel stores it; an error for a date it cannot hold (before 1900, after 9999).
pub fn excel_date(date: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    let year =
        u16::try_from(date.year()).map_err(|_| XlsxError::DateTimeRangeError(date.to_string()))?;
    ExcelDateTime::from_ymd(year, date.month() as u8, date.day() as u8)
}

/// A header or footer's text within Excel's length (`&` doubled, as a header writes it).
pub fn header_text(text: &str) -> String {
    let escaped = text.replace('&', "&&");
    // Room for the codes around it (&C), and a doubled & never cut in two.
    let kept = prefix_within(&escaped, HEADER_UNITS - 8);
    let ampersands = kept.len() - kept.trim_end_matches('&').len();
    let kept = if ampersands % 2 == 1 {
        &kept[..kept.len() - 1]
    } else {
        kept
    };
    kept.to_string()
}

/// A validation's input message within Excel's length: it is a hint, cut without a word.
pub fn message_text(text: &str) -> &str {
    prefix_within(text, MESSAGE_UNITS)
}

/// What rust_xlsxwriter refused, said to a clerk. The limits above keep a clerk's data from
/// reaching most of these; a message of our own (CustomError) is passed on as it is.
pub fn in_chinese(error: &XlsxError) -> String {
    match error {
        XlsxError::CustomError(message) => message.clone(),
        XlsxError::SheetnameCannotBeBlank(_)
        | XlsxError::SheetnameLengthExceeded(_)
        | XlsxError::SheetnameContainsInvalidCharacter(_)
        | XlsxError::SheetnameStartsOrEndsWithApostrophe(_)
        | XlsxError::SheetnameReused(_) => {
            "工作表的名字 Excel 不接受（不能为空、超过31个字、含 []:*?/\\ 或以 ' 开头结尾）".into()
        }
        XlsxError::MaxStringLengthExceeded => {
            format!("一格的文字超过 Excel 的上限（{CELL_UNITS}字）")
        }
        XlsxError::RowColumnLimitError => {
            format!("超出 Excel 一张工作表的大小（最多 1048576 行、{COLUMNS} 列）")
        }
        XlsxError::DateTimeRangeError(_) | XlsxError::DateTimeParseError(_) => {
            "日期超出 Excel 能表示的范围（1900年1月1日至9999年12月31日）".into()
        }
        XlsxError::DataValidationError(_) => {
            "下拉列表或输入提示超过 Excel 的长度上限（255字）".into()
        }
        XlsxError::MergeRangeSingleCell | XlsxError::MergeRangeOverlaps(_, _) => {
            "合并单元格的范围不对".into()
        }
        XlsxError::ChartError(_) => "图表无法生成".into(),
        XlsxError::IoError(_) | XlsxError::ZipError(_) => "打包 .xlsx 文件时出错".into(),
        _ => "生成 Excel 文件时出现内部错误，请把这条消息和任务清单交给维护人员".into(),
    }
}

/// An error of rust_xlsxwriter as a fatal error in Chinese, after what was being written:
/// `无法写出汇总表的“排名”工作表：…`.
pub fn failure(what: &str, error: &XlsxError) -> anyhow::Error {
    anyhow::anyhow!("{what}：{}", in_chinese(error))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sheet_name_keeps_what_excel_allows_and_falls_back_when_nothing_is() {
        assert_eq!(sheet_name("'甲'", "报表"), "甲");
        assert_eq!(sheet_name("乙/丙[1]", "报表"), "乙丙1");
        assert_eq!(sheet_name("'''", "报表"), "报表");
        assert_eq!(sheet_name("History", "报表"), "报表");
        assert_eq!(sheet_name(&"长".repeat(40), "报表"), "长".repeat(31));
        // 𠀀 takes two of the 31 units.
        assert_eq!(sheet_name(&"𠀀".repeat(20), "报表"), "𠀀".repeat(15));
        assert_eq!(sheet_name("甲'", "报表"), "甲");
    }

    #[test]
    fn a_cell_is_named_as_excel_names_it() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(3, 2), "C4");
        assert_eq!(cell_name(9, 25), "Z10");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(0, 16_383), "XFD1");
    }

    #[test]
    fn a_header_is_cut_within_excels_length_and_never_inside_a_code() {
        let long = "县".repeat(300);
        assert!(header_text(&long).encode_utf16().count() <= HEADER_UNITS - 8);
        assert_eq!(header_text("甲&乙"), "甲&&乙");
        let ampersands = "&".repeat(300);
        assert_eq!(header_text(&ampersands).len() % 2, 0);
    }

    #[test]
    fn every_refusal_is_said_in_chinese() {
        for error in [
            XlsxError::MaxStringLengthExceeded,
            XlsxError::RowColumnLimitError,
            XlsxError::DateTimeRangeError("1899-12-01".into()),
            XlsxError::SheetnameStartsOrEndsWithApostrophe("'甲".into()),
            XlsxError::DataValidationError("Validation message length".into()),
            XlsxError::ParameterError("x".into()),
        ] {
            let message = in_chinese(&error).replace("Excel", "");
            assert!(
                !message.chars().any(|c| c.is_ascii_alphabetic()),
                "{error:?}: {message}"
            );
        }
    }
}
