//! A workbook's status sheet (see [`choose`](super::choose) for which worksheet that is):
//! .xlsx streamed cell by cell (calamine's cell reader), .ods and .xls read whole (calamine has
//! no streaming reader for them) after their spread is bounded (an .ods by its content.xml, an
//! .xls by its cell records, see [`super::xls_bound`]); cells merged over several rows are read
//! in each. A zip's parts are checked against what they may unpack to before any is unpacked.

use std::borrow::Cow;
use std::io::{Read, Seek, SeekFrom};

use calamine::{Data, DataRef, Ods, Reader, Xls, Xlsx, XlsxError};
use chrono::NaiveDate;

use super::choose::{self, PROBE_ROWS, choose_sheet, probe_rows};
use super::damage::{self, Damage, Explain, Kind};
use super::rows::{Flow, Merged, Rows};
use super::xlsx_scan::{self, Scanned};
use super::{Cell, MAX_COLUMNS, RowSink, Source, column_name, text_cell};
use crate::diagnostic::{Code, Diagnostic};

/// What one part of a workbook (its shared strings, styles, list of sheets) may unpack to:
/// these are held in memory whole.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// What a worksheet's XML may unpack to: it is streamed, so it may be larger, but reading it
/// takes time, about 1.3 s a 100 MB: Excel's full 1,048,576 rows of a status sheet (seven
/// columns) are about 300 MB, and a worksheet "bomb" at the limit ends within 5 s.
pub const MAX_SHEET_PART_BYTES: u64 = 384 * 1024 * 1024;
/// How many cells a workbook read whole (.ods, .xls) may span, counting the blank ones between
/// its cells: about 100 MB in memory.
pub const MAX_DENSE_CELLS: u64 = 2_000_000;

/// Reads the first worksheet of a workbook into `rows`.
pub(super) fn read_workbook<RS: Read + Seek, S: RowSink>(
    path: &str,
    input: RS,
    source: Source<'_>,
    rows: &mut Rows<'_, S>,
) {
    // calamine parses the zip and XML of an untrusted file; fuzzing found inputs that make it
    // panic (an arithmetic overflow on a cell reference). A panic there is a bad file, not a
    // crash: it becomes a diagnostic.
    let read = crate::quiet_panic::catching(|| read_kind(path, input, source, rows));
    if read.is_none() {
        rows.refuse(unreadable(path, Kind::named(path), &Damage::Broken));
    }
}

fn unreadable(path: &str, kind: Kind, error: &impl Explain) -> Diagnostic {
    damage::unreadable(path, kind, error.damage())
}

/// A file too large to read, or that cannot be read, is refused whole: one finding, and not
/// also called empty.
fn refuse<S: RowSink>(rows: &mut Rows<'_, S>, diagnostic: Diagnostic) {
    rows.refuse(diagnostic);
}

