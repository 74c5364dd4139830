//! A status sheet as it came: CSV (UTF-8, UTF-8 with BOM, GB18030/GBK, UTF-16 with BOM)
//! or a workbook's first worksheet, read into rows of cells numbered as Excel shows them.

use std::borrow::Cow;
use std::io::Cursor;

use calamine::{Data, Reader};
use chrono::NaiveDate;

use crate::diagnostic::{Code, Diagnostic};

/// Sheets larger than this are refused rather than read into memory.
pub const MAX_SHEET_BYTES: usize = 512 * 1024 * 1024;
/// Excel's own limit on a cell; a longer cell is cut with a diagnostic.
pub const MAX_CELL_CHARS: usize = 32_767;

/// One cell's value. Text borrows from the file's buffer, so reading a row allocates nothing
/// per cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Empty,
    Text(Cow<'a, str>),
    /// A real date cell of a workbook.
    Date(NaiveDate),
    Number(f64),
}

impl Cell<'_> {
    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// The cell as text, as a clerk would read it on screen.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(text) => Cow::Borrowed(text.as_ref()),
            Cell::Date(date) => Cow::Owned(date.to_string()),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => Cow::Owned(format!("{n:.0}")),
            Cell::Number(n) => Cow::Owned(n.to_string()),
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
    /// The header row (numbered as Excel shows it); `from_workbook` is true for .xlsx, where
    /// cells cannot be missing. Returns false when the sheet cannot be read past its header.
    fn header(&mut self, header_row: u64, header: &[String], from_workbook: bool) -> bool;
    /// One row after the header.
    fn row(&mut self, row: &Row<'_>);
    /// A finding about the file itself (encoding, size, a cell too long).
    fn report(&mut self, diagnostic: Diagnostic);
}

/// Reads a sheet from its bytes into `sink`. Returns false when nothing in the file could be
/// read as a sheet (the reason was reported).
pub fn read_sheet(path: &str, bytes: &[u8], sink: &mut impl RowSink) -> bool {
    if bytes.len() > MAX_SHEET_BYTES {
        report_too_large(path, bytes.len() as u64, sink);
        return false;
    }
    let is_workbook =
        bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    let lower = path.to_lowercase();
    let mut counting = Counting {
        sink,
        header_seen: false,
        content: false,
    };
    if is_workbook
        || [".xlsx", ".xlsm", ".xls", ".ods"]
            .iter()
            .any(|ext| lower.ends_with(ext))
    {
        // calamine parses the zip and XML of an untrusted file; fuzzing found inputs that make it
        // panic (an arithmetic overflow on a cell reference). A panic there is a bad file, not
        // a crash: it becomes a diagnostic.
        let read = crate::quiet_panic::catching(|| read_workbook(path, bytes, &mut counting));
        if read.is_none() {
            let message = "无法作为 Excel 工作簿读取（文件内容已损坏）；请在 Excel/WPS 中打开后重新另存为 .xlsx 或 CSV";
            counting.report(Diagnostic::error(path, Code::UnreadableSheet, message));
            return false;
        }
    } else {
        read_csv(path, bytes, &mut counting);
    }
    counting.finish(path)
}

/// Passes a sheet on, noting whether it had any content and holding rows back until the
/// header was accepted.
struct Counting<'s, S: RowSink> {
    sink: &'s mut S,
    header_seen: bool,
    content: bool,
}

impl<S: RowSink> Counting<'_, S> {
    /// Ends the sheet: an empty file says so. Returns whether anything was read.
    fn finish(self, path: &str) -> bool {
        if !self.content {
            let message = "文件是空的：请填写表头（单位、任务、状态、完成日期、说明）和各项任务的情况后重新报送";
            self.sink
                .report(Diagnostic::error(path, Code::EmptyFile, message));
        }
        self.content
    }

    /// Returns false when reading should stop.
    fn take(&mut self, number: u64, cells: Vec<Cell<'_>>, from_workbook: bool) -> bool {
        let has_content = cells.iter().any(|cell| !cell.is_empty());
        self.content |= has_content;
        if self.header_seen {
            self.sink.row(&Row { number, cells });
            return true;
        }
        if !has_content {
            // Rows before the header that hold nothing (",,,") are not the header.
            return true;
        }
        self.header_seen = true;
        let header: Vec<String> = cells.iter().map(|cell| cell.text().into_owned()).collect();
        self.sink.header(number, &header, from_workbook)
    }
}

