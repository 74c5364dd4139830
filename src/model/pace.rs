//! Pace and targets (序时进度): how far along the calendar expects a task to be, how far each
//! unit is (完成率), who is behind (进度较慢) or seriously behind (严重滞后). The arithmetic is
//! exact (see [`super::rate`]); the ranking of units by progress is [`super::ranking`].

use chrono::{Datelike, NaiveDate};

use super::grid::{TaskIx, UnitIx};
use super::plan::Plan;
use super::status::{Period, Status};

// The units pace is measured in, and what the plan and the sheets say of it, where the pace's
// users look for them.
pub use super::goal::{Figure, PaceRules, PlanPace, TaskGoal};
pub use super::rate::{Milli, Rate, percent_text};

/// 序时进度: the days from `start` to `as_of` over the days from `start` to `end`, both counted
/// inclusive (the as_of day has passed), kept within 0–100%.
pub fn expected_pace(start: NaiveDate, end: NaiveDate, as_of: NaiveDate) -> Rate {
    if as_of >= end {
        return Rate::ONE;
    }
    if as_of < start {
        return Rate::ZERO;
    }
    let passed = (as_of - start).num_days() + 1;
    let total = (end - start).num_days() + 1;
    Rate::new(passed.unsigned_abs().into(), total.unsigned_abs().into())
}

/// One unit's standing on a task, as the pace rules read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitInput {
    pub unit: UnitIx,
    /// `None` when the unit reported nothing on the task.
    pub status: Option<Status>,
    pub figure: Option<Figure>,
    pub target: Option<Milli>,
}

/// A unit's 完成率 and whether it is behind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitPace {
    pub unit: UnitIx,
    pub target: Option<Milli>,
    /// What it wrote in 进度.
    pub figure: Option<Figure>,
    /// The quantity it counts with in the task's total (target tasks only).
    pub quantity: Option<Milli>,
    pub done: bool,
    /// 完成率, at most 100%.
    pub rate: Rate,
    /// 进度较慢: not done and its rate below the expected pace.
    pub behind: bool,
    /// 严重滞后: behind by more than the plan's `serious` points.
    pub serious: bool,
}

/// The quantities of a target task: reached (a unit past its target counting in full) and set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub reached: Milli,
    pub target: Milli,
}

/// A task's progress against the pace the calendar expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskPace {
    pub start: NaiveDate,
    /// 序时进度 at the period's date.
    pub expected: Rate,
    /// For a task with targets: the quantities its sentence states.
    pub totals: Option<Totals>,
    /// The task's 完成率: total over target, or the mean of its units' rates.
    pub rate: Rate,
    pub behind: bool,
    pub serious: bool,
    /// Its assigned units, in canonical order.
    pub units: Vec<UnitPace>,
}

impl TaskPace {
    /// The units behind pace, in canonical order.
    pub fn behind_units(&self) -> Vec<UnitIx> {
        self.units
            .iter()
            .filter(|u| u.behind)
            .map(|u| u.unit)
            .collect()
    }

    /// The units seriously behind, in canonical order.
    pub fn serious_units(&self) -> Vec<UnitIx> {
        self.units
            .iter()
            .filter(|u| u.serious)
            .map(|u| u.unit)
            .collect()
    }

    /// Whether every assigned unit is done.
    pub fn all_done(&self) -> bool {
        self.units.iter().all(|u| u.done)
    }

    /// The standing of one unit, if it is the task's.
    pub fn unit(&self, unit: UnitIx) -> Option<&UnitPace> {
        self.units.iter().find(|u| u.unit == unit)
    }
}

/// A unit's 完成率 on a task: 100% when done; else its quantity over its target or its
/// percentage, at most 100%; 0 without a figure.
pub fn unit_rate(status: Option<Status>, figure: Option<Figure>, target: Option<Milli>) -> Rate {
    if status == Some(Status::Done) {
        return Rate::ONE;
    }
    match (figure, target) {
        (Some(Figure::Quantity(reached)), Some(target)) => {
            Rate::new(reached.0.into(), target.0.into()).capped()
        }
        (Some(Figure::Quantity(percent) | Figure::Percent(percent)), _) => {
            Rate::new(percent.0.into(), 100_000).capped()
        }
        (None, _) => Rate::ZERO,
    }
}

