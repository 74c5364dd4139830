//! A status sheet as it came — CSV (UTF-8, UTF-8 with BOM, GB18030/GBK, UTF-16; comma, tab or
//! semicolon) or a workbook's status sheet (.xlsx, .xls, .ods) — read in one streaming pass into
//! a [`RowSink`], rows numbered as Excel shows them. A file is read as what its content is
//! (a CSV named .xlsx is read as a CSV, with a warning).
//!
//! Each format has its reader ([`delimited`], [`workbook`]); both hand their rows to [`rows`],
//! the one place that decides which row is the header and what blank rows mean.

mod choose;
mod damage;
mod delimited;
mod rows;
mod workbook;
mod xls_bound;
mod xlsx_scan;

use std::borrow::Cow;
use std::io::{Read, Seek};
use std::path::Path;

use chrono::NaiveDate;

use crate::diagnostic::{Code, Diagnostic};
use crate::provenance::{Digests, FileDigest, Hashing};
use rows::Rows;

pub use delimited::MIN_SPLIT_BYTES;
#[cfg(test)]
pub use delimited::split_from;

/// Sheets larger than this are refused before they are read.
pub const MAX_SHEET_BYTES: usize = 512 * 1024 * 1024;
/// Excel's own limit on a cell; a longer cell is cut with a diagnostic.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Excel's own limit on columns: cells past it are not read.
pub const MAX_COLUMNS: usize = 16_384;

/// How a sheet file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Text with one record a line: CSV, or tab-separated text.
    Delimited,
    /// An Excel or OpenDocument workbook.
    Workbook,
    /// A WPS workbook (.et): not read, the clerk is asked to save it as .xlsx.
    Wps,
}

/// Every extension read as a sheet, and how; the one list the program has.
pub const SHEET_EXTENSIONS: [(&str, Format); 9] = [
    ("csv", Format::Delimited),
    ("txt", Format::Delimited),
    ("tsv", Format::Delimited),
    ("xlsx", Format::Workbook),
    ("xlsm", Format::Workbook),
    ("xls", Format::Workbook),
    ("ods", Format::Workbook),
    ("et", Format::Wps),
    ("ett", Format::Wps),
];

/// How a file is read, by its extension; `None` when it is not a sheet.
pub fn format_of(path: &Path) -> Option<Format> {
    let extension = path.extension()?.to_str()?.to_lowercase();
    SHEET_EXTENSIONS
        .iter()
        .find(|(known, _)| *known == extension)
        .map(|&(_, format)| format)
}

/// Whether a path names a sheet by its extension.
pub fn is_sheet_path(path: &Path) -> bool {
    format_of(path).is_some()
}

/// A column as Excel names it: 0 → A, 26 → AA, 16383 → XFD.
pub fn column_name(index: usize) -> String {
    let mut name = Vec::new();
    let mut rest = index + 1;
    while rest > 0 {
        let letter = (rest - 1) % 26;
        name.push(b'A' + letter as u8);
        rest = (rest - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// One cell's value. Text borrows from the reader's buffer where it can, so reading a row
/// allocates little per cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Empty,
    Text(Cow<'a, str>),
    /// A real date cell of a workbook.
    Date(NaiveDate),
    Number(f64),
}

impl Cell<'_> {
    #[inline]
    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// The cell as text, as a clerk would read it on screen.
    #[inline]
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(text) => Cow::Borrowed(text.as_ref()),
            other => Cow::Owned(other.shown()),
        }
    }

    /// A date or a number as a clerk sees it on screen.
    fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.to_string(),
            Cell::Date(date) => date.to_string(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{n:.0}"),
            Cell::Number(n) => n.to_string(),
        }
    }

    /// The same cell, owning its text.
    pub fn into_owned(self) -> Cell<'static> {
        match self {
            Cell::Empty => Cell::Empty,
            Cell::Text(text) => Cell::Text(Cow::Owned(text.into_owned())),
            Cell::Date(date) => Cell::Date(date),
            Cell::Number(n) => Cell::Number(n),
        }
    }
}

