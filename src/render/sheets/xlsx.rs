//! A unit's status sheet as .xlsx, ready to print and send: the title and the notes line above
//! the table, the context columns locked and shaded, a drop-down on 状态, date cells for 完成日期,
//! a hint on 进度, and the page set up (landscape A4, one page wide, the header on every page).

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, ProtectionOptions, Workbook, Worksheet,
    XlsxError,
};

use super::{HEADER, HEADER_WITH_PROGRESS, Heading, ProgressCells, SheetRow};
use crate::model::Status;
use crate::model::pace::Figure;
use crate::render::excel::{self, Cuts, Written, excel_date, message_text, sheet_name};

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
    let formats = Formats::new();
    let columns = Columns::of(rows);
    let top = write_heading(sheet, unit, heading, &columns, &formats, cuts)?;
    let first = top + 1;
    for (r, row) in (first..).zip(rows) {
        write_row(sheet, r, row, &columns, &formats, cuts)?;
    }
    if !rows.is_empty() {
        let last = top + rows.len() as u32;
        add_validations(sheet, (first, last), &columns, heading)?;
    }
    sheet.set_freeze_panes(first, 0)?;
    set_up_page(sheet, top)?;
    workbook.save_to_buffer()
}

/// The cell formats of a sheet.
struct Formats {
    title: Format,
    notes: Format,
    header: Format,
    /// The context columns (单位, 任务内容, …): shaded and locked.
    context: Format,
    centred: Format,
    /// The columns a unit fills in.
    editable: Format,
    date: Format,
    quantity: Format,
    /// A percentage, kept as text so 80% stays 80% and 80 is not read as 8000%.
    percent: Format,
}

impl Formats {
    fn new() -> Self {
        let context = Format::new()
            .set_background_color(Color::RGB(0xF2F2F2))
            .set_text_wrap()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter)
            .set_locked();
        let quantity = Format::new()
            .set_unlocked()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter);
        Self {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            notes: Format::new().set_align(FormatAlign::Left),
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border(FormatBorder::Thin)
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            centred: context.clone().set_align(FormatAlign::Center),
            context,
            editable: Format::new()
                .set_unlocked()
                .set_text_wrap()
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::VerticalCenter),
            date: Format::new()
                .set_unlocked()
                .set_num_format("yyyy-mm-dd")
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::VerticalCenter),
            percent: quantity.clone().set_num_format("@"),
            quantity,
        }
    }
}

/// Where the columns stand: 目标 and 进度, when the sheets carry them, stand before 状态 and
/// shift the columns the units fill.
struct Columns {
    titles: &'static [&'static str],
    shift: u16,
}

impl Columns {
    fn of(rows: &[SheetRow]) -> Self {
        if rows.iter().any(|row| row.progress.is_some()) {
            Self {
                titles: &HEADER_WITH_PROGRESS,
                shift: 2,
            }
        } else {
            Self {
                titles: &HEADER,
                shift: 0,
            }
        }
    }

    fn status(&self) -> u16 {
        4 + self.shift
    }

    fn date(&self) -> u16 {
        5 + self.shift
    }

    fn note(&self) -> u16 {
        6 + self.shift
    }

    fn last(&self) -> u16 {
        self.titles.len().saturating_sub(1) as u16
    }
}

/// The title row, the notes line when the plan gives one, the header and the columns' widths;
/// returns the header's row.
fn write_heading(
    sheet: &mut Worksheet,
    unit: &str,
    heading: &Heading,
    columns: &Columns,
    formats: &Formats,
    cuts: &Cuts,
) -> Result<u32, XlsxError> {
    let title = heading.title_of(unit);
    let title = cuts.fit(sheet, (0, 0), &title);
    sheet.merge_range(0, 0, 0, columns.last(), &title, &formats.title)?;
    sheet.set_row_height(0, 32)?;
    let mut top = 1u32;
    if let Some(notes) = heading.notes() {
        let notes = cuts.fit(sheet, (1, 0), &notes);
        sheet.merge_range(1, 0, 1, columns.last(), &notes, &formats.notes)?;
        top = 2;
    }
    for (column, title) in (0u16..).zip(columns.titles) {
        sheet.write_string_with_format(top, column, *title, &formats.header)?;
    }
    let mut widths = vec![(10.0, 0), (6.0, 1), (60.0, 2), (15.0, 3)];
    if columns.shift > 0 {
        widths.extend([(10.0, 4), (10.0, 5)]);
    }
    widths.extend([
        (10.0, columns.status()),
        (12.0, columns.date()),
        (40.0, columns.note()),
    ]);
    for (width, column) in widths {
        sheet.set_column_width(column, width)?;
    }
    Ok(top)
}

