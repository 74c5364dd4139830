//! 总览: the period and its as_of, section 一's counts by class with the tasks in each, every
//! unit's completion (and the previous period's, with the change), and two native charts: the
//! units' completion, sorted, and the tasks in each class.

use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartDataLabelPosition, ChartFont, ChartFormat, ChartLegendPosition,
    ChartPoint, ChartSolidFill, ChartType, Worksheet, XlsxError,
};

use super::style::{self, Styles};
use super::table::{Cell, lines_in, row_height, text_width, wrap_list};
use super::{SHEETS, Standing, Summary};
use crate::model::Class;
use crate::render::annex::AnnexView;
use crate::render::excel::WIDEST_COLUMN;
use crate::render::numerals::chinese_date;

/// Where the charts stand: column G, after the tables and a narrow gap.
const CHART_COLUMN: u16 = 6;
const CHART_WIDTH: u32 = 560;
/// Up to this many units, 总览 is printed on one page.
const ONE_PAGE_UNITS: usize = 40;
/// Rows and columns as rust_xlsxwriter lays them out by default (15 pt = 20 px; 8.43 = 64 px).
const ROW_PIXELS: u32 = 20;
const COLUMN_PIXELS: u32 = 64;
/// A row of the class table: tall enough to give the class chart room beside it.
const CLASS_ROW_POINTS: f64 = 24.0;

/// Writes the sheet: the title and dates, the class table with its chart beside it, the units'
/// table with its chart.
pub fn write(
    sheet: &mut Worksheet,
    summary: &Summary,
    annex: &AnnexView,
    standings: &[Standing],
    styles: &Styles,
) -> Result<(), XlsxError> {
    let widths = Widths::of(standings);
    for (column, width) in (0u16..).zip(widths.0) {
        sheet.set_column_width(column, width)?;
    }
    let row = write_title(sheet, summary, &widths, styles)?;
    let classes = write_classes(sheet, summary, row + 1, &widths, styles)?;
    let chart = class_chart(
        &classes.classes,
        classes.header + 1,
        classes.total - 1,
        classes.pixels,
    );
    sheet.insert_chart(classes.header, CHART_COLUMN, &chart)?;
    let with_previous = summary.previous.is_some();
    let units = UnitsTable {
        header: classes.total + 2,
        with_previous,
    };
    let note_row = units.write(sheet, annex, standings, &widths, styles)?;
    units.chart(sheet, annex, standings, note_row, styles)?;
    sheet.set_screen_gridlines(false);
    // A district's 总览 is one page; a province's long table of units runs on, one page wide.
    if standings.len() <= ONE_PAGE_UNITS {
        sheet.set_print_fit_to_pages(1, 1);
    }
    Ok(())
}

/// The columns both tables share: A class / rank, B count / unit, C–E the tasks of a class or
/// the unit's completion now, before and the change; F a gap before the charts.
struct Widths([f64; 6]);

impl Widths {
    fn of(standings: &[Standing]) -> Self {
        let unit_width = standings
            .iter()
            .map(|s| text_width(&s.row.unit))
            .chain([text_width("任务数")])
            .fold(0.0, f64::max);
        // A name wider than a column may be (Excel's 255) is cut on screen, never refused.
        let unit_width = (unit_width + 2.0).min(WIDEST_COLUMN);
        Self([12.0, unit_width, 9.0, 12.0, 10.0, 2.0])
    }

    /// The width of columns C–E, where a class's task ids wrap.
    fn text_span(&self) -> f64 {
        self.0[2..5].iter().sum()
    }
}

/// The title, the dates, and with `--previous` the bulletin's sentence on what moved; returns
/// the row after them.
fn write_title(
    sheet: &mut Worksheet,
    summary: &Summary,
    widths: &Widths,
    styles: &Styles,
) -> Result<u32, XlsxError> {
    let title = match summary.view.title.as_str() {
        "" => "汇总表",
        title => title,
    };
    let title = styles.cuts.fit(sheet, (0, 0), title);
    sheet.write_string_with_format(0, 0, title, &styles.title)?;
    sheet.set_row_height(0, 24.0)?;
    let mut dates = format!(
        "统计截止日期：{}　报送期：{}",
        chinese_date(summary.classified.period.as_of),
        summary.period
    );
    if let Some(previous) = &summary.previous {
        dates.push_str(&format!("　上期：{}", chinese_date(previous.as_of)));
    }
    let dates = styles.cuts.fit(sheet, (1, 0), &dates);
    sheet.write_string_with_format(1, 0, dates, &styles.subtitle)?;
    let mut row = 2;
    if let Some(sentence) = &summary.view.since_previous {
        // The bulletin's own sentence on what moved, across the tables and the charts.
        let last = CHART_COLUMN + 8;
        let width = widths.0.iter().sum::<f64>() + 8.43 * 9.0;
        let sentence = styles.cuts.fit(sheet, (row, 0), sentence);
        sheet.merge_range(row, 0, row, last, &sentence, &styles.note)?;
        sheet.set_row_height(row, row_height(lines_in(&sentence, width)))?;
        row += 1;
    }
    Ok(row)
}

