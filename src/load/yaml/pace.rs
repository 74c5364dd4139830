//! The plan's pace and target keys (`pace:`, `ranking:`, and on categories and tasks `lead`,
//! `short`, `start`, `target`, `measure`, `targets`), read and checked at their place in the
//! file. Kept apart from the rest of the plan so each part stays short.

use std::fmt;

use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_saphyr::{Location, Spanned};

use super::Faults;
use crate::diagnostic::Code;
use crate::load::date;
use crate::load::figure::{FigureError, read_figure};
use crate::model::pace::{Milli, PaceRules, TaskGoal};
use crate::model::plan::tasks_phrase;
use crate::model::{Task, Unit, UnitIx};
use crate::suggest;

/// The plan's `pace:` block.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPace {
    start: Option<Spanned<String>>,
    serious: Option<Spanned<RawNumber>>,
}

impl RawPace {
    /// Whether the plan gives its own start.
    pub(super) fn start_given(&self) -> bool {
        self.start.is_some()
    }
}

/// A task's pace and target keys, taken off its raw task before the task is built.
#[derive(Default)]
pub(super) struct RawGoal {
    pub lead: Option<String>,
    pub short: Option<String>,
    pub start: Option<Spanned<String>>,
    pub target: Option<Spanned<RawNumber>>,
    pub measure: Option<Spanned<String>>,
    pub targets: Option<Spanned<RawTargets>>,
}

/// A number as YAML gives it (`1200`, `55.5`) or as a clerk writes it (`1200套`, `1,200`).
pub(super) enum RawNumber {
    Number(f64),
    Text(String),
}

impl<'de> Deserialize<'de> for RawNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberVisitor;
        impl Visitor<'_> for NumberVisitor {
            type Value = RawNumber;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("数字（如 20）")
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<RawNumber, E> {
                Ok(RawNumber::Number(value as f64))
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<RawNumber, E> {
                Ok(RawNumber::Number(value as f64))
            }
            fn visit_f64<E: de::Error>(self, value: f64) -> Result<RawNumber, E> {
                Ok(RawNumber::Number(value))
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<RawNumber, E> {
                Ok(RawNumber::Text(value.to_string()))
            }
        }
        deserializer.deserialize_any(NumberVisitor)
    }
}

/// `targets: {舒城县: 1200, 金安区: 800}`, in the order written.
pub(super) struct RawTargets(Vec<(Spanned<String>, Spanned<RawNumber>)>);

impl<'de> Deserialize<'de> for RawTargets {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TargetsVisitor;
        impl<'de> Visitor<'de> for TargetsVisitor {
            type Value = RawTargets;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "各单位的目标：写成 {舒城县: 1200, 金安区: 800}，或另起一行、每行一个单位",
                )
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawTargets, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<Spanned<String>, Spanned<RawNumber>>()? {
                    entries.push(entry);
                }
                Ok(RawTargets(entries))
            }
        }
        // Any, so that a list or a number is told with this visitor's expecting text.
        deserializer.deserialize_any(TargetsVisitor)
    }
}

/// A non-empty text, trimmed.
pub(super) fn text_key(value: Option<String>) -> Option<String> {
    value
        .map(|text| text.trim().to_string())
        .filter(|text| !text.is_empty())
}

/// A target's quantity, or the fault in words.
fn quantity(raw: &RawNumber, measure: &str) -> Result<Milli, String> {
    let read = match raw {
        RawNumber::Number(number) if *number < 0.0 => Err(FigureError::Negative),
        RawNumber::Number(number) => Milli::from_f64(*number).ok_or(FigureError::TooLarge),
        RawNumber::Text(text) => match read_figure(text, measure) {
            Ok(figure) if figure.percent => Err(FigureError::Unreadable),
            other => other.map(|figure| figure.value),
        },
    };
    match read {
        Ok(Milli(0)) => Err("目标任务量必须大于0".into()),
        Ok(value) => Ok(value),
        Err(FigureError::Negative) => Err("目标任务量不能为负数".into()),
        Err(FigureError::TooLarge) => Err("目标任务量过大".into()),
        Err(FigureError::Unreadable) => Err(format!(
            "无法读作数量，应写数字{}",
            if measure.is_empty() {
                "，如 1200".to_string()
            } else {
                format!("，如 1200 或 1200{measure}")
            }
        )),
    }
}

