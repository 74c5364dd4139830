//! The work plan as the rest of the program sees it: units in canonical order, tasks with
//! their deadlines and wording, all cross-references already resolved to indices.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use super::goal::{PlanPace, TaskGoal};
use super::grid::{Grid, TaskIx, UnitIx};

/// The most (task, unit) pairs a plan may have: every period holds a report slot for each, so
/// a plan past this is refused before any table is allocated. A district's plan has ~1,000; the
/// benchmarks' largest has 1,000,000.
pub const MAX_GRID_CELLS: usize = 4_000_000;

/// Whether a unit is a town/street or a district department.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    Town,
    Department,
}

/// One reporting unit of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub name: String,
    pub kind: UnitKind,
}

/// A task's deadline: the last day by which it is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    /// The last day on which completing the task is on time.
    pub end: NaiveDate,
    /// True when the plan gave only a month (`2021-03`), so `end` is that month's last day.
    pub month_only: bool,
}

impl Deadline {
    /// A deadline given as a month: due by its last day.
    pub fn month(year: i32, month: u32) -> Option<Self> {
        let first_of_next = if month == 12 {
            NaiveDate::from_ymd_opt(year.checked_add(1)?, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(year, month.checked_add(1)?, 1)?
        };
        NaiveDate::from_ymd_opt(year, month, 1)?;
        Some(Self {
            end: first_of_next.pred_opt()?,
            month_only: true,
        })
    }

    /// A deadline given as a day.
    pub fn day(end: NaiveDate) -> Self {
        Self {
            end,
            month_only: false,
        }
    }

    /// Whether the deadline has come by the end of `as_of`: a period's figures are as of the
    /// close of its as_of day, so a task due that very day and not done is overdue.
    pub fn is_due(&self, as_of: NaiveDate) -> bool {
        as_of >= self.end
    }

    /// The (year, month) the deadline falls in; the bulletin groups tasks by it.
    pub fn year_month(&self) -> (i32, u32) {
        (self.end.year(), self.end.month())
    }

    /// The deadline as the plan writes it: `2021-03` or `2021-04-15`.
    pub fn plan_form(&self) -> String {
        if self.month_only {
            format!("{:04}-{:02}", self.end.year(), self.end.month())
        } else {
            self.end.format("%Y-%m-%d").to_string()
        }
    }
}

/// The predicates the bulletin uses in a task's sentence about its units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wording {
    pub done: String,
    /// Without it, units in progress are told with `not_started`.
    pub in_progress: Option<String>,
    pub not_started: String,
}

impl Default for Wording {
    fn default() -> Self {
        Self {
            done: "已完成".into(),
            in_progress: None,
            not_started: "尚未完成".into(),
        }
    }
}

/// Which units a task was assigned to, as the plan said it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assignment {
    AllTowns,
    AllDepartments,
    Some,
}

/// One numbered task of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub id: u32,
    pub text: String,
    pub deadline: Deadline,
    /// The task's units, in canonical order.
    pub assigned: Vec<UnitIx>,
    pub assignment: Assignment,
    pub wording: Wording,
    /// Index into [`Plan::categories`].
    pub category: usize,
}

/// A heading of section 二 and the tasks under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub title: String,
    /// Its tasks, in plan order.
    pub tasks: Vec<TaskIx>,
}

/// The document the tasks come from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanDocument {
    pub title: String,
    pub number: String,
    /// 印发日期: the default start of 序时进度.
    pub issued: Option<NaiveDate>,
}

/// The font names of the .docx. Offices install different fonts, so each can be changed in the
/// plan's `bulletin: fonts:` block; the defaults are the names GB/T 9704 practice uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fonts {
    /// The title: 2号小标宋.
    pub title: String,
    /// The body and levels 3–4: 3号仿宋.
    pub body: String,
    /// Level-1 headings (一、): 黑体.
    pub heading1: String,
    /// Level-2 headings (（一）): 楷体.
    pub heading2: String,
    /// Latin letters and digits.
    pub latin: String,
    /// The page number: 4号宋体.
    pub page_number: String,
}

