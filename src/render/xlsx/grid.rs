//! 单位×任务: the annex's table as cells, a task a row and a unit a column, each cell its
//! unit's status filled green (done), yellow (not done, not yet due) or red (not done and due:
//! overdue for that unit), grey where the task is not the unit's; on a task with progress figures
//! a unit not done shows its 完成率 instead, in bold red when it is behind pace (进度较慢); a
//! legend row under it.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::style::Styles;
use super::table::write_deadline;
use crate::model::{Classified, Status, TaskIx, UnitIx};
use crate::render::annex::{NOT_REPORTED_WORDS, is_due, unit_rate, unit_status};
use crate::render::excel::{COLUMNS, TALLEST_ROW};

/// A unit's column: wide enough for 已完成 in the grid's font (9 pt).
const UNIT_WIDTH: f64 = 5.6;
/// The first unit's column, after the task's number and deadline.
const FIRST_UNIT: u16 = 2;
/// How many unit columns the legend's longest words take, after its sample cell.
const LEGEND_COLUMNS: u16 = 7;

/// Writes one cell of the grid: the unit's status (or its 完成率, as the annex shows it), filled
/// by whether it is done, not yet due, or due and not done.
fn write_cell(
    sheet: &mut Worksheet,
    (row, column): (u32, u16),
    classified: &Classified,
    (task, unit): (TaskIx, UnitIx),
    styles: &Styles,
) -> Result<(), XlsxError> {
    let Some(status) = unit_status(classified, task, unit) else {
        sheet.write_blank(row, column, &styles.absent)?;
        return Ok(());
    };
    if classified.sent_nothing(unit) {
        sheet.write_string_with_format(row, column, NOT_REPORTED_WORDS, &styles.not_reported)?;
        return Ok(());
    }
    let fill = match status {
        Status::Done => &styles.done,
        _ if is_due(classified, task) => &styles.overdue,
        _ => &styles.pending,
    };
    match unit_rate(classified, task, unit) {
        Some(rate) => {
            let behind = classified
                .pace(task)
                .and_then(|pace| pace.unit(unit))
                .is_some_and(|standing| standing.behind);
            let per_mille = rate.per_mille();
            let format = styles.rate(fill, behind, per_mille);
            sheet.write_number_with_format(row, column, per_mille as f64 / 1000.0, &format)?;
        }
        None => {
            sheet.write_string_with_format(row, column, status.label(), fill)?;
        }
    }
    Ok(())
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
    // A unit a column: a province's units may be more than a sheet has columns.
    if units.len() + usize::from(FIRST_UNIT) > COLUMNS {
        return Err(XlsxError::CustomError(format!(
            "有{}个单位，一个单位一列放不下（Excel 一张工作表最多 {COLUMNS} 列）；请改用 --format json 或 md 输出",
            units.len()
        )));
    }
    sheet.set_column_width(0, 5.0)?;
    let day_deadline = plan.tasks.iter().any(|t| !t.deadline.month_only);
    sheet.set_column_width(1, if day_deadline { 13.0 } else { 9.5 })?;
    sheet.write_string_with_format(0, 0, "序号", &styles.grid_header)?;
    sheet.write_string_with_format(0, 1, "完成时限", &styles.grid_header)?;
    for (column, &(_, name)) in (FIRST_UNIT..).zip(&units) {
        sheet.set_column_width(column, UNIT_WIDTH)?;
        let name = styles.cuts.fit(sheet, (0, column), name);
        sheet.write_string_with_format(0, column, name, &styles.grid_header)?;
    }
    // A unit's name wraps three or four characters a line in its narrow column.
    let longest = units
        .iter()
        .map(|(_, name)| name.chars().count())
        .max()
        .unwrap_or(2);
    let height = 12.0 * longest.div_ceil(3).max(2) as f64 + 4.0;
    sheet.set_row_height(0, height.min(TALLEST_ROW))?;
    let mut row = 1u32;
    for (task, plan_task) in plan.tasks_indexed() {
        sheet.write_number_with_format(row, 0, f64::from(plan_task.id), &styles.grid_header)?;
        let format = if plan_task.deadline.month_only {
            &styles.grid_month
        } else {
            &styles.grid_day
        };
        write_deadline(sheet, (row, 1), &plan_task.deadline, format)?;
        for (column, &(unit, _)) in (FIRST_UNIT..).zip(&units) {
            write_cell(sheet, (row, column), classified, (task, unit), styles)?;
        }
        row += 1;
    }
    let looks = Looks {
        pace: classified.has_pace(),
        not_reported: !classified.not_reported().is_empty(),
    };
    let end = legend(sheet, row + 1, looks, styles)?;
    // The legend's words run on past a narrow grid: the page holds them too.
    let last_unit = FIRST_UNIT + units.len().max(1) as u16 - 1;
    sheet.set_print_area(0, 0, end, last_unit.max(FIRST_UNIT + LEGEND_COLUMNS))?;
    sheet.set_freeze_panes(1, FIRST_UNIT)?;
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_repeat_columns(0, FIRST_UNIT - 1)?;
    Ok(())
}

/// The looks a grid's cells have beyond the statuses: 完成率, 未报送.
#[derive(Clone, Copy)]
struct Looks {
    pace: bool,
    not_reported: bool,
}

/// The legend, under the grid: a row for each look a cell can have, a sample cell in the first
/// unit's column and what it means beside it, so the legend is never wider than the grid.
/// Returns its last row.
fn legend(
    sheet: &mut Worksheet,
    first_row: u32,
    looks: Looks,
    styles: &Styles,
) -> Result<u32, XlsxError> {
    let behind = styles.rate(&styles.pending, true, 600);
    let mut items = vec![
        ("已完成", &styles.done, "已完成"),
        ("推进中", &styles.pending, "推进中或未开始，未到期"),
        // A red cell reads 推进中 or 未开始: its sample names what the red says.
        ("逾期", &styles.overdue, "到期未完成（逾期）"),
    ];
    if looks.pace {
        items[1].2 = "未完成，未到期；百分数为完成率";
        items.push(("60%", &behind, "完成率低于序时进度（进度较慢）"));
    }
    if looks.not_reported {
        items.push((
            NOT_REPORTED_WORDS,
            &styles.not_reported,
            "单位未报送，按未完成统计",
        ));
    }
    items.push(("", &styles.absent, "不承担该项任务"));
    let last = first_row + items.len() as u32 - 1;
    sheet.merge_range(
        first_row,
        0,
        last,
        FIRST_UNIT - 1,
        "图例",
        &styles.grid_header,
    )?;
    for (row, (sample, format, meaning)) in (first_row..).zip(items) {
        sheet.write_string_with_format(row, FIRST_UNIT, sample, format)?;
        sheet.write_string_with_format(row, FIRST_UNIT + 1, meaning, &styles.grid_legend)?;
    }
    Ok(last)
}
