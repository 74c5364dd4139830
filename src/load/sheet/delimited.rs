//! Delimited text (CSV, tab-separated) read in one streaming pass: the encoding and the
//! delimiter are learnt from the first 64 KiB, each record is decoded once as it is read, and
//! a long file's second half can be read on another core (see [`SplitSink`]).

use std::borrow::Cow;
use std::io::{Cursor, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use csv::ByteRecord;

use super::rows::{Flow, Rows, RowsState};
use super::{Cell, MAX_COLUMNS, RowSink, SplitSink, column_name, read_up_to, text_cell};
use crate::diagnostic::{Code, Diagnostic};

/// How much of the start is looked at to learn the encoding and the delimiter.
const HEAD_BYTES: usize = 64 * 1024;
/// Files shorter than this are read on one core: a second one would not pay for itself.
pub const MIN_SPLIT_BYTES: u64 = 4 * 1024 * 1024;
/// The length from which a file is split: [`MIN_SPLIT_BYTES`], lowered by the tests that check
/// that splitting changes nothing.
static SPLIT_FROM: AtomicU64 = AtomicU64::new(MIN_SPLIT_BYTES);

/// Splits files from `bytes` long on (tests only: the result is the same either way).
#[cfg(test)]
pub fn split_from(bytes: u64) {
    SPLIT_FROM.store(bytes, Ordering::Relaxed);
}
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The file being read, so that its second half can be opened again on another core.
#[derive(Debug, Clone, Copy)]
pub(super) struct Split<'f> {
    pub file: &'f Path,
    pub size: u64,
}

/// The text's encoding, as far as the records read so far tell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    /// Every record so far was ASCII, which both encodings read alike.
    Undecided,
    Utf8,
    /// GB18030, which covers GBK and GB2312: what Excel on a Chinese Windows saves.
    Gb18030,
}

/// What reading a file has learnt so far. A part read on another core starts from a copy.
#[derive(Debug, Clone)]
struct State {
    /// The row number (as Excel shows it) of the last record read.
    number: u64,
    encoding: Encoding,
    /// A UTF-8 BOM, or UTF-16 turned into UTF-8: the text is never GB18030.
    utf8_only: bool,
    // Findings made once a sheet.
    encoding_reported: bool,
    nul_reported: bool,
    width_reported: bool,
    /// Whether the last record held a line break (a quoted cell over several lines).
    last_has_newline: bool,
}

impl State {
    fn new(encoding: Encoding, utf8_only: bool) -> Self {
        Self {
            number: 0,
            encoding,
            utf8_only,
            encoding_reported: false,
            nul_reported: false,
            width_reported: false,
            last_has_newline: false,
        }
    }
}

/// Reads delimited text from `input` into `rows`; gives `input` back, read to its end only
/// if the rows were.
pub(super) fn read_delimited<R: Read, S: SplitSink>(
    path: &str,
    mut input: R,
    split: Option<Split<'_>>,
    rows: &mut Rows<'_, S>,
) -> std::io::Result<R> {
    let mut head = vec![0u8; HEAD_BYTES];
    let head_len = read_up_to(&mut input, &mut head)?;
    head.truncate(head_len);
    if let Some((encoding, bom)) = utf16(&head) {
        // Excel's "Unicode text": UTF-16, tab-separated (or, from other programs, with commas).
        // Turned into UTF-8 as it is read.
        let (decoded, _) =
            encoding.decode_without_bom_handling(head.get(bom as usize..).unwrap_or_default());
        let found = delimiter(decoded.as_bytes());
        // Excel's "Unicode text" has tabs, whatever the file is named.
        say_delimiter(path, &found, Some(b'\t'), rows);
        let mut head = Cursor::new(head);
        head.set_position(bom);
        let text = Utf16::new(head.chain(input), encoding);
        let mut reader = csv_reader(found.delimiter, text);
        let mut state = State::new(Encoding::Utf8, true);
        if read_records(path, &mut reader, &mut state, rows, None)? == Flow::Ended {
            finish(path, &reader, &state, rows);
        }
        let (_, input) = reader.into_inner().inner.into_inner().into_inner();
        return Ok(input);
    }
    let bom = head.starts_with(UTF8_BOM);
    let after_bom = if bom { UTF8_BOM.len() } else { 0 };
    let found = delimiter(head.get(after_bom..).unwrap_or_default());
    say_delimiter(path, &found, None, rows);
    let delimiter = found.delimiter;
    // Excel's `sep=;` line is not a row: Excel hides it, and numbers the next line 1.
    let text_start = (after_bom + found.sep_line) as u64;
    let mut head = Cursor::new(head);
    head.set_position(text_start);
    let mut reader = csv_reader(delimiter, head.chain(input));
    let encoding = if bom {
        Encoding::Utf8
    } else {
        Encoding::Undecided
    };
    let mut state = State::new(encoding, bom);
    let mut flow = read_header(path, &mut reader, &mut state, rows)?;
    if flow == Flow::Go
        && let Some(split) = split
        && let Some(at) = split_point(split, text_start, reader.position().byte())?
    {
        flow = read_split(path, &mut reader, &mut state, rows, split, at, delimiter)?;
    }
    if flow == Flow::Go {
        flow = read_records(path, &mut reader, &mut state, rows, None)?;
    }
    if flow == Flow::Ended {
        finish(path, &reader, &state, rows);
    }
    let (_, input) = reader.into_inner().inner.into_inner();
    Ok(input)
}