impl Default for Fonts {
    fn default() -> Self {
        Self {
            title: "方正小标宋简体".into(),
            body: "仿宋_GB2312".into(),
            heading1: "黑体".into(),
            heading2: "楷体_GB2312".into(),
            latin: "Times New Roman".into(),
            page_number: "宋体".into(),
        }
    }
}

/// The bulletin's fixed parts, from the plan's `bulletin:` block (a period may override them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulletinText {
    pub issuer: String,
    pub title: String,
    pub addressees: String,
    pub preamble: String,
    /// The document number (发文字号), e.g. 鄞安委办〔2021〕5号; usually given per period.
    pub number: Option<String>,
    /// The date under the issuer (成文日期); without it, the period's as_of.
    pub date: Option<NaiveDate>,
    /// How section 二 numbers its tasks.
    pub numbering: Numbering,
    /// 发文机关标志, the red masthead (版头); without it the .docx has none, for offices that
    /// print on paper with the masthead already on it.
    pub masthead: Option<String>,
    /// 抄送机关, in the end block (版记).
    pub cc: Vec<String>,
    /// 印发机关; without it, the issuer.
    pub printed_by: Option<String>,
    /// 印发日期; without it, the 成文日期.
    pub printed: Option<NaiveDate>,
    pub fonts: Fonts,
    /// `name_all`: the two-group sentence names the second group too (a 督查 bulletin names
    /// who is behind).
    pub name_all: bool,
}

/// How section 二 numbers its tasks: `numbering: category | global` in the bulletin block.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Numbering {
    /// 1、2、… again in each category, as the reference bulletin does.
    #[default]
    Category,
    /// The task's own id, so that 第6项 of section 一 is found as 6、 in section 二.
    Global,
}

/// The bulletin's fixed parts as plan.yaml's `bulletin:` block gives them, or as a period's
/// overrides of them: every key optional in both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulletinOverrides {
    pub issuer: Option<String>,
    pub title: Option<String>,
    pub addressees: Option<String>,
    pub preamble: Option<String>,
    pub number: Option<String>,
    /// 成文日期.
    pub date: Option<NaiveDate>,
    pub numbering: Option<Numbering>,
    pub masthead: Option<String>,
    /// 抄送机关.
    pub cc: Option<Vec<String>>,
    pub printed_by: Option<String>,
    /// 印发日期.
    pub printed: Option<NaiveDate>,
    pub fonts: Option<FontOverrides>,
    pub name_all: Option<bool>,
}

impl BulletinText {
    /// The 成文日期: the date given, else the period's as_of.
    pub fn date_or(&self, as_of: NaiveDate) -> NaiveDate {
        self.date.unwrap_or(as_of)
    }
}

impl BulletinOverrides {
    /// `base` with these overrides applied.
    pub fn apply(&self, base: &BulletinText) -> BulletinText {
        BulletinText {
            issuer: pick(&self.issuer, &base.issuer),
            title: pick(&self.title, &base.title),
            addressees: pick(&self.addressees, &base.addressees),
            preamble: pick(&self.preamble, &base.preamble),
            number: self.number.clone().or_else(|| base.number.clone()),
            date: self.date.or(base.date),
            numbering: self.numbering.unwrap_or(base.numbering),
            masthead: self.masthead.clone().or_else(|| base.masthead.clone()),
            cc: self.cc.clone().unwrap_or_else(|| base.cc.clone()),
            printed_by: self.printed_by.clone().or_else(|| base.printed_by.clone()),
            printed: self.printed.or(base.printed),
            fonts: self
                .fonts
                .as_ref()
                .map_or_else(|| base.fonts.clone(), |f| f.apply(&base.fonts)),
            name_all: self.name_all.unwrap_or(base.name_all),
        }
    }
}