/// A task's goal, checked against the task: targets only for its own units, with a measure
/// word, for every unit; a start no later than the deadline. Also where its target is written.
pub(super) fn build_goal(
    raw: RawGoal,
    task: &Task,
    units: &[Unit],
    faults: &mut Faults,
) -> (TaskGoal, Option<Location>) {
    let id = task.id;
    let measure = raw
        .measure
        .as_ref()
        .map_or_else(String::new, |m| m.value.trim().to_string());
    let mut goal = TaskGoal {
        lead: text_key(raw.lead.clone()),
        short: text_key(raw.short.clone()),
        measure: measure.clone(),
        ..TaskGoal::default()
    };
    goal.start = raw
        .start
        .as_ref()
        .and_then(|start| task_start(start, task, faults));
    if let Some(target) = &raw.target {
        match quantity(&target.value, &measure) {
            Ok(value) => goal.target = Some(value),
            Err(why) => {
                let message = format!("第{id}项的目标 target {why}");
                faults.at(&target.referenced, Code::InvalidTarget, message);
            }
        }
    }
    if let Some(targets) = &raw.targets {
        goal.targets = unit_targets(id, task, units, &targets.value, &measure, faults);
    }
    let target_at = raw
        .target
        .as_ref()
        .map(|t| t.referenced)
        .or_else(|| raw.targets.as_ref().map(|t| t.referenced));
    check_measure(&raw, task, units, &goal, target_at, faults);
    (goal, target_at)
}

/// A task's `start`: a day no later than its deadline.
fn task_start(start: &Spanned<String>, task: &Task, faults: &mut Faults) -> Option<NaiveDate> {
    let id = task.id;
    match date::parse_start(&start.value) {
        Some(day) if day > task.deadline.end => {
            let message = format!(
                "第{id}项的起始日期 start {day} 晚于它的完成时限 {}；序时进度从 start 算到完成时限，请改正其中一个",
                task.deadline.end
            );
            faults.at(&start.referenced, Code::InvalidStart, message);
            None
        }
        Some(day) => Some(day),
        None => {
            let message = format!(
                "第{id}项的起始日期 start“{}”无法识别，应写作 2025-03-01",
                start.value.trim()
            );
            faults.at(&start.referenced, Code::InvalidStart, message);
            None
        }
    }
}

/// A target needs its measure word and a measure its target; per-unit targets alone must name
/// every unit of the task.
fn check_measure(
    raw: &RawGoal,
    task: &Task,
    units: &[Unit],
    goal: &TaskGoal,
    target_at: Option<Location>,
    faults: &mut Faults,
) {
    let id = task.id;
    match (target_at, &raw.measure) {
        (Some(at), None) => {
            let message = format!(
                "第{id}项有目标任务量，却没有计量单位 measure：目标必须是一个数量，请写上 measure（如 套、所、公里）；若这项任务没有数量，请删去 target，进度按百分比填报"
            );
            faults.at(&at, Code::InvalidTarget, message);
        }
        (None, Some(measure)) => {
            let message = format!(
                "第{id}项写了计量单位 measure“{}”，却没有目标任务量：请写上 target（各单位相同的目标）或 targets（各单位的目标），或删去 measure",
                measure.value.trim()
            );
            faults.at(&measure.referenced, Code::InvalidTarget, message);
        }
        (Some(at), Some(_)) if goal.target.is_none() && raw.target.is_none() => {
            // Only per-unit targets: every unit of the task needs one.
            let without: Vec<&str> = task
                .assigned
                .iter()
                .filter(|&&unit| goal.target_of(unit).is_none())
                .filter_map(|&unit| units.get(unit.0).map(|u| u.name.as_str()))
                .collect();
            if !without.is_empty() && !goal.targets.is_empty() {
                let message = format!(
                    "第{id}项的 targets 没有给出{}的目标：请补上，或加 target 作为其余单位的目标，或用 assigned 只分配给列出的单位",
                    without.join("、")
                );
                faults.at(&at, Code::InvalidTarget, message);
            }
        }
        _ => {}
    }
}