/// One row of the sheet, numbered as Excel numbers it (the header is row 1).
#[derive(Debug, Clone, PartialEq)]
pub struct Row<'a> {
    pub number: u64,
    pub cells: Vec<Cell<'a>>,
}

/// Receives a sheet as it is read: its header once, then each row. Rows are streamed, so a
/// sheet of any length is read in memory that does not grow with it.
pub trait RowSink {
    /// The header row (numbered as Excel shows it); `from_workbook` is true for a workbook,
    /// where cells cannot be missing. Returns false when the sheet cannot be read past its header.
    fn header(&mut self, header_row: u64, header: &[String], from_workbook: bool) -> bool;
    /// One row after the header.
    fn row(&mut self, row: &Row<'_>);
    /// A row of one cell above the header: a title (`城关镇工作任务推进情况表`), which is not the
    /// header. Most sinks pass it over.
    fn title(&mut self, _row: &Row<'_>) {}
    /// A row of several cells passed over above the header (`填报单位：…, 填报日期：…`). Most
    /// sinks pass it over.
    fn above(&mut self, _row: &Row<'_>) {}
    /// Whether a row of the first ones is the header (it names the sink's columns); rows above
    /// it are passed over. By default the first row of more than one cell is.
    fn is_header(&self, _cells: &[String]) -> bool {
        true
    }
    /// Whether a value merged down several rows is given to each of them (a status sheet's
    /// unit, with a warning). Off by default: `init` tells merged cells of a task list itself.
    fn fills_merged(&self) -> bool {
        false
    }
    /// A finding about the file itself (encoding, size, a cell too long).
    fn report(&mut self, diagnostic: Diagnostic);
    /// After the rows: the cells (row, column, from 1) that hold a formula without its
    /// result, which were read as empty; a `formula-without-value` finding has named them.
    fn formula_cells(&mut self, _cells: Vec<(u64, u64)>) {}
}

/// A sink that can take the rows of a long sheet's second half on another core. The part
/// starts after the header, and is joined back as if its rows had been read here.
pub trait SplitSink: RowSink {
    type Part: RowSink + Send;
    /// A sink for rows after the header, holding nothing yet; `None` not to split.
    fn part(&self) -> Option<Self::Part>;
    /// Takes in a part's rows and findings; false when they cannot be taken as they are (a row
    /// of the part repeats one read here, too many findings to cut the same way), in which
    /// case nothing was changed and the part's rows are read again here.
    fn join(&mut self, part: Self::Part) -> bool;
}

/// Reads a sheet from its bytes into `sink`. Returns false when nothing in the file could be
/// read as a sheet (the reason was reported).
pub fn read_sheet(path: &str, bytes: &[u8], sink: &mut impl RowSink) -> bool {
    if bytes.len() > MAX_SHEET_BYTES {
        report_too_large(path, bytes.len() as u64, sink);
        return false;
    }
    let sniffed = sniff(path, bytes);
    let mut sink = NoSplit(sink);
    let mut rows = Rows::new(path, &mut sink, sniffed.is_workbook());
    match sniffed.read(path, &mut rows) {
        Some(Format::Workbook) => {
            let source = Source::Bytes(bytes);
            workbook::read_workbook(path, std::io::Cursor::new(bytes), source, &mut rows);
        }
        Some(Format::Delimited) => {
            // Bytes in memory cannot fail to be read.
            let _ = delimited::read_delimited(path, bytes, None, &mut rows);
        }
        _ => {}
    }
    rows.finish()
}

/// Reads a sheet from its file in one pass. Returns false when nothing in the file could be
/// read as a sheet (the reason was reported); an error is a file that cannot be read.
pub fn read_sheet_file(path: &str, file: &Path, sink: &mut impl RowSink) -> std::io::Result<bool> {
    let mut no_split = NoSplit(sink);
    read_sheet_file_split(path, file, &mut no_split, Digests::Skip).map(|(read, _)| read)
}

/// Reads a sheet from its file in one pass, a long CSV's second half on another core (see
/// [`SplitSink`]), computing the file's SHA-256 on the way when `digests` says so.
pub fn read_sheet_file_split<S: SplitSink>(
    path: &str,
    file: &Path,
    sink: &mut S,
    digests: Digests,
) -> std::io::Result<(bool, Option<FileDigest>)> {
    let size = std::fs::metadata(file)?.len();
    if size > MAX_SHEET_BYTES as u64 {
        report_too_large(path, size, sink);
        let digest = match digests {
            Digests::Keep => Some(FileDigest::of_file(path, file)?),
            Digests::Skip => None,
        };
        return Ok((false, digest));
    }
    let mut input = std::fs::File::open(file)?;
    let mut magic = [0u8; SNIFF_BYTES];
    let magic_len = read_up_to(&mut input, &mut magic)?;
    input.rewind()?;
    let sniffed = sniff(path, magic.get(..magic_len).unwrap_or_default());
    let mut rows = Rows::new(path, &mut *sink, sniffed.is_workbook());
    let digest = match sniffed.read(path, &mut rows) {
        None | Some(Format::Wps) => match digests {
            Digests::Keep => Some(FileDigest::of_file(path, file)?),
            Digests::Skip => None,
        },
        Some(Format::Workbook) => {
            // A workbook is read by seeking about in it; its digest is a pass of its own.
            let input = std::io::BufReader::with_capacity(64 * 1024, input);
            workbook::read_workbook(path, input, Source::File(file), &mut rows);
            match digests {
                Digests::Keep => Some(FileDigest::of_file(path, file)?),
                Digests::Skip => None,
            }
        }
        Some(Format::Delimited) => {
            let hashing = Hashing::new(input, digests);
            let split = delimited::Split { file, size };
            let hashing = delimited::read_delimited(path, hashing, Some(split), &mut rows)?;
            hashing.finish(path)?
        }
    };
    Ok((rows.finish(), digest))
}

/// Reads until `buffer` is full or the input ends; how much was read.
fn read_up_to(input: &mut impl Read, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while let Some(rest) = buffer.get_mut(filled..) {
        if rest.is_empty() {
            break;
        }
        match input.read(rest) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(filled)
}

/// Where a workbook's bytes can be read again, by another core.
#[derive(Debug, Clone, Copy)]
pub(super) enum Source<'a> {
    Bytes(&'a [u8]),
    File(&'a Path),
}

/// How much of a file's start tells what it is.
const SNIFF_BYTES: usize = 512;

/// What a file is by its first bytes, which win over its name.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Sniffed {
    /// A workbook (a zip or an OLE file), or a file named as one that is no text either.
    Workbook,
    /// Delimited text.
    Delimited,
    /// A file whose name says another format than its content: read as what it is, said in a
    /// warning (`named` is its extension).
    /// `workbook` is the extension its content has when it is a workbook (xlsx, xls, ods).
    Misnamed {
        format: Format,
        named: String,
        workbook: &'static str,
    },
    /// A file that cannot be read as a sheet, with the reason.
    Refused(Diagnostic),
}

impl Sniffed {
    fn is_workbook(&self) -> bool {
        matches!(
            self,
            Sniffed::Workbook
                | Sniffed::Misnamed {
                    format: Format::Workbook,
                    ..
                }
        )
    }

    /// Says what was found (a warning, or the reason the file is refused); the format to read
    /// it as, if any.
    fn read<S: RowSink>(self, path: &str, rows: &mut Rows<'_, S>) -> Option<Format> {
        match self {
            Sniffed::Workbook => Some(Format::Workbook),
            Sniffed::Delimited => Some(Format::Delimited),
            Sniffed::Misnamed {
                format,
                named,
                workbook,
            } => {
                let (is, save_as) = match format {
                    Format::Delimited => (
                        " CSV 文本",
                        "在 Excel/WPS 中“另存为” .xlsx，或把扩展名改回 .csv",
                    ),
                    _ => match workbook {
                        "ods" => (" LibreOffice 表格", "把扩展名改回 .ods"),
                        "xls" => (" Excel 工作簿", "把扩展名改回 .xls"),
                        _ => (" Excel 工作簿", "把扩展名改回 .xlsx"),
                    },
                };
                let message = format!(
                    "文件扩展名是 .{named}，内容却是{is}（可能是直接改了扩展名），已按{is}读取；以后请{save_as}"
                );
                rows.report(Diagnostic::warning(path, Code::WrongExtension, message));
                Some(format)
            }
            Sniffed::Refused(diagnostic) => {
                rows.refuse(diagnostic);
                None
            }
        }
    }
}

/// The extension a workbook's first bytes call for: an OLE file is an .xls; a zip whose first
/// part (`mimetype`, stored) says OpenDocument spreadsheet is an .ods; another zip an .xlsx.
fn workbook_extension(head: &[u8]) -> &'static str {
    let ods = b"application/vnd.oasis.opendocument.spreadsheet";
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        "xls"
    } else if head
        .get(..head.len().min(256))
        .is_some_and(|start| start.windows(ods.len()).any(|w| w == ods))
    {
        "ods"
    } else {
        "xlsx"
    }
}

/// A workbook by its first bytes (a zip or an OLE file); text by its bytes; else by the name.
fn sniff(path: &str, head: &[u8]) -> Sniffed {
    let extension = Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_lowercase();
    let named = format_of(Path::new(path));
    if named == Some(Format::Wps) {
        let message = format!(
            "这是 WPS 表格的 .{extension} 文件，无法读取：请在 WPS 中“另存为” .xlsx（Excel 工作簿）后再发"
        );
        return Sniffed::Refused(Diagnostic::error(path, Code::UnreadableSheet, message));
    }
    let workbook_magic =
        head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    if workbook_magic {
        return if named == Some(Format::Delimited) {
            Sniffed::Misnamed {
                format: Format::Workbook,
                named: extension,
                workbook: workbook_extension(head),
            }
        } else {
            Sniffed::Workbook
        };
    }
    if named != Some(Format::Workbook) {
        return Sniffed::Delimited;
    }
    // Named as a workbook, and not one: a web page (what some systems export as "Excel"), text
    // (a CSV renamed), or a damaged file.
    let lower = String::from_utf8_lossy(head).to_lowercase();
    if lower.contains("<html") || lower.contains("<table") || lower.contains("<!doctype") {
        let message = format!(
            "这个 .{extension} 文件其实是网页（HTML）格式（一些系统导出的“Excel”就是这样），无法按表格读取：请在 Excel/WPS 中打开后“另存为” .xlsx 再发"
        );
        return Sniffed::Refused(Diagnostic::error(path, Code::WrongExtension, message));
    }
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    let text = !head.is_empty()
        && head
            .iter()
            .all(|&b| b >= 0x20 || matches!(b, b'\t' | b'\n' | b'\r'));
    if utf16 || text {
        Sniffed::Misnamed {
            format: Format::Delimited,
            named: extension,
            workbook: "",
        }
    } else {
        Sniffed::Workbook
    }
}

fn report_too_large(path: &str, size: u64, sink: &mut impl RowSink) {
    let message = format!(
        "文件有 {} MB，超过 {} MB 的上限；请确认是否选错了文件",
        size / (1024 * 1024),
        MAX_SHEET_BYTES / (1024 * 1024)
    );
    sink.report(Diagnostic::error(path, Code::TooLarge, message));
}

/// A cell of text: trimmed of spaces (ASCII, ideographic, a stray BOM), cut at Excel's limit.
#[inline]
fn text_cell<'a, S: RowSink>(
    path: &str,
    row: u64,
    index: usize,
    field: Cow<'a, str>,
    rows: &mut Rows<'_, S>,
) -> Cell<'a> {
    // Most cells have nothing to trim: look at their two ends before trimming.
    let field = if blank_at_an_end(&field) {
        match field {
            Cow::Borrowed(text) => Cow::Borrowed(text.trim_matches(blank)),
            Cow::Owned(text) => Cow::Owned(text.trim_matches(blank).to_string()),
        }
    } else {
        field
    };
    if field.is_empty() {
        return Cell::Empty;
    }
    // A cell's bytes bound its characters: count them only for a long cell.
    if field.len() > MAX_CELL_CHARS && field.chars().count() > MAX_CELL_CHARS {
        let message = format!("单元格超过 {MAX_CELL_CHARS} 个字符，已截断；请精简内容");
        let column = Some(index as u64 + 1);
        rows.report(Diagnostic::error(path, Code::TooLarge, message).at(row, column));
        return Cell::Text(Cow::Owned(field.chars().take(MAX_CELL_CHARS).collect()));
    }
    Cell::Text(field)
}