/// Font names to use instead of the defaults; each key optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FontOverrides {
    pub title: Option<String>,
    pub body: Option<String>,
    pub heading1: Option<String>,
    pub heading2: Option<String>,
    pub latin: Option<String>,
    pub page_number: Option<String>,
}

impl FontOverrides {
    /// `base` with these names put in.
    pub fn apply(&self, base: &Fonts) -> Fonts {
        Fonts {
            title: pick(&self.title, &base.title),
            body: pick(&self.body, &base.body),
            heading1: pick(&self.heading1, &base.heading1),
            heading2: pick(&self.heading2, &base.heading2),
            latin: pick(&self.latin, &base.latin),
            page_number: pick(&self.page_number, &base.page_number),
        }
    }
}

fn pick(over: &Option<String>, base: &str) -> String {
    over.clone().unwrap_or_else(|| base.to_string())
}

/// Task ids as one phrase: 第1、2、3项, 第4项 for one (a plan being read has no [`Plan`] yet).
pub fn tasks_phrase(ids: impl IntoIterator<Item = u32>) -> String {
    let ids: Vec<String> = ids.into_iter().map(|id| id.to_string()).collect();
    format!("第{}项", ids.join("、"))
}

/// FNV-1a, for the plan's lookups: keys are short names and ids, inserted from the plan only, so
/// a sheet cannot choose collisions; and it hashes several times faster than SipHash.
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

/// Lookups built once from the plan, so that checking a row costs the same for 20 units or
/// 5,000: names and ids by hash, assignments as a dense table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct PlanIndex {
    unit_by_name: FastMap<String, UnitIx>,
    task_by_id: FastMap<u32, TaskIx>,
    /// For each unit, its tasks in plan order.
    tasks_of_unit: Vec<Vec<TaskIx>>,
    assigned: Grid<bool>,
}

/// The whole plan, validated: every index is in range, ids and names are unique.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub document: PlanDocument,
    pub bulletin: BulletinText,
    /// The collective noun for towns, as in "13个镇（街道）".
    pub town_label: String,
    /// Towns first, then departments, each in the plan's order: the canonical order.
    pub units: Vec<Unit>,
    pub categories: Vec<Category>,
    /// In plan order (category by category).
    pub tasks: Vec<Task>,
    /// Pace, targets and 牵头单位 (see [`crate::model::pace`]); empty for a plan without them.
    pub pace: PlanPace,
    /// What the sheets sent to the units say besides their rows.
    pub sheets: SheetNotes,
    index: PlanIndex,
}

/// The plan's `sheets:` block: what the sheets sent to the units say besides their rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetNotes {
    /// The sheet's title after the unit's name (default 工作任务推进情况表).
    pub title: String,
    /// When to send the sheet back: `每月25日前`.
    pub due: String,
    /// Whom to ask: `县应急管理局 李明 0551-1234567`.
    pub contact: String,
}

impl Plan {
    /// A plan from its parts; `units` in canonical order, each task's `assigned` and each
    /// category's `tasks` indices into them.
    pub fn new(
        document: PlanDocument,
        bulletin: BulletinText,
        town_label: String,
        units: Vec<Unit>,
        categories: Vec<Category>,
        tasks: Vec<Task>,
    ) -> Self {
        let mut index = PlanIndex {
            unit_by_name: units
                .iter()
                .enumerate()
                .map(|(i, unit)| (unit.name.clone(), UnitIx(i)))
                .collect(),
            task_by_id: tasks
                .iter()
                .enumerate()
                .map(|(i, task)| (task.id, TaskIx(i)))
                .collect(),
            tasks_of_unit: vec![Vec::new(); units.len()],
            assigned: Grid::new(tasks.len(), units.len(), false),
        };
        for (task_index, task) in tasks.iter().enumerate() {
            for &unit in &task.assigned {
                index.assigned.set(TaskIx(task_index), unit, true);
                if let Some(list) = index.tasks_of_unit.get_mut(unit.0) {
                    list.push(TaskIx(task_index));
                }
            }
        }
        Self {
            document,
            bulletin,
            town_label,
            units,
            categories,
            tasks,
            pace: PlanPace::default(),
            sheets: SheetNotes::default(),
            index,
        }
    }