/// The BOM of UTF-16 text (little- or big-endian), and its length.
fn utf16(head: &[u8]) -> Option<(&'static encoding_rs::Encoding, u64)> {
    if head.starts_with(&[0xFF, 0xFE]) {
        Some((encoding_rs::UTF_16LE, 2))
    } else if head.starts_with(&[0xFE, 0xFF]) {
        Some((encoding_rs::UTF_16BE, 2))
    } else {
        None
    }
}

/// The characters a CSV's columns may be separated by, the likelier first.
const DELIMITERS: [u8; 3] = [b',', b'\t', b';'];

/// How a text's columns are separated, as its first lines show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Delimiter {
    delimiter: u8,
    /// The length of Excel's `sep=;` first line (with its line end) when the text has one.
    sep_line: usize,
    /// Whether `sep=` said it (nothing was guessed).
    told: bool,
}

/// Excel's `sep=;` line if the text starts with one; else the character that separates the
/// most of the first ten lines (outside quotes), then the most often, a comma when none does.
fn delimiter(head: &[u8]) -> Delimiter {
    let first_line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    if let Some(rest) = first_line
        .strip_prefix(b"sep=")
        .or_else(|| first_line.strip_prefix(b"SEP="))
        && let [delimiter, rest @ ..] = rest
        && rest.iter().all(|&b| b == b'\r')
        && !delimiter.is_ascii_alphanumeric()
    {
        let line_end = usize::from(head.len() > first_line.len());
        return Delimiter {
            delimiter: *delimiter,
            sep_line: first_line.len() + line_end,
            told: true,
        };
    }
    let mut lines = [0usize; DELIMITERS.len()];
    let mut totals = [0usize; DELIMITERS.len()];
    for line in head.split(|&b| b == b'\n').take(10) {
        let mut counts = [0usize; DELIMITERS.len()];
        let mut quoted = false;
        for &byte in line {
            if byte == b'"' {
                quoted = !quoted;
            } else if !quoted
                && let Some(at) = DELIMITERS.iter().position(|&d| d == byte)
                && let Some(count) = counts.get_mut(at)
            {
                *count += 1;
            }
        }
        for (at, &count) in counts.iter().enumerate() {
            if count > 0 {
                if let Some(lines) = lines.get_mut(at) {
                    *lines += 1;
                }
                if let Some(total) = totals.get_mut(at) {
                    *total += count;
                }
            }
        }
    }
    // The first of the likeliest wins a tie (max_by_key keeps the last: iterate reversed).
    let best = (0..DELIMITERS.len())
        .rev()
        .max_by_key(|&at| (lines.get(at).copied(), totals.get(at).copied()))
        .and_then(|at| DELIMITERS.get(at).copied())
        .unwrap_or(b',');
    Delimiter {
        delimiter: best,
        sep_line: 0,
        told: false,
    }
}

