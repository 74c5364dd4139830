//! The masthead (版头, GB/T 9704 §7.2) and the end block (版记, §7.4) of the .docx.
//!
//! 版头: the issuer's mark (发文机关标志) centred in red 小标宋, its top edge 35 mm below the top of
//! the text block; the document number (发文字号) two lines below it; a red rule the width of
//! the text block 4 mm under the number; the title two lines below the rule.
//!
//! 版记: 抄送 and 印发 in 4号仿宋 between rules the width of the text block — the first and the
//! last thick (0.35 mm), the one between thin (0.25 mm) — set in a text box anchored to the foot of
//! the text block, so the last rule lies on its lower edge whatever page the body ends on.

use super::layout::{half_points, twips};
use super::package::run_fonts;
use super::xml::Xml;
use super::{Document, fixed_columns};
use crate::render::official::EndBlock;

/// The red of the masthead and its rule: pure red, which prints past the standard's minimum of
/// Y80% M80% (§5.2).
pub const RED: &str = "FF0000";

/// The masthead's size, tried largest first (初号, 小初, 一号, 小一, 二号), in half-points: the
/// first whose characters, condensed to no less than [`MIN_SCALE`], fit the text block.
const MASTHEAD_SIZES: [u32; 5] = [84, 72, 52, 48, 44];
/// How far a masthead's characters may be condensed (`w:w`, percent), as red mastheads are set.
const MIN_SCALE: u32 = 70;

/// Twips in a millimetre, rounded where used.
const fn mm(millimetres: u32) -> u32 {
    millimetres * 1440 * 10 / 254
}

/// From the top of the text block to the top edge of the mark (§7.2.4): 35 mm.
const MARK_FROM_BLOCK_TOP: u32 = mm(35);
/// In a line exactly as tall as the type, a CJK face's ink starts about 4% of the size above
/// the line (the face's ascent and descent are shared out over the line), as measured on the
/// LibreOffice render; the spacer above is that much taller.
const INK_ABOVE_LINE_PERCENT: u32 = 4;
/// From the number's line to the red rule, as a border's distance in points: in a line of
/// 28.95 pt a 3号 number's ink ends about 1.5 mm above the line's foot, so 7 pt (2.5 mm) more
/// puts the rule 4 mm under the number (§7.2.7).
const RULE_BELOW_NUMBER_PT: u32 = 7;
/// The masthead rule: 1.5 pt (about 0.5 mm), as offices draw it; the standard gives no width.
const MASTHEAD_RULE: u32 = 12;

/// The end block's rules, in eighths of a point: 0.35 mm ≈ 1 pt, 0.25 mm ≈ 0.75 pt (§7.4.1).
const THICK: u32 = 8;
const THIN: u32 = 6;
/// The end block's lines: 4号 in a 20 pt line, set in the middle of a row one grid line high.
const END_LINE: u32 = 400;
/// One 4号 character: what "左右各空一字" leaves at each side.
const END_CHAR: u32 = half_points::PAGE_NUMBER * 10;

/// The mark's size (half-points) and the condensing (percent) that fits it in the text block.
pub fn masthead_size(mark: &str) -> (u32, u32) {
    let chars = u32::try_from(mark.chars().count())
        .unwrap_or(u32::MAX)
        .max(1);
    let scale_at = |size: u32| {
        // The characters' full width at this size, in twips: half-points × 10.
        let natural = chars.saturating_mul(size * 10);
        (twips::TEXT_WIDTH * 100 / natural.max(1)).min(100)
    };
    for size in MASTHEAD_SIZES {
        let scale = scale_at(size);
        if scale >= MIN_SCALE {
            return (size, scale);
        }
    }
    let smallest = half_points::TITLE;
    (smallest, scale_at(smallest).max(1))
}

