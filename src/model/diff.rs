//! What changed between two periods of one plan: class changes per task and status changes per
//! unit, keyed by (unit, task) — never guessed from row positions; and for a task with figures,
//! its 完成率 moving and the units that fell behind or caught up with the pace.

use chrono::NaiveDate;

use super::pace::{Rate, TaskPace, Totals};
use super::{Class, Classified, Period, Plan, Status, Task, TaskIx, UnitIx};

/// A unit's change on one task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitChange {
    /// Not done before (in progress or not started: `old`), done now (with its date).
    NewlyDone {
        unit: UnitIx,
        old: Status,
        date: Option<NaiveDate>,
    },
    /// Not started before, in progress now.
    NewlyStarted { unit: UnitIx },
    /// Done before and not now, or in progress before and not started now: likely a data error.
    WentBack {
        unit: UnitIx,
        old: Status,
        new: Status,
    },
    /// Done in both, with a different completion date: likely a data error.
    DateMoved {
        unit: UnitIx,
        old: Option<NaiveDate>,
        new: Option<NaiveDate>,
    },
}

impl UnitChange {
    pub fn unit(&self) -> UnitIx {
        match self {
            UnitChange::NewlyDone { unit, .. }
            | UnitChange::NewlyStarted { unit }
            | UnitChange::WentBack { unit, .. }
            | UnitChange::DateMoved { unit, .. } => *unit,
        }
    }

    /// Whether the change looks like a mistake in one of the two sheets.
    pub fn is_suspect(&self) -> bool {
        matches!(
            self,
            UnitChange::WentBack { .. } | UnitChange::DateMoved { .. }
        )
    }
}

/// Why a task is in the report, in the order the clerk wants to read them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    NewlyOverdue,
    /// 正在推进 → 滞后序时.
    FellBehindPace,
    NewlyCompleted,
    OtherClassChange,
    UnitsOnly,
}

/// One task whose class or units changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskChange {
    pub task: TaskIx,
    pub kind: ChangeKind,
    pub old_class: Class,
    pub new_class: Class,
    pub units: Vec<UnitChange>,
    /// How many assigned units were done, before and now.
    pub done_count: (usize, usize),
    /// For a task with figures in either period: how its pace moved.
    pub pace: Option<PaceChange>,
}

/// A task's figures in two periods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaceChange {
    /// 完成率 and 序时进度 before and now; `None` in a period without figures on the task.
    pub old_rate: Option<Rate>,
    pub new_rate: Option<Rate>,
    pub old_expected: Option<Rate>,
    pub new_expected: Option<Rate>,
    pub old_totals: Option<Totals>,
    pub new_totals: Option<Totals>,
    /// Units behind now that were not before (including units new to figures), in canonical order.
    pub fell_behind: Vec<UnitIx>,
    /// Units behind before that are not now (done, or back on pace).
    pub caught_up: Vec<UnitIx>,
}

impl PaceChange {
    /// Whether anything moved: the rate, or a unit's standing.
    pub fn moved(&self) -> bool {
        self.old_rate != self.new_rate || !self.fell_behind.is_empty() || !self.caught_up.is_empty()
    }
}

/// How a task's pace moved between two periods; `None` when it has figures in neither.
pub fn pace_change(old: Option<&TaskPace>, new: Option<&TaskPace>) -> Option<PaceChange> {
    if old.is_none() && new.is_none() {
        return None;
    }
    let behind = |pace: Option<&TaskPace>| pace.map(TaskPace::behind_units).unwrap_or_default();
    let (was, is) = (behind(old), behind(new));
    Some(PaceChange {
        old_rate: old.map(|p| p.rate),
        new_rate: new.map(|p| p.rate),
        old_expected: old.map(|p| p.expected),
        new_expected: new.map(|p| p.expected),
        old_totals: old.and_then(|p| p.totals),
        new_totals: new.and_then(|p| p.totals),
        fell_behind: is.iter().copied().filter(|u| !was.contains(u)).collect(),
        caught_up: was.iter().copied().filter(|u| !is.contains(u)).collect(),
    })
}

