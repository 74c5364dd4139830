//! A sheet's warnings, gathered as it is read: the same warning on many rows is one line that
//! names its rows (`单位“慈城街道”按“慈城”读取（第2–12行）`), and at most
//! [`MAX_WARNINGS_PER_SHEET`] lines are kept, the rest counted. Warnings have their own cap:
//! however many there are, they never crowd out an error nor become one. The same gathering
//! makes one line of an unknown unit's errors (each row still counted against the errors' cap).

use std::collections::HashMap;

use crate::diagnostic::{Code, Diagnostic};

/// How many warning lines one sheet lists before the rest are only counted.
pub const MAX_WARNINGS_PER_SHEET: usize = 200;
/// How many runs of rows one line names before the rest are only counted.
const MAX_SPANS: usize = 32;

/// What makes two warnings the same warning: all but their row.
type Key = (Code, Option<u64>, Option<String>, String);

/// One warning line: the first finding, and every row it was found on.
#[derive(Debug, Clone)]
struct Group {
    first: Diagnostic,
    /// Runs of consecutive rows, in reading order.
    spans: Vec<(u64, u64)>,
    /// Rows found past [`MAX_SPANS`] runs: counted, not named.
    more: u64,
    rows: u64,
}

impl Group {
    fn add_row(&mut self, row: u64) {
        self.rows += 1;
        if let Some((_, end)) = self.spans.last_mut() {
            if *end + 1 == row {
                *end = row;
                return;
            }
            // The same row twice (two findings alike in one row): named once.
            if *end == row {
                self.rows -= 1;
                return;
            }
        }
        if self.spans.len() < MAX_SPANS {
            self.spans.push((row, row));
        } else {
            self.more += 1;
        }
    }

    /// The finding as printed: its message names its rows when there are several.
    fn into_diagnostic(self) -> Diagnostic {
        let mut diagnostic = self.first;
        if self.rows < 2 {
            return diagnostic;
        }
        let spans: Vec<String> = self
            .spans
            .iter()
            .map(|&(start, end)| {
                if start == end {
                    start.to_string()
                } else {
                    format!("{start}–{end}")
                }
            })
            .collect();
        let rows = if self.more > 0 {
            format!("（第{}……等共{}行）", spans.join("、"), self.rows)
        } else {
            format!("（第{}行）", spans.join("、"))
        };
        // The rows go after what was found, before how to fix it.
        diagnostic.message = match diagnostic.message.split_once('；') {
            Some((found, fix)) => format!("{found}{rows}；{fix}"),
            None => format!("{}{rows}", diagnostic.message),
        };
        diagnostic.spans = self.spans;
        diagnostic
    }
}

/// The warnings of one sheet (or of the part of one read on another core).
#[derive(Debug, Clone, Default)]
pub struct Warnings {
    groups: Vec<Group>,
    index: HashMap<Key, usize>,
    /// Findings past the cap, counted but not kept.
    unlisted: usize,
}

impl Warnings {
    /// Takes one warning: a new line, another row of a line already kept, or one counted.
    pub fn add(&mut self, diagnostic: Diagnostic) {
        let key: Key = (
            diagnostic.code,
            diagnostic.column,
            diagnostic.field.clone(),
            diagnostic.message.clone(),
        );
        if let Some(&at) = self.index.get(&key)
            && let Some(group) = self.groups.get_mut(at)
        {
            if let Some(row) = diagnostic.row {
                group.add_row(row);
            }
            return;
        }
        if self.groups.len() >= MAX_WARNINGS_PER_SHEET {
            self.unlisted += 1;
            return;
        }
        let spans = diagnostic.row.map(|row| (row, row)).into_iter().collect();
        self.index.insert(key, self.groups.len());
        self.groups.push(Group {
            first: diagnostic,
            spans,
            more: 0,
            rows: 1,
        });
    }

    /// Counts warnings left out before they were made (a header of a thousand columns).
    pub fn count_unlisted(&mut self, count: usize) {
        self.unlisted += count;
    }

    /// Takes in the warnings of the rows after these, read on another core, if the result is
    /// the one reading them here would give; false (and nothing changed) otherwise.
    pub fn join(&mut self, later: Warnings) -> bool {
        if !self.can_join(&later) {
            return false;
        }
        for group in later.groups {
            let key = key_of(&group.first);
            match self.index.get(&key).and_then(|&at| self.groups.get_mut(at)) {
                Some(here) => {
                    for &(start, end) in &group.spans {
                        for row in start..=end {
                            here.add_row(row);
                        }
                    }
                }
                None => {
                    self.index.insert(key, self.groups.len());
                    self.groups.push(group);
                }
            }
        }
        true
    }