/// A warning when the columns are separated otherwise than expected — by the file's name (a
/// .csv by commas, a .txt by tabs) unless `expected` says — the guess is said. `sep=` says it,
/// so is not.
fn say_delimiter<S: RowSink>(
    path: &str,
    found: &Delimiter,
    expected: Option<u8>,
    rows: &mut Rows<'_, S>,
) {
    let extension = Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_lowercase();
    let expected = expected.unwrap_or(if matches!(extension.as_str(), "txt" | "tsv") {
        b'\t'
    } else {
        b','
    });
    if found.told || found.delimiter == expected {
        return;
    }
    let name = match found.delimiter {
        b'\t' => "制表符（Tab）",
        b';' => "分号（;）",
        b',' => "逗号（,）",
        _ => "其他字符",
    };
    let message = format!(
        "这个文件的各列是用{name}分隔的，已按{name}分列读取；如果读出的列不对，请在 Excel/WPS 中另存为 .xlsx 再发"
    );
    rows.report(Diagnostic::warning(path, Code::Delimiter, message));
}

fn csv_reader<R: Read>(delimiter: u8, input: R) -> csv::Reader<Scan<R>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .buffer_capacity(256 * 1024)
        .from_reader(Scan::new(input, delimiter))
}

/// Reads records until the header has been taken (or the sheet ends).
fn read_header<R: Read, S: RowSink>(
    path: &str,
    reader: &mut csv::Reader<Scan<R>>,
    state: &mut State,
    rows: &mut Rows<'_, S>,
) -> std::io::Result<Flow> {
    let mut record = ByteRecord::new();
    let mut spare = Vec::new();
    while !rows.header_seen() {
        match next_row(path, reader, &mut record, &mut spare, state, rows)? {
            Flow::Go => {}
            done => return Ok(done),
        }
    }
    Ok(Flow::Go)
}

/// Reads records to the end, or until the sink stops, or (with `pause_at`) until the reader
/// stands exactly at that record boundary.
fn read_records<R: Read, S: RowSink>(
    path: &str,
    reader: &mut csv::Reader<Scan<R>>,
    state: &mut State,
    rows: &mut Rows<'_, S>,
    mut pause_at: Option<SplitAt>,
) -> std::io::Result<Flow> {
    let mut record = ByteRecord::new();
    let mut spare = Vec::new();
    loop {
        if let Some(at) = pause_at {
            let position = reader.position().byte();
            if position == at.byte || (at.crlf && position + 1 == at.byte) {
                return Ok(Flow::Paused);
            }
            if position > at.byte {
                // A record ran over the split: it was no record boundary. Read on here.
                pause_at = None;
            }
        }
        match next_row(path, reader, &mut record, &mut spare, state, rows)? {
            Flow::Go => {}
            done => return Ok(done),
        }
    }
}