impl Document<'_> {
    /// An empty paragraph of exactly `height` twips, off the grid.
    fn spacer(&mut self, height: u32) {
        let x = &mut self.x;
        x.open("w:p", &[]).open("w:pPr", &[]);
        x.empty("w:snapToGrid", &[("w:val", &0)]);
        x.empty(
            "w:spacing",
            &[
                ("w:before", &0),
                ("w:after", &0),
                ("w:line", &height),
                ("w:lineRule", &"exact"),
            ],
        );
        x.close("w:pPr").close("w:p");
    }

    /// The 版头: the mark, the number under it, the red rule, and the space down to the title.
    pub(super) fn masthead(&mut self, mark: &str, number: Option<&str>) {
        let (size, scale) = masthead_size(mark);
        let ink_above_line = size * 10 * INK_ABOVE_LINE_PERCENT / 100;
        self.spacer(MARK_FROM_BLOCK_TOP + ink_above_line);
        let x = &mut self.x;
        x.open("w:p", &[]).open("w:pPr", &[]);
        x.empty("w:snapToGrid", &[("w:val", &0)]);
        // The line exactly as tall as the type: its em box fills the line.
        x.empty(
            "w:spacing",
            &[("w:line", &(size * 10)), ("w:lineRule", &"exact")],
        );
        x.empty("w:jc", &[("w:val", &"center")]);
        x.close("w:pPr");
        x.open("w:r", &[]).open("w:rPr", &[]);
        run_fonts(x, &self.fonts.latin, &self.fonts.title);
        x.empty("w:color", &[("w:val", &RED)]);
        if scale < 100 {
            x.empty("w:w", &[("w:val", &scale)]);
        }
        x.empty("w:sz", &[("w:val", &size)]);
        x.empty("w:szCs", &[("w:val", &size)]);
        x.close("w:rPr");
        x.element("w:t", &[("xml:space", &"preserve")], mark);
        x.close("w:r").close("w:p");
        // 发文字号: two lines below the mark (§7.2.5), then the rule 4 mm under it.
        self.spacer(2 * twips::LINE);
        let x = &mut self.x;
        x.open("w:p", &[]).open("w:pPr", &[]);
        x.open("w:pBdr", &[]);
        x.empty(
            "w:bottom",
            &[
                ("w:val", &"single"),
                ("w:sz", &MASTHEAD_RULE),
                ("w:space", &RULE_BELOW_NUMBER_PT),
                ("w:color", &RED),
            ],
        );
        x.close("w:pBdr");
        x.empty("w:snapToGrid", &[("w:val", &0)]);
        x.empty(
            "w:spacing",
            &[("w:line", &twips::LINE), ("w:lineRule", &"exact")],
        );
        x.empty("w:jc", &[("w:val", &"center")]);
        x.close("w:pPr");
        if let Some(number) = number {
            let font = self.fonts.body.clone();
            self.run(&font, half_points::BODY, &[number]);
        }
        self.x.close("w:p");
        // The title two lines below the rule (§7.3.1).
        self.spacer(2 * twips::LINE);
    }

    /// The 版记: a table of one column — thick rule, 抄送, thin rule, 印发, thick rule — in a
    /// text box anchored to the foot of the text block, so its last rule lies on the block's
    /// lower edge on whatever page the body ends (a frame or a floating table would do in Word,
    /// but LibreOffice sets both in the text flow).
    ///
    /// The box is anchored in an empty paragraph exactly as tall as its rows, a whole number of
    /// grid lines: where that paragraph fits after the date, the box has room at the foot of
    /// the page, and where it does not, both go on to the next page. The box itself lets text
    /// run under it (`wrapNone`): a box that pushed text away (`wrapTopAndBottom`) anchored in
    /// a paragraph one point high made LibreOffice, which gives even that paragraph a whole
    /// grid line, send the end block to a page of its own when the last page had just its
    /// rows free.
    pub(super) fn end_block(&mut self, block: &EndBlock) {
        let cc_lines = cc_lines(&block.cc_line);
        let rows = u32::try_from(cc_lines.len()).unwrap_or(u32::MAX / 1024) + 1;
        let height = rows * twips::LINE;
        let x = &mut self.x;
        // The anchor: the room the box takes, after the date (or alone on the page).
        x.open("w:p", &[]).open("w:pPr", &[]);
        x.empty("w:snapToGrid", &[("w:val", &0)]);
        x.empty(
            "w:spacing",
            &[("w:line", &height), ("w:lineRule", &"exact")],
        );
        x.close("w:pPr");
        x.open("w:r", &[]).open("w:drawing", &[]);
        text_box_start(x, height + ANCHOR_LINE);
        x.open("w:tbl", &[]).open("w:tblPr", &[]);
        x.empty("w:tblW", &[("w:w", &twips::TEXT_WIDTH), ("w:type", &"dxa")]);
        x.open("w:tblBorders", &[]);
        for (side, width) in [
            ("top", Some(THICK)),
            ("left", None),
            ("bottom", Some(THICK)),
            ("right", None),
            ("insideH", Some(THIN)),
            ("insideV", None),
        ] {
            let name = format!("w:{side}");
            match width {
                Some(width) => x.empty(
                    &name,
                    &[
                        ("w:val", &"single"),
                        ("w:sz", &width),
                        ("w:space", &0),
                        ("w:color", &"000000"),
                    ],
                ),
                None => x.empty(&name, &[("w:val", &"nil")]),
            };
        }
        x.close("w:tblBorders");
        fixed_columns(x, &[twips::TEXT_WIDTH]);
        if !cc_lines.is_empty() {
            let lines: Vec<&str> = cc_lines.iter().map(String::as_str).collect();
            self.end_block_row(EndLine::Cc, &lines);
        }
        self.end_block_row(EndLine::Printed, &[&block.printed_by, &block.printed]);
        let x = &mut self.x;
        x.close("w:tbl");
        // A text box ends with a paragraph.
        x.open("w:p", &[]).open("w:pPr", &[]);
        x.empty(
            "w:spacing",
            &[("w:line", &ANCHOR_LINE), ("w:lineRule", &"exact")],
        );
        x.close("w:pPr").close("w:p");
        text_box_end(x);
        x.close("w:drawing").close("w:r").close("w:p");
    }

    /// One row of the end block: `texts` are the 抄送 line's lines, or the printer and the date
    /// (set apart by a right tab).
    fn end_block_row(&mut self, kind: EndLine, texts: &[&str]) {
        let lines = match kind {
            EndLine::Cc => u32::try_from(texts.len()).unwrap_or(1),
            EndLine::Printed => 1,
        };
        let x = &mut self.x;
        x.open("w:tr", &[]).open("w:trPr", &[]);
        x.empty("w:cantSplit", &[]);
        x.empty(
            "w:trHeight",
            &[("w:val", &(lines * twips::LINE)), ("w:hRule", &"exact")],
        );
        x.close("w:trPr");
        x.open("w:tc", &[]).open("w:tcPr", &[]);
        x.empty("w:tcW", &[("w:w", &twips::TEXT_WIDTH), ("w:type", &"dxa")]);
        x.empty("w:vAlign", &[("w:val", &"center")]);
        x.close("w:tcPr");
        x.open("w:p", &[]).open("w:pPr", &[]);
        if kind == EndLine::Printed {
            x.open("w:tabs", &[]);
            x.empty(
                "w:tab",
                &[
                    ("w:val", &"right"),
                    ("w:pos", &(twips::TEXT_WIDTH - END_CHAR)),
                ],
            );
            x.close("w:tabs");
        }
        x.empty("w:snapToGrid", &[("w:val", &0)]);
        x.empty(
            "w:spacing",
            &[("w:line", &END_LINE), ("w:lineRule", &"exact")],
        );
        match kind {
            // 抄送：… one character in from each side, the lines after the first aligned
            // after the colon (§7.4.2).
            EndLine::Cc => {
                let colon = 3 * END_CHAR;
                x.empty(
                    "w:ind",
                    &[
                        ("w:left", &(END_CHAR + colon)),
                        ("w:right", &END_CHAR),
                        ("w:hanging", &colon),
                    ],
                );
            }
            // The printer one character in from the left, the date one in from the right
            // (§7.4.3).
            EndLine::Printed => {
                x.empty("w:ind", &[("w:left", &END_CHAR), ("w:right", &END_CHAR)]);
            }
        }
        x.empty("w:jc", &[("w:val", &"left")]);
        x.close("w:pPr");
        x.open("w:r", &[]).open("w:rPr", &[]);
        run_fonts(x, &self.fonts.latin, &self.fonts.body);
        x.empty("w:sz", &[("w:val", &half_points::PAGE_NUMBER)]);
        x.empty("w:szCs", &[("w:val", &half_points::PAGE_NUMBER)]);
        x.close("w:rPr");
        for (index, text) in texts.iter().enumerate() {
            if index > 0 {
                match kind {
                    EndLine::Cc => x.empty("w:br", &[]),
                    EndLine::Printed => x.empty("w:tab", &[]),
                };
            }
            x.element("w:t", &[("xml:space", &"preserve")], text);
        }
        x.close("w:r").close("w:p").close("w:tc").close("w:tr");
    }
}

