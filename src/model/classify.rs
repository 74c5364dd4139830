//! The four classes of the contract, decided at the period's as_of date, and 滞后序时 for a
//! task in progress that is behind the pace the calendar expects.

use chrono::NaiveDate;

use super::pace::{self, TaskPace};
use super::{Period, Plan, Status, Task, TaskIx, UnitIx};

/// How a task stands at the period's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// 按期完成: all assigned units done, none after the deadline.
    OnTime,
    /// 逾期完成: all assigned units done, some after the deadline.
    Late,
    /// 逾期未完成: the deadline has come by the end of as_of, and not all done.
    Overdue,
    /// 滞后序时: 正在推进, with progress figures below the pace the calendar expects. Only a
    /// task with figures can be in it; its deadline class is [`Class::InProgress`].
    BehindPace,
    /// 正在推进: the deadline is still ahead of as_of, and not all done.
    InProgress,
}

impl Class {
    /// The four deadline classes, in the order the bulletin tells them.
    pub const ALL: [Class; 4] = [
        Class::OnTime,
        Class::Late,
        Class::Overdue,
        Class::InProgress,
    ];

    /// Every class with 滞后序时, in the order section 一 tells them.
    pub const WITH_PACE: [Class; 5] = [
        Class::OnTime,
        Class::Late,
        Class::Overdue,
        Class::BehindPace,
        Class::InProgress,
    ];

    /// The class by the deadline alone: 滞后序时 is a kind of 正在推进. JSON's `class` is this,
    /// so its four values keep their meaning.
    pub fn deadline_class(self) -> Class {
        match self {
            Class::BehindPace => Class::InProgress,
            other => other,
        }
    }

    /// The class's name in Chinese.
    pub fn label(self) -> &'static str {
        match self {
            Class::OnTime => "按期完成",
            Class::Late => "逾期完成",
            Class::Overdue => "逾期未完成",
            Class::BehindPace => "滞后序时",
            Class::InProgress => "正在推进",
        }
    }
}

/// A task's class together with its units sorted by what they reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskOutcome {
    pub class: Class,
    /// Units done, with their completion dates, in canonical order.
    pub done: Vec<(UnitIx, Option<NaiveDate>)>,
    pub in_progress: Vec<UnitIx>,
    /// Units not started, and units that reported nothing on the task.
    pub not_started: Vec<UnitIx>,
    /// Units done after the deadline.
    pub late: Vec<UnitIx>,
}

impl TaskOutcome {
    /// Whether `unit` is among the units done.
    pub fn is_done(&self, unit: UnitIx) -> bool {
        self.done.iter().any(|&(done, _)| done == unit)
    }
}

/// A period classified against the plan: each task's outcome, in plan order.
#[derive(Debug, Clone)]
pub struct Classified<'a> {
    pub plan: &'a Plan,
    pub period: &'a Period,
    outcomes: Vec<TaskOutcome>,
    /// Each task's pace, by task index; `None` for a task without figures.
    paces: Vec<Option<TaskPace>>,
    /// The units with tasks that sent nothing, in the plan's order (sorted): found once, as
    /// every task's sentence asks (with 2,000 units × 2,000 tasks, finding them for each task
    /// took seconds).
    silent: Vec<UnitIx>,
}

impl Classified<'_> {
    /// The outcome of a task.
    pub fn outcome(&self, task: TaskIx) -> Option<&TaskOutcome> {
        self.outcomes.get(task.0)
    }

    /// The pace of a task with progress figures.
    pub fn pace(&self, task: TaskIx) -> Option<&TaskPace> {
        self.paces.get(task.0).and_then(Option::as_ref)
    }

    /// Every task's pace, by task index; `None` for a task without figures.
    pub fn paces(&self) -> &[Option<TaskPace>] {
        &self.paces
    }

    /// Whether any task has progress figures (else the bulletin reads as before pace existed).
    pub fn has_pace(&self) -> bool {
        self.paces.iter().any(Option::is_some)
    }

    /// The units with tasks that reported nothing at all (`generate --allow-missing`): their
    /// tasks count as not done. In the plan's order.
    pub fn not_reported(&self) -> Vec<UnitIx> {
        self.silent.clone()
    }

    /// The units that sent nothing, in the plan's order (sorted by index).
    pub fn silent(&self) -> &[UnitIx] {
        &self.silent
    }

    /// Whether `unit` has tasks and reported nothing at all (`generate --allow-missing`).
    pub fn sent_nothing(&self, unit: UnitIx) -> bool {
        self.silent.binary_search(&unit).is_ok()
    }

    /// Every outcome, in plan order.
    pub fn outcomes(&self) -> &[TaskOutcome] {
        &self.outcomes
    }

    /// The tasks in `class`, by id.
    pub fn tasks_in(&self, class: Class) -> Vec<TaskIx> {
        let mut tasks: Vec<TaskIx> = self
            .plan
            .tasks_indexed()
            .map(|(task, _)| task)
            .filter(|&task| self.outcome(task).is_some_and(|o| o.class == class))
            .collect();
        self.plan.sort_by_id(&mut tasks);
        tasks
    }

    /// How many tasks are in `class`.
    pub fn count(&self, class: Class) -> usize {
        self.outcomes.iter().filter(|o| o.class == class).count()
    }
}