/// Reads one record and hands it on as a row; its cells are put in `spare`'s allocation, which
/// is handed back for the next record.
fn next_row<R: Read, S: RowSink>(
    path: &str,
    reader: &mut csv::Reader<Scan<R>>,
    record: &mut ByteRecord,
    spare: &mut Vec<Cell<'static>>,
    state: &mut State,
    rows: &mut Rows<'_, S>,
) -> std::io::Result<Flow> {
    match reader.read_byte_record(record) {
        Ok(true) => {}
        Ok(false) => return Ok(Flow::Ended),
        Err(error) => {
            let line = error.position().map_or(state.number + 1, |p| p.line());
            if let csv::ErrorKind::Io(error) = error.into_kind() {
                return Err(error);
            }
            let message = "这一行无法按 CSV 读取；请在 Excel/WPS 中打开后重新另存为 CSV";
            rows.report(Diagnostic::error(path, Code::Encoding, message).at(line, None));
            return Ok(Flow::Ended);
        }
    }
    // Number rows as Excel does: an empty line (which the CSV reader skips) is a row too, and
    // a record whose quoted cell spans lines is one row. The reader moved from the record's
    // position (before any empty lines) past its end: what it moved beyond the record's own
    // lines and its line end were empty lines. (A last record with no line end after empty
    // lines is counted one row short; nothing tells the two apart.)
    let moved = reader
        .position()
        .line()
        .saturating_sub(record.position().map_or(0, |p| p.line()));
    let bytes = record.as_slice();
    // A line end inside a record is in a quoted cell: none before the text's first quote.
    let quoted = reader.get_ref().quotes > 0;
    let own_lines = if quoted && bytes.contains(&b'\n') {
        count_byte(bytes, b'\n') + 1
    } else {
        1
    };
    state.number += 1 + moved.saturating_sub(own_lines);
    state.last_has_newline = own_lines > 1;
    let number = state.number;
    if !state.nul_reported && reader.get_ref().nul && bytes.contains(&0) {
        state.nul_reported = true;
        let message = "这一行含有空字符（NUL），文件可能不是 CSV 表格；请在 Excel/WPS 中另存为 CSV 或 .xlsx 再报送";
        rows.report(Diagnostic::error(path, Code::Encoding, message).at(number, None));
    }
    let mut cells = recycle(std::mem::take(spare));
    read_cells(path, record, state, rows, &mut cells);
    let flow = rows.row(number, &mut cells);
    *spare = recycle(cells);
    Ok(flow)
}

/// An empty vector on the allocation of `cells`, for the cells of another record: collecting
/// in place an iterator of nothing keeps the allocation, so a sheet's rows share one. (A
/// `filter` could not change the cells' lifetime, which is the point of the `filter_map`.)
#[allow(clippy::unnecessary_filter_map)]
fn recycle<'b>(mut cells: Vec<Cell<'_>>) -> Vec<Cell<'b>> {
    cells.clear();
    cells.into_iter().filter_map(|_| None).collect()
}

/// The record's cells, decoded from its encoding (learnt from the first record that is not
/// ASCII) and trimmed, into `cells`; at most Excel's number of columns.
fn read_cells<'r, S: RowSink>(
    path: &str,
    record: &'r ByteRecord,
    state: &mut State,
    rows: &mut Rows<'_, S>,
    cells: &mut Vec<Cell<'r>>,
) {
    let number = state.number;
    let width = record.len().min(MAX_COLUMNS);
    if record.len() > MAX_COLUMNS && !state.width_reported {
        state.width_reported = true;
        // A line bounded by `Scan` has more columns than its record shows.
        let columns = if record.len() > LINE_DELIMITERS as usize {
            format!("{LINE_DELIMITERS}多")
        } else {
            record.len().to_string()
        };
        let message = format!(
            "这一行有{columns}列，超过 Excel 的上限 {MAX_COLUMNS} 列（到{}列），多出的列没有读取；请确认是否选错了文件",
            column_name(MAX_COLUMNS - 1)
        );
        let column = Some(MAX_COLUMNS as u64 + 1);
        rows.report(Diagnostic::error(path, Code::TooLarge, message).at(number, column));
    }
    cells.reserve(width);
    let bytes = record.as_slice();
    if state.encoding != Encoding::Gb18030
        && let Ok(text) = std::str::from_utf8(bytes)
    {
        if state.encoding == Encoding::Undecided && !text.is_ascii() {
            state.encoding = Encoding::Utf8;
        }
        // The record was checked once as a whole; each field is a slice of it, cut at ASCII
        // delimiters, so it needs no second check.
        for index in 0..width {
            let field = record
                .range(index)
                .and_then(|range| text.get(range))
                .unwrap_or_default();
            cells.push(text_cell(path, number, index, Cow::Borrowed(field), rows));
        }
        return;
    }
    let gb18030 = encoding_rs::GB18030;
    if state.encoding == Encoding::Undecided && !state.utf8_only {
        // The first record that is not ASCII and not UTF-8 decides for GB18030 when it reads so.
        let readable = record.iter().all(|field| decode_gb18030(field).is_some());
        if readable {
            state.encoding = Encoding::Gb18030;
        }
    }
    let lossy = |field: &'r [u8]| -> Cow<'r, str> {
        match state.encoding {
            Encoding::Gb18030 => gb18030.decode_without_bom_handling(field).0,
            Encoding::Utf8 | Encoding::Undecided => String::from_utf8_lossy(field),
        }
    };
    let mut unreadable = false;
    let mut decoded = Vec::with_capacity(width);
    for field in record.iter().take(width) {
        let text = match state.encoding {
            Encoding::Gb18030 => decode_gb18030(field),
            Encoding::Utf8 | Encoding::Undecided => {
                std::str::from_utf8(field).ok().map(Cow::Borrowed)
            }
        };
        decoded.push(text.unwrap_or_else(|| {
            unreadable = true;
            lossy(field)
        }));
    }
    if unreadable && !state.encoding_reported {
        state.encoding_reported = true;
        let message = "这一行有无法识别的字符（既不是 UTF-8 也不是 GBK 编码），可能文件已损坏或不是表格文件；请在 Excel/WPS 中打开后另存为“CSV UTF-8”或 .xlsx 再报送";
        rows.report(Diagnostic::error(path, Code::Encoding, message).at(number, None));
    }
    for (index, field) in decoded.into_iter().enumerate() {
        cells.push(text_cell(path, number, index, field, rows));
    }
}

