//! The status sheets sent out to the units: one per unit, a row per task assigned to it, as
//! CSV (UTF-8 with a BOM, CRLF, so Excel on a Chinese Windows opens it right) or as .xlsx
//! with a drop-down for 状态, date cells for 完成日期 and the context columns locked and shaded.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatBorder, ProtectionOptions, Workbook,
};

use crate::model::{Period, Plan, Status};

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
}

/// Each unit with tasks and its rows, in canonical order; prefilled from `from` when given.
pub fn sheet_rows(plan: &Plan, from: Option<&Period>) -> Vec<(String, Vec<SheetRow>)> {
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
                    deadline: task.deadline.plan_form(),
                    status: report.map(|r| r.status),
                    date: report.and_then(|r| r.date),
                    note: report.map(|r| r.note.clone()).unwrap_or_default(),
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
    writer.write_record(HEADER)?;
    for row in rows {
        writer.write_record([
            row.unit.as_str(),
            &row.task.to_string(),
            &row.text,
            &row.deadline,
            row.status.map_or("", Status::label),
            &row.date.map(|d| d.to_string()).unwrap_or_default(),
            &row.note,
        ])?;
    }
    Ok(writer.into_inner()?)
}

/// A sheet as .xlsx. The workbook's creation time is fixed so the same rows give the same bytes.
pub fn xlsx_bytes(unit: &str, rows: &[SheetRow]) -> anyhow::Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    let epoch = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&epoch));
    let sheet = workbook.add_worksheet();
    // Excel forbids some characters in sheet names; the unit's name is only a label.
    let name: String = unit
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    if !name.is_empty() {
        sheet.set_name(&name)?;
    }
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_border(FormatBorder::Thin);
    let context = Format::new()
        .set_background_color(Color::RGB(0xF2F2F2))
        .set_text_wrap()
        .set_locked();
    let editable = Format::new().set_unlocked().set_text_wrap();
    let date_format = Format::new().set_unlocked().set_num_format("yyyy-mm-dd");
    for (column, title) in HEADER.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, *title, &header)?;
    }
    for (width, column) in [
        (10.0, 0),
        (6.0, 1),
        (60.0, 2),
        (12.0, 3),
        (10.0, 4),
        (12.0, 5),
        (40.0, 6),
    ] {
        sheet.set_column_width(column, width)?;
    }
    let last = rows.len() as u32;
    for (index, row) in rows.iter().enumerate() {
        let r = index as u32 + 1;
        sheet.write_string_with_format(r, 0, &row.unit, &context)?;
        sheet.write_number_with_format(r, 1, f64::from(row.task), &context)?;
        sheet.write_string_with_format(r, 2, &row.text, &context)?;
        sheet.write_string_with_format(r, 3, &row.deadline, &context)?;
        sheet.write_string_with_format(r, 4, row.status.map_or("", Status::label), &editable)?;
        match row.date {
            Some(date) => {
                let cell = ExcelDateTime::from_ymd(
                    date.year() as u16,
                    date.month() as u8,
                    date.day() as u8,
                )?;
                sheet.write_datetime_with_format(r, 5, &cell, &date_format)?;
            }
            None => {
                sheet.write_blank(r, 5, &date_format)?;
            }
        }
        sheet.write_string_with_format(r, 6, &row.note, &editable)?;
    }
    if last > 0 {
        let status = DataValidation::new()
            .allow_list_strings(&[
                Status::Done.label(),
                Status::InProgress.label(),
                Status::NotStarted.label(),
            ])?
            .set_input_title("状态")?
            .set_input_message("请从下拉列表中选择：已完成、推进中、未开始")?
            .set_error_title("状态无法识别")?
            .set_error_message("状态只能是：已完成、推进中、未开始")?;
        sheet.add_data_validation(1, 4, last, 4, &status)?;
        let date = DataValidation::new()
            .allow_date(DataValidationRule::GreaterThan(ExcelDateTime::from_ymd(
                2000, 1, 1,
            )?))
            .set_input_title("完成日期")?
            .set_input_message("已完成的任务请填写完成日期，如 2021-03-15")?
            .set_error_title("不是日期")?
            .set_error_message("请填写日期，如 2021-03-15")?
            .set_error_style(DataValidationErrorStyle::Stop);
        sheet.add_data_validation(1, 5, last, 5, &date)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    // Locked context columns keep 单位/任务 from being edited by mistake; no password, and
    // columns and rows may still be resized.
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        sort: true,
        use_autofilter: true,
        ..ProtectionOptions::default()
    };
    sheet.protect_with_options(&options);
    Ok(workbook.save_to_buffer()?)
}