    /// The plan with its `sheets:` block.
    pub fn with_sheet_notes(mut self, sheets: SheetNotes) -> Self {
        self.sheets = sheets;
        self
    }

    /// The plan with its pace and targets (`goals` by task index, leads by category index).
    pub fn with_pace(mut self, pace: PlanPace) -> Self {
        self.pace = pace;
        self
    }

    /// A task's goal: its target, measure, start, short name and lead; empty when it has none.
    pub fn goal(&self, task: TaskIx) -> &TaskGoal {
        static NONE: TaskGoal = TaskGoal::NONE;
        self.pace.goals.get(task.0).unwrap_or(&NONE)
    }

    /// A task's 牵头单位: its own, else its category's.
    pub fn lead_of(&self, task: TaskIx) -> Option<&str> {
        let goal = self.goal(task);
        goal.lead.as_deref().or_else(|| {
            let category = self.task(task)?.category;
            self.pace.category_leads.get(category)?.as_deref()
        })
    }

    /// A category's 牵头单位.
    pub fn category_lead(&self, category: usize) -> Option<&str> {
        self.pace.category_leads.get(category)?.as_deref()
    }

    /// The name a task goes by outside its paragraph: its `short`, else its text without the
    /// closing punctuation.
    pub fn short_name(&self, task: TaskIx) -> String {
        if let Some(short) = &self.goal(task).short {
            return short.clone();
        }
        self.task(task).map_or_else(String::new, |t| {
            t.text
                .trim_end_matches(['。', '；', '.', ';', '，', ','])
                .to_string()
        })
    }

    /// The unit with exactly this name.
    pub fn unit_index(&self, name: &str) -> Option<UnitIx> {
        self.index.unit_by_name.get(name).copied()
    }

    /// The task with this id.
    pub fn task_index(&self, id: u32) -> Option<TaskIx> {
        self.index.task_by_id.get(&id).copied()
    }

    pub fn task(&self, task: TaskIx) -> Option<&Task> {
        self.tasks.get(task.0)
    }

    pub fn unit(&self, unit: UnitIx) -> Option<&Unit> {
        self.units.get(unit.0)
    }

    /// A unit's name; empty for an index outside the plan.
    pub fn unit_name(&self, unit: UnitIx) -> &str {
        self.unit(unit).map_or("", |u| u.name.as_str())
    }

    /// A task's id; 0 for an index outside the plan.
    pub fn task_id(&self, task: TaskIx) -> u32 {
        self.task(task).map_or(0, |t| t.id)
    }

