//! The only YAML reader: plan.yaml and period.yaml, through serde-saphyr. Every fault becomes a
//! diagnostic with the file, line and column, in Chinese.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Deserialize;
use serde_saphyr::{Location, Spanned};

use crate::diagnostic::{Code, Diagnostic};
use crate::load::date;
use crate::model::pace::{PlanPace, TaskGoal};
use crate::model::plan::{
    BulletinOverrides, BulletinText, MAX_GRID_CELLS, PlanDocument, tasks_phrase,
};
use crate::model::{Assignment, Category, Plan, Task, TaskIx, Unit, UnitKind, Wording};

mod assigned;
mod bulletin;
mod errors;
mod pace;
mod period;

use assigned::{Groups, RawAssigned, chinese_comma_parts, chinese_commas, resolve_assigned};
use bulletin::{RawBulletin, RawSheets};
use errors::yaml_error;
pub use period::{PeriodFile, parse_period};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    #[serde(default)]
    plan: RawDocument,
    #[serde(default)]
    bulletin: RawBulletin,
    units: RawUnits,
    /// Spanned as a whole, so that an empty list can be pointed at.
    categories: Spanned<Vec<RawCategory>>,
    /// 序时进度: `start`, `serious`.
    pace: Option<Spanned<pace::RawPace>>,
    /// `progress` to rank the units.
    ranking: Option<Spanned<String>>,
    /// What the sheets sent out say: `title`, `due`, `contact`.
    #[serde(default)]
    sheets: RawSheets,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawDocument {
    #[serde(default)]
    title: String,
    #[serde(default)]
    number: String,
    issued: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnits {
    label: Option<String>,
    /// Spanned as a whole, so that an empty list can be pointed at.
    towns: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    departments: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    title: Spanned<String>,
    tasks: Spanned<Vec<RawTask>>,
    /// 牵头单位.
    lead: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTask {
    id: Spanned<u32>,
    text: Spanned<String>,
    deadline: Spanned<String>,
    assigned: Option<Spanned<RawAssigned>>,
    wording: Option<RawWording>,
    // Pace and targets: see pace.rs.
    lead: Option<String>,
    short: Option<String>,
    start: Option<Spanned<String>>,
    target: Option<Spanned<pace::RawNumber>>,
    measure: Option<Spanned<String>>,
    targets: Option<Spanned<pace::RawTargets>>,
}

impl RawTask {
    /// The task's pace and target keys, taken off it.
    fn take_goal(&mut self) -> pace::RawGoal {
        pace::RawGoal {
            lead: self.lead.take(),
            short: self.short.take(),
            start: self.start.take(),
            target: self.target.take(),
            measure: self.measure.take(),
            targets: self.targets.take(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWording {
    done: Option<String>,
    in_progress: Option<String>,
    not_started: Option<String>,
}

/// Reads plan.yaml. `path` is only used to name the file in diagnostics.
pub fn parse_plan(path: &str, source: &str) -> Result<Plan, Vec<Diagnostic>> {
    let raw: RawPlan = serde_saphyr::from_str(source)
        .map_err(|error| vec![yaml_error(path, source, &error, Code::PlanSyntax)])?;
    let mut faults = Faults {
        path,
        diagnostics: Vec::new(),
        to_no_towns: Vec::new(),
    };
    let units = build_units(&raw.units, &mut faults);
    if let Some(too_large) = too_large(&units, &raw.categories.value, path) {
        faults.diagnostics.push(too_large);
        return Err(faults.diagnostics);
    }
    let label = raw.units.label.as_deref().unwrap_or(DEFAULT_TOWN_LABEL);
    let groups = Groups::new(&units, label);
    if raw.categories.value.is_empty() {
        let message = "categories 下没有任何任务：请列出类别和它的任务，每个类别写 title 和 tasks，每项任务写 id、text、deadline".to_string();
        faults.at(&raw.categories.referenced, Code::PlanInvalid, message);
    }
    let (categories, tasks, goals) = build_tasks(raw.categories.value, &groups, &mut faults);
    // Towns that were written but could not be read are reported already.
    let towns = raw.units.towns.as_ref();
    if towns.is_none_or(|towns| towns.value.is_empty()) {
        faults.report_no_towns(label, towns.map(|towns| towns.referenced));
    }
    let overrides = plan_bulletin(raw.bulletin, &mut faults);
    let issued = issued_date(raw.plan.issued, &mut faults);
    let explicit_start = raw.pace.as_ref().is_some_and(|p| p.value.start_given());
    let only_goals: Vec<_> = goals.goals.iter().map(|(goal, _)| goal.clone()).collect();
    let rules = pace::build_rules(
        raw.pace,
        raw.ranking,
        issued,
        &tasks,
        &only_goals,
        &mut faults,
    );
    for (task, (goal, target_at)) in tasks.iter().zip(&goals.goals) {
        pace::check_issued_start(&rules, explicit_start, task, goal, *target_at, &mut faults);
    }
    if !faults.diagnostics.is_empty() {
        return Err(faults.diagnostics);
    }
    let plan_pace = PlanPace {
        rules,
        goals: only_goals,
        category_leads: goals.category_leads,
    };
    let document = PlanDocument {
        title: raw.plan.title,
        number: raw.plan.number,
        issued,
    };
    let bulletin = overrides.apply(&BulletinText::default());
    let town_label = raw.units.label.unwrap_or_else(|| DEFAULT_TOWN_LABEL.into());
    Ok(
        Plan::new(document, bulletin, town_label, units, categories, tasks)
            .with_pace(plan_pace)
            .with_sheet_notes(raw.sheets.notes()),
    )
}

/// Every units × tasks table is bounded before any is made, the tasks' lists of units too: a plan
/// of 30,000 towns and 30,000 tasks is 1.6 MB of YAML but 900,000,000 cells. The error for a
/// plan past the bound.
fn too_large(units: &[Unit], categories: &[RawCategory], path: &str) -> Option<Diagnostic> {
    let task_count: usize = categories.iter().map(|c| c.tasks.value.len()).sum();
    let cells = units.len().saturating_mul(task_count);
    if cells <= MAX_GRID_CELLS {
        return None;
    }
    let message = format!(
        "任务清单有 {} 个单位、{task_count} 项任务，单位×任务共 {cells} 格，超过上限 {MAX_GRID_CELLS}；请确认是否选错了文件",
        units.len(),
    );
    Some(Diagnostic::error(path, Code::PlanInvalid, message))
}

/// The plan's `bulletin:` block. Its `date` (成文日期) differs every period: in the plan it is an
/// error, the one said about it.
fn plan_bulletin(mut raw: RawBulletin, faults: &mut Faults) -> BulletinOverrides {
    if raw.date.take().is_some() {
        let message = "bulletin 下的 date（成文日期）每期不同，请写在该期 period.yaml 的 bulletin 下，并从任务清单中删去";
        faults
            .diagnostics
            .push(Diagnostic::error(faults.path, Code::PlanInvalid, message));
    }
    raw.overrides(faults.path, Code::PlanSyntax, &mut faults.diagnostics)
}

/// The plan's date of issue; none when left empty, an error at its line when it is no date
/// (序时进度 would silently start on 1 January).
fn issued_date(raw: Option<Spanned<String>>, faults: &mut Faults) -> Option<NaiveDate> {
    let raw = raw?;
    let written = raw.value.trim();
    if written.is_empty() {
        return None;
    }
    let day = date::parse_day(written);
    if day.is_none() {
        let message = format!(
            "印发日期 issued“{written}”无法识别，应写作 2021-03-31 或 2021年3月31日（序时进度默认从这一天算起）；不知道具体日期的，可删去这一行"
        );
        faults.at(&raw.referenced, Code::PlanInvalid, message);
    }
    day
}

/// The tasks' goals (with where each target is written) and the categories' leads.
#[derive(Default)]
struct Goals {
    goals: Vec<(TaskGoal, Option<Location>)>,
    category_leads: Vec<Option<String>>,
}

/// The collective noun for towns when the plan gives none.
const DEFAULT_TOWN_LABEL: &str = "镇（街道）";

/// The plan's faults so far, each at its place in the file.
struct Faults<'p> {
    path: &'p str,
    diagnostics: Vec<Diagnostic>,
    /// Tasks given to every town of a plan that lists none: one finding names them all.
    to_no_towns: Vec<(u32, Location)>,
}

impl Faults<'_> {
    /// One finding for every task given to all towns when the plan lists no town.
    /// At the empty `towns:` list when there is one, else at the first such task.
    fn report_no_towns(&mut self, label: &str, towns_at: Option<Location>) {
        let Some((_, first)) = self.to_no_towns.first().copied() else {
            return;
        };
        let first = towns_at.unwrap_or(first);
        let message = format!(
            "{}分配给了各{label}（没写 assigned 的任务即分配给各{label}），但 units 的 towns 中没有列出任何{label}：请列出，如 towns: [城关镇, 西河镇]",
            tasks_phrase(self.to_no_towns.iter().map(|&(id, _)| id))
        );
        self.at(&first, Code::PlanInvalid, message);
    }

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
    let towns = raw.towns.iter().flat_map(|towns| &towns.value);
    let named = towns.map(|name| (name, UnitKind::Town));
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
        if let Some(list) = chinese_commas(&text) {
            let message =
                format!("“{text}”中用了中文逗号：单位之间要用英文逗号加空格分开，请改为 {list}");
            faults.at(&name.referenced, Code::PlanSyntax, message);
            // Its names are taken as the list meant, so the tasks that name them are not
            // told again that they name units the plan does not list.
            for part in chinese_comma_parts(&text) {
                if !first_seen.contains_key(&part) {
                    first_seen.insert(part.clone(), name.referenced.line());
                    units.push(Unit { name: part, kind });
                }
            }
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
    units: &Groups,
    faults: &mut Faults,
) -> (Vec<Category>, Vec<Task>, Goals) {
    let mut categories = Vec::new();
    let mut tasks: Vec<Task> = Vec::new();
    let mut goals = Goals::default();
    let mut task_lines: HashMap<u32, u64> = HashMap::new();
    for (category_index, raw_category) in raw.into_iter().enumerate() {
        let mut category = Category {
            title: raw_category.title.value.trim().to_string(),
            tasks: Vec::new(),
        };
        check_category(&raw_category, category_index, faults);
        goals.category_leads.push(pace::text_key(raw_category.lead));
        for mut raw_task in raw_category.tasks.value {
            let id = raw_task.id.value;
            if let Some(line) = task_lines.get(&id) {
                let message =
                    format!("任务编号 {id} 重复（第{line}行已使用），每项任务的编号必须唯一");
                faults.at(&raw_task.id.referenced, Code::DuplicateTask, message);
                continue;
            }
            task_lines.insert(id, raw_task.id.referenced.line());
            let goal = raw_task.take_goal();
            if let Some(task) = build_task(raw_task, category_index, units, faults) {
                goals
                    .goals
                    .push(pace::build_goal(goal, &task, units.units, faults));
                category.tasks.push(TaskIx(tasks.len()));
                tasks.push(task);
            }
        }
        categories.push(category);
    }
    (categories, tasks, goals)
}

/// A category must have a title and a task: a heading with nothing under it, or no heading, is
/// no part of a bulletin.
fn check_category(raw: &RawCategory, index: usize, faults: &mut Faults) {
    let title = raw.title.value.trim();
    if title.is_empty() {
        let message = format!(
            "第{}个类别没有标题 title：请写上，如 title: 构建应急体系方面",
            index + 1
        );
        faults.at(&raw.title.referenced, Code::PlanInvalid, message);
    }
    if raw.tasks.value.is_empty() {
        let name = if title.is_empty() {
            format!("第{}个类别", index + 1)
        } else {
            format!("类别“{title}”")
        };
        let message = format!(
            "{name}下没有任务：请在它的 tasks 下列出任务（每项写 id、text、deadline），或删去这个类别"
        );
        faults.at(&raw.tasks.referenced, Code::PlanInvalid, message);
    }
}

fn build_task(raw: RawTask, category: usize, units: &Groups, faults: &mut Faults) -> Option<Task> {
    let id = raw.id.value;
    let text = raw.text.value.trim().to_string();
    if text.is_empty() {
        let message = format!(
            "第{id}项没有写任务内容 text：请写上，如 text: 建立乡镇应急管理委员会，明确职责。"
        );
        faults.at(&raw.text.referenced, Code::PlanInvalid, message);
    }
    let Some(deadline) = date::parse_deadline(&raw.deadline.value) else {
        let written = raw.deadline.value.trim();
        let message = if written.is_empty() {
            format!(
                "第{id}项没有写完成时限：请写成年月（如 2025-06，即6月底前）或日期（如 2025-06-30）"
            )
        } else if !written.contains(|c: char| c.is_numeric() || "年月日".contains(c)) {
            format!(
                "第{id}项的完成时限“{written}”不是日期：是否逾期要按日期判断，请写成年月（如 2025-12，即12月底前）或日期（如 2025-06-30）；长期坚持的任务可写本年年底"
            )
        } else {
            format!(
                "第{id}项的完成时限“{written}”无法识别，应写作 2025-06（该月月底）或 2025-06-30，也可写 2025年6月、2025/6"
            )
        };
        faults.at(&raw.deadline.referenced, Code::InvalidDeadline, message);
        return None;
    };
    // A fault of the units is named where they are written, else at the task's id.
    let units_at = raw
        .assigned
        .as_ref()
        .map_or(raw.id.referenced, |assigned| assigned.referenced);
    let (assigned, assignment) = resolve_assigned(id, raw.assigned, units, faults)?;
    if assigned.is_empty() && assignment == Assignment::AllTowns {
        faults.to_no_towns.push((id, raw.id.referenced));
        return None;
    }
    if assigned.is_empty() {
        let message = format!(
            "第{id}项没有分配给任何单位：请写上责任单位，如 assigned: [县应急管理局]，或 assigned: towns"
        );
        faults.at(&units_at, Code::PlanInvalid, message);
        return None;
    }
    if text.is_empty() {
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
        text,
        deadline,
        assigned,
        assignment,
        wording,
        category,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::UnitIx;

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
    fn a_list_may_mix_units_and_groups_and_name_every_town_in_chinese() {
        let mixed = SMALL.replace("assigned: [局]", "assigned: [局, towns]");
        let plan = parse_plan("plan.yaml", &mixed).unwrap();
        assert_eq!(
            plan.tasks[1].assigned,
            vec![UnitIx(0), UnitIx(1), UnitIx(2)]
        );
        assert_eq!(plan.tasks[1].assignment, Assignment::Some);
        for every_town in ["各镇（街道）", "各乡镇", "各街道"] {
            let plan = parse_plan(
                "plan.yaml",
                &SMALL.replace("assigned: [局]", &format!("assigned: {every_town}")),
            )
            .unwrap();
            assert_eq!(
                plan.tasks[1].assignment,
                Assignment::AllTowns,
                "{every_town}"
            );
        }
    }

    #[test]
    fn the_deadline_forms_of_the_sheets_are_read() {
        for (form, end) in [
            ("2021年4月", (2021, 4, 30)),
            ("2021年4月15日", (2021, 4, 15)),
            ("2021/4", (2021, 4, 30)),
            ("2021.4", (2021, 4, 30)),
            ("2021.10", (2021, 10, 31)),
            ("2021年4月底前", (2021, 4, 30)),
        ] {
            let plan = parse_plan("plan.yaml", &SMALL.replace("2021-04-15", form)).unwrap();
            let (y, m, d) = end;
            assert_eq!(
                plan.tasks[1].deadline.end,
                NaiveDate::from_ymd_opt(y, m, d).unwrap(),
                "{form}"
            );
        }
    }

    #[test]
    fn a_chinese_comma_in_a_list_says_how_to_write_the_list() {
        let error = only_error(&SMALL.replace("assigned: [局]", "assigned: [甲，乙]"));
        assert_eq!(
            error.message,
            "第2项的“甲，乙”中用了中文逗号：单位之间要用英文逗号加空格分开，请改为 [甲, 乙]"
        );
        assert_eq!((error.row, error.column), (Some(13), Some(20)));
        // Tasks naming the towns of that list are not told again that the plan lacks them.
        let named = SMALL.replace("assigned: [局]", "assigned: [乙, 丙, 局]");
        let error = only_error(&named.replace("[甲, 乙]", "[甲，乙、丙]"));
        assert_eq!(
            error.message,
            "“甲，乙、丙”中用了中文逗号：单位之间要用英文逗号加空格分开，请改为 [甲, 乙, 丙]"
        );
        assert_eq!(error.row, Some(2));
    }

    #[test]
    fn a_plan_without_towns_names_the_tasks_given_to_every_town_once() {
        let error = only_error(&SMALL.replace("  towns: [甲, 乙]\n", ""));
        assert_eq!(error.code, Code::PlanInvalid);
        assert_eq!(error.row, Some(6));
        assert_eq!(
            error.message,
            "第1项分配给了各镇（街道）（没写 assigned 的任务即分配给各镇（街道）），但 units 的 towns 中没有列出任何镇（街道）：请列出，如 towns: [城关镇, 西河镇]"
        );
    }

    #[test]
    fn every_date_of_plan_and_period_is_read_by_one_parser() {
        let day = NaiveDate::from_ymd_opt(2025, 8, 5);
        for written in [
            "20250805",
            "2025-08-05 10:00:00",
            "2025年8月5日",
            "2025.8.5",
        ] {
            let source =
                format!("as_of: {written}\nbulletin:\n  date: {written}\n  printed: {written}\n");
            let (period, faults) = parse_period("period.yaml", &source);
            assert!(faults.is_empty(), "{written}: {faults:?}");
            assert_eq!(
                (period.as_of, period.bulletin.date, period.bulletin.printed),
                (day, day, day),
                "{written}"
            );
            let plan = format!(
                "plan:\n  issued: {written}\nbulletin:\n  printed: {written}\n{}",
                SMALL.replace("2021-04-15", written)
            );
            let plan = parse_plan("plan.yaml", &plan).unwrap();
            assert_eq!(plan.bulletin.printed, day, "{written}");
            assert_eq!(plan.tasks[1].deadline.end, day.unwrap(), "{written}");
            assert_eq!(plan.pace.rules.start, day, "{written}");
        }
    }

    #[test]
    fn an_issued_date_that_cannot_be_read_is_an_error_at_its_line() {
        let error = only_error(&format!("plan:\n  issued: 2021年3月底\n{SMALL}"));
        assert_eq!((error.code, error.row), (Code::PlanInvalid, Some(2)));
        assert!(
            error
                .message
                .starts_with("印发日期 issued“2021年3月底”无法识别"),
            "{}",
            error.message
        );
        let plan = parse_plan("plan.yaml", &format!("plan:\n  issued: \"\"\n{SMALL}")).unwrap();
        assert_eq!(plan.document.issued, None);
        let plan = parse_plan(
            "plan.yaml",
            &format!("plan:\n  issued: 2021年3月31日\n{SMALL}"),
        )
        .unwrap();
        assert_eq!(plan.document.issued, NaiveDate::from_ymd_opt(2021, 3, 31));
    }

    #[test]
    fn a_plan_without_tasks_an_empty_category_or_an_empty_text_is_refused_at_its_line() {
        let error = only_error("units:\n  towns: [甲]\ncategories: []\n");
        assert_eq!((error.code, error.row), (Code::PlanInvalid, Some(3)));
        assert!(
            error
                .message
                .starts_with("categories 下没有任何任务：请列出类别"),
            "{}",
            error.message
        );
        let empty = SMALL.replace(
            "categories:\n",
            "categories:\n  - title: 空类\n    tasks: []\n",
        );
        let error = only_error(&empty);
        assert_eq!((error.code, error.row), (Code::PlanInvalid, Some(6)));
        assert!(
            error
                .message
                .starts_with("类别“空类”下没有任务：请在它的 tasks 下列出任务"),
            "{}",
            error.message
        );
        let error = only_error(&SMALL.replace("title: 方面", "title: \"\""));
        assert_eq!((error.code, error.row), (Code::PlanInvalid, Some(5)));
        assert!(error.message.contains("标题"), "{}", error.message);
        let error = only_error(&SMALL.replace("text: 任务二。", "text: \" \""));
        assert_eq!((error.code, error.row), (Code::PlanInvalid, Some(11)));
        assert!(
            error
                .message
                .starts_with("第2项没有写任务内容 text：请写上"),
            "{}",
            error.message
        );
    }

    #[test]
    fn a_misspelt_numbering_names_the_values_it_may_take() {
        let error = only_error(&format!("bulletin:\n  numbering: globl\n{SMALL}"));
        assert_eq!((error.row, error.column), (Some(2), Some(14)));
        assert_eq!(
            error.message,
            "“globl”不是可用的值，是否为“global”？（可用的值：category、global）"
        );
    }

    #[test]
    fn a_bulletin_date_in_the_plan_is_refused_it_changes_every_period() {
        let error = only_error(&format!("bulletin:\n  date: 2021-05-25\n{SMALL}"));
        assert_eq!(error.code, Code::PlanInvalid);
        assert!(error.message.contains("period.yaml"), "{}", error.message);
    }

    #[test]
    fn a_value_of_the_wrong_kind_is_told_what_kind_the_key_wants_in_chinese() {
        let cases = [
            ("bulletin:\n  name_all: 是\n", "这里应为 true 或 false"),
            (
                "pace:\n  serious: [1]\n",
                "这里的写法不对：应为数字（如 20）",
            ),
            (
                "bulletin:\n  fonts: 宋体\n",
                "这里的写法不对：应为下一级的“键: 值”",
            ),
        ];
        for (head, says) in cases {
            let error = only_error(&format!("{head}{SMALL}"));
            assert_eq!(
                (error.code, error.row),
                (Code::PlanSyntax, Some(2)),
                "{head}"
            );
            assert!(error.message.starts_with(says), "{head}: {}", error.message);
        }
        let task_keys = [
            (
                "target: [1]\n        measure: 套",
                "这里的写法不对：应为数字（如 20）",
            ),
            (
                "targets: [1]\n        measure: 套",
                "这里的写法不对：应为各单位的目标",
            ),
            (
                "targets: {甲: [1]}\n        measure: 套",
                "这里的写法不对：应为数字（如 20）",
            ),
            (
                "assigned: {局: 1}",
                "这里的写法不对：应为 towns、departments 或单位列表",
            ),
        ];
        for (key, says) in task_keys {
            let error = only_error(&SMALL.replace("assigned: [局]", key));
            assert_eq!(
                (error.code, error.row),
                (Code::PlanSyntax, Some(13)),
                "{key}"
            );
            assert!(error.message.starts_with(says), "{key}: {}", error.message);
        }
        let error = only_error(&SMALL.replace("id: 2", "id: 二"));
        assert!(
            error
                .message
                .starts_with("这里应为数字（如任务编号 id: 12）"),
            "{}",
            error.message
        );
    }

    #[test]
    fn no_message_sends_the_clerk_to_a_document_or_speaks_english() {
        let heads = [
            "bulletin:\n  name_all: 是\n",
            "pace:\n  serious: [1]\n",
            "pace:\n  serious: {a: 1}\n",
            "bulletin:\n  numbering: [1]\n",
            "bulletin:\n  cc: {a: b}\n",
            "bulletin: 1\n",
            "ranking: [1]\n",
            "sheets: [1]\n",
        ];
        let bodies = [
            "target: [1]\n        measure: 套",
            "target: {a: 1}\n        measure: 套",
            "targets: 1\n        measure: 套",
            "assigned: 1",
            "assigned: [[局]]",
            "wording: 已完成",
            "id: -1",
            "id: 99999999999",
            "id: [1]",
        ];
        let sources = heads.iter().map(|head| format!("{head}{SMALL}")).chain(
            bodies
                .iter()
                .map(|body| SMALL.replace("assigned: [局]", body)),
        );
        for source in sources {
            for error in parse_plan("plan.yaml", &source).unwrap_err() {
                let message = &error.message;
                assert!(!message.contains("docs/"), "{source}: {message}");
                let latin_words = message
                    .split(|c: char| !c.is_ascii_alphabetic())
                    .filter(|word| word.len() > 1)
                    .filter(|word| !["true", "false", "towns", "departments", "id"].contains(word))
                    .count();
                assert_eq!(latin_words, 0, "{source}: {message}");
            }
        }
    }
}