fn read_kind<RS: Read + Seek, S: RowSink>(
    path: &str,
    mut input: RS,
    source: Source<'_>,
    rows: &mut Rows<'_, S>,
) {
    let kind = match kind_of(path, &mut input) {
        Ok(kind) => kind,
        Err(diagnostic) => return refuse(rows, *diagnostic),
    };
    if let Err(error) = input.seek(SeekFrom::Start(0)) {
        return rows.refuse(unreadable(path, kind, &error));
    }
    match kind {
        Kind::Xlsx => {
            let layout = choose::xlsx_layout(&mut input);
            if let Err(error) = input.seek(SeekFrom::Start(0)) {
                return rows.refuse(unreadable(path, kind, &error));
            }
            read_xlsx(path, input, &layout, source, rows);
        }
        Kind::Ods => {
            // Its content is encrypted: nothing of it can be read without the password.
            if ods_encrypted(&mut input) {
                return rows.refuse(password_protected(path));
            }
            if let Err(error) = input.seek(SeekFrom::Start(0)) {
                return rows.refuse(unreadable(path, kind, &error));
            }
            if let Err(diagnostic) = ods_bound(path, &mut input) {
                return refuse(rows, *diagnostic);
            }
            if let Err(error) = input.seek(SeekFrom::Start(0)) {
                return rows.refuse(unreadable(path, kind, &error));
            }
            let mut layout = choose::ods_layout(&mut input);
            if let Err(error) = input.seek(SeekFrom::Start(0)) {
                return rows.refuse(unreadable(path, kind, &error));
            }
            let error = match Ods::new(&mut input) {
                Ok(workbook) => {
                    let active = layout
                        .active
                        .as_ref()
                        .and_then(|name| workbook.sheet_names().iter().position(|n| n == name));
                    return read_whole(path, kind, workbook, active, rows, |_, name| {
                        layout
                            .merged
                            .iter_mut()
                            .find(|(table, _)| table == name)
                            .map(|(_, merged)| std::mem::take(merged))
                            .unwrap_or_default()
                    });
                }
                Err(error) => error,
            };
            rows.refuse(unreadable(path, kind, &error));
        }
        Kind::Xls => {
            if let Err(diagnostic) = xls_bound(path, &mut input) {
                return refuse(rows, *diagnostic);
            }
            if let Err(error) = input.seek(SeekFrom::Start(0)) {
                return rows.refuse(unreadable(path, kind, &error));
            }
            let active = super::xls_bound::active_tab(&mut input);
            if let Err(error) = input.seek(SeekFrom::Start(0)) {
                return rows.refuse(unreadable(path, kind, &error));
            }
            let error = match Xls::new(&mut input) {
                Ok(workbook) => {
                    return read_whole(path, kind, workbook, active, rows, |workbook, name| {
                        workbook
                            .merge_cells_by_sheet_name(name)
                            .map(|all| all.iter().map(merged_of).collect())
                            .unwrap_or_default()
                    });
                }
                Err(calamine::XlsError::Password) => return rows.refuse(password_protected(path)),
                Err(error) => error,
            };
            // An .xlsx with a password is an OLE file holding the encrypted workbook.
            if ole_encrypted(&mut input) {
                rows.refuse(password_protected(path));
            } else {
                rows.refuse(unreadable(path, kind, &error));
            }
        }
    }
}

/// Whether an OLE file holds an encrypted Office document (its `EncryptedPackage` stream):
/// an .xlsx saved with a password.
fn ole_encrypted<RS: Read + Seek>(input: &mut RS) -> bool {
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    if input.seek(SeekFrom::Start(0)).is_err() {
        return false;
    }
    // The directory of a small file is near its start; a few megabytes cover what clerks send.
    let mut head = Vec::new();
    if input.take(8 * 1024 * 1024).read_to_end(&mut head).is_err() {
        return false;
    }
    head.windows(name.len())
        .any(|window| window == name.as_slice())
}

/// Whether an .ods is encrypted (its manifest says how), i.e. saved with a password.
fn ods_encrypted<RS: Read + Seek>(input: &mut RS) -> bool {
    if input.seek(SeekFrom::Start(0)).is_err() {
        return false;
    }
    let Ok(mut archive) = zip::ZipArchive::new(input) else {
        return false;
    };
    let Ok(manifest) = archive.by_name("META-INF/manifest.xml") else {
        return false;
    };
    let mut text = Vec::new();
    if manifest.take(1024 * 1024).read_to_end(&mut text).is_err() {
        return false;
    }
    let marker = b"encryption-data";
    text.windows(marker.len()).any(|window| window == marker)
}

/// A merged region as calamine gives it.
fn merged_of(dimensions: &calamine::Dimensions) -> Merged {
    Merged {
        first_row: dimensions.start.0,
        last_row: dimensions.end.0,
        first_column: dimensions.start.1,
        last_column: dimensions.end.1,
    }
}

/// A workbook that opens only with its password.
pub(super) fn password_protected(path: &str) -> Diagnostic {
    let message = "工作簿有密码保护，无法读取：请去掉密码后再发（在 Excel/WPS 中打开，“文件”→“信息”→“保护工作簿”→“用密码进行加密”，清空密码后保存）";
    Diagnostic::error(path, Code::PasswordProtected, message)
}

