//! The status sheets sent out to the units: one per unit, a row per task assigned to it, as
//! CSV (UTF-8 with a BOM, CRLF, so Excel on a Chinese Windows opens it right) or as .xlsx
//! with a drop-down for 状态, date cells for 完成日期 and the context columns locked and shaded.
//! A plan with targets or `pace:` adds 目标 (context) and 进度 before 状态.
//!
//! The .xlsx is ready to print and send: a title row with the unit's name and the period, a line
//! with the deadline for sending it back and whom to ask (the plan's `sheets:` block), borders,
//! landscape A4 fitted to one page wide with the header repeated on every page. The CSV stays a
//! bare table.

use chrono::NaiveDate;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, ProtectionOptions, Workbook, XlsxError,
};

use crate::model::pace::Figure;
use crate::model::{Period, Plan, Status, TaskIx, UnitIx};
use crate::render::excel::{self, Cuts, Written, excel_date, message_text, sheet_name};
use crate::render::numerals::chinese_date;

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
            // 百分比 where the task was reported in percentages; a blank sheet of a plan with
            // `pace:` asks it of every task without a target.
            target: if reported_in_percent || (from.is_none() && plan.pace.rules.declared) {
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
                    deadline: task.deadline.plan_form(),
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

/// A sheet as .xlsx, and the texts cut to fit its cells. The workbook's creation time is fixed
/// so the same rows give the same bytes. What Excel cannot hold is an error in Chinese that
/// names the unit.
pub fn xlsx_bytes(unit: &str, rows: &[SheetRow], heading: &Heading) -> anyhow::Result<Written> {
    let cuts = Cuts::default();
    let bytes = write_xlsx(unit, rows, heading, &cuts)
        .map_err(|error| excel::failure(&format!("无法写出{unit}的报表"), &error))?;
    Ok(Written {
        bytes,
        cuts: cuts.into_vec(),
    })
}

fn write_xlsx(
    unit: &str,
    rows: &[SheetRow],
    heading: &Heading,
    cuts: &Cuts,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let epoch = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&epoch));
    let sheet = workbook.add_worksheet();
    // The unit's name is only the sheet's label: as near to it as Excel allows.
    sheet.set_name(sheet_name(unit, "报表"))?;
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let context = Format::new()
        .set_background_color(Color::RGB(0xF2F2F2))
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
        .set_locked();
    let editable = Format::new()
        .set_unlocked()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter);
    let date_format = Format::new()
        .set_unlocked()
        .set_num_format("yyyy-mm-dd")
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter);
    // 目标 and 进度 stand before 状态, shifting the columns the units fill.
    let with_progress = rows.iter().any(|row| row.progress.is_some());
    let shift: u16 = if with_progress { 2 } else { 0 };
    let titles: &[&str] = if with_progress {
        &HEADER_WITH_PROGRESS
    } else {
        &HEADER
    };
    let last_column = titles.len().saturating_sub(1) as u16;
    // The title and the notes line above the table; `top` is the header's row.
    let title_format = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let title = heading.title_of(unit);
    let title = cuts.fit(sheet, (0, 0), &title);
    sheet.merge_range(0, 0, 0, last_column, &title, &title_format)?;
    sheet.set_row_height(0, 32)?;
    let mut top = 1u32;
    if let Some(notes) = heading.notes() {
        let notes_format = Format::new().set_align(FormatAlign::Left);
        let notes = cuts.fit(sheet, (1, 0), &notes);
        sheet.merge_range(1, 0, 1, last_column, &notes, &notes_format)?;
        top = 2;
    }
    for (column, title) in titles.iter().enumerate() {
        sheet.write_string_with_format(top, column as u16, *title, &header)?;
    }
    let mut widths = vec![(10.0, 0), (6.0, 1), (60.0, 2), (12.0, 3)];
    if with_progress {
        widths.extend([(10.0, 4), (10.0, 5)]);
    }
    widths.extend([(10.0, 4 + shift), (12.0, 5 + shift), (40.0, 6 + shift)]);
    for (width, column) in widths {
        sheet.set_column_width(column, width)?;
    }
    let first = top + 1;
    let last = top + rows.len() as u32;
    let quantity_format = Format::new()
        .set_unlocked()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let percent_format = quantity_format.clone().set_num_format("@");
    let centred = context.clone().set_align(FormatAlign::Center);
    for (index, row) in rows.iter().enumerate() {
        let r = first + index as u32;
        // Room to write in by hand on a printed sheet.
        sheet.set_row_height(r, 30)?;
        // A text past Excel's limit is cut, and a warning says where.
        let unit_cell = cuts.fit(sheet, (r, 0), &row.unit);
        sheet.write_string_with_format(r, 0, unit_cell, &context)?;
        sheet.write_number_with_format(r, 1, f64::from(row.task), &centred)?;
        let text = cuts.fit(sheet, (r, 2), &row.text);
        sheet.write_string_with_format(r, 2, text, &context)?;
        sheet.write_string_with_format(r, 3, &row.deadline, &centred)?;
        if let Some(progress) = &row.progress {
            sheet.write_string_with_format(r, 4, &progress.target, &centred)?;
            // A percentage is kept as text, so 80% stays 80% and 80 is not read as 8000%.
            match (progress.figure, progress.percent) {
                (Some(Figure::Quantity(quantity)), false) => {
                    let value = quantity.0 as f64 / 1000.0;
                    sheet.write_number_with_format(r, 5, value, &quantity_format)?;
                }
                (_, true) => {
                    sheet.write_string_with_format(
                        r,
                        5,
                        progress.figure_text(),
                        &percent_format,
                    )?;
                }
                _ => {
                    sheet.write_blank(r, 5, &quantity_format)?;
                }
            }
            let hint = DataValidation::new()
                .allow_any_value()
                .set_input_title("进度")?
                .set_input_message(message_text(&progress.hint))?;
            sheet.add_data_validation(r, 5, r, 5, &hint)?;
        }
        sheet.write_string_with_format(
            r,
            4 + shift,
            row.status.map_or("", Status::label),
            &editable,
        )?;
        // A date Excel cannot hold (before 1900) is written as the sheets read it back: text.
        match row.date.map(|date| (date, excel_date(date))) {
            Some((_, Ok(cell))) => {
                sheet.write_datetime_with_format(r, 5 + shift, &cell, &date_format)?;
            }
            Some((date, Err(_))) => {
                sheet.write_string_with_format(r, 5 + shift, date.to_string(), &editable)?;
            }
            None => {
                sheet.write_blank(r, 5 + shift, &date_format)?;
            }
        }
        let note = cuts.fit(sheet, (r, 6 + shift), &row.note);
        sheet.write_string_with_format(r, 6 + shift, note, &editable)?;
    }
    if !rows.is_empty() {
        let example = heading.example_date.format("%Y-%m-%d").to_string();
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
        sheet.add_data_validation(first, 4 + shift, last, 4 + shift, &status)?;
        let date = DataValidation::new()
            .allow_date(DataValidationRule::GreaterThan(ExcelDateTime::from_ymd(
                2000, 1, 1,
            )?))
            .set_input_title("完成日期")?
            .set_input_message(format!("已完成的任务请填写完成日期，如 {example}"))?
            .set_error_title("不是日期")?
            .set_error_message(format!("请填写日期，如 {example}"))?
            .set_error_style(DataValidationErrorStyle::Stop);
        sheet.add_data_validation(first, 5 + shift, last, 5 + shift, &date)?;
    }
    sheet.set_freeze_panes(first, 0)?;
    // Printed as it is sent: landscape A4, one page wide, the header on every page.
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    sheet.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    sheet.set_repeat_rows(top, top)?;
    sheet.set_footer("&C第 &P 页，共 &N 页");
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
    workbook.save_to_buffer()
}
