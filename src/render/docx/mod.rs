//! The bulletin as a Word document in the GB/T 9704-2012 layout, written as WordprocessingML
//! through quick-xml's writer: the document model is small (paragraphs, runs, two tables, two
//! footers), and writing it ourselves keeps every element in schema order and
//! `w:firstLineChars` in place. The zip has fixed timestamps and a fixed order, so the same
//! bulletin gives the same bytes.

mod layout;
mod official;
mod package;
mod title;
mod xml;

use layout::{CHARS_PER_LINE, CONDENSE, TITLE_CHARS_PER_LINE, half_points, twips};
use package::{
    FOOTER_EVEN, FOOTER_NONE, FOOTER_ODD, Properties, R_NS, W_NS, package, run_fonts, run_size,
};
use xml::Xml;

use super::annex::AnnexView;
use super::context::BulletinView;
use crate::model::plan::Fonts;

/// How a paragraph is laid out.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Centred, 2号 title font.
    Title,
    /// Centred, body font (the document number).
    Centred,
    /// Flush left, no indent (addressees, the annex's label).
    Flush,
    /// First line indented two characters.
    Body,
    Heading1,
    Heading2,
    /// The issuer: right-aligned, two characters in from the right.
    Issuer,
    /// The date: starting at the given left indent.
    Date(u32),
}

/// The document's body being written.
struct Document<'f> {
    fonts: &'f Fonts,
    x: Xml,
}

/// Whether a paragraph stays on the page of the one after it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    Free,
    WithNext,
}