/// The kind of workbook, after checking a zip's parts against what they may unpack to.
fn kind_of<RS: Read + Seek>(path: &str, input: &mut RS) -> Result<Kind, Box<Diagnostic>> {
    let mut magic = [0u8; 4];
    let read = super::read_up_to(input, &mut magic)
        .map_err(|e| unreadable(path, Kind::named(path), &e))?;
    if read == 4 && magic == [0xD0, 0xCF, 0x11, 0xE0] {
        return Ok(Kind::Xls);
    }
    if read < 4 || magic != *b"PK\x03\x04" {
        return Err(Box::new(unreadable(
            path,
            Kind::named(path),
            &Damage::NotWorkbook,
        )));
    }
    input
        .seek(SeekFrom::Start(0))
        .map_err(|e| unreadable(path, Kind::named(path), &e))?;
    let mut archive =
        zip::ZipArchive::new(input).map_err(|e| unreadable(path, Kind::named(path), &e))?;
    check_parts(path, &mut archive)?;
    let ods = archive.index_for_name("content.xml").is_some()
        && archive.index_for_name("xl/workbook.xml").is_none();
    Ok(if ods { Kind::Ods } else { Kind::Xlsx })
}

/// Refuses a zip whose parts unpack to more than a workbook's parts may: a "zip bomb" of a few
/// megabytes can unpack to gigabytes. The sizes checked are those the zip declares; the zip
/// reader (zip 9.8) refuses to unpack more than a part declares, so a part that lies about its
/// size fails when it is read instead of growing past the limit.
fn check_parts<R: Read + Seek>(
    path: &str,
    archive: &mut zip::ZipArchive<R>,
) -> Result<(), Box<Diagnostic>> {
    for index in 0..archive.len() {
        let part = archive
            .by_index_raw(index)
            .map_err(|e| unreadable(path, Kind::named(path), &e))?;
        let name = part
            .name()
            .map_err(|e| unreadable(path, Kind::named(path), &e))?
            .into_owned();
        let worksheet = name.starts_with("xl/worksheets/") || name == "content.xml";
        let limit = if worksheet {
            MAX_SHEET_PART_BYTES
        } else {
            MAX_PART_BYTES
        };
        if part.size() > limit {
            let message = format!(
                "工作簿解压后过大：其中的 {name} 解压后有 {} MB，超过 {} MB 的上限，不像是正常的报表（可能是“压缩炸弹”）；请在 Excel/WPS 中打开，确认内容后另存为 .xlsx 或 CSV 再报送",
                part.size() / (1024 * 1024),
                limit / (1024 * 1024)
            );
            return Err(Box::new(Diagnostic::error(path, Code::TooLarge, message)));
        }
    }
    Ok(())
}