    /// Every task with its index, in plan order.
    pub fn tasks_indexed(&self) -> impl Iterator<Item = (TaskIx, &Task)> + '_ {
        self.tasks.iter().enumerate().map(|(i, t)| (TaskIx(i), t))
    }

    /// Every unit with its index, in canonical order.
    pub fn units_indexed(&self) -> impl Iterator<Item = (UnitIx, &Unit)> + '_ {
        self.units.iter().enumerate().map(|(i, u)| (UnitIx(i), u))
    }

    /// The tasks assigned to a unit, in plan order.
    pub fn tasks_of(&self, unit: UnitIx) -> impl Iterator<Item = TaskIx> + '_ {
        self.index
            .tasks_of_unit
            .get(unit.0)
            .into_iter()
            .flatten()
            .copied()
    }

    /// Whether the unit has any task at all.
    pub fn has_tasks(&self, unit: UnitIx) -> bool {
        self.tasks_of(unit).next().is_some()
    }

    /// Whether `task` is assigned to `unit`.
    pub fn is_assigned(&self, task: TaskIx, unit: UnitIx) -> bool {
        self.index
            .assigned
            .get(task, unit)
            .copied()
            .unwrap_or(false)
    }

    /// A units × tasks grid for this plan, every cell `fill`.
    pub fn grid<T: Clone>(&self, fill: T) -> Grid<T> {
        Grid::new(self.tasks.len(), self.units.len(), fill)
    }

    /// Sorts tasks by id.
    pub fn sort_by_id(&self, tasks: &mut [TaskIx]) {
        tasks.sort_by_key(|&t| self.task_id(t));
    }

    /// The tasks as one phrase: 第1、2、3项, 第4项 for one.
    pub fn tasks_phrase(&self, tasks: &[TaskIx]) -> String {
        tasks_phrase(tasks.iter().filter_map(|&t| self.task(t)).map(|t| t.id))
    }

    /// Task ids of the given tasks, joined with 、 (as in 第1、2、3项).
    pub fn tasks_id_list(&self, tasks: &[TaskIx]) -> String {
        let ids: Vec<String> = tasks
            .iter()
            .filter_map(|&t| self.task(t))
            .map(|t| t.id.to_string())
            .collect();
        ids.join("、")
    }

    /// Whether the unit is a district department.
    pub fn is_department(&self, unit: UnitIx) -> bool {
        self.unit(unit)
            .is_some_and(|u| u.kind == UnitKind::Department)
    }

    /// Whether every unit of the task is a department (its sentence is their notes).
    pub fn departments_only(&self, task: &Task) -> bool {
        task.assigned.iter().all(|&unit| self.is_department(unit))
    }

    /// The collective noun of `units` in `N个…`: the towns' label (镇（街道）), or 单位 once a
    /// department is among them.
    pub fn noun_for(&self, units: &[UnitIx]) -> &str {
        if units.iter().any(|&unit| self.is_department(unit)) {
            "单位"
        } else {
            &self.town_label
        }
    }

    /// Unit names joined with 、, in the order given.
    pub fn unit_names(&self, units: &[UnitIx]) -> String {
        units
            .iter()
            .map(|&u| self.unit_name(u))
            .collect::<Vec<_>>()
            .join("、")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_deadline_ends_on_the_last_day_of_that_month() {
        let feb = Deadline::month(2024, 2).unwrap();
        assert_eq!(feb.end, NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
        let dec = Deadline::month(2021, 12).unwrap();
        assert_eq!(dec.end, NaiveDate::from_ymd_opt(2021, 12, 31).unwrap());
        assert_eq!(dec.plan_form(), "2021-12");
    }

    #[test]
    fn units_are_called_by_the_towns_label_until_a_department_is_among_them() {
        let unit = |name: &str, kind| Unit {
            name: name.into(),
            kind,
        };
        let units = vec![unit("甲", UnitKind::Town), unit("局", UnitKind::Department)];
        let task = |assigned: Vec<UnitIx>| Task {
            id: 1,
            text: "一。".into(),
            deadline: Deadline::day(NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()),
            assigned,
            assignment: Assignment::Some,
            wording: Wording::default(),
            category: 0,
        };
        let plan = Plan::new(
            PlanDocument::default(),
            BulletinText::default(),
            "乡镇".into(),
            units,
            Vec::new(),
            Vec::new(),
        );
        assert_eq!(plan.noun_for(&[UnitIx(0)]), "乡镇");
        assert_eq!(plan.noun_for(&[UnitIx(0), UnitIx(1)]), "单位");
        assert_eq!(plan.noun_for(&[]), "乡镇");
        assert!(plan.departments_only(&task(vec![UnitIx(1)])));
        assert!(!plan.departments_only(&task(vec![UnitIx(0), UnitIx(1)])));
    }

    #[test]
    fn a_month_outside_the_calendar_is_not_a_deadline() {
        assert_eq!(Deadline::month(2021, 13), None);
        assert_eq!(Deadline::month(2021, 0), None);
    }
}
