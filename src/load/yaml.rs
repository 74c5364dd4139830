//! The only YAML reader: plan.yaml and period.yaml, through serde-saphyr. Every fault becomes a
//! diagnostic with the file, line and column, in Chinese.

use std::collections::HashMap;
use std::fmt;

use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};

use crate::diagnostic::{Code, Diagnostic};
use crate::model::plan::{BulletinOverrides, BulletinText, MAX_GRID_CELLS, PlanDocument};
use crate::model::{
    Assignment, Category, Deadline, Plan, Task, TaskIx, Unit, UnitIx, UnitKind, Wording,
};
use crate::suggest;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    #[serde(default)]
    plan: RawDocument,
    #[serde(default)]
    bulletin: BulletinOverrides,
    units: RawUnits,
    categories: Vec<RawCategory>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawDocument {
    #[serde(default)]
    title: String,
    #[serde(default)]
    number: String,
    #[serde(default)]
    issued: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnits {
    label: Option<String>,
    #[serde(default)]
    towns: Vec<Spanned<String>>,
    #[serde(default)]
    departments: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    title: String,
    tasks: Vec<RawTask>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTask {
    id: Spanned<u32>,
    text: String,
    deadline: Spanned<String>,
    assigned: Option<Spanned<RawAssigned>>,
    wording: Option<RawWording>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWording {
    done: Option<String>,
    in_progress: Option<String>,
    not_started: Option<String>,
}

/// `towns`, `departments`, or a list of unit names.
enum RawAssigned {
    Group(String),
    Units(Vec<Spanned<String>>),
}

impl<'de> Deserialize<'de> for RawAssigned {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AssignedVisitor;
        impl<'de> Visitor<'de> for AssignedVisitor {
            type Value = RawAssigned;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("towns, departments, or a list of units")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<RawAssigned, E> {
                Ok(RawAssigned::Group(value.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawAssigned, A::Error> {
                let mut units = Vec::new();
                while let Some(unit) = seq.next_element::<Spanned<String>>()? {
                    units.push(unit);
                }
                Ok(RawAssigned::Units(units))
            }
        }
        deserializer.deserialize_any(AssignedVisitor)
    }
}

/// Reads plan.yaml. `path` is only used to name the file in diagnostics.
pub fn parse_plan(path: &str, source: &str) -> Result<Plan, Vec<Diagnostic>> {
    let raw: RawPlan = serde_saphyr::from_str(source)
        .map_err(|error| vec![yaml_error(path, &error, Code::PlanSyntax)])?;
    let mut faults = Faults {
        path,
        diagnostics: Vec::new(),
    };
    let units = build_units(&raw.units, &mut faults);
    let (categories, tasks) = build_tasks(raw.categories, &units, &mut faults);
    let cells = units.len().saturating_mul(tasks.len());
    if cells > MAX_GRID_CELLS {
        let message = format!(
            "任务清单有 {} 个单位、{} 项任务，单位×任务共 {cells} 格，超过上限 {MAX_GRID_CELLS}；请确认是否选错了文件",
            units.len(),
            tasks.len()
        );
        faults
            .diagnostics
            .push(Diagnostic::error(path, Code::PlanInvalid, message));
    }
    if !faults.diagnostics.is_empty() {
        return Err(faults.diagnostics);
    }
    let document = PlanDocument {
        title: raw.plan.title,
        number: raw.plan.number,
        issued: raw.plan.issued,
    };
    let bulletin = raw.bulletin.apply(&BulletinText::default());
    let town_label = raw.units.label.unwrap_or_else(|| "镇（街道）".into());
    Ok(Plan::new(
        document, bulletin, town_label, units, categories, tasks,
    ))
}

/// The plan's faults so far, each at its place in the file.
struct Faults<'p> {
    path: &'p str,
    diagnostics: Vec<Diagnostic>,
}

impl Faults<'_> {
    fn at(&mut self, location: &Location, code: Code, message: String) {
        self.diagnostics.push(
            Diagnostic::error(self.path, code, message)
                .at(location.line(), Some(location.column())),
        );
    }
}

/// The towns, then the departments, each name once.
fn build_units(raw: &RawUnits, faults: &mut Faults) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut first_seen: HashMap<String, u64> = HashMap::new();
    let named = raw.towns.iter().map(|name| (name, UnitKind::Town));
    let named = named.chain(
        raw.departments
            .iter()
            .map(|name| (name, UnitKind::Department)),
    );
    for (name, kind) in named {
        let text = name.value.trim().to_string();
        if text.is_empty() {
            faults.at(
                &name.referenced,
                Code::PlanInvalid,
                "单位名称不能为空".into(),
            );
            continue;
        }
        if let Some(line) = first_seen.get(&text) {
            let message = format!("单位“{text}”重复（第{line}行已列出），请删去其中一个");
            faults.at(&name.referenced, Code::DuplicateUnit, message);
            continue;
        }
        first_seen.insert(text.clone(), name.referenced.line());
        units.push(Unit { name: text, kind });
    }
    if units.is_empty() {
        faults.diagnostics.push(Diagnostic::error(
            faults.path,
            Code::PlanInvalid,
            "units 下没有任何单位：请在 towns 或 departments 中列出单位",
        ));
    }
    units
}

/// The categories and their tasks, each task's units resolved.
fn build_tasks(
    raw: Vec<RawCategory>,
    units: &[Unit],
    faults: &mut Faults,
) -> (Vec<Category>, Vec<Task>) {
    let mut categories = Vec::new();
    let mut tasks: Vec<Task> = Vec::new();
    let mut task_lines: HashMap<u32, u64> = HashMap::new();
    for (category_index, raw_category) in raw.into_iter().enumerate() {
        let mut category = Category {
            title: raw_category.title.trim().to_string(),
            tasks: Vec::new(),
        };
        for raw_task in raw_category.tasks {
            let id = raw_task.id.value;
            if let Some(line) = task_lines.get(&id) {
                let message =
                    format!("任务编号 {id} 重复（第{line}行已使用），每项任务的编号必须唯一");
                faults.at(&raw_task.id.referenced, Code::DuplicateTask, message);
                continue;
            }
            task_lines.insert(id, raw_task.id.referenced.line());
            if let Some(task) = build_task(raw_task, category_index, units, faults) {
                category.tasks.push(TaskIx(tasks.len()));
                tasks.push(task);
            }
        }
        categories.push(category);
    }
    (categories, tasks)
}

fn build_task(raw: RawTask, category: usize, units: &[Unit], faults: &mut Faults) -> Option<Task> {
    let id = raw.id.value;
    let Some(deadline) = parse_deadline(&raw.deadline.value) else {
        let message = format!(
            "第{id}项的完成时限“{}”无法识别，应写作 2021-03（该月月底）或 2021-03-15",
            raw.deadline.value
        );
        faults.at(&raw.deadline.referenced, Code::InvalidDeadline, message);
        return None;
    };
    let (assigned, assignment) = resolve_assigned(id, raw.assigned, units, faults)?;
    if assigned.is_empty() {
        let message = format!("第{id}项没有分配给任何单位");
        faults.at(&raw.id.referenced, Code::PlanInvalid, message);
        return None;
    }
    let wording = raw.wording.map_or_else(Wording::default, |raw| {
        let default = Wording::default();
        Wording {
            done: raw.done.unwrap_or(default.done),
            in_progress: raw.in_progress,
            not_started: raw.not_started.unwrap_or(default.not_started),
        }
    });
    Some(Task {
        id,
        text: raw.text.trim().to_string(),
        deadline,
        assigned,
        assignment,
        wording,
        category,
    })
}

/// A task's `assigned:` as units in canonical order; `None` when it names a group that does
/// not exist (reported).
fn resolve_assigned(
    id: u32,
    raw: Option<Spanned<RawAssigned>>,
    units: &[Unit],
    faults: &mut Faults,
) -> Option<(Vec<UnitIx>, Assignment)> {
    let all_of = |kind: UnitKind| -> Vec<UnitIx> {
        units
            .iter()
            .enumerate()
            .filter(|(_, unit)| unit.kind == kind)
            .map(|(index, _)| UnitIx(index))
            .collect()
    };
    let Some(raw) = raw else {
        return Some((all_of(UnitKind::Town), Assignment::AllTowns));
    };
    match raw.value {
        RawAssigned::Group(group) => match group.trim() {
            "towns" => Some((all_of(UnitKind::Town), Assignment::AllTowns)),
            "departments" => Some((all_of(UnitKind::Department), Assignment::AllDepartments)),
            other => {
                let message = format!(
                    "第{id}项的 assigned 为“{other}”，应为 towns、departments 或单位列表（如 [瞻岐, 咸祥]）"
                );
                faults.at(&raw.referenced, Code::UnknownAssignee, message);
                None
            }
        },
        RawAssigned::Units(names) => {
            let mut assigned = Vec::new();
            for name in &names {
                let text = name.value.trim();
                match units.iter().position(|unit| unit.name == text) {
                    Some(index) if !assigned.contains(&UnitIx(index)) => {
                        assigned.push(UnitIx(index));
                    }
                    Some(_) => {}
                    None => {
                        let candidates = units.iter().map(|unit| unit.name.as_str());
                        let hint = suggest::closest(text, candidates)
                            .map(|close| format!("，是否为“{close}”？"))
                            .unwrap_or_else(|| "，请先在 units 中列出该单位".into());
                        let message = format!("第{id}项分配给了未列出的单位“{}”{hint}", name.value);
                        faults.at(&name.referenced, Code::UnknownAssignee, message);
                    }
                }
            }
            assigned.sort_unstable();
            Some((assigned, Assignment::Some))
        }
    }
}

/// `2021-03` (due by that month's last day) or `2021-03-15`.
pub fn parse_deadline(text: &str) -> Option<Deadline> {
    let text = text.trim();
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(Deadline::day(day));
    }
    let (year, month) = text.split_once('-')?;
    if year.len() != 4 || !(1..=2).contains(&month.len()) {
        return None;
    }
    Deadline::month(year.parse().ok()?, month.parse().ok()?)
}

/// What a period.yaml holds.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PeriodFile {
    pub as_of: Option<NaiveDate>,
    /// Overrides of the plan's `bulletin:` block for this period's bulletin.
    pub bulletin: BulletinOverrides,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    as_of: Option<Spanned<String>>,
    #[serde(default)]
    bulletin: BulletinOverrides,
}