/// One task's row at `r`. A text past Excel's limit is cut, and a warning says where.
fn write_row(
    sheet: &mut Worksheet,
    r: u32,
    row: &SheetRow,
    columns: &Columns,
    formats: &Formats,
    cuts: &Cuts,
) -> Result<(), XlsxError> {
    // Room to write in by hand on a printed sheet.
    sheet.set_row_height(r, 30)?;
    let unit = cuts.fit(sheet, (r, 0), &row.unit);
    sheet.write_string_with_format(r, 0, unit, &formats.context)?;
    sheet.write_number_with_format(r, 1, f64::from(row.task), &formats.centred)?;
    let text = cuts.fit(sheet, (r, 2), &row.text);
    sheet.write_string_with_format(r, 2, text, &formats.context)?;
    sheet.write_string_with_format(r, 3, &row.deadline, &formats.centred)?;
    if let Some(progress) = &row.progress {
        write_progress(sheet, r, progress, formats)?;
    }
    let status = row.status.map_or("", Status::label);
    sheet.write_string_with_format(r, columns.status(), status, &formats.editable)?;
    // A date Excel cannot hold (before 1900) is written as the sheets read it back: text.
    match row.date.map(|date| (date, excel_date(date))) {
        Some((_, Ok(cell))) => {
            sheet.write_datetime_with_format(r, columns.date(), &cell, &formats.date)?;
        }
        Some((date, Err(_))) => {
            let text = date.to_string();
            sheet.write_string_with_format(r, columns.date(), text, &formats.editable)?;
        }
        None => {
            sheet.write_blank(r, columns.date(), &formats.date)?;
        }
    }
    let note = cuts.fit(sheet, (r, columns.note()), &row.note);
    sheet.write_string_with_format(r, columns.note(), note, &formats.editable)?;
    Ok(())
}

/// 目标 and 进度 at `r`: the target as text, the figure (a quantity as a number, a percentage
/// as text), and a hint on what to write.
fn write_progress(
    sheet: &mut Worksheet,
    r: u32,
    progress: &ProgressCells,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(r, 4, &progress.target, &formats.centred)?;
    match (progress.figure, progress.percent) {
        (Some(Figure::Quantity(quantity)), false) => {
            let value = quantity.0 as f64 / 1000.0;
            sheet.write_number_with_format(r, 5, value, &formats.quantity)?;
        }
        (_, true) => {
            sheet.write_string_with_format(r, 5, progress.figure_text(), &formats.percent)?;
        }
        _ => {
            sheet.write_blank(r, 5, &formats.quantity)?;
        }
    }
    let hint = DataValidation::new()
        .allow_any_value()
        .set_input_title("进度")?
        .set_input_message(message_text(&progress.hint))?;
    sheet.add_data_validation(r, 5, r, 5, &hint)?;
    Ok(())
}

/// The drop-down on 状态 and the date check on 完成日期, over the rows `first` to `last`.
fn add_validations(
    sheet: &mut Worksheet,
    (first, last): (u32, u32),
    columns: &Columns,
    heading: &Heading,
) -> Result<(), XlsxError> {
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
    sheet.add_data_validation(first, columns.status(), last, columns.status(), &status)?;
    let date = DataValidation::new()
        .allow_date(DataValidationRule::GreaterThan(ExcelDateTime::from_ymd(
            2000, 1, 1,
        )?))
        .set_input_title("完成日期")?
        .set_input_message(format!("已完成的任务请填写完成日期，如 {example}"))?
        .set_error_title("不是日期")?
        .set_error_message(format!("请填写日期，如 {example}"))?
        .set_error_style(DataValidationErrorStyle::Stop);
    sheet.add_data_validation(first, columns.date(), last, columns.date(), &date)?;
    Ok(())
}

/// Printed as it is sent: landscape A4, one page wide, the header (row `top`) on every page;
/// the context columns locked against a slip, with no password, columns and rows resizable.
fn set_up_page(sheet: &mut Worksheet, top: u32) -> Result<(), XlsxError> {
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    sheet.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    sheet.set_repeat_rows(top, top)?;
    sheet.set_footer("&C第 &P 页，共 &N 页");
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        sort: true,
        use_autofilter: true,
        ..ProtectionOptions::default()
    };
    sheet.protect_with_options(&options);
    Ok(())
}
