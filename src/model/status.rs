//! What the units reported for a period: one status per (task, unit), held densely.

use chrono::NaiveDate;

use super::goal::Figure;
use super::grid::{Table, TaskIx, UnitIx};
use super::plan::Plan;

/// A unit's status on a task, the closed vocabulary of the status sheets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Done,
    InProgress,
    NotStarted,
}

impl Status {
    /// The word a sheet uses for it.
    pub fn label(self) -> &'static str {
        match self {
            Status::Done => "已完成",
            Status::InProgress => "推进中",
            Status::NotStarted => "未开始",
        }
    }

    /// Reads a sheet's cell: the Chinese word or the English code (any case, `-`/space for `_`).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if let Some(status) = Self::of_label(text) {
            return Some(status);
        }
        let code: String = text
            .chars()
            .map(|c| {
                if c == '-' || c == ' ' {
                    '_'
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect();
        match code.as_str() {
            "done" => Some(Status::Done),
            "in_progress" => Some(Status::InProgress),
            "not_started" => Some(Status::NotStarted),
            _ => None,
        }
    }

    /// The status whose [`label`](Self::label) is exactly `text`.
    pub fn of_label(text: &str) -> Option<Self> {
        match text {
            "已完成" => Some(Status::Done),
            "推进中" => Some(Status::InProgress),
            "未开始" => Some(Status::NotStarted),
            _ => None,
        }
    }

    /// The accepted Chinese words, for messages.
    pub const CHOICES: &'static str = "已完成、推进中、未开始";

    /// The other words clerks write for a status (完成了, 进行中, 未启动, …): read as that
    /// status, with a warning, since a sheet should use the three words.
    pub fn parse_alias(text: &str) -> Option<Self> {
        let text = text.trim().trim_end_matches(['。', '.', '！', '!']);
        ALIASES
            .iter()
            .find(|(word, _)| *word == text)
            .map(|&(_, status)| status)
    }
}

/// The words of the contract's section "Sheets as towns send them", and their status.
const ALIASES: [(&str, Status); 18] = [
    ("完成", Status::Done),
    ("完成了", Status::Done),
    ("已办结", Status::Done),
    ("办结", Status::Done),
    ("已落实", Status::Done),
    ("进行中", Status::InProgress),
    ("正在推进", Status::InProgress),
    ("正在推进中", Status::InProgress),
    ("正在进行", Status::InProgress),
    ("正在进行中", Status::InProgress),
    ("推进", Status::InProgress),
    ("持续推进", Status::InProgress),
    ("持续推进中", Status::InProgress),
    ("已启动", Status::InProgress),
    ("在建", Status::InProgress),
    ("未启动", Status::NotStarted),
    ("未开展", Status::NotStarted),
    ("没有开始", Status::NotStarted),
];

/// One unit's report on one task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub status: Status,
    /// The completion date; only kept for `Done`.
    pub date: Option<NaiveDate>,
    pub note: String,
}

/// A reporting period: its date and every report, indexed by (task, unit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub as_of: NaiveDate,
    reports: Table<Report>,
    /// The 进度 figures, by (task, unit).
    figures: Table<Figure>,
}

impl Period {
    /// An empty period for a plan of `tasks` × `units`.
    pub fn new(as_of: NaiveDate, tasks: usize, units: usize) -> Self {
        Self {
            as_of,
            reports: Table::new(tasks, units),
            figures: Table::new(tasks, units),
        }
    }

    /// The report of `unit` on `task`, if it sent one.
    pub fn report(&self, task: TaskIx, unit: UnitIx) -> Option<&Report> {
        self.reports.get(task, unit)
    }

    /// Where `unit` stands on `task`: its report's status; a unit that reported nothing on the
    /// task has not started it.
    pub fn status(&self, task: TaskIx, unit: UnitIx) -> Status {
        self.report(task, unit)
            .map_or(Status::NotStarted, |report| report.status)
    }

    /// Records a report, replacing any earlier one for the same (task, unit).
    pub fn set(&mut self, task: TaskIx, unit: UnitIx, report: Report) {
        self.reports.set(task, unit, report);
    }

