//! Between a format's reader and the sink: the one place that decides which row is the
//! header (looked for in the first rows, under titles and notes), what a merged cell means in
//! the rows it spans, what blank rows mean, and what lies too far below the table to belong
//! to it.

use super::{Cell, Row, RowSink, SplitSink, column_name};
use crate::diagnostic::{Code, Diagnostic};

/// The rows a header is looked for in, as Excel numbers them: a title, a second title and a
/// 填报说明 row may stand above it.
pub const HEADER_SEARCH_ROWS: u64 = 10;

/// A cell merged over several rows (0-based, as calamine gives them): its value is read in
/// every row it spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Merged {
    pub first_row: u32,
    pub last_row: u32,
    pub first_column: u32,
    pub last_column: u32,
}

/// A merged cell being read down its rows.
#[derive(Debug, Clone)]
struct Spanning {
    merged: Merged,
    /// The value of its top-left cell, once its row was read.
    value: Option<Cell<'static>>,
    /// Whether a row below was given the value (said once, in a warning).
    filled: bool,
}

/// More blank rows than this in a row end the table: what comes after them is not read.
pub const MAX_BLANK_RUN: u64 = 100;

/// Whether reading goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Flow {
    Go,
    /// The sink or the rules here stopped the reading.
    Stopped,
    /// The input ended.
    Ended,
    /// The reader stands where it was asked to pause.
    Paused,
}

/// What the rows so far have shown; a part read on another core carries its own.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct RowsState {
    header_seen: bool,
    /// Whether any cell held anything.
    content: bool,
    /// Blank rows after the header not yet passed on: the first one's number and how many.
    blanks: Option<(u64, u64)>,
    /// A part's first row was blank: it cannot be joined to what came before.
    leading_blank: bool,
    rows_seen: bool,
    /// Title rows passed over above the header.
    titles: u8,
    /// The file was refused whole.
    refused: bool,
}

/// How many one-cell rows above the header are read as titles (`城关镇工作任务推进情况表`, a
/// line with the deadline and a contact, as `bulletin sheets` writes them) before the next
/// row is taken as the header whatever it holds.
const MAX_TITLE_ROWS: u8 = 10;

pub(super) struct Rows<'s, S: RowSink> {
    path: &'s str,
    sink: &'s mut S,
    from_workbook: bool,
    state: RowsState,
    /// Rows above the header that hold more than a title and are not the header (yet): kept
    /// until the header is found below them, or taken as the header and rows when it is not.
    pending: Vec<(u64, Vec<Cell<'static>>)>,
    /// Cells merged down several rows, by their first row, not yet reached.
    merged: Vec<Merged>,
    /// Those the rows have reached.
    spanning: Vec<Spanning>,
}

impl<'s, S: RowSink> Rows<'s, S> {
    pub fn new(path: &'s str, sink: &'s mut S, from_workbook: bool) -> Self {
        Self {
            path,
            sink,
            from_workbook,
            state: RowsState::default(),
            pending: Vec::new(),
            merged: Vec::new(),
            spanning: Vec::new(),
        }
    }

    /// The cells of the sheet merged over more than one row, read in every row they span.
    pub fn set_merged(&mut self, mut merged: Vec<Merged>) {
        if !self.sink.fills_merged() {
            return;
        }
        merged.retain(|m| m.last_row > m.first_row && m.last_column >= m.first_column);
        // Taken from the end as the rows reach them.
        merged.sort_by_key(|m| std::cmp::Reverse((m.first_row, m.first_column)));
        self.merged = merged;
    }

    /// Whether `cells` would be the sheet's header (the sink says what a header names).
    pub fn is_header(&self, cells: &[String]) -> bool {
        self.sink.is_header(cells)
    }

    /// The rows of a sheet's second half, after a header already read.
    pub fn part(path: &'s str, sink: &'s mut S) -> Self {
        Self {
            path,
            sink,
            from_workbook: false,
            state: RowsState {
                header_seen: true,
                content: true,
                ..RowsState::default()
            },
            pending: Vec::new(),
            merged: Vec::new(),
            spanning: Vec::new(),
        }
    }

    pub fn into_state(self) -> RowsState {
        self.state
    }

