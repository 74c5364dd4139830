//! 单位×任务: the annex's table as cells, a task a row and a unit a column, each cell its
//! unit's status filled green (done), yellow (not done, not yet due) or red (not done and due:
//! overdue for that unit), grey where the task is not the unit's; a legend row under it.

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use super::style::Styles;
use super::table::{Cell, text_width};
use crate::model::{Classified, Status, TaskIx, UnitIx};
use crate::render::annex::{is_due, unit_status};

/// A unit's column: wide enough for 已完成 in the grid's font (9 pt).
const UNIT_WIDTH: f64 = 5.6;
/// The first unit's column, after the task's number and deadline.
const FIRST_UNIT: u16 = 2;

/// How a cell of the grid looks: its text and its fill.
fn cell<'s>(
    classified: &Classified,
    task: TaskIx,
    unit: UnitIx,
    styles: &'s Styles,
) -> (&'static str, &'s Format) {
    match unit_status(classified, task, unit) {
        None => ("", &styles.absent),
        Some(Status::Done) => (Status::Done.label(), &styles.done),
        Some(status) if is_due(classified, task) => (status.label(), &styles.overdue),
        Some(status) => (status.label(), &styles.pending),
    }
}

/// Writes the sheet: a task a row (the longer list runs down the page, as offices have ~40
/// tasks and ~20 units), its deadline beside its number, then a unit a column.
pub fn write(
    sheet: &mut Worksheet,
    classified: &Classified,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let plan = classified.plan;
    let units: Vec<(UnitIx, &str)> = plan
        .units_indexed()
        .filter(|&(unit, _)| plan.has_tasks(unit))
        .map(|(unit, u)| (unit, u.name.as_str()))
        .collect();
    sheet.set_column_width(0, 5.0)?;
    let day_deadline = plan.tasks.iter().any(|t| !t.deadline.month_only);
    sheet.set_column_width(1, if day_deadline { 15.0 } else { 11.0 })?;
    sheet.write_string_with_format(0, 0, "序号", &styles.grid_header)?;
    sheet.write_string_with_format(0, 1, "完成时限", &styles.grid_header)?;
    for (column, &(_, name)) in (FIRST_UNIT..).zip(&units) {
        sheet.set_column_width(column, UNIT_WIDTH)?;
        sheet.write_string_with_format(0, column, name, &styles.grid_header)?;
    }
    // A unit's name wraps three or four characters a line in its narrow column.
    let longest = units
        .iter()
        .map(|(_, name)| name.chars().count())
        .max()
        .unwrap_or(2);
    sheet.set_row_height(0, 12.0 * longest.div_ceil(3).max(2) as f64 + 4.0)?;
    let mut row = 1u32;
    for (task, plan_task) in plan.tasks_indexed() {
        sheet.write_number_with_format(row, 0, f64::from(plan_task.id), &styles.grid_header)?;
        Cell::Deadline(plan_task.deadline).write(sheet, row, 1, styles)?;
        for (column, &(unit, _)) in (FIRST_UNIT..).zip(&units) {
            let (text, format) = cell(classified, task, unit, styles);
            sheet.write_string_with_format(row, column, text, format)?;
        }
        row += 1;
    }
    legend(sheet, row + 1, styles)?;
    sheet.set_freeze_panes(1, FIRST_UNIT)?;
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_repeat_columns(0, FIRST_UNIT - 1)?;
    Ok(())
}

/// The legend row: each fill with what it means, written in a cell of that fill.
fn legend(sheet: &mut Worksheet, row: u32, styles: &Styles) -> Result<(), XlsxError> {
    sheet.merge_range(row, 0, row, FIRST_UNIT - 1, "图例", &styles.grid_header)?;
    let items = [
        ("已完成", &styles.done),
        ("推进中或未开始，未到期", &styles.pending),
        ("到期未完成（逾期）", &styles.overdue),
        ("不承担该项任务", &styles.absent),
    ];
    let mut column = FIRST_UNIT;
    for (text, format) in items {
        // Each item spans as many unit columns as its words need.
        let span = ((text_width(text) as f64 + 2.0) / UNIT_WIDTH)
            .ceil()
            .max(1.0) as u16;
        let last = column + span - 1;
        if span == 1 {
            sheet.write_string_with_format(row, column, text, format)?;
        } else {
            sheet.merge_range(row, column, row, last, text, format)?;
        }
        column = last + 1;
    }
    Ok(())
}