/// Streams an .xlsx's worksheet cell by cell: memory does not grow with the sheet, and a
/// stray cell far away costs nothing. What the cells cannot say as they come (merged cells,
/// formulas without results) is found meanwhile on another core; rows wait for it in a bounded
/// queue.
fn read_xlsx<RS: Read + Seek, S: RowSink>(
    path: &str,
    input: RS,
    layout: &choose::XlsxLayout,
    source: Source<'_>,
    rows: &mut Rows<'_, S>,
) {
    let mut workbook: Xlsx<RS> = match Xlsx::new(input) {
        Ok(workbook) => workbook,
        Err(error) => return rows.refuse(unreadable(path, Kind::Xlsx, &error)),
    };
    let sheets = workbook.sheets_metadata().to_vec();
    let chosen = choose_sheet(path, &sheets, layout.active, rows, |name, rows| {
        probe_rows(xlsx_first_rows(&mut workbook, name), rows)
    });
    let Some(name) = chosen else {
        return;
    };
    let mut cells = match workbook.worksheet_cells_reader(&name) {
        Ok(cells) => cells,
        // A chart sheet first: nothing to read.
        Err(XlsxError::NotAWorksheet(_)) => return,
        Err(error) => return rows.refuse(unreadable(path, Kind::Xlsx, &error)),
    };
    let part = layout.part_of(&name);
    std::thread::scope(|scope| {
        let scan = part.map(|part| scope.spawn(move || xlsx_scan::scan(source, part)));
        let mut stream = Streamed {
            rows: &mut *rows,
            last_number: 0,
            scan,
            waiting: Vec::new(),
            scanned: Scanned::default(),
        };
        let mut current: Option<(u32, Vec<Cell<'_>>)> = None;
        loop {
            let cell = match cells.next_cell() {
                Ok(Some(cell)) => cell,
                Ok(None) => break,
                Err(error) => {
                    stream.rows.refuse(unreadable(path, Kind::Xlsx, &error));
                    break;
                }
            };
            let (row, column) = cell.get_position();
            let value = cell.get_value();
            if matches!(value, DataRef::Empty) || column as usize >= MAX_COLUMNS {
                continue;
            }
            match &current {
                Some((current_row, _)) if *current_row == row => {}
                Some((current_row, _)) if *current_row > row => {
                    let message = "工作表中的行顺序错乱，不像是 Excel 或 WPS 保存的文件；请在 Excel/WPS 中打开后重新保存为 .xlsx 或 CSV";
                    stream.finish(path);
                    rows.report(Diagnostic::error(path, Code::UnreadableSheet, message));
                    return;
                }
                _ => {
                    if let Some((done_row, done_cells)) = current.take()
                        && stream.row(u64::from(done_row) + 1, done_cells) != Flow::Go
                    {
                        return stream.finish(path);
                    }
                    current = Some((row, Vec::new()));
                }
            }
            let number = u64::from(row) + 1;
            let converted = cell_of_ref(path, number, column as usize, value.clone(), stream.rows);
            if let Some((_, row_cells)) = current.as_mut() {
                let column = column as usize;
                if row_cells.len() <= column {
                    row_cells.resize(column + 1, Cell::Empty);
                }
                if let Some(slot) = row_cells.get_mut(column) {
                    *slot = converted;
                }
            }
        }
        if let Some((done_row, done_cells)) = current {
            stream.row(u64::from(done_row) + 1, done_cells);
        }
        stream.finish(path);
    });
}

/// How many rows wait for the scan of their worksheet before the reading waits too.
const MAX_WAITING_ROWS: usize = 262_144;

/// The rows of an .xlsx on their way to [`Rows`], held back until the scan of the worksheet
/// (merged cells) is in.
struct Streamed<'r, 's, 'x, S: RowSink> {
    rows: &'r mut Rows<'s, S>,
    last_number: u64,
    scan: Option<std::thread::ScopedJoinHandle<'x, Option<Scanned>>>,
    waiting: Vec<(u64, Vec<Cell<'static>>)>,
    scanned: Scanned,
}

impl<S: RowSink> Streamed<'_, '_, '_, S> {
    /// One row: held while the scan runs (the reading waits for it when too many are held),
    /// passed on once it is in.
    fn row(&mut self, number: u64, cells: Vec<Cell<'_>>) -> Flow {
        if let Some(scan) = &self.scan {
            if !scan.is_finished() && self.waiting.len() < MAX_WAITING_ROWS {
                let cells = cells.into_iter().map(Cell::into_owned).collect();
                self.waiting.push((number, cells));
                return Flow::Go;
            }
            if self.take_scan() != Flow::Go {
                return Flow::Stopped;
            }
        }
        emit(self.rows, &mut self.last_number, number, cells)
    }

    /// Waits for the scan, gives its merged cells to the rows, and passes on the rows held.
    fn take_scan(&mut self) -> Flow {
        let Some(scan) = self.scan.take() else {
            return Flow::Go;
        };
        // A scan that failed (or panicked) leaves the cells as they are.
        self.scanned = scan.join().ok().flatten().unwrap_or_default();
        self.rows
            .set_merged(std::mem::take(&mut self.scanned.merged));
        for (number, cells) in std::mem::take(&mut self.waiting) {
            if emit(self.rows, &mut self.last_number, number, cells) != Flow::Go {
                return Flow::Stopped;
            }
        }
        Flow::Go
    }

    /// Ends the sheet: the rows still held are passed on, and formulas without results told.
    fn finish(mut self, path: &str) {
        self.take_scan();
        let Some((first, count)) = self.scanned.uncached.take() else {
            return;
        };
        let many = if count > 1 {
            format!("等{count}个单元格")
        } else {
            String::new()
        };
        let cell = first.unwrap_or_else(|| "有的单元格".to_string());
        let message = format!(
            "{cell}{many}的公式没有计算结果（文件是程序生成的，没有在 Excel/WPS 中打开过），这些单元格读不到内容：请在 Excel/WPS 中打开并保存后再发"
        );
        // Said of the file, first: the cells it makes empty are told after it.
        self.rows
            .report(Diagnostic::error(path, Code::FormulaWithoutValue, message));
        self.rows
            .formula_cells(std::mem::take(&mut self.scanned.uncached_cells));
    }
}

