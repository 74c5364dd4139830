//! 任务: one row per task, in the plan's order, with its class and its units as the bulletin
//! counts them; filters on the header, the header frozen and printed on every page.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::style::Styles;
use super::table::{Cell, Column, wrap_list, write_table};
use crate::model::{Classified, Status, TaskIx, UnitIx};
use crate::render::annex::{NOT_REPORTED_WORDS, is_due};
use crate::render::paragraph::one_paragraph;

/// The widest the column of units not done grows; past it, names wrap between names.
const NOT_DONE_WIDTH: f64 = 34.0;

/// Writes the sheet.
pub fn write(
    sheet: &mut Worksheet,
    classified: &Classified,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let plan = classified.plan;
    let optional = Optional {
        lead: plan
            .tasks_indexed()
            .any(|(task, _)| plan.lead_of(task).is_some()),
        pace: classified.has_pace(),
    };
    let columns = optional.columns();
    let rows: Vec<Vec<Cell>> = plan
        .tasks_indexed()
        .filter_map(|(task, _)| optional.row(classified, task))
        .collect();
    let (end, _) = write_table(sheet, 0, &columns, &rows, styles)?;
    let last_column = columns.len().saturating_sub(1) as u16;
    if end > 1 {
        sheet.autofilter(0, 0, end - 1, last_column)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_repeat_rows(0, 0)?;
    Ok(())
}

/// The columns only some plans need.
struct Optional {
    /// 牵头单位, when the plan names one.
    lead: bool,
    /// The figures, when some task has them: what the bulletin's section 二 states.
    pace: bool,
}

impl Optional {
    fn columns(&self) -> Vec<Column> {
        let mut columns = vec![
            Column::new("序号", 6.0),
            Column::new("类别", 22.0),
            Column::new("任务内容", 50.0),
        ];
        if self.lead {
            columns.push(Column::new("牵头单位", 16.0));
        }
        columns.extend([
            Column::new("完成时限", 14.0),
            Column::new("完成情况", 12.0),
            Column::new("已完成单位", 12.0),
            Column::new("承担单位", 10.0),
        ]);
        if self.pace {
            columns.extend([
                Column::new("完成量／目标", 18.0),
                Column::new("完成率", 10.0),
                Column::new("序时进度", 10.0),
            ]);
        }
        columns.extend([
            Column::new("未完成的单位", NOT_DONE_WIDTH),
            Column::new("说明", 44.0),
        ]);
        columns
    }

    /// A task's row, its cells under [`Optional::columns`].
    fn row(&self, classified: &Classified, task: TaskIx) -> Option<Vec<Cell>> {
        let plan = classified.plan;
        let plan_task = plan.task(task)?;
        let outcome = classified.outcome(task)?;
        let category = plan
            .categories
            .get(plan_task.category)
            .map_or("", |c| c.title.as_str());
        let mut row = vec![
            Cell::Integer(plan_task.id as usize),
            Cell::Text(category.to_string()),
            Cell::Text(one_paragraph(&plan_task.text)),
        ];
        if self.lead {
            row.push(Cell::Text(plan.lead_of(task).unwrap_or("").to_string()));
        }
        row.extend([
            Cell::Deadline(plan_task.deadline),
            Cell::Label(outcome.class.label().to_string()),
            Cell::Integer(outcome.done.len()),
            Cell::Integer(plan_task.assigned.len()),
        ]);
        if self.pace {
            let pace = classified.pace(task);
            let measure = &plan.goal(task).measure;
            let totals = pace.and_then(|p| p.totals).map(|totals| {
                format!(
                    "{}／{}{measure}",
                    totals.reached.text(),
                    totals.target.text()
                )
            });
            row.extend([
                Cell::Label(totals.unwrap_or_default()),
                Cell::Percent(pace.map(|p| p.rate.per_mille())),
                Cell::Percent(pace.map(|p| p.expected.per_mille())),
            ]);
        }
        row.extend([
            Cell::Text(not_done(classified, task)),
            Cell::Text(notes(classified, task)),
        ]);
        Some(row)
    }
}

/// The units behind pace (on a task with figures) and the units that have not done the task,
/// each group on a line of its own: 进度较慢：西岭县、北山县 / 严重滞后：西岭县 / 推进中：东吴、五乡 /
/// 未开始：下应 / 未报送：柴桥.
fn not_done(classified: &Classified, task: TaskIx) -> String {
    let Some(outcome) = classified.outcome(task) else {
        return String::new();
    };
    let plan = classified.plan;
    let reported = |units: Vec<UnitIx>| -> Vec<UnitIx> {
        units
            .into_iter()
            .filter(|&unit| !classified.sent_nothing(unit))
            .collect()
    };
    // Past its deadline a task's units are 逾期未完成, as the bulletin says, not behind a pace
    // that has reached 100%: only their statuses are listed.
    let (behind, serious) = classified
        .pace(task)
        .filter(|_| !is_due(classified, task))
        .map(|pace| {
            (
                reported(pace.behind_units()),
                reported(pace.serious_units()),
            )
        })
        .unwrap_or_default();
    // A unit that sent nothing is told apart: 未开始 would say it reported so.
    let (silent, not_started): (Vec<UnitIx>, Vec<UnitIx>) = outcome
        .not_started
        .iter()
        .partition(|&&unit| classified.sent_nothing(unit));
    [
        ("进度较慢", &behind),
        ("严重滞后", &serious),
        (Status::InProgress.label(), &outcome.in_progress),
        (Status::NotStarted.label(), &not_started),
        (NOT_REPORTED_WORDS, &silent),
    ]
    .into_iter()
    .filter(|(_, units)| !units.is_empty())
    .map(|(label, units)| {
        // Broken between names, so no line starts with a 、 or cuts a name in two.
        let line = format!("{label}：{}", plan.unit_names(units));
        wrap_list(&line, NOT_DONE_WIDTH - 3.0)
    })
    .collect::<Vec<_>>()
    .join("\n")
}

/// The units' notes (说明) on the task, one a line: 公安分局：已完成方案起草。
fn notes(classified: &Classified, task: TaskIx) -> String {
    let plan = classified.plan;
    let Some(plan_task) = plan.task(task) else {
        return String::new();
    };
    plan_task
        .assigned
        .iter()
        .filter_map(|&unit| {
            let report = classified.period.report(task, unit)?;
            let note = one_paragraph(&report.note);
            (!note.is_empty()).then(|| format!("{}：{note}", plan.unit_name(unit)))
        })
        .collect::<Vec<_>>()
        .join("\n")
}