/// `targets: {unit: n}`: each unit one of the task's, each target a positive quantity.
fn unit_targets(
    id: u32,
    task: &Task,
    units: &[Unit],
    raw: &RawTargets,
    measure: &str,
    faults: &mut Faults,
) -> Vec<(UnitIx, Milli)> {
    let mut targets: Vec<(UnitIx, Milli)> = Vec::new();
    for (name, value) in &raw.0 {
        let text = name.value.trim();
        let Some(index) = units.iter().position(|unit| unit.name == text) else {
            let hint = suggest::did_you_mean(text, units.iter().map(|unit| unit.name.as_str()))
                .unwrap_or_else(|| "，请先在 units 中列出该单位".into());
            let message = format!("第{id}项的 targets 中有未列出的单位“{text}”{hint}");
            faults.at(&name.referenced, Code::InvalidTarget, message);
            continue;
        };
        let unit = UnitIx(index);
        if !task.assigned.contains(&unit) {
            let message = format!(
                "第{id}项的 targets 中有“{text}”，但这项任务没有分配给它；请删去，或在 assigned 中加上它"
            );
            faults.at(&name.referenced, Code::InvalidTarget, message);
            continue;
        }
        if targets.iter().any(|(u, _)| *u == unit) {
            let message = format!("第{id}项的 targets 中“{text}”写了两次，请删去其中一个");
            faults.at(&name.referenced, Code::InvalidTarget, message);
            continue;
        }
        match quantity(&value.value, measure) {
            Ok(quantity) => targets.push((unit, quantity)),
            Err(why) => {
                let message = format!("第{id}项{text}的目标{why}");
                faults.at(&value.referenced, Code::InvalidTarget, message);
            }
        }
    }
    targets.sort_by_key(|(unit, _)| *unit);
    targets
}

/// The plan's `pace:` and `ranking:` keys. `issued` is the plan's date of issue, the default
/// start; `goals` are the tasks' goals, checked against the plan's start.
pub(super) fn build_rules(
    raw: Option<Spanned<RawPace>>,
    ranking: Option<Spanned<String>>,
    issued: Option<NaiveDate>,
    tasks: &[Task],
    goals: &[TaskGoal],
    faults: &mut Faults,
) -> PaceRules {
    let mut rules = PaceRules {
        declared: raw.is_some() || ranking.is_some(),
        ..PaceRules::default()
    };
    if let Some(ranking) = ranking {
        match ranking.value.trim() {
            "progress" => rules.ranking = true,
            "none" | "" => {}
            other => {
                let message = format!(
                    "ranking“{other}”无法识别：写 ranking: progress 按完成率给各单位排名，不排名则删去这一行"
                );
                faults.at(&ranking.referenced, Code::PlanInvalid, message);
            }
        }
    }
    let raw = raw.map(|raw| raw.value).unwrap_or_default();
    if let Some(serious) = &raw.serious {
        let points = match &serious.value {
            RawNumber::Number(number) => Milli::from_f64(*number),
            RawNumber::Text(text) => read_figure(text, "个百分点").ok().map(|f| f.value),
        };
        match points {
            Some(points) if points > Milli(0) && points < Milli::whole(100) => {
                rules.serious = points;
            }
            _ => {
                let message = "严重滞后的界线 serious 应为0到100之间的百分点数，如 serious: 20（比序时进度落后20个百分点以上为严重滞后）".to_string();
                faults.at(&serious.referenced, Code::PlanInvalid, message);
            }
        }
    }
    match &raw.start {
        Some(start) => match date::parse_start(&start.value) {
            Some(day) => {
                rules.start = Some(day);
                let late: Vec<u32> = tasks
                    .iter()
                    .zip(goals)
                    .filter(|(task, goal)| {
                        goal.has_target() && goal.start.is_none() && day > task.deadline.end
                    })
                    .map(|(task, _)| task.id)
                    .collect();
                if !late.is_empty() {
                    let message = format!(
                        "序时进度的起点 pace.start {day} 晚于{}的完成时限；请改早 start，或在这些任务下写各自的 start",
                        tasks_phrase(late)
                    );
                    faults.at(&start.referenced, Code::InvalidStart, message);
                }
            }
            None => {
                let message = format!(
                    "序时进度的起点 pace.start“{}”无法识别，应写作 2025-01-01",
                    start.value.trim()
                );
                faults.at(&start.referenced, Code::InvalidStart, message);
            }
        },
        None => rules.start = issued,
    }
    rules
}

