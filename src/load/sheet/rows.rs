//! Between a format's reader and the sink: the one place that decides which row is the
//! header, what blank rows mean, and what lies too far below the table to belong to it.

use super::{Cell, Row, RowSink, SplitSink, column_name};
use crate::diagnostic::{Code, Diagnostic};

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
}

impl<'s, S: RowSink> Rows<'s, S> {
    pub fn new(path: &'s str, sink: &'s mut S, from_workbook: bool) -> Self {
        Self {
            path,
            sink,
            from_workbook,
            state: RowsState::default(),
        }
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

    /// Refuses the whole file (too large to read): said once, and not also called empty.
    pub fn refuse(&mut self, diagnostic: Diagnostic) {
        self.state.refused = true;
        self.sink.report(diagnostic);
    }

    /// One row as read. Rows before the header that hold nothing are not the header; blank
    /// rows after it are held back until it is known whether the table goes on after them.
    pub fn row(&mut self, number: u64, cells: Vec<Cell<'_>>) -> Flow {
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
                self.sink.title(&Row { number, cells });
                return Flow::Go;
            }
            self.state.header_seen = true;
            let header: Vec<String> = cells.iter().map(|cell| cell.text().into_owned()).collect();
            return if self.sink.header(number, &header, self.from_workbook) {
                Flow::Go
            } else {
                Flow::Stopped
            };
        }
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
        self.sink.row(&Row { number, cells });
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

    /// Ends the sheet: blank rows at its end are passed on (a long run of them is one
    /// finding), an empty file says so. Returns whether anything was read.
    pub fn finish(mut self) -> bool {
        if let Some((first, count)) = self.state.blanks.take() {
            if count > MAX_BLANK_RUN {
                let last = first + count - 1;
                let message = format!("第{first}行到第{last}行都是空行（共{count}行），已跳过");
                self.sink.report(
                    Diagnostic::warning(self.path, Code::BlankRow, message).at(first, None),
                );
            } else {
                for blank in first..first + count {
                    self.sink.row(&Row {
                        number: blank,
                        cells: Vec::new(),
                    });
                }
            }
        }
        if !self.state.content && !self.state.refused {
            let message = "文件是空的：请填写表头（单位、任务、状态、完成日期、说明）和各项任务的情况后重新报送";
            self.sink
                .report(Diagnostic::error(self.path, Code::EmptyFile, message));
        }
        self.state.content
    }
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