/// The first rows of an .xlsx's worksheet, up to the rows a header is looked for in.
fn xlsx_first_rows<RS: Read + Seek>(
    workbook: &mut Xlsx<RS>,
    name: &str,
) -> Vec<Vec<Cell<'static>>> {
    let mut first_rows: Vec<Vec<Cell<'static>>> = Vec::new();
    let Ok(mut cells) = workbook.worksheet_cells_reader(name) else {
        return first_rows;
    };
    while let Ok(Some(cell)) = cells.next_cell() {
        let (row, column) = cell.get_position();
        if row >= PROBE_ROWS {
            break;
        }
        let column = column as usize;
        let value = match cell.get_value() {
            DataRef::SharedString(text) => Cell::Text(Cow::Owned(text.to_string())),
            DataRef::String(text) => Cell::Text(Cow::Owned(text.clone())),
            _ => continue,
        };
        let row = row as usize;
        if first_rows.len() <= row {
            first_rows.resize(row + 1, Vec::new());
        }
        if let Some(cells) = first_rows.get_mut(row)
            && column < MAX_COLUMNS
        {
            if cells.len() <= column {
                cells.resize(column + 1, Cell::Empty);
            }
            if let Some(slot) = cells.get_mut(column) {
                *slot = value;
            }
        }
    }
    first_rows
}

/// Passes on one row, after the blank rows (no cell at all) since the last one.
fn emit<S: RowSink>(
    rows: &mut Rows<'_, S>,
    last_number: &mut u64,
    number: u64,
    mut cells: Vec<Cell<'_>>,
) -> Flow {
    if *last_number > 0 && number > *last_number + 1 {
        rows.blank_rows(*last_number + 1, number - *last_number - 1);
    }
    *last_number = number;
    rows.row(number, &mut cells)
}

fn cell_of_ref<'a, S: RowSink>(
    path: &str,
    number: u64,
    column: usize,
    value: DataRef<'a>,
    rows: &mut Rows<'_, S>,
) -> Cell<'a> {
    match value {
        DataRef::Empty | DataRef::Error(_) => Cell::Empty,
        DataRef::SharedString(text) => text_cell(path, number, column, Cow::Borrowed(text), rows),
        DataRef::String(text) => text_cell(path, number, column, Cow::Owned(text), rows),
        DataRef::Float(n) => Cell::Number(n),
        DataRef::Int(n) => Cell::Number(n as f64),
        DataRef::Bool(b) => Cell::Text(Cow::Owned(b.to_string())),
        DataRef::DateTime(value) => date_cell(&value),
        DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => Cell::Text(Cow::Owned(text)),
    }
}

fn date_cell(value: &calamine::ExcelDateTime) -> Cell<'static> {
    let (y, m, d, ..) = value.to_ymd_hms_milli();
    NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d))
        .map_or(Cell::Empty, Cell::Date)
}

/// A date cell calamine gives as ISO 8601 text (`2021-05-20`, `1900-01-04T04:48:00`): the day
/// it holds, as a date; text that is no date stays text.
fn iso_date_cell(text: &str) -> Cell<'_> {
    text.get(..10)
        .and_then(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())
        .map_or(Cell::Text(Cow::Borrowed(text)), Cell::Date)
}