/// Reads period.yaml: `as_of: 2021-05-24` and an optional `bulletin:` block of overrides.
pub fn parse_period(path: &str, source: &str) -> Result<PeriodFile, Vec<Diagnostic>> {
    if source.trim().is_empty() {
        return Ok(PeriodFile::default());
    }
    let raw: RawPeriod = serde_saphyr::from_str(source)
        .map_err(|error| vec![yaml_error(path, &error, Code::PeriodSyntax)])?;
    let as_of = match raw.as_of {
        None => None,
        Some(text) => match crate::load::date::parse_date(&text.value) {
            Some(date) => Some(date),
            None => {
                let message = format!(
                    "统计截止日期 as_of“{}”无法识别，应写作 2021-05-24",
                    text.value
                );
                let location = text.referenced;
                return Err(vec![
                    Diagnostic::error(path, Code::PeriodSyntax, message)
                        .at(location.line(), Some(location.column())),
                ]);
            }
        },
    };
    Ok(PeriodFile {
        as_of,
        bulletin: raw.bulletin,
    })
}

/// A serde-saphyr error as a diagnostic, by its kind: unknown keys get their own code and a
/// suggestion; the budgets against alias bombs and deep nesting say what they stopped.
fn yaml_error(path: &str, error: &serde_saphyr::Error, syntax_code: Code) -> Diagnostic {
    use serde_saphyr::Error;
    let mut inner = error.without_snippet();
    while let Error::AliasError { error, .. } = inner {
        inner = error.without_snippet();
    }
    let (code, message) = match inner {
        Error::SerdeUnknownField {
            field, expected, ..
        } => {
            let hint = suggest::closest(field, expected.iter().copied())
                .map(|close| format!("，是否为“{close}”？"))
                .unwrap_or_default();
            let code = if syntax_code == Code::PlanSyntax {
                Code::PlanUnknownKey
            } else {
                syntax_code
            };
            let message = if expected.is_empty() {
                format!("未知的键“{field}”{hint}")
            } else {
                format!(
                    "未知的键“{field}”{hint}（此处可用的键：{}）",
                    expected.join("、")
                )
            };
            (code, message)
        }
        Error::SerdeMissingField { field, .. } => {
            (syntax_code, format!("缺少必填的键“{field}”，请补上"))
        }
        Error::DuplicateMappingKey { key, .. } => {
            let key = key.as_deref().unwrap_or("");
            (syntax_code, format!("键“{key}”写了两次，请删去其中一个"))
        }
        Error::ExternalMessage { source, .. } if is_nesting_limit(source) => (
            syntax_code,
            "嵌套的层数过多（方括号或缩进一层套一层），已停止读取；请检查文件是否正确".to_string(),
        ),
        Error::Budget { .. }
        | Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. }
        | Error::AliasReplayCounterOverflow { .. } => (
            syntax_code,
            "文件过大或嵌套、别名（& 与 *）过多，已停止读取；任务清单不需要别名，请检查文件是否正确"
                .to_string(),
        ),
        Error::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => (
            syntax_code,
            format!("这里的值类型不对（写的是 {unexpected}，应为 {expected}）"),
        ),
        Error::InvalidScalar { ty, .. } => {
            (syntax_code, format!("这里的值无法读作 {ty}，请检查是否写错"))
        }
        other => (syntax_code, format!("YAML 格式错误：{}", detail(other))),
    };
    let diagnostic = Diagnostic::error(path, code, message);
    match error.location() {
        Some(location) => diagnostic.at(location.line(), Some(location.column())),
        None => diagnostic,
    }
}

