//! The workbook's cell formats and colours, in one place: the grid's fills, the charts' bars
//! and the legend all use these, so green means done everywhere.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

use crate::render::excel::Cuts;

/// Excel's own "good", "neutral" and "bad" cell styles, which clerks know: done, not done and
/// not yet due, overdue.
pub const DONE_FILL: u32 = 0xC6EFCE;
pub const DONE_TEXT: u32 = 0x006100;
pub const PENDING_FILL: u32 = 0xFFEB9C;
pub const PENDING_TEXT: u32 = 0x9C5700;
pub const OVERDUE_FILL: u32 = 0xFFC7CE;
pub const OVERDUE_TEXT: u32 = 0x9C0006;
/// A task that is not the unit's.
pub const ABSENT_FILL: u32 = 0xD9D9D9;
/// A unit that sent nothing (`--allow-missing`): 未报送 in grey on white, neither green, yellow
/// nor red, as nothing is known of its tasks.
pub const NOT_REPORTED_TEXT: u32 = 0x595959;
/// A unit behind pace: its 完成率 in bold red.
pub const BEHIND_TEXT: u32 = 0xC00000;
const HEADER_FILL: u32 = 0xD9E1F2;

/// The bars of the charts: this period, the previous one.
pub const CURRENT_BAR: u32 = 0x4472C4;
pub const PREVIOUS_BAR: u32 = 0xA5A5A5;

/// The grid's font size: smaller than the rest, so its many columns print one page wide.
const GRID_FONT: f64 = 9.0;

/// A date cell: a month deadline reads 2021年6月, a day deadline 2021年6月15日.
const MONTH: &str = "yyyy\"年\"m\"月\"";
const DAY: &str = "yyyy\"年\"m\"月\"d\"日\"";

/// A percentage as the bulletin prints it: one decimal, a trailing .0 dropped. Excel's number
/// formats cannot drop it, so each cell gets the format its value needs.
const PERCENT: &str = "0.0%";
const PERCENT_WHOLE: &str = "0%";

/// The number format of a percentage of `per_mille` tenths of a percent.
fn percent_code(per_mille: u128) -> &'static str {
    if per_mille.is_multiple_of(10) {
        PERCENT_WHOLE
    } else {
        PERCENT
    }
}

/// Every format the sheets use.
pub struct Styles {
    pub title: Format,
    pub subtitle: Format,
    pub header: Format,
    pub centered: Format,
    pub wrapped: Format,
    pub integer: Format,
    /// A percentage with its tenth (74.8%), and a whole one (40%): the bulletin's one form.
    pub percent: Format,
    pub percent_whole: Format,
    /// A change in percentage points: +5.5, −2.5, and whole ones +5, 0.
    pub points: Format,
    pub points_whole: Format,
    pub month: Format,
    pub day: Format,
    /// A note under a table: wrapped, not boxed.
    pub note: Format,
    pub done: Format,
    pub pending: Format,
    pub overdue: Format,
    pub absent: Format,
    pub not_reported: Format,
    /// The grid's unit names and task ids, its deadlines and its legend, in its smaller font.
    pub grid_header: Format,
    pub grid_month: Format,
    pub grid_day: Format,
    pub grid_legend: Format,
    /// Not a format: the texts cut to fit their cells, gathered as the sheets are written
    /// (every writer has the styles at hand), to warn of.
    pub cuts: Cuts,
}

impl Styles {
    /// A grid cell holding a 完成率 of `per_mille` tenths of a percent on `fill`; bold red
    /// when the unit is behind pace.
    pub fn rate(&self, fill: &Format, behind: bool, per_mille: u128) -> Format {
        let format = fill.clone().set_num_format(percent_code(per_mille));
        if behind {
            format.set_bold().set_font_color(Color::RGB(BEHIND_TEXT))
        } else {
            format
        }
    }

    /// The format of a percentage cell of `per_mille` tenths of a percent.
    pub fn percent_of(&self, per_mille: u128) -> &Format {
        if per_mille.is_multiple_of(10) {
            &self.percent_whole
        } else {
            &self.percent
        }
    }

    /// The format of a change of `tenths` tenths of a percentage point.
    pub fn points_of(&self, tenths: i128) -> &Format {
        if tenths % 10 == 0 {
            &self.points_whole
        } else {
            &self.points
        }
    }

    pub fn new() -> Self {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        let centered = cell.clone().set_align(FormatAlign::Center);
        let small = centered.clone().set_font_size(GRID_FONT);
        let fill = |fill: u32, text: u32| {
            small
                .clone()
                .set_background_color(Color::RGB(fill))
                .set_font_color(Color::RGB(text))
        };
        Self {
            title: Format::new().set_bold().set_font_size(16),
            subtitle: Format::new().set_font_size(11),
            header: centered
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_background_color(Color::RGB(HEADER_FILL)),
            wrapped: cell.clone().set_text_wrap(),
            integer: centered.clone().set_num_format("0"),
            percent: centered.clone().set_num_format(PERCENT),
            percent_whole: centered.clone().set_num_format(PERCENT_WHOLE),
            points: centered.clone().set_num_format("+0.0;-0.0;0.0"),
            points_whole: centered.clone().set_num_format("+0;-0;0"),
            month: centered.clone().set_num_format(MONTH),
            day: centered.clone().set_num_format(DAY),
            note: Format::new()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_font_size(10),
            done: fill(DONE_FILL, DONE_TEXT),
            pending: fill(PENDING_FILL, PENDING_TEXT),
            overdue: fill(OVERDUE_FILL, OVERDUE_TEXT),
            absent: small.clone().set_background_color(Color::RGB(ABSENT_FILL)),
            not_reported: small
                .clone()
                .set_italic()
                .set_font_color(Color::RGB(NOT_REPORTED_TEXT)),
            grid_month: small.clone().set_num_format(MONTH),
            grid_day: small.clone().set_num_format(DAY),
            grid_legend: Format::new().set_font_size(GRID_FONT),
            grid_header: small
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_background_color(Color::RGB(HEADER_FILL)),

            centered,
            cuts: Cuts::default(),
        }
    }
}