    pub fn header_seen(&self) -> bool {
        self.state.header_seen
    }

    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.sink.report(diagnostic);
    }

    /// The cells whose formulas have no result (told in one finding): read as empty, they
    /// are not to be told as empty too.
    pub fn formula_cells(&mut self, cells: Vec<(u64, u64)>) {
        self.sink.formula_cells(cells);
    }

    /// Refuses the whole file (too large to read): said once, and not also called empty.
    pub fn refuse(&mut self, diagnostic: Diagnostic) {
        self.state.refused = true;
        self.sink.report(diagnostic);
    }

    /// One row as read. Rows before the header that hold nothing are not the header; blank
    /// rows after it are held back until it is known whether the table goes on after them.
    /// `cells` is handed back, emptied or not, for the reader to use again.
    pub fn row(&mut self, number: u64, cells: &mut Vec<Cell<'_>>) -> Flow {
        if !self.merged.is_empty() || !self.spanning.is_empty() {
            self.fill_merged(number, cells);
        }
        let content = cells.iter().position(|cell| !cell.is_empty());
        let first_row = !self.state.rows_seen;
        self.state.rows_seen = true;
        let Some(first_column) = content else {
            if self.state.header_seen {
                self.state.leading_blank |= first_row;
                self.blank_rows(number, 1);
            }
            return Flow::Go;
        };
        self.state.content = true;
        if !self.state.header_seen {
            // A row of one cell is a title above the table, never a header (which names at
            // least 单位, 任务 and 状态).
            let filled = cells.iter().filter(|cell| !cell.is_empty()).count();
            if filled == 1 && self.state.titles < MAX_TITLE_ROWS {
                self.state.titles += 1;
                let row = Row {
                    number,
                    cells: std::mem::take(cells),
                };
                self.sink.title(&row);
                *cells = row.cells;
                return Flow::Go;
            }
            let header: Vec<String> = cells.iter().map(|cell| cell.text().into_owned()).collect();
            if self.sink.is_header(&header) {
                self.skipped_above(number);
                return self.header(number, &header);
            }
            // Not the header: a 填报说明 or a second title, if the header is found below.
            if number <= HEADER_SEARCH_ROWS {
                let cells = cells.drain(..).map(Cell::into_owned).collect();
                self.pending.push((number, cells));
                return Flow::Go;
            }
            return match self.header_not_found() {
                Flow::Go => self.data_row(number, cells, first_column),
                stopped => stopped,
            };
        }
        self.data_row(number, cells, first_column)
    }

    /// The header: the sink says whether the sheet can be read past it.
    fn header(&mut self, number: u64, header: &[String]) -> Flow {
        self.state.header_seen = true;
        if self.sink.header(number, header, self.from_workbook) {
            Flow::Go
        } else {
            Flow::Stopped
        }
    }

    /// Rows passed over above the header, said in a warning (one-cell titles are not).
    fn skipped_above(&mut self, header_row: u64) {
        let Some((first, cells)) = self.pending.first() else {
            return;
        };
        let text = cells
            .iter()
            .map(|cell| cell.text())
            .filter(|text| !text.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let mut shown: String = text.chars().take(20).collect();
        if shown.len() < text.len() {
            shown.push('…');
        }
        let rows = match self.pending.last() {
            Some((last, _)) if last != first => format!("第{first}–{last}行"),
            _ => format!("第{first}行"),
        };
        let message = format!(
            "表头在第{header_row}行：上面的{rows}（“{shown}”）不是表头，当作标题或填报说明跳过；如果其中有要报送的内容，请移到表头下面"
        );
        let diagnostic = Diagnostic::warning(self.path, Code::HeaderRow, message).at(*first, None);
        for (number, cells) in std::mem::take(&mut self.pending) {
            self.sink.above(&Row { number, cells });
        }
        self.sink.report(diagnostic);
    }

    /// No row of the first ones is a header: the first that held more than a title is taken as
    /// the header (the sink then says what it lacks), the rest as rows.
    fn header_not_found(&mut self) -> Flow {
        let mut pending = std::mem::take(&mut self.pending).into_iter();
        let Some((number, cells)) = pending.next() else {
            return Flow::Go;
        };
        let header: Vec<String> = cells.iter().map(|cell| cell.text().into_owned()).collect();
        if self.header(number, &header) != Flow::Go {
            return Flow::Stopped;
        }
        for (number, mut cells) in pending {
            let first_column = cells.iter().position(|cell| !cell.is_empty()).unwrap_or(0);
            if self.data_row(number, &mut cells, first_column) != Flow::Go {
                return Flow::Stopped;
            }
        }
        Flow::Go
    }

    /// A row after the header, after the blank rows held back before it.
    fn data_row(&mut self, number: u64, cells: &mut Vec<Cell<'_>>, first_column: usize) -> Flow {
        if let Some((first, count)) = self.state.blanks.take() {
            if count > MAX_BLANK_RUN {
                let cell = cells.get(first_column).unwrap_or(&Cell::Empty);
                self.far_below(number, first_column, cell, count);
                return Flow::Stopped;
            }
            for blank in first..first + count {
                self.sink.row(&Row {
                    number: blank,
                    cells: Vec::new(),
                });
            }
        }
        let row = Row {
            number,
            cells: std::mem::take(cells),
        };
        self.sink.row(&row);
        *cells = row.cells;
        Flow::Go
    }

    /// `count` blank rows from row `first` (a workbook's rows that hold no cell).
    pub fn blank_rows(&mut self, first: u64, count: u64) {
        if !self.state.header_seen || count == 0 {
            return;
        }
        self.state.blanks = Some(match self.state.blanks {
            Some((start, before)) => (start, before + count),
            None => (first, count),
        });
    }

    /// A cell far below the table, after more blank rows than a table has: not read, and said.
    fn far_below(&mut self, number: u64, column: usize, cell: &Cell<'_>, blanks: u64) {
        let text = cell.text();
        let shown: String = text.chars().take(20).collect();
        let more = if shown.len() < text.len() { "…" } else { "" };
        let message = format!(
            "第{number}行{}列有内容“{shown}{more}”，与上面的表格隔了{blanks}个空行，不是表格的一部分，这一行及以下都没有读取；如果是误填的，请删去；如果要报送，请移到表格中紧接着填写",
            column_name(column)
        );
        self.sink.report(
            Diagnostic::warning(self.path, Code::StrayCell, message)
                .at(number, Some(column as u64 + 1)),
        );
    }

    /// Gives each row the value of a cell merged down over it, where its own cell is empty.
    fn fill_merged(&mut self, number: u64, cells: &mut Vec<Cell<'_>>) {
        let row = u32::try_from(number.saturating_sub(1)).unwrap_or(u32::MAX);
        self.spanning.retain(|s| s.merged.last_row >= row);
        while let Some(&merged) = self.merged.last() {
            if merged.first_row > row {
                break;
            }
            self.merged.pop();
            if merged.last_row >= row {
                self.spanning.push(Spanning {
                    merged,
                    value: None,
                    filled: false,
                });
            }
        }
        let mut filled_now = Vec::new();
        // Filling a header (a two-row header, 单位 merged over both) is no guess worth a word.
        let below_header = self.state.header_seen;
        for (index, spanning) in self.spanning.iter_mut().enumerate() {
            let merged = spanning.merged;
            let first = merged.first_column as usize;
            if merged.first_row == row {
                spanning.value = cells
                    .get(first)
                    .filter(|cell| !cell.is_empty())
                    .map(|cell| cell.clone().into_owned());
                continue;
            }
            let Some(value) = &spanning.value else {
                continue;
            };
            // A row of nothing but covered cells stays blank.
            if cells.iter().all(Cell::is_empty) {
                continue;
            }
            let last = (merged.last_column as usize).min(super::MAX_COLUMNS - 1);
            if cells.len() <= last {
                cells.resize(last + 1, Cell::Empty);
            }
            for cell in cells.iter_mut().take(last + 1).skip(first) {
                if cell.is_empty() {
                    *cell = value.clone();
                    if below_header && !spanning.filled {
                        spanning.filled = true;
                        filled_now.push(index);
                    }
                }
            }
        }
        for index in filled_now {
            if let Some(spanning) = self.spanning.get(index) {
                let message = merged_message(spanning);
                let merged = spanning.merged;
                self.sink.report(
                    Diagnostic::warning(self.path, Code::MergedCell, message).at(
                        u64::from(merged.first_row) + 1,
                        Some(u64::from(merged.first_column) + 1),
                    ),
                );
            }
        }
    }

    /// Ends the sheet: blank rows at its end are passed over without a word (Excel saves rows
    /// that were only formatted), an empty file says so. Returns whether anything was read.
    pub fn finish(mut self) -> bool {
        if !self.state.header_seen && !self.pending.is_empty() {
            self.header_not_found();
        }
        self.state.blanks = None;
        if !self.state.content && !self.state.refused {
            let message = "文件是空的：请填写表头（单位、任务、状态、完成日期、说明）和各项任务的情况后重新报送";
            self.sink
                .report(Diagnostic::error(self.path, Code::EmptyFile, message));
        }
        self.state.content
    }
}