    /// Takes in the reports of another period of the same plan (one read on another core).
    pub fn fill_from(&mut self, other: Period) {
        self.reports.fill_from(other.reports);
        self.figures.fill_from(other.figures);
    }

    /// What `unit` wrote in 进度 on `task`, if anything.
    pub fn figure(&self, task: TaskIx, unit: UnitIx) -> Option<Figure> {
        self.figures.get(task, unit).copied()
    }

    /// Records a 进度 figure, replacing any earlier one for the same (task, unit).
    pub fn set_figure(&mut self, task: TaskIx, unit: UnitIx, figure: Figure) {
        self.figures.set(task, unit, figure);
    }

    /// Whether any unit wrote a figure on `task`.
    pub fn task_has_figures(&self, task: TaskIx) -> bool {
        self.figures.task_row(task).next().is_some()
    }

    /// Whether `unit` reported anything at all.
    pub fn has_any_report(&self, unit: UnitIx) -> bool {
        self.reports.unit_column(unit).next().is_some()
    }

    /// The units of `plan` with tasks that sent nothing at all, in the plan's order: their
    /// tasks count as not done, and a comparison leaves them out of the units' changes.
    pub fn silent_units(&self, plan: &Plan) -> Vec<UnitIx> {
        plan.units_indexed()
            .map(|(unit, _)| unit)
            .filter(|&unit| plan.has_tasks(unit) && !self.has_any_report(unit))
            .collect()
    }
}

/// What a unit may have reported in a generated test case: nothing, or one of the statuses.
#[cfg(test)]
pub const REPORTED: [Option<Status>; 4] = [
    None,
    Some(Status::Done),
    Some(Status::InProgress),
    Some(Status::NotStarted),
];

/// The one way tests build a period: each row is (task, unit, status, completion date, note).
#[cfg(test)]
impl Period {
    pub fn of_reports<'n>(
        as_of: NaiveDate,
        (tasks, units): (usize, usize),
        rows: impl IntoIterator<Item = (usize, usize, Status, Option<NaiveDate>, &'n str)>,
    ) -> Period {
        let mut period = Period::new(as_of, tasks, units);
        for (task, unit, status, date, note) in rows {
            let report = Report {
                status,
                date,
                note: note.to_string(),
            };
            period.set(TaskIx(task), UnitIx(unit), report);
        }
        period
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_in_chinese_and_english() {
        assert_eq!(Status::parse("已完成"), Some(Status::Done));
        assert_eq!(Status::parse(" 推进中 "), Some(Status::InProgress));
        assert_eq!(Status::parse("Not-Started"), Some(Status::NotStarted));
        assert_eq!(Status::parse("in progress"), Some(Status::InProgress));
        assert_eq!(Status::parse("完成了"), None);
        assert_eq!(Status::parse(""), None);
    }

    #[test]
    fn the_words_clerks_write_for_a_status_are_its_aliases() {
        for (word, status) in [
            ("完成了", Status::Done),
            ("已办结。", Status::Done),
            ("已落实", Status::Done),
            ("正在推进", Status::InProgress),
            ("在建", Status::InProgress),
            ("正在推进中", Status::InProgress),
            ("持续推进", Status::InProgress),
            ("已启动", Status::InProgress),
            ("未开展", Status::NotStarted),
            ("没有开始", Status::NotStarted),
        ] {
            assert_eq!(Status::parse_alias(word), Some(status), "{word}");
        }
        for word in ["基本完成", "已完成", "推进中了", ""] {
            assert_eq!(Status::parse_alias(word), None, "{word}");
        }
    }

    #[test]
    fn a_period_keeps_reports_per_task_and_unit() {
        let as_of = NaiveDate::from_ymd_opt(2021, 5, 24).unwrap();
        let mut period = Period::new(as_of, 2, 3);
        let report = Report {
            status: Status::Done,
            date: Some(as_of),
            note: String::new(),
        };
        period.set(TaskIx(1), UnitIx(2), report.clone());
        assert_eq!(period.report(TaskIx(1), UnitIx(2)), Some(&report));
        assert_eq!(period.report(TaskIx(0), UnitIx(2)), None);
        assert!(period.has_any_report(UnitIx(2)));
        assert!(!period.has_any_report(UnitIx(0)));
    }
}