impl Document<'_> {
    /// A paragraph of one line; a heading keeps with the paragraph after it, so it never ends
    /// a page (GB/T 9704 leaves no heading at a page's foot).
    fn paragraph(&mut self, kind: Kind, text: &str) {
        let keep = match kind {
            Kind::Heading1 | Kind::Heading2 => Keep::WithNext,
            _ => Keep::Free,
        };
        self.paragraph_lines(kind, keep, &[text]);
    }

    /// A paragraph of one or more lines (broken with `w:br`).
    fn paragraph_lines(&mut self, kind: Kind, keep: Keep, lines: &[&str]) {
        let (font, size) = match kind {
            Kind::Title => (&self.fonts.title, half_points::TITLE),
            Kind::Heading1 => (&self.fonts.heading1, half_points::BODY),
            Kind::Heading2 => (&self.fonts.heading2, half_points::BODY),
            _ => (&self.fonts.body, half_points::BODY),
        };
        let x = &mut self.x;
        x.open("w:p", &[]).open("w:pPr", &[]);
        if keep == Keep::WithNext {
            x.empty("w:keepNext", &[]);
        }
        if kind == Kind::Title {
            // 2号 type is taller than the grid's line: off the grid, the exact line spacing
            // holds, where LibreOffice would give each title line two grid lines.
            x.empty("w:snapToGrid", &[("w:val", &0)]);
        }
        x.empty(
            "w:spacing",
            &[("w:line", &twips::LINE), ("w:lineRule", &"exact")],
        );
        match kind {
            Kind::Title | Kind::Centred => {
                x.empty("w:jc", &[("w:val", &"center")]);
            }
            Kind::Flush => {
                x.empty("w:jc", &[("w:val", &"both")]);
            }
            Kind::Body | Kind::Heading1 | Kind::Heading2 => {
                x.empty(
                    "w:ind",
                    &[
                        ("w:firstLineChars", &200),
                        ("w:firstLine", &(2 * twips::CHAR)),
                    ],
                );
                x.empty("w:jc", &[("w:val", &"both")]);
            }
            Kind::Issuer => {
                x.empty("w:ind", &[("w:right", &(2 * twips::CHAR))]);
                x.empty("w:jc", &[("w:val", &"right")]);
            }
            Kind::Date(left) => {
                x.empty("w:ind", &[("w:left", &left)]);
                x.empty("w:jc", &[("w:val", &"left")]);
            }
        }
        x.close("w:pPr");
        if lines.iter().any(|line| !line.is_empty()) {
            self.run(font, size, lines);
        }
        self.x.close("w:p");
    }

    fn blank(&mut self) {
        self.paragraph(Kind::Flush, "");
    }

    /// A run of `lines`, broken with `w:br`.
    fn run(&mut self, east_asian: &str, size: u32, lines: &[&str]) {
        let x = &mut self.x;
        x.open("w:r", &[]).open("w:rPr", &[]);
        run_fonts(x, &self.fonts.latin, east_asian);
        // Body-size text is condensed a little so that 28 characters fill a line.
        if size == half_points::BODY {
            x.empty("w:spacing", &[("w:val", &CONDENSE)]);
        }
        run_size(x, size);
        x.close("w:rPr");
        for (index, line) in lines.iter().enumerate() {
            if index > 0 {
                x.empty("w:br", &[]);
            }
            x.element("w:t", &[("xml:space", &"preserve")], line);
        }
        x.close("w:r");
    }

    /// Ends a section (the bulletin before the annex, the annex before the end block's page).
    fn end_section(&mut self, section_kind: Section) {
        self.x.open("w:p", &[]).open("w:pPr", &[]);
        section(&mut self.x, section_kind);
        self.x.close("w:pPr").close("w:p");
    }

    /// A table whose first row repeats on every page. With a `note`, the table's last two rows
    /// and the note under them are one row that never splits (a table of those rows nested in
    /// it, then the note), so the note never stands alone on a page: LibreOffice keeps no rows
    /// of a table with the paragraph after it (with `keepNext` on the last rows, the note went
    /// alone onto a page at 48 and 49 towns; with it on every row, in the sample).
    fn table(&mut self, widths: &[u32], rows: &[Vec<String>], note: Option<&str>) {
        self.table_start(widths, Rules::All);
        let kept = if note.is_some() {
            rows.len().saturating_sub(1).min(2)
        } else {
            0
        };
        let (body, tail) = rows.split_at(rows.len() - kept);
        for (index, row) in body.iter().enumerate() {
            self.table_row(widths, row, index == 0);
        }
        if let Some(note) = note {
            // One cell across the table, without rules of its own at the sides and the foot.
            let total: u32 = widths.iter().sum();
            let x = &mut self.x;
            x.open("w:tr", &[]).open("w:trPr", &[]);
            x.empty("w:cantSplit", &[]);
            x.close("w:trPr");
            x.open("w:tc", &[]).open("w:tcPr", &[]);
            x.empty("w:tcW", &[("w:w", &total), ("w:type", &"dxa")]);
            x.empty("w:gridSpan", &[("w:val", &widths.len())]);
            x.open("w:tcBorders", &[]);
            for side in ["left", "bottom", "right"] {
                x.empty(&format!("w:{side}"), &[("w:val", &"nil")]);
            }
            x.close("w:tcBorders").close("w:tcPr");
            if !tail.is_empty() {
                // The row above draws the rule over the nested rows.
                self.table_start(widths, Rules::NoTop);
                for row in tail {
                    self.table_row(widths, row, false);
                }
                self.x.close("w:tbl");
            }
            self.paragraph(Kind::Body, note);
            self.x.close("w:tc").close("w:tr");
        }
        self.x.close("w:tbl");
    }

    /// Opens a table with thin rules, centred, of fixed columns.
    fn table_start(&mut self, widths: &[u32], rules: Rules) {
        let total: u32 = widths.iter().sum();
        let x = &mut self.x;
        x.open("w:tbl", &[]).open("w:tblPr", &[]);
        x.empty("w:tblW", &[("w:w", &total), ("w:type", &"dxa")]);
        x.empty("w:jc", &[("w:val", &"center")]);
        x.open("w:tblBorders", &[]);
        for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            if side == "top" && rules == Rules::NoTop {
                x.empty("w:top", &[("w:val", &"nil")]);
                continue;
            }
            x.empty(
                &format!("w:{side}"),
                &[
                    ("w:val", &"single"),
                    ("w:sz", &4),
                    ("w:space", &0),
                    ("w:color", &"000000"),
                ],
            );
        }
        x.close("w:tblBorders");
        fixed_columns(x, widths);
    }

    /// One row of a table; the `header` row repeats on every page.
    fn table_row(&mut self, widths: &[u32], row: &[String], header: bool) {
        self.x.open("w:tr", &[]);
        if header {
            self.x.open("w:trPr", &[]);
            self.x.empty("w:cantSplit", &[]).empty("w:tblHeader", &[]);
            self.x.close("w:trPr");
        }
        for (cell, width) in row.iter().zip(widths) {
            let x = &mut self.x;
            x.open("w:tc", &[]).open("w:tcPr", &[]);
            x.empty("w:tcW", &[("w:w", width), ("w:type", &"dxa")]);
            x.empty("w:vAlign", &[("w:val", &"center")]);
            x.close("w:tcPr");
            x.open("w:p", &[]).open("w:pPr", &[]);
            x.empty("w:snapToGrid", &[("w:val", &0)]);
            x.empty("w:spacing", &[("w:line", &280), ("w:lineRule", &"exact")]);
            x.empty("w:jc", &[("w:val", &"center")]);
            x.close("w:pPr");
            if !cell.is_empty() {
                let font = self.fonts.body.clone();
                self.run(&font, half_points::TABLE, &[cell]);
            }
            self.x.close("w:p").close("w:tc");
        }
        self.x.close("w:tr");
    }
}