/// The text of a CSV file and how it was written.
struct Decoded<'a> {
    text: Cow<'a, str>,
    /// Excel's "Unicode text" (UTF-16) is tab-separated.
    tab_separated: bool,
}

/// UTF-8 (with or without BOM), UTF-16 with a BOM, else GB18030 (which covers GBK and GB2312).
fn decode<'a>(path: &str, bytes: &'a [u8], sink: &mut impl Reporter) -> Decoded<'a> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        let (text, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(rest);
        return Decoded {
            text,
            tab_separated: true,
        };
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let (text, _) = encoding_rs::UTF_16BE.decode_without_bom_handling(rest);
        return Decoded {
            text,
            tab_separated: true,
        };
    }
    let (bytes, had_bom) = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: Cow::Borrowed(text),
            tab_separated: false,
        };
    }
    if !had_bom
        && let Some(text) =
            encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes)
    {
        return Decoded {
            text,
            tab_separated: false,
        };
    }
    // No encoding explains every byte: take the one that explains more lines, say where it
    // fails, and read the rest as well as we can.
    let first_bad_line = |encoding: &'static encoding_rs::Encoding| {
        bytes
            .split(|&b| b == b'\n')
            .position(|line| {
                encoding
                    .decode_without_bom_handling_and_without_replacement(line)
                    .is_none()
            })
            .unwrap_or(usize::MAX)
    };
    let utf8_line = first_bad_line(encoding_rs::UTF_8);
    let gb_line = first_bad_line(encoding_rs::GB18030);
    let (encoding, line) = if had_bom || utf8_line >= gb_line {
        (encoding_rs::UTF_8, utf8_line)
    } else {
        (encoding_rs::GB18030, gb_line)
    };
    let message = "这一行有无法识别的字符（既不是 UTF-8 也不是 GBK 编码），可能文件已损坏或不是表格文件；请在 Excel/WPS 中打开后另存为“CSV UTF-8”或 .xlsx 再报送";
    let row = u64::try_from(line).map_or(1, |line| line.saturating_add(1));
    sink.report(Diagnostic::error(path, Code::Encoding, message).at(row, None));
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    Decoded {
        text,
        tab_separated: false,
    }
}

fn read_csv<S: RowSink>(path: &str, bytes: &[u8], sink: &mut Counting<S>) {
    let decoded = decode(path, bytes, sink);
    let text = decoded.text.as_ref();
    let mut prescan = Prescan::default();
    prescan.scan(text.as_bytes());
    prescan.finish();
    prescan.tabs |= decoded.tab_separated;
    parse_records(path, text.as_bytes(), &prescan, sink);
}

/// What a first look at a CSV's text learns before its records are read.
#[derive(Debug, Default)]
struct Prescan {
    /// The first line (up to 64 KiB), to tell a tab-separated file.
    first_line: Vec<u8>,
    first_line_done: bool,
    tabs: bool,
    /// The line of the first NUL byte.
    nul_line: Option<u64>,
    lines: u64,
    quotes: usize,
}

impl Prescan {
    /// Takes in the next piece of the text.
    fn scan(&mut self, chunk: &[u8]) {
        if !self.first_line_done {
            let end = chunk.iter().position(|&b| b == b'\n');
            let piece = chunk.get(..end.unwrap_or(chunk.len())).unwrap_or(chunk);
            if self.first_line.len() < 65_536 {
                self.first_line.extend_from_slice(piece);
            }
            if end.is_some() {
                self.first_line_done = true;
                self.tabs = self.first_line.contains(&b'\t') && !self.first_line.contains(&b',');
            }
        }
        // A quick scan first: only a file that has a NUL byte pays for finding its line.
        if self.nul_line.is_none() && chunk.contains(&0) {
            let before = chunk.iter().position(|&b| b == 0).unwrap_or(0);
            let newlines = chunk
                .get(..before)
                .map_or(0, |head| head.iter().filter(|&&b| b == b'\n').count());
            self.nul_line = Some(self.lines + newlines as u64 + 1);
        }
        self.lines += chunk.iter().filter(|&&b| b == b'\n').count() as u64;
        self.quotes += chunk.iter().filter(|&&b| b == b'"').count();
    }

