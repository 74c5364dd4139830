//! The status sheets sent out to the units: one per unit, a row per task assigned to it, as
//! CSV (UTF-8 with a BOM, CRLF, so Excel on a Chinese Windows opens it right) or as .xlsx
//! with a drop-down for 状态, date cells for 完成日期 and the context columns locked and shaded.
//! A plan with targets or `pace:` adds 目标 (context) and 进度 before 状态.
//!
//! The .xlsx is ready to print and send: a title row with the unit's name and the period, a line
//! with the deadline for sending it back and whom to ask (the plan's `sheets:` block), borders,
//! landscape A4 fitted to one page wide with the header repeated on every page (xlsx.rs). The
//! CSV stays a bare table.

mod xlsx;

use chrono::NaiveDate;

use crate::model::pace::Figure;
use crate::model::{Period, Plan, Status, TaskIx, UnitIx};
use crate::render::numerals::{chinese_date, deadline_words};

pub use xlsx::xlsx_bytes;

/// The header every sheet carries, in this order.
pub const HEADER: [&str; 7] = [
    "单位",
    "任务",
    "任务内容",
    "完成时限",
    "状态",
    "完成日期",
    "说明",
];

/// What a sheet says above its table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Heading {
    /// After the unit's name: 工作任务推进情况表.
    pub title: String,
    /// The period the sheet reports on (统计截止日期), when known.
    pub as_of: Option<NaiveDate>,
    /// When to send it back: 每月25日前.
    pub due: String,
    /// Whom to ask.
    pub contact: String,
    /// The date given as an example of a completion date, in the period's year.
    pub example_date: NaiveDate,
}

impl Heading {
    /// The title row: `城关镇工作任务推进情况表（截至2025年6月30日）`.
    pub fn title_of(&self, unit: &str) -> String {
        let title = if self.title.is_empty() {
            "工作任务推进情况表"
        } else {
            &self.title
        };
        match self.as_of {
            Some(as_of) => format!("{unit}{title}（截至{}）", chinese_date(as_of)),
            None => format!("{unit}{title}"),
        }
    }

    /// The line under the title: when to send the sheet back and whom to ask, if the plan says.
    pub fn notes(&self) -> Option<String> {
        let mut parts = Vec::new();
        if !self.due.is_empty() {
            parts.push(format!("报送时限：{}", self.due));
        }
        if !self.contact.is_empty() {
            parts.push(format!("联系人：{}", self.contact));
        }
        (!parts.is_empty()).then(|| parts.join("　　"))
    }
}

/// One row of a unit's sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    pub unit: String,
    pub task: u32,
    pub text: String,
    pub deadline: String,
    pub status: Option<Status>,
    pub date: Option<NaiveDate>,
    pub note: String,
    /// 目标 and 进度, when the plan's sheets carry them: then on every row of every sheet, so a
    /// sheet has both columns or neither.
    pub progress: Option<ProgressCells>,
}

/// The 目标 and 进度 cells of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressCells {
    /// 1200套; 百分比 on a task reported in percentages; empty on a task without figures.
    pub target: String,
    /// What to write in 进度, for the xlsx's input message.
    pub hint: String,
    /// A prefilled figure, from `--from`.
    pub figure: Option<Figure>,
    /// The figure is a percentage (written as text, 80%).
    pub percent: bool,
}

/// The header with 目标 and 进度.
pub const HEADER_WITH_PROGRESS: [&str; 9] = [
    "单位",
    "任务",
    "任务内容",
    "完成时限",
    "目标",
    "进度",
    "状态",
    "完成日期",
    "说明",
];

/// Whether the sheets carry 目标 and 进度: the plan has targets or `pace:`, or the period they
/// are filled from has figures.
fn with_progress(plan: &Plan, from: Option<&Period>) -> bool {
    plan.pace.wants_figures()
        || from.is_some_and(|period| {
            plan.tasks_indexed()
                .any(|(task, _)| period.task_has_figures(task))
        })
}

/// A row's 目标 and 进度.
fn progress_cells(plan: &Plan, from: Option<&Period>, task: TaskIx, unit: UnitIx) -> ProgressCells {
    let goal = plan.goal(task);
    let figure = from.and_then(|period| period.figure(task, unit));
    let reported_in_percent = from.is_some_and(|period| period.task_has_figures(task));
    match goal.target_of(unit) {
        Some(target) => ProgressCells {
            target: format!("{}{}", target.text(), goal.measure),
            hint: format!(
                "目标{}{}：请填写截至统计日已完成的数量，如 {}",
                target.text(),
                goal.measure,
                target.text()
            ),
            figure,
            percent: false,
        },
        None => ProgressCells {
            // 百分比 where the task was reported in percentages; a plan with `pace:` asks it
            // of every task without a target, on blank and prefilled sheets alike.
            target: if reported_in_percent || plan.pace.rules.declared {
                "百分比".into()
            } else {
                String::new()
            },
            hint: "请填写完成的百分比，如 60%".into(),
            figure,
            percent: true,
        },
    }
}

impl ProgressCells {
    /// The 进度 cell as text: 860, 80%.
    fn figure_text(&self) -> String {
        match self.figure {
            Some(Figure::Quantity(quantity)) => quantity.text(),
            Some(Figure::Percent(percent)) => format!("{}%", percent.text()),
            None => String::new(),
        }
    }
}

/// Each unit with tasks and its rows, in canonical order; prefilled from `from` when given.
pub fn sheet_rows(plan: &Plan, from: Option<&Period>) -> Vec<(String, Vec<SheetRow>)> {
    let progress = with_progress(plan, from);
    let mut sheets = Vec::new();
    for (unit_index, unit) in plan.units_indexed() {
        let rows: Vec<SheetRow> = plan
            .tasks_of(unit_index)
            .filter_map(|task_index| {
                let task = plan.task(task_index)?;
                let report = from.and_then(|period| period.report(task_index, unit_index));
                Some(SheetRow {
                    unit: unit.name.clone(),
                    task: task.id,
                    text: task.text.clone(),
                    deadline: deadline_words(&task.deadline),
                    status: report.map(|r| r.status),
                    date: report.and_then(|r| r.date),
                    note: report.map(|r| r.note.clone()).unwrap_or_default(),
                    progress: progress.then(|| progress_cells(plan, from, task_index, unit_index)),
                })
            })
            .collect();
        if !rows.is_empty() {
            sheets.push((unit.name.clone(), rows));
        }
    }
    sheets
}

/// A sheet as CSV: UTF-8 with a BOM and CRLF line ends.
pub fn csv_bytes(rows: &[SheetRow]) -> anyhow::Result<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let with_progress = rows.iter().any(|row| row.progress.is_some());
    if with_progress {
        writer.write_record(HEADER_WITH_PROGRESS)?;
    } else {
        writer.write_record(HEADER)?;
    }
    for row in rows {
        let status = row.status.map_or("", Status::label);
        let date = row.date.map(|d| d.to_string()).unwrap_or_default();
        let task = row.task.to_string();
        match &row.progress {
            Some(progress) => writer.write_record([
                row.unit.as_str(),
                &task,
                &row.text,
                &row.deadline,
                &progress.target,
                &progress.figure_text(),
                status,
                &date,
                &row.note,
            ])?,
            None => writer.write_record([
                row.unit.as_str(),
                &task,
                &row.text,
                &row.deadline,
                status,
                &date,
                &row.note,
            ])?,
        }
    }
    Ok(writer.into_inner()?)
}