/// Whether a table draws its top rule.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rules {
    All,
    NoTop,
}

/// Ends a table's properties with a fixed layout, no cell margins at the sides, and writes its
/// columns' widths.
fn fixed_columns(x: &mut Xml, widths: &[u32]) {
    x.empty("w:tblLayout", &[("w:type", &"fixed")]);
    x.open("w:tblCellMar", &[]);
    x.empty("w:left", &[("w:w", &0), ("w:type", &"dxa")]);
    x.empty("w:right", &[("w:w", &0), ("w:type", &"dxa")]);
    x.close("w:tblCellMar").close("w:tblPr");
    x.open("w:tblGrid", &[]);
    for width in widths {
        x.empty("w:gridCol", &[("w:w", width)]);
    }
    x.close("w:tblGrid");
}

/// The document's sections: each kind with its page and its footers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    /// The bulletin: A4 portrait, numbered.
    Bulletin,
    /// The annex's wide table: A4 landscape, numbered on.
    Annex,
    /// The end block's page after the annex: portrait, starting on an even page (the back of
    /// the last sheet, §7.4). It carries its page number, as every page does (§7.5), unless a
    /// blank page is put before it: then neither is numbered. Its odd pages are unnumbered, so
    /// a blank page (odd, where the annex ends on an even page) has no number; the end block's
    /// even page is numbered. See [`section`] for what differs from §7.5.
    EndBlock,
}

/// A section's properties: A4 portrait with the GB/T 9704 margins and a grid of 22 lines, or A4
/// landscape for the annex's wide table.
///
/// The 28 characters a line come from condensing body runs by 0.25 pt, not from a character
/// grid (`linesAndChars` with a negative `charSpace`): LibreOffice reads that negative value as
/// a huge pitch and sets 19 characters a line, where condensed runs give 28 in Word and
/// LibreOffice alike.
///
/// The end block's page after the annex is numbered on its even page, which it always is:
/// right where no blank page comes before it (the annex ended on an odd page). Where one does,
/// §7.5 leaves the end block's page unnumbered too; whether the blank page is put in is only
/// known when the pages are laid out, and LibreOffice does not evaluate the IF field that
/// could tell, so that page keeps its number. LibreOffice's usual PDF export leaves the blank
/// page out, and then the number is right again.
fn section(x: &mut Xml, kind: Section) {
    x.open("w:sectPr", &[]);
    let (odd, even) = match kind {
        Section::EndBlock => (FOOTER_NONE, FOOTER_EVEN),
        Section::Bulletin | Section::Annex => (FOOTER_ODD, FOOTER_EVEN),
    };
    x.empty(
        "w:footerReference",
        &[("w:type", &"default"), ("r:id", &odd)],
    );
    x.empty("w:footerReference", &[("w:type", &"even"), ("r:id", &even)]);
    if kind == Section::EndBlock {
        x.empty("w:type", &[("w:val", &"evenPage")]);
    }
    match kind {
        Section::Annex => {
            x.empty(
                "w:pgSz",
                &[
                    ("w:w", &twips::PAGE_HEIGHT),
                    ("w:h", &twips::PAGE_WIDTH),
                    ("w:orient", &"landscape"),
                ],
            );
            // The portrait margins turned with the page: the binding edge is now the top.
            x.empty(
                "w:pgMar",
                &[
                    ("w:top", &twips::LEFT),
                    ("w:right", &twips::BOTTOM),
                    ("w:bottom", &twips::RIGHT),
                    ("w:left", &twips::TOP),
                    ("w:header", &851),
                    ("w:footer", &992),
                    ("w:gutter", &0),
                ],
            );
            x.empty("w:docGrid", &[("w:linePitch", &312)]);
        }
        Section::Bulletin | Section::EndBlock => {
            x.empty(
                "w:pgSz",
                &[("w:w", &twips::PAGE_WIDTH), ("w:h", &twips::PAGE_HEIGHT)],
            );
            x.empty(
                "w:pgMar",
                &[
                    ("w:top", &twips::TOP),
                    ("w:right", &twips::RIGHT),
                    ("w:bottom", &twips::BOTTOM),
                    ("w:left", &twips::LEFT),
                    ("w:header", &851),
                    ("w:footer", &1361),
                    ("w:gutter", &0),
                ],
            );
            x.empty(
                "w:docGrid",
                &[("w:type", &"lines"), ("w:linePitch", &twips::LINE)],
            );
        }
    }
    x.close("w:sectPr");
}