/// Classifies every task of `plan` by the reports in `period`; a task in progress that is
/// behind pace is 滞后序时.
pub fn classify_period<'a>(plan: &'a Plan, period: &'a Period) -> Classified<'a> {
    let mut outcomes: Vec<TaskOutcome> = plan
        .tasks_indexed()
        .map(|(index, task)| classify_task(task, period, index))
        .collect();
    let paces = pace::period_paces(plan, period);
    for (outcome, pace) in outcomes.iter_mut().zip(&paces) {
        if outcome.class == Class::InProgress && pace.as_ref().is_some_and(|p| p.behind) {
            outcome.class = Class::BehindPace;
        }
    }
    Classified {
        plan,
        period,
        outcomes,
        paces,
        silent: period.silent_units(plan),
    }
}

/// Classifies `task` by the reports in `period`.
pub fn classify_task(task: &Task, period: &Period, task_index: TaskIx) -> TaskOutcome {
    let mut outcome = TaskOutcome {
        class: Class::InProgress,
        done: Vec::new(),
        in_progress: Vec::new(),
        not_started: Vec::new(),
        late: Vec::new(),
    };
    for &unit in &task.assigned {
        match period.status(task_index, unit) {
            Status::Done => {
                let date = period.report(task_index, unit).and_then(|r| r.date);
                if date.is_some_and(|date| date > task.deadline.end) {
                    outcome.late.push(unit);
                }
                outcome.done.push((unit, date));
            }
            Status::InProgress => outcome.in_progress.push(unit),
            Status::NotStarted => outcome.not_started.push(unit),
        }
    }
    let all_done = outcome.done.len() == task.assigned.len();
    outcome.class = class_of(
        all_done,
        !outcome.late.is_empty(),
        task.deadline.is_due(period.as_of),
    );
    outcome
}