    fn finish(&mut self) {
        if !self.first_line_done {
            self.tabs = self.first_line.contains(&b'\t') && !self.first_line.contains(&b',');
        }
    }
}

/// Reads the records of a CSV's UTF-8 text from `input`, which `prescan` has looked at.
fn parse_records<S: RowSink>(
    path: &str,
    input: impl std::io::Read,
    prescan: &Prescan,
    sink: &mut Counting<S>,
) {
    if let Some(line) = prescan.nul_line {
        let message = "这一行含有空字符（NUL），文件可能不是 CSV 表格；请在 Excel/WPS 中另存为 CSV 或 .xlsx 再报送";
        sink.report(Diagnostic::error(path, Code::Encoding, message).at(line, None));
    }
    let delimiter = if prescan.tabs { b'\t' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(input);
    let mut record = csv::StringRecord::new();
    let mut number = 0u64;
    let mut last_has_newline = false;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                let line = error.position().map_or(number + 1, |p| p.line());
                let message = format!(
                    "这一行无法按 CSV 读取（{error}）；请在 Excel/WPS 中打开后重新另存为 CSV"
                );
                sink.report(Diagnostic::error(path, Code::Encoding, message).at(line, None));
                break;
            }
        }
        // Number rows as Excel does: an empty line (which the CSV reader skips) is a row too,
        // and a record whose quoted cell spans lines is one row. The reader moved from the
        // record's position (before any empty lines) past its end: what it moved beyond the
        // record's own lines and its line end were empty lines. (A last record with no line
        // end after empty lines is counted one row short; nothing tells the two apart.)
        let moved = reader
            .position()
            .line()
            .saturating_sub(record.position().map_or(0, |p| p.line()));
        let own_lines = record.as_slice().matches('\n').count() as u64 + 1;
        number += 1 + moved.saturating_sub(own_lines);
        last_has_newline = own_lines > 1;
        let cells = record
            .iter()
            .enumerate()
            .map(|(index, field)| text_cell(path, number, index, field, sink))
            .collect();
        if !sink.take(number, cells, false) {
            return;
        }
    }
    // A quote opened and never closed swallows the rest of the file into one cell; the CSV
    // reader accepts that, so say where it began.
    if prescan.quotes % 2 == 1 && last_has_newline {
        let message = "这一行的引号（\"）没有配对，之后的内容都被读成了这一个单元格；请在 Excel/WPS 中打开检查这一行后重新保存";
        sink.report(Diagnostic::error(path, Code::UnbalancedQuote, message).at(number, None));
    }
}

/// Reads a sheet from its file. A CSV in UTF-8 is streamed in two passes — one to check its
/// encoding and learn its shape, one to read its rows — so memory does not grow with its size;
/// a workbook, or a CSV in another encoding, is read whole. Returns false when nothing in the
/// file could be read as a sheet.
pub fn read_sheet_file(
    path: &str,
    file: &std::path::Path,
    sink: &mut impl RowSink,
) -> std::io::Result<bool> {
    let size = std::fs::metadata(file)?.len();
    if size > MAX_SHEET_BYTES as u64 {
        report_too_large(path, size, sink);
        return Ok(false);
    }
    let lower = path.to_lowercase();
    let workbook = [".xlsx", ".xlsm", ".xls", ".ods"]
        .iter()
        .any(|ext| lower.ends_with(ext));
    let prescan = if workbook { None } else { prescan_utf8(file)? };
    let Some(prescan) = prescan else {
        return Ok(read_sheet(path, &std::fs::read(file)?, sink));
    };
    let mut counting = Counting {
        sink,
        header_seen: false,
        content: false,
    };
    let input = std::io::BufReader::with_capacity(256 * 1024, std::fs::File::open(file)?);
    parse_records(path, input, &prescan, &mut counting);
    Ok(counting.finish(path))
}