/// What a cell is trimmed of: spaces (ASCII, ideographic) and a stray BOM.
#[inline]
fn blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Whether the text starts or ends with a [`blank`] character, told from the bytes at its ends:
/// past ASCII a blank character starts with C2 (U+0085, U+00A0), E1 (U+1680), E2
/// (U+2000–U+205F), E3 (U+3000) or EF (U+FEFF), so a character is decoded only then, never for
/// the CJK characters most cells start and end with.
fn blank_at_an_end(text: &str) -> bool {
    let bytes = text.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    let may_be_blank = |lead: u8| matches!(lead, 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF);
    let starts_blank = if first.is_ascii() {
        blank(char::from(first))
    } else {
        may_be_blank(first) && text.chars().next().is_some_and(blank)
    };
    if starts_blank {
        return true;
    }
    if last.is_ascii() {
        return blank(char::from(last));
    }
    // The last character's first byte: the last byte that does not continue a character.
    let lead = bytes.iter().rev().take(4).find(|&&b| b & 0xC0 != 0x80);
    lead.is_some_and(|&lead| may_be_blank(lead)) && text.chars().next_back().is_some_and(blank)
}

/// A plain [`RowSink`] read without splitting.
struct NoSplit<'s, S: RowSink>(&'s mut S);

/// No part is ever made of a [`NoSplit`].
enum NoPart {}