fn decode_gb18030(field: &[u8]) -> Option<Cow<'_, str>> {
    encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(field)
}

/// The end of the text: a quote opened and never closed swallows the rest of the file into one
/// cell; the CSV reader accepts that, so say where it began.
fn finish<R: Read, S: RowSink>(
    path: &str,
    reader: &csv::Reader<Scan<R>>,
    state: &State,
    rows: &mut Rows<'_, S>,
) {
    if reader.get_ref().quotes % 2 == 1 && state.last_has_newline {
        let message = "这一行的引号（\"）没有配对，之后的内容都被读成了这一个单元格；请在 Excel/WPS 中打开检查这一行后重新保存";
        rows.report(Diagnostic::error(path, Code::UnbalancedQuote, message).at(state.number, None));
    }
}

/// Where a long file is cut in two: the start of a line near its middle.
#[derive(Debug, Clone, Copy)]
struct SplitAt {
    /// The offset of the file's text (after any BOM) in the file.
    text_start: u64,
    /// The offset of the cut in the text, as the CSV reader counts it.
    byte: u64,
    /// Whether the line before ends in CR LF: the reader then stops before the LF.
    crlf: bool,
}

/// A record boundary near the middle of the file, if the file is long enough and one is found
/// past where the reader stands (`read`, in the text).
fn split_point(split: Split<'_>, text_start: u64, read: u64) -> std::io::Result<Option<SplitAt>> {
    if split.size < SPLIT_FROM.load(Ordering::Relaxed) {
        return Ok(None);
    }
    let middle = text_start + (split.size - text_start) / 2;
    let mut file = std::fs::File::open(split.file)?;
    file.seek(SeekFrom::Start(middle))?;
    let mut window = vec![0u8; 64 * 1024];
    let len = read_up_to(&mut file, &mut window)?;
    let window = window.get(..len).unwrap_or_default();
    // The first line end after the middle that ends a line with something in it and is
    // followed by another such line.
    let mut from = 0;
    while let Some(found) = window
        .get(from..)
        .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
    {
        let newline = from + found;
        from = newline + 1;
        let crlf = newline > 0 && window.get(newline - 1) == Some(&b'\r');
        let line_end = if crlf { newline - 1 } else { newline };
        let before = line_end.checked_sub(1).and_then(|i| window.get(i));
        let after = window.get(newline + 1);
        let empty_before = before.is_none_or(|&b| b == b'\n' || b == b'\r');
        let empty_after = after.is_none_or(|&b| b == b'\n' || b == b'\r');
        if empty_before || empty_after {
            continue;
        }
        let byte = middle + newline as u64 + 1 - text_start;
        if byte <= read {
            return Ok(None);
        }
        return Ok(Some(SplitAt {
            text_start,
            byte,
            crlf,
        }));
    }
    Ok(None)
}