/// Reads a workbook calamine holds whole (its cells already bounded); `merged(workbook, name)`
/// gives a worksheet's cells merged over several rows.
fn read_whole<RS: Read + Seek, W: Reader<RS>, S: RowSink>(
    path: &str,
    kind: Kind,
    mut workbook: W,
    active: Option<usize>,
    rows: &mut Rows<'_, S>,
    merged: impl FnOnce(&mut W, &str) -> Vec<Merged>,
) where
    W::Error: Explain,
{
    let sheets = workbook.sheets_metadata().to_vec();
    let chosen = choose_sheet(path, &sheets, active, rows, |name, rows| {
        let Ok(range) = workbook.worksheet_range(name) else {
            return choose::Probe::Nothing;
        };
        let (first_row, first_column) = range.start().unwrap_or((0, 0));
        let first_rows = range
            .rows()
            .take(PROBE_ROWS.saturating_sub(first_row) as usize)
            .map(|data_row| {
                let mut cells = vec![Cell::Empty; first_column as usize];
                cells.extend(data_row.iter().map(|data| match data {
                    Data::String(text) => Cell::Text(Cow::Owned(text.clone())),
                    _ => Cell::Empty,
                }));
                cells
            });
        probe_rows(first_rows, rows)
    });
    let Some(name) = chosen else {
        return;
    };
    rows.set_merged(merged(&mut workbook, &name));
    let range = match workbook.worksheet_range(&name) {
        Ok(range) => range,
        Err(error) => return rows.refuse(unreadable(path, kind, &error)),
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
                Data::String(text) => text_cell(path, number, column, Cow::Borrowed(text), rows),
                Data::Float(n) => Cell::Number(*n),
                Data::Int(n) => Cell::Number(*n as f64),
                Data::Bool(b) => Cell::Text(Cow::Owned(b.to_string())),
                Data::DateTime(value) => date_cell(value),
                // An .ods date cell (`1900-01-04T04:48:00`): a date, as in .xlsx and .xls.
                Data::DateTimeIso(text) => iso_date_cell(text),
                Data::DurationIso(text) => Cell::Text(Cow::Borrowed(text)),
            };
            cells.push(cell);
        }
        if rows.row(number, &mut cells) != Flow::Go {
            return;
        }
    }
}