/// The difference between two classified periods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodDiff {
    pub old_as_of: NaiveDate,
    pub new_as_of: NaiveDate,
    /// Per class: the tasks in it before and now (ids ascending as in plan order of ids).
    pub classes: Vec<ClassCount>,
    /// Tasks that changed, the most pressing first, then by id.
    pub tasks: Vec<TaskChange>,
    /// Units that sent nothing in the old or the new period (left out of unit changes).
    pub silent_old: Vec<UnitIx>,
    pub silent_new: Vec<UnitIx>,
    /// The mean 完成率 of the tasks with figures in both periods, before and now, with how
    /// many tasks it is over; `None` when no task has figures in both.
    pub mean_rate: Option<MeanRate>,
}

/// The mean 完成率 of the tasks with figures in both periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeanRate {
    pub tasks: usize,
    /// The first of those tasks (the only one when `tasks` is 1).
    pub first: TaskIx,
    pub old: Rate,
    pub new: Rate,
}

/// One class's tasks in both periods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassCount {
    pub class: Class,
    pub old: Vec<TaskIx>,
    pub new: Vec<TaskIx>,
}

impl ClassCount {
    /// Tasks in the class now that were not before.
    pub fn added(&self) -> Vec<TaskIx> {
        self.new
            .iter()
            .copied()
            .filter(|t| !self.old.contains(t))
            .collect()
    }

    /// Tasks in the class before that are not now.
    pub fn removed(&self) -> Vec<TaskIx> {
        self.old
            .iter()
            .copied()
            .filter(|t| !self.new.contains(t))
            .collect()
    }
}

/// Compares two classified periods of `plan`.
pub fn diff_periods(plan: &Plan, old: &Classified, new: &Classified) -> PeriodDiff {
    let (old_period, new_period) = (old.period, new.period);
    let silent_old = old_period.silent_units(plan);
    let silent_new = new_period.silent_units(plan);
    // 滞后序时 is told beside the four classes only where there are figures to tell it by.
    let pace = old.has_pace() || new.has_pace();
    let all: &[Class] = if pace { &Class::WITH_PACE } else { &Class::ALL };
    let classes = all
        .iter()
        .map(|&class| ClassCount {
            class,
            old: old.tasks_in(class),
            new: new.tasks_in(class),
        })
        .collect();

    let mut tasks = Vec::new();
    for (index, task) in plan.tasks_indexed() {
        let (Some(old_outcome), Some(new_outcome)) = (old.outcome(index), new.outcome(index))
        else {
            continue;
        };
        let units = unit_changes(
            task,
            index,
            (old_period, new_period),
            &silent_old,
            &silent_new,
        );
        let (old_class, new_class) = (old_outcome.class, new_outcome.class);
        let kind = change_kind(old_class, new_class);
        let pace = pace_change(old.pace(index), new.pace(index));
        let pace_moved = pace.as_ref().is_some_and(PaceChange::moved);
        if kind == ChangeKind::UnitsOnly && units.is_empty() && !pace_moved {
            continue;
        }
        tasks.push(TaskChange {
            task: index,
            kind,
            old_class,
            new_class,
            units,
            done_count: (old_outcome.done.len(), new_outcome.done.len()),
            pace,
        });
    }
    tasks.sort_by_key(|change| (change.kind, plan.task_id(change.task)));
    let both: Vec<(TaskIx, Rate, Rate)> = plan
        .tasks_indexed()
        .filter_map(|(index, _)| Some((index, old.pace(index)?.rate, new.pace(index)?.rate)))
        .collect();
    let mean_rate = both.first().map(|&(first, _, _)| MeanRate {
        tasks: both.len(),
        first,
        old: Rate::mean(both.iter().map(|&(_, old, _)| old)),
        new: Rate::mean(both.iter().map(|&(_, _, new)| new)),
    });
    PeriodDiff {
        mean_rate,
        old_as_of: old_period.as_of,
        new_as_of: new_period.as_of,
        classes,
        tasks,
        silent_old,
        silent_new,
    }
}