/// Reads the rest of a long file in two halves at once: this thread up to `at`, another from
/// `at` to the end. The halves are joined only when they meet exactly and nothing read in one
/// bears on the other; otherwise this thread reads on, so the result is always the one a
/// single core gives.
fn read_split<R: Read, S: SplitSink>(
    path: &str,
    reader: &mut csv::Reader<Scan<R>>,
    state: &mut State,
    rows: &mut Rows<'_, S>,
    split: Split<'_>,
    at: SplitAt,
    delimiter: u8,
) -> std::io::Result<Flow> {
    let Some(part) = rows.part_sink() else {
        return Ok(Flow::Go);
    };
    let part_state = state.clone();
    let (first, second) = std::thread::scope(|scope| {
        let second = scope.spawn(move || read_part(path, split, at, delimiter, part, part_state));
        let first = read_records(path, reader, state, rows, Some(at));
        (first, second.join())
    });
    let first = first?;
    if first != Flow::Paused {
        // This half did not stop at the cut (a record ran over it, or the rows ended): it read
        // the whole file.
        return Ok(first);
    }
    // A part that failed (it could not read the file again) is read here instead.
    let Ok(Ok(second)) = second else {
        return Ok(Flow::Go);
    };
    let both = |a: bool, b: bool| a && b;
    let joinable = second.base == state.number
        && second.start_encoding == state.encoding
        && !both(state.encoding_reported, second.state.encoding_reported)
        && !both(state.nul_reported, second.state.nul_reported)
        && !both(state.width_reported, second.state.width_reported);
    if !joinable || !rows.join(second.sink, second.rows) {
        return Ok(Flow::Go);
    }
    // The part's rows stand as if read here: go on from its end.
    state.number = second.state.number;
    state.encoding = second.state.encoding;
    state.last_has_newline = second.state.last_has_newline;
    state.encoding_reported |= second.state.encoding_reported;
    state.nul_reported |= second.state.nul_reported;
    state.width_reported |= second.state.width_reported;
    // This reader's text is read to the end unparsed: its quotes counted, the digest fed.
    let scan = reader.get_mut();
    let mut skipped = vec![0u8; 256 * 1024];
    while scan.read(&mut skipped)? > 0 {}
    Ok(second.flow)
}

/// What the second half gave.
struct Part<P> {
    sink: P,
    rows: RowsState,
    state: State,
    start_encoding: Encoding,
    /// The row number just before the part, as counted from the file's line ends.
    base: u64,
    flow: Flow,
}

/// Reads the file from `at` to its end into `part`.
fn read_part<P: RowSink>(
    path: &str,
    split: Split<'_>,
    at: SplitAt,
    delimiter: u8,
    mut part: P,
    mut state: State,
) -> std::io::Result<Part<P>> {
    let start_encoding = state.encoding;
    let cut = at.text_start + at.byte;
    let base = rows_before(split.file, at.text_start, cut)?;
    state.number = base;
    let mut file = std::fs::File::open(split.file)?;
    file.seek(SeekFrom::Start(cut))?;
    let mut reader = csv_reader(delimiter, file);
    let mut rows = Rows::part(path, &mut part);
    let flow = read_records(path, &mut reader, &mut state, &mut rows, None)?;
    let rows = rows.into_state();
    Ok(Part {
        sink: part,
        rows,
        state,
        start_encoding,
        base,
        flow,
    })
}

/// The rows before byte `end` of the file, counted from its line ends (a line end inside a
/// quoted cell does not start a row). A guess where quotes are unusual: the halves are joined
/// only if the first half's count agrees.
fn rows_before(file: &Path, start: u64, end: u64) -> std::io::Result<u64> {
    let mut input = std::fs::File::open(file)?;
    input.seek(SeekFrom::Start(start))?;
    let mut input = input.take(end.saturating_sub(start));
    let mut buffer = vec![0u8; 1024 * 1024];
    let mut lines = 0u64;
    let mut quoted = false;
    loop {
        let read = input.read(&mut buffer)?;
        if read == 0 {
            return Ok(lines);
        }
        let chunk = buffer.get(..read).unwrap_or_default();
        if !quoted && !chunk.contains(&b'"') {
            lines += count_byte(chunk, b'\n');
            continue;
        }
        for &byte in chunk {
            match byte {
                b'"' => quoted = !quoted,
                b'\n' if !quoted => lines += 1,
                _ => {}
            }
        }
    }
}