/// The first pass over a CSV file: `None` unless every byte is UTF-8 (and it is no workbook
/// or UTF-16 file), so that the second pass can stream it.
fn prescan_utf8(file: &std::path::Path) -> std::io::Result<Option<Prescan>> {
    use std::io::Read;
    let mut input = std::fs::File::open(file)?;
    let mut buffer = vec![0u8; 256 * 1024];
    let mut carry = 0usize;
    let mut prescan = Prescan::default();
    let mut first = true;
    loop {
        let Some(free) = buffer.get_mut(carry..) else {
            return Ok(None);
        };
        let read = input.read(free)?;
        let filled = carry + read;
        let Some(chunk) = buffer.get(..filled) else {
            return Ok(None);
        };
        if first {
            first = false;
            let magic: [&[u8]; 4] = [
                b"PK\x03\x04",
                &[0xD0, 0xCF, 0x11, 0xE0],
                &[0xFF, 0xFE],
                &[0xFE, 0xFF],
            ];
            if magic.iter().any(|m| chunk.starts_with(m)) {
                return Ok(None);
            }
        }
        // Check what is complete; keep an unfinished character for the next read.
        let valid = match std::str::from_utf8(chunk) {
            Ok(_) => filled,
            Err(error) if error.error_len().is_none() && read > 0 => error.valid_up_to(),
            Err(_) => return Ok(None),
        };
        if let Some(complete) = chunk.get(..valid) {
            prescan.scan(complete);
        }
        if read == 0 {
            prescan.finish();
            return Ok(Some(prescan));
        }
        buffer.copy_within(valid..filled, 0);
        carry = filled - valid;
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

fn text_cell<'a>(
    path: &str,
    row: u64,
    index: usize,
    field: &'a str,
    sink: &mut impl Reporter,
) -> Cell<'a> {
    // Most cells have nothing to trim: look at their two ends before trimming.
    let blank = |c: char| c.is_whitespace() || c == '\u{feff}';
    let field = match (field.chars().next(), field.chars().next_back()) {
        (Some(first), Some(last)) if !blank(first) && !blank(last) => field,
        _ => field.trim_matches(blank),
    };
    if field.is_empty() {
        return Cell::Empty;
    }
    // A cell's bytes bound its characters: count them only for a long cell.
    if field.len() > MAX_CELL_CHARS && field.chars().count() > MAX_CELL_CHARS {
        let message = format!("单元格超过 {MAX_CELL_CHARS} 个字符，已截断；请精简内容");
        let column = Some(index as u64 + 1);
        sink.report(Diagnostic::error(path, Code::TooLarge, message).at(row, column));
        return Cell::Text(Cow::Owned(field.chars().take(MAX_CELL_CHARS).collect()));
    }
    Cell::Text(Cow::Borrowed(field))
}

fn read_workbook<S: RowSink>(path: &str, bytes: &[u8], sink: &mut Counting<S>) {
    let unreadable = |detail: String| {
        let message = format!(
            "无法作为 Excel 工作簿打开（{detail}）；请在 Excel/WPS 中打开后重新另存为 .xlsx 或 CSV"
        );
        Diagnostic::error(path, Code::UnreadableSheet, message)
    };
    let mut workbook = match calamine::open_workbook_auto_from_rs(Cursor::new(bytes)) {
        Ok(workbook) => workbook,
        Err(error) => return sink.report(unreadable(error.to_string())),
    };
    let range = match workbook.worksheet_range_at(0) {
        Some(Ok(range)) => range,
        Some(Err(error)) => return sink.report(unreadable(error.to_string())),
        None => {
            return sink.report(Diagnostic::error(
                path,
                Code::EmptyFile,
                "工作簿中没有工作表",
            ));
        }
    };
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    for (offset, data_row) in range.rows().enumerate() {
        let number = u64::from(first_row) + offset as u64 + 1;
        // Cells left of the used range are empty; keep columns aligned with Excel's.
        let mut cells = vec![Cell::Empty; first_column as usize];
        for (index, data) in data_row.iter().enumerate() {
            let column = first_column as usize + index;
            let cell = match data {
                Data::Empty | Data::Error(_) => Cell::Empty,
                Data::String(text) => text_cell(path, number, column, text, sink),
                Data::Float(n) => Cell::Number(*n),
                Data::Int(n) => Cell::Number(*n as f64),
                Data::Bool(b) => Cell::Text(Cow::Owned(b.to_string())),
                Data::DateTime(value) => {
                    let (y, m, d, ..) = value.to_ymd_hms_milli();
                    NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d))
                        .map_or(Cell::Empty, Cell::Date)
                }
                Data::DateTimeIso(text) | Data::DurationIso(text) => {
                    Cell::Text(Cow::Borrowed(text))
                }
            };
            cells.push(cell);
        }
        if !sink.take(number, cells, true) {
            return;
        }
    }
}