/// Where the class table stands, for its chart.
struct ClassTable {
    classes: Vec<Class>,
    header: u32,
    /// The 合计 row.
    total: u32,
    /// How tall the chart beside it is: the table and the row after it.
    pixels: u32,
}

/// Section 一's counts, every class (滞后序时 only when the plan has figures), with the ids,
/// its header at `header`.
fn write_classes(
    sheet: &mut Worksheet,
    summary: &Summary,
    header: u32,
    widths: &Widths,
    styles: &Styles,
) -> Result<ClassTable, XlsxError> {
    let classified = summary.classified;
    let classes: Vec<Class> = if classified.has_pace() {
        Class::WITH_PACE.to_vec()
    } else {
        Class::ALL.to_vec()
    };
    for (column, title) in (0u16..).zip(["完成情况", "任务数"]) {
        sheet.write_string_with_format(header, column, title, &styles.header)?;
    }
    sheet.merge_range(header, 2, header, 4, "任务序号", &styles.header)?;
    sheet.set_row_height(header, CLASS_ROW_POINTS)?;
    let mut pixels = points_to_pixels(CLASS_ROW_POINTS) + ROW_PIXELS;
    let mut row = header + 1;
    for &class in &classes {
        let tasks = classified.tasks_in(class);
        // Broken after a 、 where the line is full, never inside a number.
        let ids = wrap_list(
            &classified.plan.tasks_id_list(&tasks),
            widths.text_span() - 1.0,
        );
        Cell::Label(class.label().to_string()).write(sheet, row, 0, styles)?;
        Cell::Integer(tasks.len()).write(sheet, row, 1, styles)?;
        let ids = styles.cuts.fit(sheet, (row, 2), &ids);
        sheet.merge_range(row, 2, row, 4, &ids, &styles.wrapped)?;
        let height = row_height(ids.lines().count()).max(CLASS_ROW_POINTS);
        sheet.set_row_height(row, height)?;
        pixels += points_to_pixels(height);
        row += 1;
    }
    Cell::Label("合计".into()).write(sheet, row, 0, styles)?;
    Cell::Integer(classified.outcomes().len()).write(sheet, row, 1, styles)?;
    sheet.merge_range(row, 2, row, 4, "", &styles.wrapped)?;
    sheet.set_row_height(row, CLASS_ROW_POINTS)?;
    pixels += points_to_pixels(CLASS_ROW_POINTS);
    Ok(ClassTable {
        classes,
        header,
        total: row,
        pixels,
    })
}

/// Every unit's completion, as the annex ranks them, and its chart.
struct UnitsTable {
    header: u32,
    /// With `--previous`: the previous period's share and the change beside each.
    with_previous: bool,
}

impl UnitsTable {
    /// Writes the table and the annex's note under it; returns the note's row.
    fn write(
        &self,
        sheet: &mut Worksheet,
        annex: &AnnexView,
        standings: &[Standing],
        widths: &Widths,
        styles: &Styles,
    ) -> Result<u32, XlsxError> {
        let header = self.header;
        // The annex's own names: 完成率, or 综合完成率 with `ranking: progress`.
        let share = annex.ranking_header.get(4).map_or("完成率", String::as_str);
        let mut titles = vec!["排名".to_string(), "单位".to_string(), share.to_string()];
        if self.with_previous {
            titles.extend([format!("上期{share}"), "变化\n（百分点）".to_string()]);
        }
        for (column, title) in (0u16..).zip(titles) {
            sheet.write_string_with_format(header, column, title, &styles.header)?;
        }
        sheet.set_row_height(header, 32.0)?;
        let mut row = header + 1;
        for standing in standings {
            let rank = match standing.row.rank.parse::<usize>() {
                Ok(rank) => Cell::Integer(rank),
                Err(_) => Cell::Label(standing.row.rank.clone()),
            };
            rank.write(sheet, row, 0, styles)?;
            Cell::Label(standing.row.unit.clone()).write(sheet, row, 1, styles)?;
            super::ranking::share_cell(standing.row).write(sheet, row, 2, styles)?;
            if self.with_previous {
                Cell::Percent(standing.previous).write(sheet, row, 3, styles)?;
                Cell::Points(standing.change()).write(sheet, row, 4, styles)?;
            }
            row += 1;
        }
        let note = styles.cuts.fit(sheet, (row, 0), &annex.ranking_note);
        sheet.merge_range(row, 0, row, 4, &note, &styles.note)?;
        let width = widths.text_span() + widths.0[0] + widths.0[1];
        sheet.set_row_height(row, row_height(lines_in(&annex.ranking_note, width)))?;
        Ok(row)
    }