/// The height of the paragraph that ends the text box: one point.
const ANCHOR_LINE: u32 = 20;

/// EMUs (the drawing's unit) in a twip.
const EMU_PER_TWIP: u32 = 635;

/// The namespaces of the drawing a text box is.
pub const WP_NS: &str = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
pub const WPS_NS: &str = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape";
pub const A_NS: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";

/// Opens a text box as wide as the text block and `height` twips high, anchored at the foot of
/// the text block, in front of the text (the paragraph it is anchored in keeps its room).
fn text_box_start(x: &mut Xml, height: u32) {
    let cx = twips::TEXT_WIDTH * EMU_PER_TWIP;
    let cy = height * EMU_PER_TWIP;
    x.open(
        "wp:anchor",
        &[
            ("distT", &0),
            ("distB", &0),
            ("distL", &0),
            ("distR", &0),
            ("simplePos", &0),
            ("relativeHeight", &251_659_264),
            ("behindDoc", &0),
            ("locked", &0),
            ("layoutInCell", &1),
            ("allowOverlap", &0),
        ],
    );
    x.empty("wp:simplePos", &[("x", &0), ("y", &0)]);
    x.open("wp:positionH", &[("relativeFrom", &"margin")]);
    x.element("wp:align", &[], "center");
    x.close("wp:positionH");
    x.open("wp:positionV", &[("relativeFrom", &"margin")]);
    x.element("wp:align", &[], "bottom");
    x.close("wp:positionV");
    x.empty("wp:extent", &[("cx", &cx), ("cy", &cy)]);
    x.empty(
        "wp:effectExtent",
        &[("l", &0), ("t", &0), ("r", &0), ("b", &0)],
    );
    x.empty("wp:wrapNone", &[]);
    x.empty("wp:docPr", &[("id", &1), ("name", &"版记")]);
    x.empty("wp:cNvGraphicFramePr", &[]);
    x.open("a:graphic", &[]);
    x.open("a:graphicData", &[("uri", &WPS_NS)]);
    x.open("wps:wsp", &[]);
    x.empty("wps:cNvSpPr", &[("txBox", &1)]);
    x.open("wps:spPr", &[]);
    x.open("a:xfrm", &[]);
    x.empty("a:off", &[("x", &0), ("y", &0)]);
    x.empty("a:ext", &[("cx", &cx), ("cy", &cy)]);
    x.close("a:xfrm");
    x.open("a:prstGeom", &[("prst", &"rect")]);
    x.empty("a:avLst", &[]);
    x.close("a:prstGeom");
    x.empty("a:noFill", &[]);
    x.open("a:ln", &[]).empty("a:noFill", &[]).close("a:ln");
    x.close("wps:spPr");
    x.open("wps:txbx", &[]).open("w:txbxContent", &[]);
}

