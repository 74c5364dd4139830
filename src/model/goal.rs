//! What the plan and the sheets say of pace and targets: the plan's rules (`pace:`,
//! `ranking:`), each task's goal (target, measure, 牵头单位) and the figure a unit wrote in
//! the 进度 column. Plain data, read by [`super::plan`] and [`super::status`]; what it means
//! against the calendar is [`super::pace`].

use chrono::NaiveDate;

use super::grid::UnitIx;
use super::rate::Milli;

/// What a unit wrote in the 进度 column, read against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// The quantity reached, on a task where the unit has a target.
    Quantity(Milli),
    /// A percentage (80% is `Percent(Milli(80_000))`), on a task where it has none.
    Percent(Milli),
}

/// The pace settings of the whole plan (`pace:` and `ranking:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaceRules {
    /// When the plan's clock starts, for tasks without their own `start`.
    pub start: Option<NaiveDate>,
    /// Percentage points behind pace that count as 严重滞后.
    pub serious: Milli,
    /// Whether the bulletin ranks the units by progress (`ranking: progress`).
    pub ranking: bool,
    /// Whether the plan asks for pace at all (`pace:` or `ranking:` written): its sheets then
    /// carry the 进度 column for every task, not only the tasks with targets.
    pub declared: bool,
}

impl Default for PaceRules {
    fn default() -> Self {
        Self {
            start: None,
            serious: Milli::whole(20),
            ranking: false,
            declared: false,
        }
    }
}

/// A task's own pace and target keys, and the names it is printed with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskGoal {
    /// Overrides the plan's start for this task.
    pub start: Option<NaiveDate>,
    /// The quantity each assigned unit must reach, unless `targets` names it.
    pub target: Option<Milli>,
    /// Per-unit targets, overriding `target`.
    pub targets: Vec<(UnitIx, Milli)>,
    /// The measure word of the target and the figures: 套, 所, 公里.
    pub measure: String,
    /// The name used when the task is named outside its paragraph.
    pub short: Option<String>,
    /// 牵头单位 given on the task itself.
    pub lead: Option<String>,
}

impl TaskGoal {
    /// A task with no pace or target keys.
    pub const NONE: TaskGoal = TaskGoal {
        start: None,
        target: None,
        targets: Vec::new(),
        measure: String::new(),
        short: None,
        lead: None,
    };

    /// The unit's target, if the task has one for it.
    pub fn target_of(&self, unit: UnitIx) -> Option<Milli> {
        self.targets
            .iter()
            .find(|(u, _)| *u == unit)
            .map(|&(_, target)| target)
            .or(self.target)
    }

    /// Whether the task sets any target.
    pub fn has_target(&self) -> bool {
        self.target.is_some() || !self.targets.is_empty()
    }
}

/// Everything about pace and targets the plan says: its rules, each task's goal (by task
/// index) and each category's 牵头单位 (by category index).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanPace {
    pub rules: PaceRules,
    pub goals: Vec<TaskGoal>,
    pub category_leads: Vec<Option<String>>,
}

impl PlanPace {
    /// Whether the plan speaks of progress figures at all: a target, `pace:` or `ranking:`.
    pub fn wants_figures(&self) -> bool {
        self.rules.declared || self.goals.iter().any(TaskGoal::has_target)
    }
}