/// The changes of a task's units between the periods, in canonical order; a unit that sent
/// nothing in either period is left out (it is listed as silent instead).
fn unit_changes(
    task: &Task,
    index: TaskIx,
    (old, new): (&Period, &Period),
    silent_old: &[UnitIx],
    silent_new: &[UnitIx],
) -> Vec<UnitChange> {
    let mut units = Vec::new();
    for &unit in &task.assigned {
        if silent_old.contains(&unit) || silent_new.contains(&unit) {
            continue;
        }
        let (old_status, new_status) = (old.status(index, unit), new.status(index, unit));
        let date_in = |period: &Period| period.report(index, unit).and_then(|r| r.date);
        let new_date = date_in(new);
        let change = match (old_status, new_status) {
            (Status::Done, Status::Done) => {
                let old_date = date_in(old);
                (old_date != new_date).then_some(UnitChange::DateMoved {
                    unit,
                    old: old_date,
                    new: new_date,
                })
            }
            (old_status, Status::Done) => Some(UnitChange::NewlyDone {
                unit,
                old: old_status,
                date: new_date,
            }),
            (Status::NotStarted, Status::InProgress) => Some(UnitChange::NewlyStarted { unit }),
            (Status::Done, _) | (Status::InProgress, Status::NotStarted) => {
                Some(UnitChange::WentBack {
                    unit,
                    old: old_status,
                    new: new_status,
                })
            }
            _ => None,
        };
        units.extend(change);
    }
    units
}

