//! The view model: everything the bulletin says, counted, grouped and worded in Rust, so the
//! templates only lay it out. One source of wording for every format.

use std::collections::BTreeMap;

use serde::Serialize;

use super::annex::{AnnexView, annex_view};
use super::numerals::{chinese_date, chinese_month, chinese_numeral};
use super::paragraph::{one_line, one_paragraph};
use super::wording::task_sentence;
use crate::model::plan::{BulletinText, Fonts};
use crate::model::{Class, Classified, Plan, TaskIx};

/// What the md and text templates see.
#[derive(Debug, Clone, Serialize)]
pub struct BulletinView {
    pub title: String,
    pub number: Option<String>,
    pub addressees: String,
    pub preamble: String,
    pub issuer: String,
    /// The period's date as the bulletin writes it: 2021年5月24日.
    pub date: String,
    /// The same date as 2021-05-24.
    pub as_of: String,
    pub overview_heading: String,
    /// Section 一's lines, each with its marker: （一）按期完成的，共12项，……。
    pub overview: Vec<String>,
    /// With `generate --previous`: one sentence on what changed since the last bulletin.
    pub since_previous: Option<String>,
    pub progress_heading: String,
    pub categories: Vec<CategoryView>,
    /// The inputs, one line each with its SHA-256 (a comment at the end of the Markdown).
    pub provenance: Vec<String>,
    /// The annex (附件) table and ranking; none with `--no-annex`.
    pub annex: Option<AnnexView>,
    /// The .docx's font names (not used by the text templates).
    #[serde(skip)]
    pub fonts: Fonts,
}

/// A heading of section 二 and its tasks.
#[derive(Debug, Clone, Serialize)]
pub struct CategoryView {
    /// （一）构建应急体系、厘清分工职责方面
    pub heading: String,
    pub tasks: Vec<TaskView>,
}

/// One task's paragraph of section 二.
#[derive(Debug, Clone, Serialize)]
pub struct TaskView {
    /// 1、
    pub marker: String,
    pub id: u32,
    pub text: String,
    pub sentence: String,
    /// marker + text + sentence: the paragraph as the bulletin prints it.
    pub paragraph: String,
}

/// Builds the bulletin's view model.
pub fn bulletin_view(classified: &Classified, text: &BulletinText) -> BulletinView {
    let plan = classified.plan;
    let categories = plan
        .categories
        .iter()
        .enumerate()
        .map(|(index, category)| CategoryView {
            heading: format!("（{}）{}", chinese_numeral(index + 1), category.title),
            tasks: category
                .tasks
                .iter()
                .enumerate()
                .filter_map(|(position, &task)| {
                    let plan_task = plan.task(task)?;
                    let marker = format!("{}、", position + 1);
                    // A unit's note may hold several lines: the task is one paragraph still.
                    let text = one_paragraph(&plan_task.text);
                    let sentence = one_paragraph(&task_sentence(classified, task));
                    Some(TaskView {
                        paragraph: format!("{marker}{text}{sentence}"),
                        marker,
                        id: plan_task.id,
                        text,
                        sentence,
                    })
                })
                .collect(),
        })
        .collect();
    BulletinView {
        title: one_line(&text.title),
        number: text
            .number
            .as_deref()
            .map(one_line)
            .filter(|n| !n.is_empty()),
        addressees: with_colon(&text.addressees),
        preamble: one_paragraph(&text.preamble),
        issuer: one_line(&text.issuer),
        date: chinese_date(classified.period.as_of),
        as_of: classified.period.as_of.to_string(),
        overview_heading: format!("{}、总体情况", chinese_numeral(1)),
        overview: overview(classified),
        since_previous: None,
        progress_heading: format!("{}、具体工作推进情况", chinese_numeral(2)),
        categories,
        provenance: Vec::new(),
        annex: Some(annex_view(classified)),
        fonts: text.fonts.clone(),
    }
}

/// The addressees line ends with a full-width colon (GB/T 9704 7.3.2), whether or not the plan
/// wrote one.
fn with_colon(addressees: &str) -> String {
    let addressees = one_paragraph(addressees);
    let trimmed = addressees.trim_end_matches([':', '：']);
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("{trimmed}：")
    }
}

/// Section 一 in the contract's fixed wording; a class with no task is left out and the
/// rest renumbered.
pub fn overview(classified: &Classified) -> Vec<String> {
    let mut lines = Vec::new();
    for class in Class::ALL {
        let tasks = classified.tasks_in(class);
        if tasks.is_empty() {
            continue;
        }
        let count = tasks.len();
        let body = match class {
            Class::OnTime => format!(
                "按期完成的，共{count}项，其中{}。",
                by_deadline_month(classified.plan, &tasks)
            ),
            Class::Late => format!(
                "逾期完成的，共{count}项，分别是第{}项。",
                classified.plan.tasks_id_list(&tasks)
            ),
            Class::Overdue => format!(
                "逾期未全部完成的，共{count}项，分别是第{}项。",
                classified.plan.tasks_id_list(&tasks)
            ),
            Class::InProgress => format!(
                "正在有序推进的，共{count}项，其中{}。",
                by_deadline_month(classified.plan, &tasks)
            ),
        };
        lines.push(format!("（{}）{body}", chinese_numeral(lines.len() + 1)));
    }
    lines
}

/// "2020年12月完成的8、9项；2021年1月完成的36、37项": months ascending, ids ascending.
fn by_deadline_month(plan: &Plan, tasks: &[TaskIx]) -> String {
    let mut months: BTreeMap<(i32, u32), Vec<TaskIx>> = BTreeMap::new();
    for &task in tasks {
        if let Some(plan_task) = plan.task(task) {
            months
                .entry(plan_task.deadline.year_month())
                .or_default()
                .push(task);
        }
    }
    months
        .into_iter()
        .map(|((year, month), mut group)| {
            plan.sort_by_id(&mut group);
            format!(
                "{}完成的{}项",
                chinese_month(year, month),
                plan.tasks_id_list(&group)
            )
        })
        .collect::<Vec<_>>()
        .join("；")
}