/// How many times `byte` is in `bytes`: counted in byte-wide sums of 255 bytes at most, which
/// the compiler makes vector instructions of (16 or 32 bytes a step instead of one).
fn count_byte(bytes: &[u8], byte: u8) -> u64 {
    bytes
        .chunks(255)
        .map(|chunk| {
            let count = chunk
                .iter()
                .fold(0u8, |count, &b| count.wrapping_add(u8::from(b == byte)));
            u64::from(count)
        })
        .sum()
}

/// Delimiters one line may have before the rest of its delimiters are passed on as spaces:
/// twice Excel's columns. Past Excel's columns nothing is read anyway, and without this bound
/// a line of 40 million commas would be split into 40 million fields (320 MB of field ends)
/// before any cap could apply.
const LINE_DELIMITERS: u64 = 2 * MAX_COLUMNS as u64;

/// How much text is looked at in one step for a line too long in delimiters: fewer bytes than
/// [`LINE_DELIMITERS`], so only a line that was already long before the step can pass it.
const STEP: usize = 4096;

/// Passes text on to the CSV reader, noting what the checks need of the raw text: how many
/// quotes it has (an odd number means one was never closed) and whether it has a NUL byte; and
/// bounding the delimiters of a line at [`LINE_DELIMITERS`].
pub(super) struct Scan<R> {
    inner: R,
    quotes: u64,
    nul: bool,
    delimiter: u8,
    /// The delimiters since the last line end.
    on_line: u64,
}

impl<R> Scan<R> {
    fn new(inner: R, delimiter: u8) -> Self {
        Self {
            inner,
            quotes: 0,
            nul: false,
            delimiter,
            on_line: 0,
        }
    }

    /// Turns the delimiters of a line past [`LINE_DELIMITERS`] into spaces. Looked at a step
    /// of [`STEP`] bytes at a time: a step that cannot bring its first line past the bound
    /// costs one count of its delimiters.
    fn bound_lines(&mut self, bytes: &mut [u8]) {
        let delimiter = self.delimiter;
        for step in bytes.chunks_mut(STEP) {
            let count = count_byte(step, delimiter);
            if self.on_line + count > LINE_DELIMITERS {
                let first_end = step.iter().position(|&b| b == b'\n');
                let first = match first_end {
                    Some(end) => step.get_mut(..end).unwrap_or_default(),
                    None => &mut *step,
                };
                let mut room = LINE_DELIMITERS.saturating_sub(self.on_line);
                for byte in first.iter_mut().filter(|b| **b == delimiter) {
                    if room == 0 {
                        *byte = b' ';
                    } else {
                        room -= 1;
                    }
                }
                if first_end.is_none() {
                    self.on_line = LINE_DELIMITERS;
                    continue;
                }
            }
            self.on_line = match step.iter().rposition(|&b| b == b'\n') {
                Some(last) => count_byte(step.get(last..).unwrap_or_default(), delimiter),
                None => self.on_line + count,
            };
        }
    }
}

impl<R: Read> Read for Scan<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        let Some(bytes) = buf.get_mut(..read) else {
            return Ok(read);
        };
        self.quotes += count_byte(bytes, b'"');
        self.nul |= bytes.contains(&0);
        self.bound_lines(bytes);
        Ok(read)
    }
}

/// UTF-16 text turned into UTF-8 as it is read (characters it cannot read become U+FFFD).
struct Utf16<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    raw: Vec<u8>,
    raw_start: usize,
    raw_end: usize,
    raw_done: bool,
    /// The decoder has had its last input and may not be used again.
    finished: bool,
    text: Vec<u8>,
    text_start: usize,
    text_end: usize,
}