/// Why a task whose class went from `old` to `new` is in the report.
fn change_kind(old: Class, new: Class) -> ChangeKind {
    let completed = |class: Class| matches!(class, Class::OnTime | Class::Late);
    if old == new {
        ChangeKind::UnitsOnly
    } else if new == Class::Overdue {
        ChangeKind::NewlyOverdue
    } else if new == Class::BehindPace {
        ChangeKind::FellBehindPace
    } else if completed(new) && !completed(old) {
        ChangeKind::NewlyCompleted
    } else {
        ChangeKind::OtherClassChange
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::parse_plan;
    use crate::model::{Period, classify_period};

    const PLAN: &str = "units:\n  towns: [甲, 乙, 丙]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: 一。\n        deadline: 2021-04\n      - id: 2\n        text: 二。\n        deadline: 2021-12\n      - id: 3\n        text: 三。\n        deadline: 2021-12\n";

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2021, m, d).unwrap()
    }

    fn period(
        plan: &Plan,
        as_of: NaiveDate,
        rows: &[(usize, usize, Status, Option<NaiveDate>)],
    ) -> Period {
        let rows = rows
            .iter()
            .map(|&(task, unit, status, date)| (task, unit, status, date, ""));
        Period::of_reports(as_of, (plan.tasks.len(), plan.units.len()), rows)
    }

    fn diff(plan: &Plan, old: &Period, new: &Period) -> PeriodDiff {
        let old = classify_period(plan, old);
        let new = classify_period(plan, new);
        diff_periods(plan, &old, &new)
    }

    use Status::{Done, InProgress, NotStarted};

    #[test]
    fn every_kind_of_change_is_found_and_nothing_else() {
        let plan = parse_plan("plan.yaml", PLAN).unwrap();
        let old = period(
            &plan,
            day(4, 26),
            &[
                (0, 0, InProgress, None),
                (0, 1, Done, Some(day(4, 1))),
                (0, 2, InProgress, None),
                (1, 0, Done, Some(day(4, 2))),
                (1, 1, NotStarted, None),
                (1, 2, InProgress, None),
                (2, 0, Done, Some(day(3, 1))),
                (2, 1, Done, Some(day(3, 1))),
                (2, 2, Done, Some(day(3, 1))),
            ],
        );
        let new = period(
            &plan,
            day(5, 24),
            &[
                (0, 0, InProgress, None),
                (0, 1, Done, Some(day(4, 1))),
                (0, 2, InProgress, None),
                (1, 0, InProgress, None),
                (1, 1, InProgress, None),
                (1, 2, Done, Some(day(5, 3))),
                (2, 0, Done, Some(day(3, 1))),
                (2, 1, Done, Some(day(3, 2))),
                (2, 2, Done, Some(day(3, 1))),
            ],
        );
        let diff = diff(&plan, &old, &new);
        let summary: Vec<(u32, ChangeKind, Class, Class)> = diff
            .tasks
            .iter()
            .map(|c| (plan.task_id(c.task), c.kind, c.old_class, c.new_class))
            .collect();
        // Task 1's deadline (April) passed between the periods; task 3 stayed done but a date moved.
        assert_eq!(
            summary,
            [
                (
                    1,
                    ChangeKind::NewlyOverdue,
                    Class::InProgress,
                    Class::Overdue
                ),
                (
                    2,
                    ChangeKind::UnitsOnly,
                    Class::InProgress,
                    Class::InProgress
                ),
                (3, ChangeKind::UnitsOnly, Class::OnTime, Class::OnTime),
            ]
        );
        assert!(diff.tasks[0].units.is_empty());
        assert_eq!(
            diff.tasks[1].units,
            [
                UnitChange::WentBack {
                    unit: UnitIx(0),
                    old: Done,
                    new: InProgress
                },
                UnitChange::NewlyStarted { unit: UnitIx(1) },
                UnitChange::NewlyDone {
                    unit: UnitIx(2),
                    old: InProgress,
                    date: Some(day(5, 3))
                },
            ]
        );
        assert_eq!(diff.tasks[1].done_count, (1, 1));
        assert_eq!(
            diff.tasks[2].units,
            [UnitChange::DateMoved {
                unit: UnitIx(1),
                old: Some(day(3, 1)),
                new: Some(day(3, 2))
            }]
        );
        assert!(diff.tasks[2].units[0].is_suspect());
    }

    #[test]
    fn two_identical_periods_have_no_changes() {
        let plan = parse_plan("plan.yaml", PLAN).unwrap();
        let rows = [(0, 0, Done, Some(day(4, 1))), (1, 1, InProgress, None)];
        let old = period(&plan, day(5, 24), &rows);
        let new = period(&plan, day(5, 24), &rows);
        let diff = diff(&plan, &old, &new);
        assert!(diff.tasks.is_empty());
        assert!(
            diff.classes
                .iter()
                .all(|c| c.added().is_empty() && c.removed().is_empty())
        );
    }

    #[test]
    fn a_unit_that_sent_nothing_is_listed_not_counted_as_going_back() {
        let plan = parse_plan("plan.yaml", PLAN).unwrap();
        let old = period(&plan, day(4, 26), &[(1, 2, Done, Some(day(4, 1)))]);
        let new = period(&plan, day(5, 24), &[(1, 0, InProgress, None)]);
        let diff = diff(&plan, &old, &new);
        assert_eq!(diff.silent_new, [UnitIx(1), UnitIx(2)]);
        assert_eq!(diff.silent_old, [UnitIx(0), UnitIx(1)]);
        assert!(
            diff.tasks.iter().all(|c| c.units.is_empty()),
            "{:?}",
            diff.tasks
        );
    }
}

#[cfg(test)]
mod pace_tests {
    use super::*;
    use crate::load::yaml::parse_plan;
    use crate::model::pace::{Figure, Milli};
    use crate::model::{Period, Report, classify_period};

    /// Towns 甲 乙 丙; task 1 with 100 each over 2025, task 2 with figures in percent only.
    const PLAN: &str = "pace:\n  start: 2025-01-01\nunits:\n  towns: [甲, 乙, 丙]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: 一。\n        deadline: 2025-12\n        target: 100\n        measure: 套\n      - id: 2\n        text: 二。\n        deadline: 2025-12\n";