/// Where findings about the bytes go.
trait Reporter {
    fn report(&mut self, diagnostic: Diagnostic);
}

impl<S: RowSink> Reporter for Counting<'_, S> {
    fn report(&mut self, diagnostic: Diagnostic) {
        self.sink.report(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sheet collected whole, for looking at in tests.
    #[derive(Debug, Default, PartialEq)]
    struct Sheet {
        header: Vec<String>,
        header_row: u64,
        rows: Vec<Row<'static>>,
        from_workbook: bool,
    }

    #[derive(Default)]
    struct Collect {
        sheet: Sheet,
        diagnostics: Vec<Diagnostic>,
    }

    impl RowSink for Collect {
        fn header(&mut self, header_row: u64, header: &[String], from_workbook: bool) -> bool {
            self.sheet.header = header.to_vec();
            self.sheet.header_row = header_row;
            self.sheet.from_workbook = from_workbook;
            true
        }
        fn row(&mut self, row: &Row<'_>) {
            let cells = row.cells.iter().cloned().map(Cell::into_owned).collect();
            self.sheet.rows.push(Row {
                number: row.number,
                cells,
            });
        }
        fn report(&mut self, diagnostic: Diagnostic) {
            self.diagnostics.push(diagnostic);
        }
    }

    fn read_named(name: &str, bytes: &[u8]) -> (Option<Sheet>, Vec<Diagnostic>) {
        let mut collect = Collect::default();
        let read = read_sheet(name, bytes, &mut collect);
        (read.then_some(collect.sheet), collect.diagnostics)
    }

    /// What reading a sheet gave: the sheet, if anything was read, and the findings.
    type Read = (Option<Sheet>, Vec<Diagnostic>);

    fn read(bytes: &[u8]) -> Read {
        read_named("t.csv", bytes)
    }

    const CSV: &str = "单位,任务,状态\n瞻岐,1,已完成\n";

    #[test]
    fn utf8_with_and_without_bom_and_gbk_read_alike() {
        let gbk = encoding_rs::GBK.encode(CSV).0.into_owned();
        let bom = [b"\xEF\xBB\xBF".as_slice(), CSV.as_bytes()].concat();
        let plain = read(CSV.as_bytes());
        for bytes in [gbk.as_slice(), bom.as_slice()] {
            let (sheet, diagnostics) = read(bytes);
            assert!(diagnostics.is_empty(), "{diagnostics:?}");
            assert_eq!(sheet, plain.0);
        }
        let sheet = plain.0.unwrap();
        assert_eq!(sheet.header, ["单位", "任务", "状态"]);
        assert_eq!(sheet.rows[0].number, 2);
        assert_eq!(sheet.rows[0].cells[0].text(), "瞻岐");
    }

    #[test]
    fn utf16_unicode_text_is_tab_separated() {
        let text = "单位\t任务\t状态\r\n瞻岐\t1\t已完成\r\n";
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let (sheet, diagnostics) = read(&bytes);
        assert!(diagnostics.is_empty());
        assert_eq!(sheet.unwrap().header, ["单位", "任务", "状态"]);
    }

    #[test]
    fn bytes_no_encoding_explains_are_reported_at_their_row() {
        let mut bytes = CSV.as_bytes().to_vec();
        bytes.extend_from_slice(b"\xFF\xFF,2,\xFE\n");
        let (_, diagnostics) = read(&bytes);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, Code::Encoding);
        assert_eq!(diagnostics[0].row, Some(3));
    }

    #[test]
    fn cells_are_trimmed_of_ascii_ideographic_and_bom_spaces() {
        let (sheet, _) =
            read("单位,任务,状态\n\u{3000}瞻岐\u{3000}, 1 ,\u{feff}已完成\u{a0}\n".as_bytes());
        let cells: Vec<String> = sheet.unwrap().rows[0]
            .cells
            .iter()
            .map(|c| c.text().into_owned())
            .collect();
        assert_eq!(cells, ["瞻岐", "1", "已完成"]);
    }

    #[test]
    fn a_quote_never_closed_is_named_at_its_row() {
        let (_, diagnostics) =
            read("单位,任务,状态\n瞻岐,1,已完成\n咸祥,1,\"已完成\n东吴,1,推进中\n".as_bytes());
        let found: Vec<_> = diagnostics.iter().map(|d| (d.code, d.row)).collect();
        assert_eq!(found, [(Code::UnbalancedQuote, Some(3))]);
        // A quote inside an unquoted note is only a character.
        let (_, diagnostics) = read("单位,任务,说明\n瞻岐,1,他说\"好\n".as_bytes());
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
    }

    /// Streams `bytes` from a file and reads them from memory: both must see the same sheet.
    fn streamed_and_whole(bytes: &[u8]) -> (Read, Read) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.csv");
        std::fs::write(&file, bytes).unwrap();
        let mut collect = Collect::default();
        let any = read_sheet_file("t.csv", &file, &mut collect).unwrap();
        (
            (any.then_some(collect.sheet), collect.diagnostics),
            read(bytes),
        )
    }

    #[test]
    fn a_large_utf8_csv_streams_to_the_same_rows_across_chunk_boundaries() {
        // 3-byte characters, so chunk ends fall inside characters; past 256 KiB more than once.
        let mut text = String::from("\u{feff}单位,任务,状态,说明\r\n");
        for row in 0..20_000 {
            text.push_str(&format!(
                "钟公庙,{},推进中,“说明”第{row}行，含“引号”\r\n",
                row % 38 + 1
            ));
        }
        text.push_str("钟公庙,1,已\0完成,\r\n咸祥,1,\"未闭合\r\n东吴,2,推进中,\r\n");
        assert!(text.len() > 3 * 256 * 1024);
        let (streamed, whole) = streamed_and_whole(text.as_bytes());
        assert_eq!(streamed, whole);
        let codes: Vec<_> = streamed.1.iter().map(|d| (d.code, d.row)).collect();
        assert_eq!(
            codes,
            [
                (Code::Encoding, Some(20_002)),
                (Code::UnbalancedQuote, Some(20_003))
            ]
        );
        assert_eq!(streamed.0.unwrap().rows.len(), 20_002);
    }

    #[test]
    fn files_that_are_not_utf8_are_read_whole_and_alike() {
        let gbk = encoding_rs::GBK.encode(CSV).0.into_owned();
        let (streamed, whole) = streamed_and_whole(&gbk);
        assert_eq!(streamed, whole);
        let (streamed, whole) = streamed_and_whole(b"");
        assert_eq!(streamed, whole);
        assert_eq!(streamed.1[0].code, Code::EmptyFile);
    }

    #[test]
    fn an_empty_line_counts_as_a_row_as_in_excel() {
        let (sheet, _) = read("单位,任务,说明\n\n瞻岐,1,\"两行\n说明\"\n\n\n咸祥,1,\n".as_bytes());
        let numbers: Vec<u64> = sheet.unwrap().rows.iter().map(|row| row.number).collect();
        assert_eq!(numbers, [3, 6]);
    }

    #[test]
    fn an_empty_file_says_so() {
        for bytes in [b"".as_slice(), b"\xEF\xBB\xBF", b"\n\n"] {
            let (sheet, diagnostics) = read(bytes);
            assert!(sheet.is_none());
            assert_eq!(diagnostics[0].code, Code::EmptyFile);
        }
    }

    #[test]
    fn rows_are_numbered_by_record_not_by_line() {
        let (sheet, _) = read("单位,任务,说明\n瞻岐,1,\"两行\n说明\"\n咸祥,1,\n".as_bytes());
        let numbers: Vec<u64> = sheet.unwrap().rows.iter().map(|row| row.number).collect();
        assert_eq!(numbers, [2, 3]);
    }

    #[test]
    fn a_workbooks_date_cells_are_dates() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "完成日期").unwrap();
        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2021, 3, 15).unwrap();
        let format = rust_xlsxwriter::Format::new().set_num_format("yyyy/m/d");
        sheet
            .write_datetime_with_format(1, 0, &date, &format)
            .unwrap();
        sheet.write_number(2, 0, 7.0).unwrap();
        let bytes = workbook.save_to_buffer().unwrap();
        let sheet = read_named("t.xlsx", &bytes).0.unwrap();
        assert_eq!(
            sheet.rows[0].cells[0],
            Cell::Date(NaiveDate::from_ymd_opt(2021, 3, 15).unwrap())
        );
        assert_eq!(sheet.rows[1].cells[0].text(), "7");
    }
}