/// The quantity a unit counts with in its task's total: what it reached; a unit marked done
/// counts at least its target.
fn reached(input: &UnitInput) -> Option<Milli> {
    let target = input.target?;
    let figure = match input.figure {
        Some(Figure::Quantity(quantity)) => quantity,
        // A percentage of its target (the sheet check turns these into quantities).
        Some(Figure::Percent(percent)) => {
            Milli((u128::from(target.0) * u128::from(percent.0) / 100_000) as u64)
        }
        None => Milli(0),
    };
    Some(if input.status == Some(Status::Done) {
        figure.max(target)
    } else {
        figure
    })
}

/// A task's pace: `units` are its assigned units, in canonical order; `serious` the plan's
/// points for 严重滞后. The task has targets when any unit has one.
pub fn task_pace(
    units: &[UnitInput],
    start: NaiveDate,
    end: NaiveDate,
    as_of: NaiveDate,
    serious: Milli,
) -> TaskPace {
    let expected = expected_pace(start, end, as_of);
    let serious_line = expected.minus_points(serious);
    let units: Vec<UnitPace> = units
        .iter()
        .map(|input| {
            let done = input.status == Some(Status::Done);
            let rate = unit_rate(input.status, input.figure, input.target);
            UnitPace {
                unit: input.unit,
                target: input.target,
                figure: input.figure,
                quantity: reached(input),
                done,
                rate,
                behind: !done && rate < expected,
                serious: !done && rate < serious_line,
            }
        })
        .collect();
    let with_target = units.iter().any(|u| u.target.is_some());
    let totals = with_target.then(|| Totals {
        reached: Milli(units.iter().filter_map(|u| u.quantity).map(|q| q.0).sum()),
        target: Milli(units.iter().filter_map(|u| u.target).map(|t| t.0).sum()),
    });
    let rate = match totals {
        Some(totals) => Rate::new(totals.reached.0.into(), totals.target.0.into()).capped(),
        None => Rate::mean(units.iter().map(|u| u.rate)),
    };
    let all_done = units.iter().all(|u| u.done);
    TaskPace {
        start,
        expected,
        totals,
        rate,
        behind: !all_done && rate < expected,
        serious: !all_done && rate < serious_line,
        units,
    }
}

/// When a task's clock starts: its own `start`, else the plan's (`pace.start`, else the date
/// the plan was issued), else 1 January of the year of the plan's earliest deadline.
pub fn start_of(plan: &Plan, task: TaskIx) -> NaiveDate {
    plan.goal(task)
        .start
        .or(plan.pace.rules.start)
        .unwrap_or_else(|| {
            let year = plan
                .tasks
                .iter()
                .map(|t| t.deadline.end.year())
                .min()
                .unwrap_or(1970);
            NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN)
        })
}

/// Whether a task has progress figures in a period: it has a target, or some unit wrote 进度.
pub fn has_figures(plan: &Plan, period: &Period, task: TaskIx) -> bool {
    plan.goal(task).has_target() || period.task_has_figures(task)
}