/// The contract's table: what the class is, given whether every unit is done, whether any
/// finished after the deadline, and whether the deadline has come by the end of as_of.
pub fn class_of(all_done: bool, any_late: bool, due: bool) -> Class {
    match (all_done, any_late) {
        (true, false) => Class::OnTime,
        (true, true) => Class::Late,
        (false, _) if due => Class::Overdue,
        (false, _) => Class::InProgress,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Assignment, Deadline, Wording};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn task(deadline: Deadline, assigned: Vec<usize>) -> Task {
        Task {
            id: 1,
            text: String::new(),
            deadline,
            assigned: assigned.into_iter().map(UnitIx).collect(),
            assignment: Assignment::Some,
            wording: Wording::default(),
            category: 0,
        }
    }

    /// One task of four units.
    fn period(as_of: NaiveDate, reports: &[(usize, Status, Option<NaiveDate>)]) -> Period {
        let rows = reports
            .iter()
            .map(|&(unit, status, date)| (0, unit, status, date, ""));
        Period::of_reports(as_of, (1, 4), rows)
    }

    #[test]
    fn done_on_the_deadlines_last_day_is_on_time() {
        let march = Deadline::month(2021, 3).unwrap();
        let p = period(
            day(2021, 5, 24),
            &[(0, Status::Done, Some(day(2021, 3, 31)))],
        );
        assert_eq!(
            classify_task(&task(march, vec![0]), &p, TaskIx(0)).class,
            Class::OnTime
        );
    }

    #[test]
    fn done_the_day_after_the_deadline_is_late() {
        let march = Deadline::month(2021, 3).unwrap();
        let p = period(
            day(2021, 5, 24),
            &[
                (0, Status::Done, Some(day(2021, 3, 1))),
                (1, Status::Done, Some(day(2021, 4, 1))),
            ],
        );
        let outcome = classify_task(&task(march, vec![0, 1]), &p, TaskIx(0));
        assert_eq!(outcome.class, Class::Late);
        assert_eq!(outcome.late, vec![UnitIx(1)]);
    }

    #[test]
    fn a_cut_off_on_the_deadlines_last_day_counts_that_day_as_passed() {
        // Figures are as of the end of the as_of day: a March task not done at a 31 March
        // cut-off is overdue; the day before, it is still in progress.
        let march = Deadline::month(2021, 3).unwrap();
        let p = period(day(2021, 3, 30), &[(0, Status::InProgress, None)]);
        assert_eq!(
            classify_task(&task(march, vec![0]), &p, TaskIx(0)).class,
            Class::InProgress
        );
        let p = period(day(2021, 3, 31), &[(0, Status::InProgress, None)]);
        assert_eq!(
            classify_task(&task(march, vec![0]), &p, TaskIx(0)).class,
            Class::Overdue
        );
    }

    #[test]
    fn a_dated_deadline_ends_on_that_day_not_the_month_end() {
        let deadline = Deadline::day(day(2021, 4, 15));
        let p = period(day(2021, 4, 16), &[(0, Status::NotStarted, None)]);
        assert_eq!(
            classify_task(&task(deadline, vec![0]), &p, TaskIx(0)).class,
            Class::Overdue
        );
        let p = period(
            day(2021, 5, 24),
            &[(0, Status::Done, Some(day(2021, 4, 16)))],
        );
        assert_eq!(
            classify_task(&task(deadline, vec![0]), &p, TaskIx(0)).class,
            Class::Late
        );
    }

    #[test]
    fn a_task_assigned_to_some_units_looks_only_at_them() {
        let june = Deadline::month(2021, 6).unwrap();
        // Unit 3 reported nothing, but the task is only theirs of units 0 and 2.
        let p = period(
            day(2021, 5, 24),
            &[
                (0, Status::Done, Some(day(2021, 5, 1))),
                (2, Status::Done, Some(day(2021, 5, 2))),
            ],
        );
        let outcome = classify_task(&task(june, vec![0, 2]), &p, TaskIx(0));
        assert_eq!(outcome.class, Class::OnTime);
        assert_eq!(
            outcome.done,
            vec![
                (UnitIx(0), Some(day(2021, 5, 1))),
                (UnitIx(2), Some(day(2021, 5, 2)))
            ]
        );
    }

    #[test]
    fn a_unit_that_reported_nothing_counts_as_not_started() {
        let june = Deadline::month(2021, 6).unwrap();
        let p = period(
            day(2021, 5, 24),
            &[(0, Status::Done, Some(day(2021, 5, 1)))],
        );
        let outcome = classify_task(&task(june, vec![0, 1]), &p, TaskIx(0));
        assert_eq!(outcome.class, Class::InProgress);
        assert_eq!(outcome.not_started, vec![UnitIx(1)]);
    }

    #[test]
    fn a_department_task_done_before_its_deadline_is_on_time() {
        let january = Deadline::month(2021, 1).unwrap();
        let p = period(
            day(2021, 5, 24),
            &[(3, Status::Done, Some(day(2021, 1, 20)))],
        );
        assert_eq!(
            classify_task(&task(january, vec![3]), &p, TaskIx(0)).class,
            Class::OnTime
        );
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use crate::model::{Assignment, Deadline, Report, Wording};
    use proptest::prelude::*;

    use crate::model::status::REPORTED as STATUSES;

    proptest! {
        /// Every task falls in the class the contract's table gives, worked out from the
        /// generated statuses and dates alone, and every assigned unit is in exactly the group
        /// its own report puts it in.
        #[test]
        fn a_task_falls_in_the_class_its_reports_and_dates_give(
            units in 1usize..9,
            mask in proptest::collection::vec(any::<bool>(), 8),
            month in 0u32..24,
            statuses in proptest::collection::vec(0usize..4, 8),
            done_days in proptest::collection::vec(-40i64..40, 8),
            as_of_days in -40i64..40,
        ) {
            // Dates near the deadline's last day, where the classes part.
            let deadline = Deadline::month(2021 + (month / 12) as i32, month % 12 + 1).unwrap();
            let near = |days: i64| deadline.end + chrono::Duration::days(days);
            let as_of = near(as_of_days);
            let mut assigned: Vec<usize> = (0..units).filter(|&u| mask[u]).collect();
            if assigned.is_empty() {
                assigned = (0..units).collect();
            }
            let task = Task {
                id: 1,
                text: String::new(),
                deadline,
                assigned: assigned.iter().copied().map(UnitIx).collect(),
                assignment: Assignment::Some,
                wording: Wording::default(),
                category: 0,
            };
            let reported = |unit: usize| STATUSES[statuses[unit]];
            let done_on = |unit: usize| near(done_days[unit]);
            let mut period = Period::new(as_of, 1, units);
            for &unit in &assigned {
                if let Some(status) = reported(unit) {
                    let date = (status == Status::Done).then(|| done_on(unit));
                    period.set(TaskIx(0), UnitIx(unit), Report { status, date, note: String::new() });
                }
            }
            let outcome = classify_task(&task, &period, TaskIx(0));

            let all_done = assigned.iter().all(|&u| reported(u) == Some(Status::Done));
            let any_late = assigned
                .iter()
                .any(|&u| reported(u) == Some(Status::Done) && done_on(u) > deadline.end);
            // The deadline has come when as_of is on or after its last day.
            let due = as_of >= deadline.end;
            let expected = if all_done && !any_late {
                Class::OnTime
            } else if all_done {
                Class::Late
            } else if due {
                Class::Overdue
            } else {
                Class::InProgress
            };
            prop_assert_eq!(outcome.class, expected);
            for &unit in &assigned {
                let ix = UnitIx(unit);
                let groups = (
                    outcome.is_done(ix),
                    outcome.in_progress.contains(&ix),
                    outcome.not_started.contains(&ix),
                );
                let expected = match reported(unit) {
                    Some(Status::Done) => (true, false, false),
                    Some(Status::InProgress) => (false, true, false),
                    Some(Status::NotStarted) | None => (false, false, true),
                };
                prop_assert_eq!(groups, expected, "unit {}", unit);
                let late = reported(unit) == Some(Status::Done) && done_on(unit) > deadline.end;
                prop_assert_eq!(outcome.late.contains(&ix), late, "unit {}", unit);
            }
        }
    }
}