    /// The bar chart of the ranked units beside the table (the others follow them unranked and
    /// stay out of it), and the page around the tables and the charts.
    fn chart(
        &self,
        sheet: &mut Worksheet,
        annex: &AnnexView,
        standings: &[Standing],
        note_row: u32,
        styles: &Styles,
    ) -> Result<(), XlsxError> {
        let ranked = standings.iter().filter(|s| s.row.place.is_some()).count() as u32;
        if ranked == 0 {
            sheet.write_string_with_format(
                self.header,
                CHART_COLUMN,
                "尚无到期任务，暂无完成率图",
                &styles.subtitle,
            )?;
            return Ok(());
        }
        let first = self.header + 1;
        let title = &annex.ranking_title;
        let (chart, height) = units_chart(title, first, first + ranked - 1, self.with_previous);
        sheet.insert_chart(self.header, CHART_COLUMN, &chart)?;
        // The page holds the cells in use; the chart may reach below the last of them.
        let chart_end = self.header + height.div_ceil(ROW_PIXELS);
        let chart_right = CHART_COLUMN + CHART_WIDTH.div_ceil(COLUMN_PIXELS) as u16;
        sheet.set_print_area(0, 0, chart_end.max(note_row), chart_right)?;
        Ok(())
    }
}

fn points_to_pixels(points: f64) -> u32 {
    (points * 4.0 / 3.0).round() as u32
}

/// A column chart of how many tasks are in each class, each class in its colour.
fn class_chart(classes: &[Class], first: u32, last: u32, height: u32) -> Chart {
    let mut chart = Chart::new(ChartType::Column);
    let points: Vec<ChartPoint> = classes
        .iter()
        .map(|&class| {
            ChartPoint::new().set_format(
                ChartFormat::new()
                    .set_solid_fill(ChartSolidFill::new().set_color(class_color(class))),
            )
        })
        .collect();
    chart
        .add_series()
        .set_name("任务数")
        .set_categories((SHEETS[0], first, 0, last, 0))
        .set_values((SHEETS[0], first, 1, last, 1))
        .set_points(&points)
        .set_data_label(ChartDataLabel::new().show_value())
        .set_gap(60);
    chart.title().set_name("各类任务数（项）");
    chart.legend().set_hidden();
    chart.y_axis().set_min(0).set_num_format("0");
    chart.set_width(CHART_WIDTH).set_height(height);
    chart
}

/// The colour of a class in the class chart: done green, overdue red, in progress yellow.
fn class_color(class: Class) -> u32 {
    match class {
        Class::OnTime => 0x70AD47,
        Class::Late => 0xA9D18E,
        Class::Overdue => 0xC00000,
        Class::BehindPace => 0xED7D31,
        Class::InProgress => 0xFFC000,
    }
}

/// A bar chart of the units' completion, best first, with the previous period's beside it;
/// and its height in pixels.
fn units_chart(title: &str, first: u32, last: u32, with_previous: bool) -> (Chart, u32) {
    let mut chart = Chart::new(ChartType::Bar);
    let bar = |color: u32| {
        let mut format = ChartFormat::new();
        format.set_solid_fill(ChartSolidFill::new().set_color(color));
        format
    };
    chart
        .add_series()
        .set_name(if with_previous { "本期" } else { "完成率" })
        .set_categories((SHEETS[0], first, 1, last, 1))
        .set_values((SHEETS[0], first, 2, last, 2))
        .set_format(&mut bar(style::CURRENT_BAR))
        .set_data_label(
            ChartDataLabel::new()
                .show_value()
                .set_position(ChartDataLabelPosition::InsideEnd)
                .set_font(ChartFont::new().set_color(0xFFFFFF).set_size(8)),
        )
        .set_gap(50);
    if with_previous {
        chart
            .add_series()
            .set_name("上期")
            .set_categories((SHEETS[0], first, 1, last, 1))
            .set_values((SHEETS[0], first, 3, last, 3))
            .set_format(&mut bar(style::PREVIOUS_BAR));
        chart.legend().set_position(ChartLegendPosition::Bottom);
    } else {
        chart.legend().set_hidden();
    }
    chart.title().set_name(title);
    // In a bar chart the y axis holds the categories: reversed, the first ranked is on top.
    chart
        .y_axis()
        .set_reverse()
        .set_label_interval(1)
        .set_font(ChartFont::new().set_size(9));
    chart
        .x_axis()
        .set_min(0)
        .set_max(1)
        .set_major_unit(0.2)
        .set_num_format("0%");
    // Tall enough that every unit's name is shown: LibreOffice drops every other name when
    // they are crowded.
    let per_unit = if with_previous { 30 } else { 22 };
    let height = ((last - first + 1) * per_unit + 110).max(260);
    chart.set_width(CHART_WIDTH).set_height(height);
    (chart, height)
}
