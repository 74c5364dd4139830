//! The only YAML reader: plan.yaml and period.yaml, through serde-saphyr. Every fault becomes a
//! diagnostic with the file, line and column, in Chinese.

use std::collections::HashMap;
use std::fmt;

use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};

use crate::diagnostic::{Code, Diagnostic};
use crate::model::plan::{BulletinText, Fonts, PlanDocument};
use crate::model::{Assignment, Category, Deadline, Plan, Task, Unit, UnitKind, Wording};
use crate::suggest;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    #[serde(default)]
    plan: RawDocument,
    #[serde(default)]
    bulletin: RawBulletin,
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

/// The bulletin's fixed parts; in period.yaml every key is an optional override.
#[derive(Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
struct RawBulletin {
    issuer: Option<String>,
    title: Option<String>,
    addressees: Option<String>,
    preamble: Option<String>,
    number: Option<String>,
    fonts: Option<FontOverrides>,
}

/// Font names to use instead of the defaults; each key optional.
#[derive(Deserialize, Default, Clone, Debug, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FontOverrides {
    title: Option<String>,
    body: Option<String>,
    heading1: Option<String>,
    heading2: Option<String>,
    latin: Option<String>,
    page_number: Option<String>,
}

impl FontOverrides {
    /// `base` with these names put in.
    pub fn apply(&self, base: &Fonts) -> Fonts {
        let pick =
            |over: &Option<String>, base: &String| over.clone().unwrap_or_else(|| base.clone());
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
    build_plan(path, raw)
}

fn build_plan(path: &str, raw: RawPlan) -> Result<Plan, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let at = |location: &Location, code: Code, message: String| {
        Diagnostic::error(path, code, message).at(location.line(), Some(location.column()))
    };

    let mut units = Vec::new();
    let mut first_seen: HashMap<String, u64> = HashMap::new();
    let named_units = raw.units.towns.iter().map(|name| (name, UnitKind::Town));
    let named_units = named_units.chain(
        raw.units
            .departments
            .iter()
            .map(|name| (name, UnitKind::Department)),
    );
    for (name, kind) in named_units {
        let text = name.value.trim().to_string();
        if text.is_empty() {
            diagnostics.push(at(
                &name.referenced,
                Code::PlanInvalid,
                "单位名称不能为空".into(),
            ));
            continue;
        }
        if let Some(line) = first_seen.get(&text) {
            let message = format!("单位“{text}”重复（第{line}行已列出），请删去其中一个");
            diagnostics.push(at(&name.referenced, Code::DuplicateUnit, message));
            continue;
        }
        first_seen.insert(text.clone(), name.referenced.line());
        units.push(Unit { name: text, kind });
    }
    if units.is_empty() {
        diagnostics.push(Diagnostic::error(
            path,
            Code::PlanInvalid,
            "units 下没有任何单位：请在 towns 或 departments 中列出单位",
        ));
    }
    let unit_index = |name: &str| units.iter().position(|unit| unit.name == name);
    let all_of = |kind: UnitKind| -> Vec<usize> {
        units
            .iter()
            .enumerate()
            .filter(|(_, unit)| unit.kind == kind)
            .map(|(index, _)| index)
            .collect()
    };