    /// Every unit in progress on both tasks, with the given quantities on task 1 and
    /// percentages on task 2 (`None`: no figure).
    fn period(as_of: (u32, u32), figures: [[Option<u64>; 3]; 2]) -> Period {
        let as_of = NaiveDate::from_ymd_opt(2025, as_of.0, as_of.1).unwrap();
        let mut period = Period::new(as_of, 2, 3);
        for (task, row) in figures.iter().enumerate() {
            for (unit, figure) in row.iter().enumerate() {
                let report = Report {
                    status: Status::InProgress,
                    date: None,
                    note: String::new(),
                };
                period.set(TaskIx(task), UnitIx(unit), report);
                if let Some(value) = figure {
                    let value = Milli::whole(*value);
                    let figure = if task == 0 {
                        Figure::Quantity(value)
                    } else {
                        Figure::Percent(value)
                    };
                    period.set_figure(TaskIx(task), UnitIx(unit), figure);
                }
            }
        }
        period
    }

    #[test]
    fn a_task_that_fell_behind_pace_and_the_units_that_moved_are_found() {
        let plan = parse_plan("plan.yaml", PLAN).unwrap();
        // 30 June: 49.6% expected; 30 September: 74.8%.
        let old = period(
            (6, 30),
            [[Some(60), Some(40), Some(50)], [None, None, None]],
        );
        let new = period(
            (9, 30),
            [[Some(80), Some(50), Some(75)], [Some(90), Some(70), None]],
        );
        let diff = diff_periods(
            &plan,
            &classify_period(&plan, &old),
            &classify_period(&plan, &new),
        );
        let [first, second] = diff.tasks.as_slice() else {
            panic!("{:#?}", diff.tasks);
        };
        // Task 1: (60 + 40 + 50) / 300 = 50% ahead of 49.6%; now 205 / 300 = 68.3% behind 74.8%.
        assert_eq!(
            (first.kind, first.old_class, first.new_class),
            (
                ChangeKind::FellBehindPace,
                Class::InProgress,
                Class::BehindPace
            )
        );
        let pace = first.pace.as_ref().unwrap();
        assert_eq!(
            (pace.old_rate, pace.new_rate),
            (Some(Rate::new(150, 300)), Some(Rate::new(205, 300)))
        );
        // 乙 was behind and is still; 丙 (50% → 75%) was on pace and is still; 甲 never behind.
        assert_eq!(pace.fell_behind, []);
        assert_eq!(pace.caught_up, []);
        // Task 2 gained figures: no figures before, so every unit behind now fell behind.
        assert_eq!(second.kind, ChangeKind::FellBehindPace);
        let pace = second.pace.as_ref().unwrap();
        assert_eq!(pace.old_rate, None);
        assert_eq!(pace.fell_behind, [UnitIx(1), UnitIx(2)]);
        let behind = diff
            .classes
            .iter()
            .find(|c| c.class == Class::BehindPace)
            .unwrap();
        assert_eq!(behind.added(), [TaskIx(0), TaskIx(1)]);
    }

    #[test]
    fn figures_that_moved_alone_make_a_change_and_the_same_figures_none() {
        let plan = parse_plan("plan.yaml", PLAN).unwrap();
        let figures = [[Some(60), Some(70), Some(80)], [None, None, None]];
        let same = diff_periods(
            &plan,
            &classify_period(&plan, &period((6, 30), figures)),
            &classify_period(&plan, &period((6, 30), figures)),
        );
        assert!(same.tasks.is_empty(), "{:#?}", same.tasks);
        let mut more = figures;
        more[0][0] = Some(65);
        let moved = diff_periods(
            &plan,
            &classify_period(&plan, &period((6, 30), figures)),
            &classify_period(&plan, &period((6, 30), more)),
        );
        assert_eq!(moved.tasks.len(), 1);
        assert_eq!(moved.tasks[0].kind, ChangeKind::UnitsOnly);
        assert!(moved.tasks[0].units.is_empty());
    }
}