/// A task with a target whose deadline comes before the plan's date of issue (the default
/// start) cannot be paced: said at its target, with what to write.
pub(super) fn check_issued_start(
    rules: &PaceRules,
    explicit_start: bool,
    task: &Task,
    goal: &TaskGoal,
    target_at: Option<Location>,
    faults: &mut Faults,
) {
    let (Some(start), Some(at)) = (rules.start, target_at) else {
        return;
    };
    if explicit_start || goal.start.is_some() || !goal.has_target() || start <= task.deadline.end {
        return;
    }
    let message = format!(
        "第{}项的完成时限 {} 早于任务清单的印发日期 {start}（序时进度默认从印发日期算起）；请在这项任务下写 start:，或在 pace: 下写 start:",
        task.id, task.deadline.end
    );
    faults.at(&at, Code::InvalidStart, message);
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::{Code, Diagnostic};
    use crate::load::yaml::parse_plan;
    use crate::model::pace::Milli;
    use crate::model::{TaskIx, UnitIx};
    use chrono::NaiveDate;

    /// Line numbers matter: each key below is on the line its test names.
    const PLAN: &str = "\
plan:
  issued: 2025-02-15
bulletin:
  name_all: true
pace:
  start: 2025-01-01
  serious: 15
ranking: progress
units:
  label: 县区
  towns: [金寨县, 裕安区, 舒城县]
  departments: [市住建局]
categories:
  - title: 住房保障
    lead: 市住建局
    tasks:
      - id: 1
        text: 棚户区改造新开工。
        short: 棚改新开工
        deadline: 2025-12
        target: 400
        measure: 套
        targets: {舒城县: 1200, 金安区: 800}
      - id: 2
        text: 城镇老旧小区改造。
        deadline: 2025-12
        start: 2025-03
        lead: 市发展改革委
";

    fn errors(source: &str) -> Vec<Diagnostic> {
        parse_plan("plan.yaml", source).unwrap_err()
    }

    fn only(source: &str) -> Diagnostic {
        let mut errors = errors(source);
        assert_eq!(errors.len(), 1, "{errors:#?}");
        errors.remove(0)
    }

    fn valid() -> String {
        PLAN.replace(", 金安区: 800", "")
    }

    #[test]
    fn every_pace_key_is_read() {
        let plan = parse_plan("plan.yaml", &valid()).unwrap();
        let rules = &plan.pace.rules;
        assert_eq!(rules.start, NaiveDate::from_ymd_opt(2025, 1, 1));
        assert_eq!(rules.serious, Milli::whole(15));
        assert!(rules.ranking);
        assert!(plan.bulletin.name_all);
        let first = plan.goal(TaskIx(0));
        assert_eq!(first.target_of(UnitIx(0)), Some(Milli::whole(400)));
        assert_eq!(first.target_of(UnitIx(2)), Some(Milli::whole(1200)));
        assert_eq!(first.measure, "套");
        assert_eq!(plan.short_name(TaskIx(0)), "棚改新开工");
        assert_eq!(plan.short_name(TaskIx(1)), "城镇老旧小区改造");
        assert_eq!(plan.lead_of(TaskIx(0)), Some("市住建局"));
        assert_eq!(plan.lead_of(TaskIx(1)), Some("市发展改革委"));
        assert_eq!(plan.category_lead(0), Some("市住建局"));
        assert_eq!(
            plan.goal(TaskIx(1)).start,
            NaiveDate::from_ymd_opt(2025, 3, 1)
        );
        assert!(!plan.goal(TaskIx(1)).has_target());
    }

    #[test]
    fn without_pace_start_the_clock_starts_on_the_day_of_issue() {
        let plan = parse_plan("plan.yaml", &valid().replace("  start: 2025-01-01\n", "")).unwrap();
        assert_eq!(plan.pace.rules.start, NaiveDate::from_ymd_opt(2025, 2, 15));
        let plain = "units:\n  towns: [甲]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: 一。\n        deadline: 2025-12\n";
        let plan = parse_plan("plan.yaml", plain).unwrap();
        assert_eq!(plan.pace.rules, Default::default());
    }

    #[test]
    fn an_unknown_unit_in_targets_is_named_at_its_line_with_a_suggestion() {
        let error = only(PLAN);
        assert_eq!(error.code, Code::InvalidTarget);
        assert_eq!(error.row, Some(23));
        assert!(
            error.message.contains("未列出的单位“金安区”"),
            "{}",
            error.message
        );
        let error = only(&PLAN.replace("金安区: 800", "舒城: 800"));
        assert!(
            error.message.contains("是否为“舒城县”"),
            "{}",
            error.message
        );
    }

    #[test]
    fn a_target_for_a_unit_not_on_the_task_is_an_error() {
        let source = valid().replace(
            "        target: 400\n",
            "        target: 400\n        assigned: [金寨县, 裕安区]\n",
        );
        let error = only(&source);
        assert_eq!((error.code, error.row), (Code::InvalidTarget, Some(24)));
        assert!(error.message.contains("没有分配给它"), "{}", error.message);
    }

    #[test]
    fn a_target_without_a_measure_has_no_quantity_meaning() {
        let error = only(&valid().replace("        measure: 套\n", ""));
        assert_eq!(
            (error.code, error.row, error.column),
            (Code::InvalidTarget, Some(21), Some(17))
        );
        assert!(error.message.contains("measure"), "{}", error.message);
        let source = valid().replace("        lead: 市发展改革委\n", "        measure: 个\n");
        let error = only(&source);
        assert_eq!((error.code, error.row), (Code::InvalidTarget, Some(28)));
    }

    #[test]
    fn targets_alone_must_name_every_unit_of_the_task() {
        let error = only(&valid().replace("        target: 400\n", ""));
        assert_eq!((error.code, error.row), (Code::InvalidTarget, Some(22)));
        assert!(
            error.message.contains("金寨县、裕安区"),
            "{}",
            error.message
        );
    }

    #[test]
    fn a_target_that_is_no_positive_quantity_is_an_error_and_1200_tao_is_one() {
        for (bad, why) in [
            ("-5", "负数"),
            ("0", "大于0"),
            ("很多", "无法读作数量"),
            ("80%", "无法读作数量"),
        ] {
            let error = only(&valid().replace("target: 400", &format!("target: {bad}")));
            assert_eq!(
                (error.code, error.row),
                (Code::InvalidTarget, Some(21)),
                "{bad}"
            );
            assert!(error.message.contains(why), "{bad}: {}", error.message);
        }
        let plan = parse_plan(
            "plan.yaml",
            &valid().replace("target: 400", "target: 1,400套"),
        )
        .unwrap();
        assert_eq!(plan.goal(TaskIx(0)).target, Some(Milli::whole(1400)));
    }

    #[test]
    fn a_start_after_the_deadline_is_an_error_at_the_start() {
        let error = only(&valid().replace("start: 2025-03\n", "start: 2026-01-01\n"));
        assert_eq!((error.code, error.row), (Code::InvalidStart, Some(27)));
        let error = only(&valid().replace("start: 2025-03\n", "start: 三月\n"));
        assert_eq!((error.code, error.row), (Code::InvalidStart, Some(27)));
        // The plan's start after a target task's deadline, at pace.start.
        let error = only(&valid().replace("  start: 2025-01-01\n", "  start: 2026-02-01\n"));
        assert_eq!((error.code, error.row), (Code::InvalidStart, Some(6)));
        assert!(error.message.contains("第1项"), "{}", error.message);
        // Issued after a target task's deadline: said at the task's target.
        let source = valid()
            .replace("  start: 2025-01-01\n", "")
            .replace("issued: 2025-02-15", "issued: 2026-02-15");
        let error = only(&source);
        assert_eq!((error.code, error.row), (Code::InvalidStart, Some(20)));
        assert!(error.message.contains("印发日期"), "{}", error.message);
    }

    #[test]
    fn name_all_belongs_to_the_plan_and_a_period_that_sets_it_is_told_where() {
        let source = "as_of: 2025-09-30\nbulletin:\n  name_all: true\n";
        let (period, errors) = crate::load::yaml::parse_period("period.yaml", source);
        assert_eq!(period.as_of, NaiveDate::from_ymd_opt(2025, 9, 30));
        let found: Vec<_> = errors.iter().map(|e| (e.code, e.row, e.column)).collect();
        assert_eq!(found, [(Code::PeriodSyntax, Some(3), Some(3))]);
        assert!(
            errors[0].message.contains("plan.yaml"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn the_two_group_sentence_names_the_rest_with_name_all() {
        use crate::model::{Period, Report, Status, classify_period};
        let source = "bulletin:\n  name_all: true\nunits:\n  towns: [甲, 乙, 丙]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: 一。\n        deadline: 2025-12\n        wording:\n          done: 已建成\n          not_started: 尚未建成\n";
        let plan = parse_plan("plan.yaml", source).unwrap();
        let as_of = NaiveDate::from_ymd_opt(2025, 9, 30).unwrap();
        let mut period = Period::new(as_of, 1, 3);
        let done = Report {
            status: Status::Done,
            date: Some(as_of),
            note: String::new(),
        };
        period.set(TaskIx(0), UnitIx(1), done);
        for unit in [0, 2] {
            let not_started = Report {
                status: Status::NotStarted,
                date: None,
                note: String::new(),
            };
            period.set(TaskIx(0), UnitIx(unit), not_started);
        }
        let sentence =
            crate::render::wording::task_sentence(&classify_period(&plan, &period), TaskIx(0));
        assert_eq!(
            sentence,
            "乙1个镇（街道）已建成，甲、丙2个镇（街道）尚未建成。"
        );
    }

    #[test]
    fn ranking_and_serious_take_only_what_they_mean() {
        let error = only(&valid().replace("ranking: progress", "ranking: 得分"));
        assert_eq!((error.code, error.row), (Code::PlanInvalid, Some(8)));
        let error = only(&valid().replace("serious: 15", "serious: 150"));
        assert_eq!((error.code, error.row), (Code::PlanInvalid, Some(7)));
        let error = only(&valid().replace("serious: 15", "serous: 15"));
        assert_eq!((error.code, error.row), (Code::PlanUnknownKey, Some(7)));
    }
}