    let mut categories = Vec::new();
    let mut tasks: Vec<Task> = Vec::new();
    let mut task_lines: HashMap<u32, u64> = HashMap::new();
    for (category_index, raw_category) in raw.categories.into_iter().enumerate() {
        let mut category = Category {
            title: raw_category.title.trim().to_string(),
            tasks: Vec::new(),
        };
        for raw_task in raw_category.tasks {
            let id = raw_task.id.value;
            if let Some(line) = task_lines.get(&id) {
                let message =
                    format!("任务编号 {id} 重复（第{line}行已使用），每项任务的编号必须唯一");
                diagnostics.push(at(&raw_task.id.referenced, Code::DuplicateTask, message));
                continue;
            }
            task_lines.insert(id, raw_task.id.referenced.line());
            let Some(deadline) = parse_deadline(&raw_task.deadline.value) else {
                let message = format!(
                    "第{id}项的完成时限“{}”无法识别，应写作 2021-03（该月月底）或 2021-03-15",
                    raw_task.deadline.value
                );
                diagnostics.push(at(
                    &raw_task.deadline.referenced,
                    Code::InvalidDeadline,
                    message,
                ));
                continue;
            };
            let (assigned, assignment) = match raw_task.assigned {
                None => (all_of(UnitKind::Town), Assignment::AllTowns),
                Some(Spanned {
                    value: RawAssigned::Group(group),
                    referenced,
                    ..
                }) => match group.trim() {
                    "towns" => (all_of(UnitKind::Town), Assignment::AllTowns),
                    "departments" => (all_of(UnitKind::Department), Assignment::AllDepartments),
                    other => {
                        let message = format!(
                            "第{id}项的 assigned 为“{other}”，应为 towns、departments 或单位列表（如 [瞻岐, 咸祥]）"
                        );
                        diagnostics.push(at(&referenced, Code::UnknownAssignee, message));
                        continue;
                    }
                },
                Some(Spanned {
                    value: RawAssigned::Units(names),
                    ..
                }) => {
                    let mut assigned = Vec::new();
                    for name in &names {
                        match unit_index(name.value.trim()) {
                            Some(index) if !assigned.contains(&index) => assigned.push(index),
                            Some(_) => {}
                            None => {
                                let candidates = units.iter().map(|unit| unit.name.as_str());
                                let hint = suggest::closest(name.value.trim(), candidates)
                                    .map(|close| format!("，是否为“{close}”？"))
                                    .unwrap_or_else(|| "，请先在 units 中列出该单位".into());
                                let message =
                                    format!("第{id}项分配给了未列出的单位“{}”{hint}", name.value);
                                diagnostics.push(at(
                                    &name.referenced,
                                    Code::UnknownAssignee,
                                    message,
                                ));
                            }
                        }
                    }
                    assigned.sort_unstable();
                    (assigned, Assignment::Some)
                }
            };
            if assigned.is_empty() {
                let message = format!("第{id}项没有分配给任何单位");
                diagnostics.push(at(&raw_task.id.referenced, Code::PlanInvalid, message));
                continue;
            }
            let wording = raw_task.wording.map_or_else(Wording::default, |raw| {
                let default = Wording::default();
                Wording {
                    done: raw.done.unwrap_or(default.done),
                    in_progress: raw.in_progress,
                    not_started: raw.not_started.unwrap_or(default.not_started),
                }
            });
            category.tasks.push(tasks.len());
            tasks.push(Task {
                id,
                text: raw_task.text.trim().to_string(),
                deadline,
                assigned,
                assignment,
                wording,
                category: category_index,
            });
        }
        categories.push(category);
    }

    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    let bulletin = raw.bulletin;
    let document = PlanDocument {
        title: raw.plan.title,
        number: raw.plan.number,
        issued: raw.plan.issued,
    };
    let bulletin = BulletinText {
        issuer: bulletin.issuer.unwrap_or_default(),
        title: bulletin.title.unwrap_or_default(),
        addressees: bulletin.addressees.unwrap_or_default(),
        preamble: bulletin.preamble.unwrap_or_default(),
        number: bulletin.number,
        fonts: bulletin.fonts.unwrap_or_default().apply(&Fonts::default()),
    };
    let town_label = raw.units.label.unwrap_or_else(|| "镇（街道）".into());
    Ok(Plan::new(
        document, bulletin, town_label, units, categories, tasks,
    ))
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

/// The bulletin fields a period may override.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct BulletinOverrides {
    pub issuer: Option<String>,
    pub title: Option<String>,
    pub addressees: Option<String>,
    pub preamble: Option<String>,
    pub number: Option<String>,
    pub fonts: Option<FontOverrides>,
}