/// Writes the bulletin as a .docx. `view` is the same view model md and text are made from.
pub fn render(view: &BulletinView) -> anyhow::Result<Vec<u8>> {
    let fonts = &view.fonts;
    let mut x = Xml::new();
    x.open(
        "w:document",
        &[
            ("xmlns:w", &W_NS),
            ("xmlns:r", &R_NS),
            ("xmlns:wp", &official::WP_NS),
            ("xmlns:wps", &official::WPS_NS),
            ("xmlns:a", &official::A_NS),
        ],
    );
    x.open("w:body", &[]);
    let mut doc = Document { fonts, x };
    doc.head(view);
    doc.body(view);
    doc.signature(view);
    let last_section = doc.after_signature(view);
    let mut x = doc.x;
    section(&mut x, last_section);
    x.close("w:body").close("w:document");
    let properties = Properties {
        title: &view.title,
        creator: &view.issuer,
        created: &view.as_of,
    };
    package(x.finish()?, fonts, &properties)
}

impl Document<'_> {
    /// The masthead or the number, the title, the addressees and the preamble.
    fn head(&mut self, view: &BulletinView) {
        match (&view.masthead, &view.number) {
            (Some(mark), number) => self.masthead(mark, number.as_deref()),
            (None, Some(number)) => {
                self.paragraph(Kind::Centred, number);
                self.blank();
            }
            (None, None) => {}
        }
        let title = title::title_lines(&view.title_lines, TITLE_CHARS_PER_LINE);
        let title: Vec<&str> = title.iter().map(String::as_str).collect();
        self.paragraph_lines(Kind::Title, Keep::Free, &title);
        self.blank();
        if !view.addressees.is_empty() {
            self.paragraph(Kind::Flush, &view.addressees);
        }
        self.paragraph(Kind::Body, &view.preamble);
    }

    /// Sections 一 and 二.
    fn body(&mut self, view: &BulletinView) {
        self.paragraph(Kind::Heading1, &view.overview_heading);
        for line in &view.overview {
            self.paragraph(Kind::Body, line);
        }
        if let Some(sentence) = &view.not_reported {
            self.paragraph(Kind::Body, sentence);
        }
        if let Some(sentence) = &view.since_previous {
            self.paragraph(Kind::Body, sentence);
        }
        self.paragraph(Kind::Heading1, &view.progress_heading);
        // The signature never stands on a page without the body's last lines (7.3.5): the last
        // paragraph and everything down to the date keep together.
        let last_category = view.categories.len().saturating_sub(1);
        for (index, category) in view.categories.iter().enumerate() {
            self.paragraph(Kind::Heading2, &category.heading);
            for (position, task) in category.tasks.iter().enumerate() {
                let last = index == last_category && position + 1 == category.tasks.len();
                let keep = if last { Keep::WithNext } else { Keep::Free };
                self.paragraph_lines(Kind::Body, keep, &[&task.paragraph]);
            }
        }
    }

    /// The annex's line, the issuer and the date, kept with the body's last lines.
    fn signature(&mut self, view: &BulletinView) {
        if let Some(annex) = &view.annex {
            self.paragraph_lines(Kind::Flush, Keep::WithNext, &[""]);
            self.paragraph_lines(Kind::Body, Keep::WithNext, &[&annex.line]);
        }
        self.paragraph_lines(Kind::Flush, Keep::WithNext, &[""]);
        self.paragraph_lines(Kind::Issuer, Keep::WithNext, &[&view.issuer]);
        // Without a seal the date starts two characters right of the issuer's first character.
        let issuer_chars = (view.issuer.chars().count() as u32).min(CHARS_PER_LINE - 4);
        self.paragraph(
            Kind::Date((CHARS_PER_LINE - issuer_chars) * twips::GRID_CHAR),
            &view.date,
        );
    }

    /// The annex on pages of its own and the end block, which sits at the foot of the last
    /// page: the body's, or after the annex a portrait page of its own. Returns the kind of the
    /// last section, which the body's closing properties describe.
    fn after_signature(&mut self, view: &BulletinView) -> Section {
        match (&view.annex, &view.end_block) {
            (Some(annex), block) => {
                self.end_section(Section::Bulletin);
                annex_pages(self, annex);
                match block {
                    Some(block) => {
                        self.end_section(Section::Annex);
                        self.end_block(block);
                        Section::EndBlock
                    }
                    None => Section::Annex,
                }
            }
            (None, Some(block)) => {
                self.end_block(block);
                Section::Bulletin
            }
            (None, None) => Section::Bulletin,
        }
    }
}