/// Every task's pace in a period, by task index; `None` for a task without figures.
pub fn period_paces(plan: &Plan, period: &Period) -> Vec<Option<TaskPace>> {
    plan.tasks_indexed()
        .map(|(index, task)| {
            if !has_figures(plan, period, index) {
                return None;
            }
            let goal = plan.goal(index);
            let units: Vec<UnitInput> = task
                .assigned
                .iter()
                .map(|&unit| UnitInput {
                    unit,
                    status: period.report(index, unit).map(|r| r.status),
                    figure: period.figure(index, unit),
                    target: goal.target_of(unit),
                })
                .collect();
            Some(task_pace(
                &units,
                start_of(plan, index),
                task.deadline.end,
                period.as_of,
                plan.pace.rules.serious,
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_contracts_example_is_273_of_365_days() {
        let rate = expected_pace(day(2025, 1, 1), day(2025, 12, 31), day(2025, 9, 30));
        assert_eq!(rate, Rate::new(273, 365));
        assert_eq!(rate.percent_text(), "74.8%");
    }

    #[test]
    fn the_pace_is_zero_before_the_start_and_full_from_the_deadline() {
        let (start, end) = (day(2025, 3, 1), day(2025, 3, 10));
        assert_eq!(expected_pace(start, end, day(2025, 2, 28)), Rate::ZERO);
        // The start day itself has passed: one day of ten.
        assert_eq!(expected_pace(start, end, start), Rate::new(1, 10));
        assert_eq!(expected_pace(start, end, day(2025, 3, 9)), Rate::new(9, 10));
        assert_eq!(expected_pace(start, end, end), Rate::ONE);
        assert_eq!(expected_pace(start, end, day(2026, 1, 1)), Rate::ONE);
        // A start after the deadline: nothing is expected until the deadline, then all.
        assert_eq!(expected_pace(end, start, day(2025, 3, 5)), Rate::ONE);
        assert_eq!(expected_pace(end, start, day(2025, 2, 1)), Rate::ZERO);
    }

    fn input(
        unit: usize,
        status: Option<Status>,
        figure: Option<Figure>,
        target: Option<u64>,
    ) -> UnitInput {
        UnitInput {
            unit: UnitIx(unit),
            status,
            figure,
            target: target.map(Milli::whole),
        }
    }

    fn quantity(value: u64) -> Option<Figure> {
        Some(Figure::Quantity(Milli::whole(value)))
    }

    fn percent(value: u64) -> Option<Figure> {
        Some(Figure::Percent(Milli::whole(value)))
    }

    #[test]
    fn a_unit_done_counts_in_full_one_not_started_without_a_figure_counts_nothing() {
        assert_eq!(
            unit_rate(Some(Status::Done), None, Some(Milli::whole(5))),
            Rate::ONE
        );
        assert_eq!(unit_rate(Some(Status::Done), percent(10), None), Rate::ONE);
        assert_eq!(unit_rate(Some(Status::NotStarted), None, None), Rate::ZERO);
        assert_eq!(unit_rate(None, None, Some(Milli::whole(5))), Rate::ZERO);
        assert_eq!(
            unit_rate(Some(Status::InProgress), quantity(3), Some(Milli::whole(5))),
            Rate::new(3, 5)
        );
        // Past its target, a unit's own rate stops at 100%.
        assert_eq!(
            unit_rate(Some(Status::InProgress), quantity(7), Some(Milli::whole(5))),
            Rate::ONE
        );
        assert_eq!(
            unit_rate(Some(Status::InProgress), percent(120), None),
            Rate::ONE
        );
    }

    #[test]
    fn a_target_tasks_rate_is_its_total_over_its_target_a_unit_past_its_target_counting_in_full() {
        let as_of = day(2025, 9, 30);
        let units = [
            input(0, Some(Status::InProgress), quantity(500), Some(600)),
            input(1, Some(Status::InProgress), quantity(700), Some(400)),
            input(2, Some(Status::Done), None, Some(200)),
        ];
        let pace = task_pace(
            &units,
            day(2025, 1, 1),
            day(2025, 12, 31),
            as_of,
            Milli::whole(20),
        );
        let totals = pace.totals.unwrap();
        assert_eq!(
            (totals.reached, totals.target),
            (Milli::whole(1400), Milli::whole(1200))
        );
        assert_eq!(pace.rate, Rate::ONE);
        assert!(!pace.behind);
        // 500/600 = 83.3% is ahead of 74.8%; 700/400 is capped at 100%.
        assert_eq!(pace.units[0].rate, Rate::new(5, 6));
        assert_eq!(pace.units[1].rate, Rate::ONE);
        assert!(pace.behind_units().is_empty());
    }

    #[test]
    fn a_task_without_targets_takes_the_mean_of_its_units_capped_rates() {
        let units = [
            input(0, Some(Status::InProgress), percent(150), None),
            input(1, Some(Status::InProgress), percent(40), None),
            input(2, Some(Status::NotStarted), None, None),
            input(3, Some(Status::Done), None, None),
        ];
        let pace = task_pace(
            &units,
            day(2025, 1, 1),
            day(2025, 12, 31),
            day(2025, 9, 30),
            Milli::whole(20),
        );
        assert_eq!(pace.totals, None);
        // (100 + 40 + 0 + 100) / 4 = 60%.
        assert_eq!(pace.rate, Rate::new(3, 5));
        assert!(pace.behind);
        // 74.8% − 20 = 54.8%: 40% and 0% are seriously behind; 60% is behind but not seriously.
        assert!(!pace.serious);
        assert_eq!(pace.behind_units(), [UnitIx(1), UnitIx(2)]);
        assert_eq!(pace.serious_units(), [UnitIx(1), UnitIx(2)]);
    }

    #[test]
    fn behind_and_seriously_behind_are_decided_on_their_boundaries() {
        // Start 1 January, deadline 10 January, as_of 5 January: 50% expected.
        let (start, end, as_of) = (day(2025, 1, 1), day(2025, 1, 10), day(2025, 1, 5));
        let standing = |figure: u64| {
            let pace = task_pace(
                &[input(0, Some(Status::InProgress), percent(figure), None)],
                start,
                end,
                as_of,
                Milli::whole(20),
            );
            (pace.units[0].behind, pace.units[0].serious)
        };
        assert_eq!(standing(50), (false, false), "at pace is not behind");
        assert_eq!(standing(49), (true, false));
        assert_eq!(
            standing(30),
            (true, false),
            "exactly 20 points behind is not serious"
        );
        assert_eq!(standing(29), (true, true));
        let pace = task_pace(
            &[input(0, Some(Status::Done), None, None)],
            start,
            end,
            day(2025, 1, 20),
            Milli::whole(20),
        );
        assert!(!pace.behind && pace.all_done());
    }
}

#[cfg(test)]
mod in_a_plan {
    use super::*;
    use crate::load::yaml::parse_plan;
    use crate::model::ranking::{ranked_units, scores};
    use crate::model::{Class, Report, classify_period};

    /// Towns 甲 乙 丙, a department 局; task 1 (2025-12) with targets, task 2 (2025-06) without,
    /// task 3 without figures; the clock starts on 1 January 2025.
    fn plan() -> Plan {
        let source = "units:\n  towns: [甲, 乙, 丙]\n  departments: [局]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: 一。\n        deadline: 2025-12\n      - id: 2\n        text: 二。\n        deadline: 2025-06\n      - id: 3\n        text: 三。\n        deadline: 2025-12\n        assigned: [局]\n";
        let plan = parse_plan("plan.yaml", source).unwrap();
        let goal = TaskGoal {
            target: Some(Milli::whole(100)),
            targets: vec![(UnitIx(2), Milli::whole(200))],
            measure: "套".into(),
            ..TaskGoal::default()
        };
        plan.with_pace(PlanPace {
            rules: PaceRules {
                start: NaiveDate::from_ymd_opt(2025, 1, 1),
                ..PaceRules::default()
            },
            goals: vec![goal, TaskGoal::default(), TaskGoal::default()],
            category_leads: vec![None],
        })
    }

    fn report(status: Status) -> Report {
        Report {
            status,
            date: (status == Status::Done).then(|| NaiveDate::from_ymd_opt(2025, 3, 1).unwrap()),
            note: String::new(),
        }
    }

    #[test]
    fn a_task_in_progress_behind_pace_is_behind_pace_and_its_deadline_class_stays_in_progress() {
        let plan = plan();
        let as_of = NaiveDate::from_ymd_opt(2025, 9, 30).unwrap();
        let mut period = Period::new(as_of, 3, 4);
        for unit in 0..3 {
            period.set(TaskIx(0), UnitIx(unit), report(Status::InProgress));
            period.set(TaskIx(1), UnitIx(unit), report(Status::InProgress));
        }
        period.set(TaskIx(2), UnitIx(3), report(Status::InProgress));
        period.set_figure(TaskIx(0), UnitIx(0), Figure::Quantity(Milli::whole(80)));
        period.set_figure(TaskIx(0), UnitIx(1), Figure::Quantity(Milli::whole(40)));
        period.set_figure(TaskIx(0), UnitIx(2), Figure::Quantity(Milli::whole(150)));
        let classified = classify_period(&plan, &period);
        // (80 + 40 + 150) / 400 = 67.5% < 74.8%: 滞后序时; 乙 at 40% is seriously behind, 丙 at
        // 150/200 = 75% just ahead of pace.
        let pace = classified.pace(TaskIx(0)).unwrap();
        assert_eq!(pace.rate, Rate::new(270, 400));
        assert_eq!(pace.behind_units(), [UnitIx(1)]);
        assert_eq!(pace.serious_units(), [UnitIx(1)]);
        let outcome = classified.outcome(TaskIx(0)).unwrap();
        assert_eq!(outcome.class, Class::BehindPace);
        assert_eq!(outcome.class.deadline_class(), Class::InProgress);
        // Task 2 has neither a target nor a figure; task 3's deadline class is untouched.
        assert!(classified.pace(TaskIx(1)).is_none());
        assert!(classified.pace(TaskIx(2)).is_none());
        assert_eq!(classified.tasks_in(Class::BehindPace), [TaskIx(0)]);
        assert_eq!(classified.tasks_in(Class::InProgress), [TaskIx(2)]);
        // 甲 80%, 丙 75%, 乙 40%: the towns ranked; 局 has no figures and is not.
        let ranked = ranked_units(
            &plan,
            &scores(&plan, &[classified.pace(TaskIx(0)).cloned()]),
        );
        let order: Vec<(usize, usize)> = ranked.iter().map(|r| (r.score.unit.0, r.rank)).collect();
        assert_eq!(order, [(0, 1), (2, 2), (1, 3)]);
    }

    #[test]
    fn a_figure_on_a_task_without_a_target_gives_it_a_pace() {
        let plan = plan();
        let as_of = NaiveDate::from_ymd_opt(2025, 7, 1).unwrap();
        let mut period = Period::new(as_of, 3, 4);
        period.set(TaskIx(1), UnitIx(0), report(Status::InProgress));
        period.set_figure(TaskIx(1), UnitIx(0), Figure::Percent(Milli::whole(90)));
        let classified = classify_period(&plan, &period);
        let pace = classified.pace(TaskIx(1)).unwrap();
        // Past its June deadline: 100% expected, so the task is overdue, not 滞后序时.
        assert_eq!(pace.expected, Rate::ONE);
        assert_eq!(pace.rate, Rate::new(90, 300));
        assert_eq!(classified.outcome(TaskIx(1)).unwrap().class, Class::Overdue);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn date(offset: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Duration::days(offset)
    }

    use crate::model::status::REPORTED as STATUSES;

    proptest! {
        #[test]
        fn the_expected_pace_grows_with_as_of_and_stays_within_0_and_100(
            start in 0i64..800, length in 0i64..800, first in 0i64..1800, later in 0i64..400,
        ) {
            let (start, end) = (date(start), date(start + length));
            let early = expected_pace(start, end, date(first));
            let late = expected_pace(start, end, date(first + later));
            prop_assert!(early <= late);
            for rate in [early, late] {
                prop_assert!(Rate::ZERO <= rate && rate <= Rate::ONE);
            }
        }

        #[test]
        fn a_unit_behind_is_never_done_and_the_totals_add_up_from_its_units(
            units in proptest::collection::vec((0usize..4, proptest::option::of(0u64..2_000_000), 1u64..1_500_000), 1..12),
            with_target in any::<bool>(),
            as_of in 0i64..400,
            serious in 0u64..50,
        ) {
            let inputs: Vec<UnitInput> = units
                .iter()
                .enumerate()
                .map(|(index, &(status, figure, target))| UnitInput {
                    unit: UnitIx(index),
                    status: STATUSES[status],
                    figure: figure.map(|f| if with_target { Figure::Quantity(Milli(f)) } else { Figure::Percent(Milli(f / 10)) }),
                    target: with_target.then_some(Milli(target)),
                })
                .collect();
            let pace = task_pace(&inputs, date(0), date(365), date(as_of), Milli::whole(serious));
            for unit in &pace.units {
                prop_assert!(!(unit.behind && unit.done));
                prop_assert!(!unit.serious || unit.behind, "serious implies behind");
                prop_assert!(unit.rate <= Rate::ONE);
            }
            prop_assert!(pace.rate <= Rate::ONE);
            if let Some(totals) = pace.totals {
                let reached: u64 = inputs.iter().map(|u| {
                    let figure = match u.figure { Some(Figure::Quantity(q)) => q.0, _ => 0 };
                    let target = u.target.map_or(0, |t| t.0);
                    if u.status == Some(Status::Done) { figure.max(target) } else { figure }
                }).sum();
                prop_assert_eq!(totals.reached.0, reached);
                prop_assert_eq!(totals.target.0, inputs.iter().filter_map(|u| u.target).map(|t| t.0).sum::<u64>());
            }
        }


    }
}