impl<R: Read> Utf16<R> {
    fn new(inner: R, encoding: &'static encoding_rs::Encoding) -> Self {
        Self {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            raw: vec![0; 64 * 1024],
            raw_start: 0,
            raw_end: 0,
            raw_done: false,
            finished: false,
            text: vec![0; 3 * 64 * 1024],
            text_start: 0,
            text_end: 0,
        }
    }

    fn into_inner(self) -> R {
        self.inner
    }

    /// Decodes the next piece; leaves nothing in `text` only at the end.
    fn refill(&mut self) -> std::io::Result<()> {
        self.text_start = 0;
        self.text_end = 0;
        while !self.finished {
            if self.raw_start == self.raw_end && !self.raw_done {
                self.raw_start = 0;
                self.raw_end = read_up_to(&mut self.inner, &mut self.raw)?;
                self.raw_done = self.raw_end == 0;
            }
            let raw = self
                .raw
                .get(self.raw_start..self.raw_end)
                .unwrap_or_default();
            let (result, read, written, _) =
                self.decoder
                    .decode_to_utf8(raw, &mut self.text, self.raw_done);
            self.raw_start += read;
            self.text_start = 0;
            self.text_end = written;
            self.finished = self.raw_done && result == encoding_rs::CoderResult::InputEmpty;
            if written > 0 {
                break;
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for Utf16<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.text_start == self.text_end {
            self.refill()?;
        }
        let available = self
            .text
            .get(self.text_start..self.text_end)
            .unwrap_or_default();
        let count = available.len().min(buf.len());
        if let (Some(to), Some(from)) = (buf.get_mut(..count), available.get(..count)) {
            to.copy_from_slice(from);
        }
        self.text_start += count;
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cells_of_one_record_are_put_where_the_last_ones_were() {
        let mut cells = vec![Cell::Empty; 8];
        let capacity = cells.capacity();
        let place = cells.as_ptr() as usize;
        cells.truncate(3);
        let again: Vec<Cell<'static>> = recycle(cells);
        assert!(again.is_empty());
        assert_eq!(
            (again.capacity(), again.as_ptr() as usize),
            (capacity, place)
        );
    }

    /// The fields of each line after `Scan` has passed the text on in reads of `read_size`.
    fn fields_after_scan(text: &[u8], read_size: usize) -> Vec<usize> {
        let mut scan = Scan::new(text, b',');
        let mut out = Vec::new();
        let mut buf = vec![0; read_size];
        loop {
            let read = scan.read(&mut buf).unwrap();
            if read == 0 {
                break;
            }
            out.extend_from_slice(&buf[..read]);
        }
        assert_eq!(out.len(), text.len());
        out.split(|&b| b == b'\n')
            .map(|line| line.iter().filter(|&&b| b == b',').count() + 1)
            .collect()
    }

    #[test]
    fn a_line_keeps_at_most_twice_excels_columns_of_delimiters_however_it_is_read() {
        let bound = LINE_DELIMITERS as usize;
        let mut text = b"a,b,c\n".to_vec();
        text.extend(std::iter::repeat_n(b',', 100_000));
        text.extend_from_slice(b"\nx,y\n");
        text.extend(std::iter::repeat_n(b',', bound));
        text.extend_from_slice(b"\n");
        text.extend(std::iter::repeat_n(b'z', 9000));
        text.extend(std::iter::repeat_n(b',', 40_000));
        for read_size in [1, 7, 4096, 5000, 256 * 1024] {
            assert_eq!(
                fields_after_scan(&text, read_size),
                [3, bound + 1, 2, bound + 1, bound + 1],
                "{read_size}"
            );
        }
    }

    #[test]
    fn bytes_are_counted_in_every_part_of_a_long_text() {
        let text: Vec<u8> = (0..10_000u32)
            .map(|i| if i % 7 == 0 { b'"' } else { b'x' })
            .collect();
        assert_eq!(count_byte(&text, b'"'), 1429);
        assert_eq!(count_byte(&[], b'"'), 0);
        assert_eq!(count_byte(&[b'"'; 255], b'"'), 255);
    }
}