/// Refuses an .ods whose tables would span more than [`MAX_DENSE_CELLS`] cells when read whole
/// (calamine reads every table of an .ods at once, blank cells between them included), naming
/// the cell that stands far away.
fn ods_bound<RS: Read + Seek>(path: &str, input: &mut RS) -> Result<(), Box<Diagnostic>> {
    use quick_xml::events::Event;
    let mut archive = zip::ZipArchive::new(input).map_err(|e| unreadable(path, Kind::Ods, &e))?;
    let content = archive
        .by_name("content.xml")
        .map_err(|e| unreadable(path, Kind::Ods, &e))?;
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    // As calamine reads it: end tags are not matched against their start.
    xml.config_mut().check_end_names = false;
    let mut buffer = Vec::new();
    let mut table = Extent::default();
    let mut table_name = String::new();
    let mut total = 0u64;
    let mut row = 0u64;
    let mut row_repeat = 1u64;
    let mut column = 0u64;
    let mut in_row_content: Option<(u64, u64)> = None;
    loop {
        let event = xml
            .read_event_into(&mut buffer)
            .map_err(|e| unreadable(path, Kind::Ods, &e))?;
        let (element, empty) = match &event {
            Event::Start(element) => (Some(element), false),
            Event::Empty(element) => (Some(element), true),
            Event::End(end) => {
                match end.name().as_ref() {
                    "table:table-row" => {
                        if let Some((low, high)) = in_row_content.take() {
                            table.add(row, row + row_repeat - 1, low, high);
                        }
                        row = row.saturating_add(row_repeat);
                    }
                    "table:table" => {
                        total = total.saturating_add(table.cells());
                        if total > MAX_DENSE_CELLS {
                            let spread = Spread {
                                corner: (
                                    table.rows.unwrap_or_default().0,
                                    table.columns.unwrap_or_default().0,
                                ),
                                lowest: table.lowest,
                                rightmost: table.rightmost,
                                cells: table.cells(),
                            };
                            return Err(Box::new(too_spread(path, ".ods", &table_name, spread)));
                        }
                    }
                    _ => {}
                }
                buffer.clear();
                continue;
            }
            Event::Eof => break,
            _ => {
                buffer.clear();
                continue;
            }
        };
        let Some(element) = element else { continue };
        let attribute = |name: &str| -> Option<String> {
            element
                .try_get_attribute(name)
                .ok()
                .flatten()
                .map(|a| a.value.into_owned())
        };
        let repeat = |name: &str| {
            attribute(name)
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(1)
                .max(1)
        };
        match element.name().as_ref() {
            "table:table" => {
                table = Extent::default();
                table_name = attribute("table:name").unwrap_or_default();
                row = 0;
            }
            "table:table-row" => {
                row_repeat = repeat("table:number-rows-repeated");
                column = 0;
                in_row_content = None;
                if empty {
                    row = row.saturating_add(row_repeat);
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let columns = repeat("table:number-columns-repeated");
                // A cell with a value, a formula, or anything inside it counts as content.
                let content = !empty
                    || attribute("office:value-type").is_some()
                    || attribute("table:formula").is_some();
                if content {
                    let last = column.saturating_add(columns - 1);
                    in_row_content = Some(match in_row_content {
                        Some((low, high)) => (low.min(column), high.max(last)),
                        None => (column, last),
                    });
                }
                column = column.saturating_add(columns);
            }
            _ => {}
        }
        buffer.clear();
    }
    Ok(())
}

/// The rows and columns a table's content spans, and the cells that stretch it.
#[derive(Debug, Default)]
struct Extent {
    rows: Option<(u64, u64)>,
    columns: Option<(u64, u64)>,
    /// The first content cell of the lowest row, and the rightmost content cell.
    lowest: (u64, u64),
    rightmost: (u64, u64),
}

impl Extent {
    fn add(&mut self, first_row: u64, last_row: u64, low: u64, high: u64) {
        self.rows = Some(match self.rows {
            Some((top, bottom)) => (top.min(first_row), bottom.max(last_row)),
            None => (first_row, last_row),
        });
        if self.lowest.0 <= last_row {
            self.lowest = (last_row, low);
        }
        let right = self.columns.is_none_or(|(_, right)| high > right);
        self.columns = Some(match self.columns {
            Some((left, right)) => (left.min(low), right.max(high)),
            None => (low, high),
        });
        if right {
            self.rightmost = (first_row, high);
        }
    }

    fn cells(&self) -> u64 {
        match (self.rows, self.columns) {
            (Some((top, bottom)), Some((left, right))) => {
                (bottom - top + 1).saturating_mul(right - left + 1)
            }
            _ => 0,
        }
    }
}

/// A table too spread out to read whole, naming the cell that stretches it most.
fn too_spread(path: &str, format: &str, table: &str, spread: Spread) -> Diagnostic {
    let (top, left) = spread.corner;
    let (row, column) = if spread.lowest.0 - top >= spread.rightmost.1 - left {
        spread.lowest
    } else {
        spread.rightmost
    };
    let message = format!(
        "工作表“{table}”的第{}行{}列有内容，离表格很远；{format} 文件要连同中间的空白一起读入（约{}个单元格），超过了{MAX_DENSE_CELLS}个的上限，无法读取。请删去这个单元格，或在 Excel/WPS 中另存为 .xlsx 或 CSV 再报送",
        row + 1,
        column_name(
            usize::try_from(column)
                .unwrap_or(usize::MAX)
                .min(MAX_COLUMNS - 1)
        ),
        spread.cells
    );
    Diagnostic::error(path, Code::TooLarge, message).at(row + 1, Some(column + 1))
}

/// How a table read whole spreads: its top-left corner, its lowest and rightmost cells (0-based
/// row, column) and how many cells it spans.
struct Spread {
    corner: (u64, u64),
    lowest: (u64, u64),
    rightmost: (u64, u64),
    cells: u64,
}

/// Refuses an .xls whose worksheets would span more than [`MAX_DENSE_CELLS`] cells when
/// calamine reads them whole, naming the far cell.
fn xls_bound<RS: Read + Seek>(path: &str, input: &mut RS) -> Result<(), Box<Diagnostic>> {
    let Some(spans) = super::xls_bound::sheet_spans(input) else {
        return Ok(());
    };
    let total: u64 = spans.iter().map(|span| span.cells()).sum();
    let widest = spans.iter().max_by_key(|span| span.cells());
    match widest {
        Some(span) if total > MAX_DENSE_CELLS => {
            let (top, _) = span.rows.unwrap_or_default();
            let (left, _) = span.columns.unwrap_or_default();
            let wide = |(row, column): (u32, u32)| (u64::from(row), u64::from(column));
            let spread = Spread {
                corner: (u64::from(top), u64::from(left)),
                lowest: wide(span.lowest),
                rightmost: wide(span.rightmost),
                cells: total,
            };
            Err(Box::new(too_spread(path, ".xls", &span.name, spread)))
        }
        _ => Ok(()),
    }
}
