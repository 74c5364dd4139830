//! The summary workbook (汇总表) an office keeps beside the bulletin: 总览 with its two charts,
//! 任务, 单位×任务 and 排名. Every figure comes from the classified period and the annex the
//! bulletin is made from, so the workbook cannot count or word anything differently. The same
//! data gives the same bytes: the document's dates are the period's as_of, and the zip's
//! timestamps are fixed by rust_xlsxwriter.

mod grid;
mod overview;
mod ranking;
mod style;
mod table;
mod tasks;

use chrono::NaiveDate;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet, XlsxError};

use super::annex::{AnnexView, RankRow, annex_view};
use super::context::BulletinView;
use super::excel::{self, Written, excel_date};
use crate::model::Classified;
use style::Styles;

/// The sheets, in the order the workbook holds them.
pub const SHEETS: [&str; 4] = ["总览", "任务", "单位×任务", "排名"];

/// What the workbook is made from.
pub struct Summary<'a> {
    pub classified: &'a Classified<'a>,
    /// The bulletin's view: its title, and with `--previous` the sentence on what moved.
    pub view: &'a BulletinView,
    /// The period folder's name, as the clerk named it (2021-05).
    pub period: &'a str,
    /// With `generate --previous`: the previous period, as its own annex ranks it.
    pub previous: Option<Previous>,
}

/// The previous period's standing, for the columns beside the current one.
pub struct Previous {
    pub as_of: NaiveDate,
    pub ranking: Vec<RankRow>,
}

impl Previous {
    /// The previous period of `classified`, ranked as the annex ranks it.
    pub fn of(classified: &Classified) -> Self {
        Self {
            as_of: classified.period.as_of,
            ranking: annex_view(classified).ranking,
        }
    }

    /// A unit's share of its due tasks done in the previous period, in tenths of a percent;
    /// none when nothing was due.
    fn per_mille(&self, unit: &str) -> Option<u128> {
        self.ranking
            .iter()
            .find(|row| row.unit == unit)
            .and_then(|row| row.per_mille)
    }
}

/// One unit's completion now and, with `--previous`, before: the rows of 总览's table and of
/// 排名, in the annex's order.
struct Standing<'a> {
    row: &'a RankRow,
    /// The previous period's share, in tenths of a percent.
    previous: Option<u128>,
}

impl Standing<'_> {
    /// The change in tenths of a percentage point between the shares as printed, when both
    /// periods had tasks due.
    fn change(&self) -> Option<i128> {
        let now = i128::try_from(self.row.per_mille?).ok()?;
        let before = i128::try_from(self.previous?).ok()?;
        Some(now - before)
    }
}

fn standings<'a>(annex: &'a AnnexView, previous: Option<&Previous>) -> Vec<Standing<'a>> {
    annex
        .ranking
        .iter()
        .map(|row| Standing {
            row,
            previous: previous.and_then(|p| p.per_mille(&row.unit)),
        })
        .collect()
}

/// The workbook's bytes, and the texts cut to fit its cells. What Excel cannot hold is an
/// error in Chinese that names the sheet.
pub fn render(summary: &Summary) -> anyhow::Result<Written> {
    let classified = summary.classified;
    let annex = annex_view(classified);
    let standings = standings(&annex, summary.previous.as_ref());
    let styles = Styles::new();
    let mut workbook = Workbook::new();
    // Fixed properties: the same data gives the same bytes whenever it is written. A period
    // before 1900, which Excel cannot date, is dated as Excel's first day.
    let as_of = excel_date(classified.period.as_of)
        .or_else(|_| ExcelDateTime::from_ymd(1900, 1, 1))
        .map_err(|error| excel::failure("无法写出汇总表", &error))?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("{}（汇总表）", summary.view.title))
            .set_author(summary.view.issuer.as_str())
            .set_creation_datetime(&as_of)
            // How a period folder knows this workbook as an output of ours, never a sheet.
            .set_custom_property("generator", crate::provenance::GENERATOR),
    );
    let failure = |name: &'static str| {
        move |error: XlsxError| excel::failure(&format!("无法写出汇总表的“{name}”工作表"), &error)
    };

    let sheet = add_sheet(&mut workbook, SHEETS[0], false).map_err(failure(SHEETS[0]))?;
    overview::write(sheet, summary, &annex, &standings, &styles).map_err(failure(SHEETS[0]))?;
    let sheet = add_sheet(&mut workbook, SHEETS[1], false).map_err(failure(SHEETS[1]))?;
    tasks::write(sheet, classified, &styles).map_err(failure(SHEETS[1]))?;
    // A grid too large to hold (a province's plan) is written row by row through a temporary
    // file; an office's is held, as the other sheets are.
    let plan = classified.plan;
    let cells = plan.tasks.len().saturating_mul(plan.units.len());
    let streamed = cells > STREAMED_GRID_CELLS;
    let sheet = add_sheet(&mut workbook, SHEETS[2], streamed).map_err(failure(SHEETS[2]))?;
    grid::write(sheet, classified, &styles).map_err(failure(SHEETS[2]))?;
    let sheet = add_sheet(&mut workbook, SHEETS[3], false).map_err(failure(SHEETS[3]))?;
    ranking::write(
        sheet,
        &annex,
        &standings,
        summary.previous.as_ref(),
        &styles,
    )
    .map_err(failure(SHEETS[3]))?;
    let bytes = workbook
        .save_to_buffer()
        .map_err(|error| excel::failure("无法写出汇总表", &error))?;
    Ok(Written {
        bytes,
        cuts: styles.cuts.into_vec(),
    })
}

/// Past this many units × tasks the 单位×任务 sheet is streamed (rust_xlsxwriter's constant
/// memory mode): 4,000,000 cells held took 956 MiB.
const STREAMED_GRID_CELLS: usize = 100_000;

/// A new sheet named `name`, set up to print: landscape A4, one page wide, the sheet's name and
/// the page number in the footer; `streamed`, its rows are written out as they are made.
fn add_sheet<'a>(
    workbook: &'a mut Workbook,
    name: &str,
    streamed: bool,
) -> Result<&'a mut Worksheet, XlsxError> {
    let sheet = if streamed {
        workbook.add_worksheet_with_constant_memory()?
    } else {
        workbook.add_worksheet()
    };
    sheet.set_name(name)?;
    sheet
        .set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0)
        .set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3)
        .set_print_center_horizontally(true)
        .set_footer("&C&A　第&P页，共&N页");
    Ok(sheet)
}