    /// Whether [`Warnings::join`] would take `later` in.
    pub fn can_join(&self, later: &Warnings) -> bool {
        if self.unlisted > 0 || later.unlisted > 0 {
            return false;
        }
        let mut new_lines = 0;
        for group in &later.groups {
            let Some(&at) = self.index.get(&key_of(&group.first)) else {
                new_lines += 1;
                continue;
            };
            let Some(here) = self.groups.get(at) else {
                return false;
            };
            let meets = matches!(
                (here.spans.last(), group.spans.first()),
                (Some((_, end)), Some((start, _))) if end + 1 == *start
            );
            let spans = here.spans.len() + group.spans.len() - usize::from(meets);
            if here.more > 0 || group.more > 0 || spans > MAX_SPANS {
                return false;
            }
        }
        self.groups.len() + new_lines <= MAX_WARNINGS_PER_SHEET
    }

    /// The lines to print, and one more saying how many were left out.
    pub fn finish(self, path: &str) -> Vec<Diagnostic> {
        let mut lines: Vec<Diagnostic> = self
            .groups
            .into_iter()
            .map(Group::into_diagnostic)
            .collect();
        if self.unlisted > 0 {
            let message = format!(
                "提示太多，只列出了前{MAX_WARNINGS_PER_SHEET}条，另有{}条未列出（提示不影响汇总）",
                self.unlisted
            );
            lines.push(Diagnostic::warning(path, Code::TooManyFindings, message));
        }
        lines
    }
}

fn key_of(diagnostic: &Diagnostic) -> Key {
    (
        diagnostic.code,
        diagnostic.column,
        diagnostic.field.clone(),
        diagnostic.message.clone(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alias(row: u64) -> Diagnostic {
        Diagnostic::warning(
            "慈城.csv",
            Code::UnitAlias,
            "单位“慈城街道”按“慈城”读取；以后请直接填写“慈城”",
        )
        .at(row, Some(1))
        .field("单位")
    }

    #[test]
    fn the_same_warning_on_many_rows_is_one_line_naming_its_rows() {
        let mut warnings = Warnings::default();
        for row in (2..=12).chain([15, 17, 18]) {
            warnings.add(alias(row));
        }
        let lines = warnings.finish("慈城.csv");
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].row, Some(2));
        assert_eq!(
            lines[0].message,
            "单位“慈城街道”按“慈城”读取（第2–12、15、17–18行）；以后请直接填写“慈城”"
        );
        assert_eq!(lines[0].spans, [(2, 12), (15, 15), (17, 18)]);
    }

    #[test]
    fn a_warning_on_one_row_is_left_as_it_was() {
        let mut warnings = Warnings::default();
        warnings.add(alias(3));
        assert_eq!(warnings.finish("慈城.csv"), [alias(3)]);
    }

    #[test]
    fn past_the_cap_lines_are_counted_in_one_warning_never_an_error() {
        let mut warnings = Warnings::default();
        for row in 0..(MAX_WARNINGS_PER_SHEET as u64 + 50) {
            let message = format!("第{row}条");
            warnings.add(Diagnostic::warning("t.csv", Code::BlankRow, message).at(row + 2, None));
        }
        let lines = warnings.finish("t.csv");
        assert_eq!(lines.len(), MAX_WARNINGS_PER_SHEET + 1);
        let last = lines.last().unwrap();
        assert_eq!(last.code, Code::TooManyFindings);
        assert!(!last.is_error());
        assert!(last.message.contains("另有50条"), "{}", last.message);
    }

    #[test]
    fn rows_past_the_named_runs_are_counted() {
        let mut warnings = Warnings::default();
        for row in (2..300).step_by(2) {
            warnings.add(alias(row));
        }
        let lines = warnings.finish("慈城.csv");
        assert!(
            lines[0].message.contains("……等共149行）"),
            "{}",
            lines[0].message
        );
    }

    #[test]
    fn two_halves_joined_read_as_one() {
        let rows: Vec<u64> = (2..=12).chain([20, 21, 40]).collect();
        for cut in 0..rows.len() {
            let mut whole = Warnings::default();
            let mut first = Warnings::default();
            let mut second = Warnings::default();
            for (index, &row) in rows.iter().enumerate() {
                whole.add(alias(row));
                if index < cut {
                    first.add(alias(row));
                } else {
                    second.add(alias(row));
                }
            }
            assert!(first.join(second));
            assert_eq!(first.finish("慈城.csv"), whole.finish("慈城.csv"));
        }
    }
}