/// "A2:A13 是合并单元格，已把“慈城”读到其中每一行".
fn merged_message(spanning: &Spanning) -> String {
    let merged = spanning.merged;
    let corner =
        |row: u32, column: u32| format!("{}{}", column_name(column as usize), u64::from(row) + 1);
    let value = spanning
        .value
        .as_ref()
        .map(|v| v.text().chars().take(20).collect::<String>())
        .unwrap_or_default();
    format!(
        "{}:{} 是合并单元格，已把“{value}”读到第{}–{}行的每一行；如果各行不同，请取消合并后逐行填写",
        corner(merged.first_row, merged.first_column),
        corner(merged.last_row, merged.last_column),
        u64::from(merged.first_row) + 1,
        u64::from(merged.last_row) + 1
    )
}

impl<S: SplitSink> Rows<'_, S> {
    /// A sink for a part read on another core, if the sink makes parts.
    pub fn part_sink(&self) -> Option<S::Part> {
        self.sink.part()
    }

    /// Takes in a part read after the rows here. False (and nothing changed) when blank rows
    /// meet at the cut, or the sink cannot join it.
    pub fn join(&mut self, part: S::Part, state: RowsState) -> bool {
        if self.state.blanks.is_some() || state.leading_blank || !self.sink.join(part) {
            return false;
        }
        self.state.blanks = state.blanks;
        true
    }
}