impl BulletinOverrides {
    /// The plan's bulletin text with these overrides applied.
    pub fn apply(&self, base: &BulletinText) -> BulletinText {
        let pick =
            |over: &Option<String>, base: &String| over.clone().unwrap_or_else(|| base.clone());
        BulletinText {
            issuer: pick(&self.issuer, &base.issuer),
            title: pick(&self.title, &base.title),
            addressees: pick(&self.addressees, &base.addressees),
            preamble: pick(&self.preamble, &base.preamble),
            number: self.number.clone().or_else(|| base.number.clone()),
            fonts: self
                .fonts
                .as_ref()
                .map_or_else(|| base.fonts.clone(), |f| f.apply(&base.fonts)),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    as_of: Option<Spanned<String>>,
    #[serde(default)]
    bulletin: RawBulletin,
}

/// Reads period.yaml: `as_of: 2021-05-24` and an optional `bulletin:` block of overrides.
pub fn parse_period(path: &str, source: &str) -> Result<PeriodFile, Box<Diagnostic>> {
    if source.trim().is_empty() {
        return Ok(PeriodFile::default());
    }
    let raw: RawPeriod = serde_saphyr::from_str(source)
        .map_err(|error| Box::new(yaml_error(path, &error, Code::PeriodSyntax)))?;
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
                let diagnostic = Diagnostic::error(path, Code::PeriodSyntax, message)
                    .at(location.line(), Some(location.column()));
                return Err(Box::new(diagnostic));
            }
        },
    };
    let b = raw.bulletin;
    Ok(PeriodFile {
        as_of,
        bulletin: BulletinOverrides {
            issuer: b.issuer,
            title: b.title,
            addressees: b.addressees,
            preamble: b.preamble,
            number: b.number,
            fonts: b.fonts,
        },
    })
}

/// A serde-saphyr error as a diagnostic: unknown keys get their own code and a suggestion.
fn yaml_error(path: &str, error: &serde_saphyr::Error, syntax_code: Code) -> Diagnostic {
    let plain = error.without_snippet().to_string();
    // serde-saphyr appends the place; we print it in our own form.
    let detail = plain
        .rsplit_once(" at line ")
        .map_or(plain.as_str(), |(head, _)| head);
    let (code, message) = match unknown_field(detail) {
        Some((key, expected)) => {
            let hint = suggest::closest(key, expected.iter().copied())
                .map(|close| format!("，是否为“{close}”？"))
                .unwrap_or_default();
            let code = if syntax_code == Code::PlanSyntax {
                Code::PlanUnknownKey
            } else {
                syntax_code
            };
            (
                code,
                format!(
                    "未知的键“{key}”{hint}（此处可用的键：{}）",
                    expected.join("、")
                ),
            )
        }
        None => (syntax_code, format!("YAML 格式错误：{detail}")),
    };
    let diagnostic = Diagnostic::error(path, code, message);
    match error.location() {
        Some(location) => diagnostic.at(location.line(), Some(location.column())),
        None => diagnostic,
    }
}

/// Picks apart serde's "unknown field `x`, expected one of a, b" (or "expected `a`").
fn unknown_field(detail: &str) -> Option<(&str, Vec<&str>)> {
    let rest = detail.strip_prefix("unknown field `")?;
    let (key, rest) = rest.split_once('`')?;
    let expected = rest
        .trim_start_matches(", expected one of ")
        .trim_start_matches(", expected ")
        .split(", ")
        .map(|name| name.trim_matches('`'))
        .filter(|name| !name.is_empty())
        .collect();
    Some((key, expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "units:\n  towns: [甲, 乙]\n  departments: [局]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: 任务一。\n        deadline: 2021-03\n      - id: 2\n        text: 任务二。\n        deadline: 2021-04-15\n        assigned: [局]\n";

    #[test]
    fn a_small_plan_resolves_units_and_assignments() {
        let plan = parse_plan("plan.yaml", SMALL).unwrap();
        assert_eq!(plan.units.len(), 3);
        assert_eq!(plan.tasks[0].assigned, vec![0, 1]);
        assert_eq!(plan.tasks[0].assignment, Assignment::AllTowns);
        assert_eq!(plan.tasks[1].assigned, vec![2]);
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
        let error = parse_period("period.yaml", "as_of: 2021-05-32\n").unwrap_err();
        assert_eq!(error.code, Code::PeriodSyntax);
        assert_eq!(error.row, Some(1));
    }
}