/// The annex on its own pages: 附件 flush left, the title centred, the table, the ranking.
fn annex_pages(doc: &mut Document, annex: &AnnexView) {
    doc.paragraph(Kind::Flush, "");
    doc.x.open("w:p", &[]).open("w:pPr", &[]);
    doc.x.empty(
        "w:spacing",
        &[("w:line", &twips::LINE), ("w:lineRule", &"exact")],
    );
    doc.x.close("w:pPr");
    let heading = doc.fonts.heading1.clone();
    doc.run(&heading, half_points::BODY, &[&annex.label]);
    doc.x.close("w:p");
    doc.paragraph_lines(Kind::Title, Keep::WithNext, &[&annex.title]);
    if let Some(left_out) = &annex.grid_left_out {
        doc.paragraph(Kind::Body, left_out);
    } else {
        grid_table(doc, annex);
    }
    doc.blank();
    doc.paragraph_lines(Kind::Title, Keep::WithNext, &[&annex.ranking_title]);
    ranking_table(doc, annex);
}

/// The legend and the table of every unit's status on every task.
fn grid_table(doc: &mut Document, annex: &AnnexView) {
    doc.paragraph_lines(Kind::Centred, Keep::WithNext, &[&annex.legend]);
    // 225 mm of landscape text block: the unit's name, then one narrow column per task.
    let available: u32 = 12756;
    let unit_width = 1200;
    let columns = annex.columns.len().max(1) as u32;
    let column_width = ((available - unit_width) / columns).min(600);
    let mut widths = vec![unit_width];
    widths.extend(std::iter::repeat_n(column_width, annex.columns.len()));
    let mut rows = vec![annex.grid_header.clone()];
    rows.extend(annex.rows.iter().map(|row| {
        std::iter::once(row.unit.clone())
            .chain(row.cells.iter().cloned())
            .collect()
    }));
    doc.table(&widths, &rows, None);
}

/// The ranking table and the note under it.
fn ranking_table(doc: &mut Document, annex: &AnnexView) {
    let mut ranking = vec![annex.ranking_header.clone()];
    ranking.extend(annex.ranking.iter().map(|row| {
        vec![
            row.rank.clone(),
            row.unit.clone(),
            row.due.to_string(),
            row.done.to_string(),
            row.share.clone(),
        ]
    }));
    doc.table(
        &[1200, 2400, 1600, 1600, 1600],
        &ranking,
        Some(&annex.ranking_note),
    );
}