/// Closes what [`text_box_start`] opened: the box's body properties (no insets, the content at
/// the top, the size fixed).
fn text_box_end(x: &mut Xml) {
    x.close("w:txbxContent").close("wps:txbx");
    x.open(
        "wps:bodyPr",
        &[
            ("rot", &0),
            ("vert", &"horz"),
            ("wrap", &"square"),
            ("lIns", &0),
            ("tIns", &0),
            ("rIns", &0),
            ("bIns", &0),
            ("anchor", &"b"),
            ("anchorCtr", &0),
        ],
    );
    x.empty("a:noAutofit", &[]);
    x.close("wps:bodyPr");
    x.close("wps:wsp").close("a:graphicData").close("a:graphic");
    x.close("wp:anchor");
}

/// A character's width in half-widths.
fn width(c: char) -> usize {
    if c.is_ascii() { 1 } else { 2 }
}

/// The 抄送 line broken into the lines the end block sets, each name kept whole where it fits:
/// a line holds what fits between the indents (one character each side, and 抄送： before).
fn cc_lines(cc_line: &str) -> Vec<String> {
    if cc_line.is_empty() {
        return Vec::new();
    }
    let capacity = ((twips::TEXT_WIDTH - 5 * END_CHAR) / END_CHAR * 2) as usize;
    let after_colon = cc_line.find('：').map_or(0, |i| i + '：'.len_utf8());
    let (prefix, names) = cc_line.split_at(after_colon);
    let mut lines = vec![prefix.to_string()];
    let mut used = 0;
    // Each piece is a name with the mark after it (，or 。).
    for piece in names.split_inclusive(['，', '。']) {
        let piece_width: usize = piece.chars().map(width).sum();
        if used > 0 && used + piece_width > capacity {
            lines.push(String::new());
            used = 0;
        }
        for c in piece.chars() {
            if used + width(c) > capacity {
                lines.push(String::new());
                used = 0;
            }
            if let Some(line) = lines.last_mut() {
                line.push(c);
            }
            used += width(c);
        }
    }
    lines
}

/// The two kinds of row in the end block.
#[derive(Clone, Copy, PartialEq, Eq)]
enum EndLine {
    Cc,
    Printed,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_mark_is_condensed_and_a_very_long_one_set_smaller() {
        // 13 characters of 初号 need 546 pt; the block has 442: condensed to 80%.
        assert_eq!(masthead_size("鄞州区安全生产委员会办公室"), (84, 80));
        // Short: full width.
        assert_eq!(masthead_size("鄞州区安委办"), (84, 100));
        // 20 characters: 初号 would be 52%, 小初 61%, 一号 85%.
        assert_eq!(masthead_size(&"安".repeat(20)), (52, 85));
        let (size, scale) = masthead_size(&"安".repeat(60));
        assert_eq!(size, half_points::TITLE);
        assert!(scale * 60 * size * 10 <= twips::TEXT_WIDTH * 100);
    }
}