impl RowSink for NoPart {
    fn header(&mut self, _: u64, _: &[String], _: bool) -> bool {
        match *self {}
    }
    fn row(&mut self, _: &Row<'_>) {
        match *self {}
    }
    fn report(&mut self, _: Diagnostic) {
        match *self {}
    }
}

impl<S: RowSink> RowSink for NoSplit<'_, S> {
    fn header(&mut self, header_row: u64, header: &[String], from_workbook: bool) -> bool {
        self.0.header(header_row, header, from_workbook)
    }
    fn row(&mut self, row: &Row<'_>) {
        self.0.row(row);
    }
    fn title(&mut self, row: &Row<'_>) {
        self.0.title(row);
    }
    fn above(&mut self, row: &Row<'_>) {
        self.0.above(row);
    }
    fn is_header(&self, cells: &[String]) -> bool {
        self.0.is_header(cells)
    }
    fn fills_merged(&self) -> bool {
        self.0.fills_merged()
    }
    fn report(&mut self, diagnostic: Diagnostic) {
        self.0.report(diagnostic);
    }
    fn formula_cells(&mut self, cells: Vec<(u64, u64)>) {
        self.0.formula_cells(cells);
    }
}

impl<S: RowSink> SplitSink for NoSplit<'_, S> {
    type Part = NoPart;
    fn part(&self) -> Option<NoPart> {
        None
    }
    fn join(&mut self, part: NoPart) -> bool {
        match part {}
    }
}

#[cfg(test)]
mod tests;