/// Whether the parser stopped at its limit on nested collections.
fn is_nesting_limit(source: &serde_saphyr::ExternalMessageSource) -> bool {
    use serde_saphyr::ExternalMessageSource;
    use serde_saphyr::granit_parser::ErrorKind;
    matches!(source, ExternalMessageSource::Parser(error)
        if *error.kind() == ErrorKind::RecursionLimitExceeded)
}

/// serde-saphyr's own words for an error it has no kind of ours for, without the place (we
/// print the place in our own form), control characters escaped.
fn detail(error: &serde_saphyr::Error) -> String {
    use serde_saphyr::{DefaultMessageFormatter, MessageFormatter};
    DefaultMessageFormatter
        .format_message(error)
        .escape_debug()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "units:\n  towns: [甲, 乙]\n  departments: [局]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: 任务一。\n        deadline: 2021-03\n      - id: 2\n        text: 任务二。\n        deadline: 2021-04-15\n        assigned: [局]\n";

    #[test]
    fn a_small_plan_resolves_units_and_assignments() {
        let plan = parse_plan("plan.yaml", SMALL).unwrap();
        assert_eq!(plan.units.len(), 3);
        assert_eq!(plan.tasks[0].assigned, vec![UnitIx(0), UnitIx(1)]);
        assert_eq!(plan.tasks[0].assignment, Assignment::AllTowns);
        assert_eq!(plan.tasks[1].assigned, vec![UnitIx(2)]);
        assert_eq!(
            plan.tasks[1].deadline.end,
            NaiveDate::from_ymd_opt(2021, 4, 15).unwrap()
        );
        assert_eq!(plan.town_label, "镇（街道）");
    }

    fn only_error(source: &str) -> Diagnostic {
        let mut errors = parse_plan("plan.yaml", source).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        errors.remove(0)
    }

    #[test]
    fn a_misspelt_key_is_named_with_its_line_column_and_the_likely_key() {
        let error =
            only_error(&SMALL.replace("        deadline: 2021-03\n", "        deadlin: 2021-03\n"));
        assert_eq!(error.code, Code::PlanUnknownKey);
        assert_eq!((error.row, error.column), (Some(9), Some(9)));
        assert!(
            error.message.contains("“deadlin”，是否为“deadline”？"),
            "{}",
            error.message
        );
    }

    #[test]
    fn broken_yaml_is_a_syntax_error_at_its_place() {
        let error = only_error("units: [\n");
        assert_eq!(error.code, Code::PlanSyntax);
        assert_eq!(error.row, Some(1));
    }

    #[test]
    fn a_duplicate_task_id_points_at_the_second_one() {
        let error = only_error(&SMALL.replace("id: 2", "id: 1"));
        assert_eq!(error.code, Code::DuplicateTask);
        assert_eq!(error.row, Some(10));
        assert!(error.message.contains("第7行"), "{}", error.message);
    }

    #[test]
    fn a_duplicate_unit_is_an_error() {
        let error = only_error(&SMALL.replace("[甲, 乙]", "[甲, 甲]"));
        assert_eq!(error.code, Code::DuplicateUnit);
        assert_eq!((error.row, error.column), (Some(2), Some(14)));
    }

    #[test]
    fn a_deadline_that_is_no_date_is_an_error() {
        for bad in ["2021-13", "2021-02-30", "next year", "21-03"] {
            let error =
                only_error(&SMALL.replace("deadline: 2021-03\n", &format!("deadline: {bad}\n")));
            assert_eq!(error.code, Code::InvalidDeadline, "{bad}");
            assert_eq!(error.row, Some(9));
        }
    }

    #[test]
    fn a_task_assigned_to_an_unknown_unit_is_an_error() {
        let error = only_error(&SMALL.replace("assigned: [局]", "assigned: [局, 丙]"));
        assert_eq!(error.code, Code::UnknownAssignee);
        assert!(error.message.contains("丙"));
        let error = only_error(&SMALL.replace("assigned: [局]", "assigned: town"));
        assert_eq!(error.code, Code::UnknownAssignee);
    }

    #[test]
    fn a_period_file_gives_as_of_and_overrides() {
        let period = parse_period(
            "period.yaml",
            "as_of: 2021-05-24\nbulletin:\n  number: 鄞安委办〔2021〕5号\n",
        )
        .unwrap();
        assert_eq!(period.as_of, NaiveDate::from_ymd_opt(2021, 5, 24));
        assert_eq!(
            period.bulletin.number.as_deref(),
            Some("鄞安委办〔2021〕5号")
        );
        let error = &parse_period("period.yaml", "as_of: 2021-05-32\n").unwrap_err()[0];
        assert_eq!(error.code, Code::PeriodSyntax);
        assert_eq!(error.row, Some(1));
    }
}
