//! The bulletin as a Word document in the GB/T 9704-2012 layout, written as WordprocessingML
//! by hand: the document model is small (paragraphs, runs, two tables, two footers), and
//! writing it ourselves keeps every element in schema order and `w:firstLineChars` in place.
//! The zip has fixed timestamps and a fixed order, so the same bulletin gives the same bytes.

use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::annex::AnnexView;
use super::context::BulletinView;
use crate::model::plan::Fonts;

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Twips (1/20 pt) and half-points, the units of WordprocessingML.
mod size {
    /// 2号 = 22 pt, 3号 = 16 pt, 4号 = 14 pt, 小五 = 9 pt (in half-points).
    pub const TITLE: u32 = 44;
    pub const BODY: u32 = 32;
    pub const PAGE_NUMBER: u32 = 28;
    pub const TABLE: u32 = 18;
    /// 28.95 pt: 22 lines fill the 225 mm text block.
    pub const LINE: u32 = 579;
    /// One body character: 16 pt.
    pub const CHAR: u32 = 320;
    /// One body character as set: 16 pt condensed by 0.25 pt, so 28 fit in 442.25 pt.
    pub const GRID_CHAR: u32 = 315;
    /// The condensing, in twips (−0.25 pt).
    pub const CONDENSE: i32 = -5;
    pub const CHARS_PER_LINE: u32 = 28;
}

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

struct Document<'f> {
    fonts: &'f Fonts,
    body: String,
}

impl Document<'_> {
    fn paragraph(&mut self, kind: Kind, text: &str) {
        let mut ppr = format!(r#"<w:spacing w:line="{}" w:lineRule="exact"/>"#, size::LINE);
        let (font, font_size) = match kind {
            Kind::Title => (&self.fonts.title, size::TITLE),
            Kind::Heading1 => (&self.fonts.heading1, size::BODY),
            Kind::Heading2 => (&self.fonts.heading2, size::BODY),
            _ => (&self.fonts.body, size::BODY),
        };
        match kind {
            Kind::Title | Kind::Centred => ppr.push_str(r#"<w:jc w:val="center"/>"#),
            Kind::Flush => ppr.push_str(r#"<w:jc w:val="both"/>"#),
            Kind::Body | Kind::Heading1 | Kind::Heading2 => {
                let _ = write!(
                    ppr,
                    r#"<w:ind w:firstLineChars="200" w:firstLine="{}"/><w:jc w:val="both"/>"#,
                    2 * size::CHAR
                );
            }
            Kind::Issuer => {
                let _ = write!(
                    ppr,
                    r#"<w:ind w:right="{}"/><w:jc w:val="right"/>"#,
                    2 * size::CHAR
                );
            }
            Kind::Date(left) => {
                let _ = write!(ppr, r#"<w:ind w:left="{left}"/><w:jc w:val="left"/>"#);
            }
        }
        let run = if text.is_empty() {
            String::new()
        } else {
            self.run(font, font_size, text)
        };
        let _ = write!(self.body, "<w:p><w:pPr>{ppr}</w:pPr>{run}</w:p>");
    }

    fn blank(&mut self) {
        self.paragraph(Kind::Flush, "");
    }

    fn run(&self, east_asian: &str, half_points: u32, text: &str) -> String {
        // Body-size text is condensed a little so that 28 characters fill a line.
        let condense = if half_points == size::BODY {
            format!(r#"<w:spacing w:val="{}"/>"#, size::CONDENSE)
        } else {
            String::new()
        };
        format!(
            r#"<w:r><w:rPr><w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east}" w:cs="{latin}"/>{condense}<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>"#,
            latin = escape(&self.fonts.latin),
            east = escape(east_asian),
            text = escape(text),
        )
    }

    /// Ends the portrait section (the bulletin) so the annex starts a landscape one.
    fn end_section(&mut self) {
        let _ = write!(self.body, "<w:p><w:pPr>{}</w:pPr></w:p>", section(false));
    }

    fn table(&mut self, widths: &[u32], rows: &[Vec<String>]) {
        let total: u32 = widths.iter().sum();
        let border = r#"w:val="single" w:sz="4" w:space="0" w:color="000000""#;
        let _ = write!(
            self.body,
            r#"<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders><w:top {border}/><w:left {border}/><w:bottom {border}/><w:right {border}/><w:insideH {border}/><w:insideV {border}/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>"#
        );
        for width in widths {
            let _ = write!(self.body, r#"<w:gridCol w:w="{width}"/>"#);
        }
        self.body.push_str("</w:tblGrid>");
        for (index, row) in rows.iter().enumerate() {
            self.body.push_str("<w:tr>");
            if index == 0 {
                // The header row repeats on every page.
                self.body
                    .push_str("<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
            }
            for (cell, width) in row.iter().zip(widths) {
                let run = if cell.is_empty() {
                    String::new()
                } else {
                    self.run(&self.fonts.body, size::TABLE, cell)
                };
                let _ = write!(
                    self.body,
                    r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="280" w:lineRule="exact"/><w:jc w:val="center"/></w:pPr>{run}</w:p></w:tc>"#
                );
            }
            self.body.push_str("</w:tr>");
        }
        self.body.push_str("</w:tbl>");
    }
}

/// A section's properties: A4 portrait with the GB/T 9704 margins and a grid of 22 lines, or A4
/// landscape for the annex's wide table. Both use the odd and even page-number footers.
///
/// The 28 characters a line come from condensing body runs by 0.25 pt, not from a character
/// grid (`linesAndChars` with a negative `charSpace`): LibreOffice reads that negative value as
/// a huge pitch and sets 19 characters a line, where condensed runs give 28 in Word and
/// LibreOffice alike.
fn section(landscape: bool) -> String {
    let footers = r#"<w:footerReference w:type="default" r:id="rIdFooterOdd"/><w:footerReference w:type="even" r:id="rIdFooterEven"/>"#;
    if landscape {
        format!(
            r#"<w:sectPr>{footers}<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:top="1587" w:right="1984" w:bottom="1474" w:left="2098" w:header="851" w:footer="992" w:gutter="0"/><w:docGrid w:linePitch="312"/></w:sectPr>"#
        )
    } else {
        format!(
            r#"<w:sectPr>{footers}<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="851" w:footer="1361" w:gutter="0"/><w:docGrid w:type="lines" w:linePitch="{}"/></w:sectPr>"#,
            size::LINE
        )
    }
}

/// Writes the bulletin as a .docx. `view` is the same view model md and text are made from.
pub fn render(view: &BulletinView) -> anyhow::Result<Vec<u8>> {
    let fonts = &view.fonts;
    let mut doc = Document {
        fonts,
        body: String::new(),
    };
    if let Some(number) = &view.number {
        doc.paragraph(Kind::Centred, number);
        doc.blank();
    }
    doc.paragraph(Kind::Title, &view.title);
    doc.blank();
    if !view.addressees.is_empty() {
        doc.paragraph(Kind::Flush, &view.addressees);
    }
    doc.paragraph(Kind::Body, &view.preamble);
    doc.paragraph(Kind::Heading1, &view.overview_heading);
    for line in &view.overview {
        doc.paragraph(Kind::Body, line);
    }
    if let Some(sentence) = &view.since_previous {
        doc.paragraph(Kind::Body, sentence);
    }
    doc.paragraph(Kind::Heading1, &view.progress_heading);
    for category in &view.categories {
        doc.paragraph(Kind::Heading2, &category.heading);
        for task in &category.tasks {
            doc.paragraph(Kind::Body, &task.paragraph);
        }
    }
    if view.annex.is_some() {
        doc.blank();
        doc.paragraph(Kind::Body, "附件：各单位任务推进情况表");
    }
    doc.blank();
    doc.paragraph(Kind::Issuer, &view.issuer);
    // Without a seal the date starts two characters right of the issuer's first character.
    let issuer_chars = (view.issuer.chars().count() as u32).min(size::CHARS_PER_LINE - 4);
    doc.paragraph(
        Kind::Date((size::CHARS_PER_LINE - issuer_chars) * size::GRID_CHAR),
        &view.date,
    );
    let last_section = match &view.annex {
        Some(annex) => {
            doc.end_section();
            annex_pages(&mut doc, annex);
            section(true)
        }
        None => section(false),
    };
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{}{last_section}</w:body></w:document>"#,
        doc.body
    );
    package(&document, fonts, &view.issuer, &view.title, &view.as_of)
}

/// The annex on its own pages: 附件 flush left, the title centred, the table, the ranking.
fn annex_pages(doc: &mut Document, annex: &AnnexView) {
    doc.paragraph(Kind::Flush, "");
    let label = doc.run(&doc.fonts.heading1, size::BODY, &annex.label);
    let _ = write!(
        doc.body,
        r#"<w:p><w:pPr><w:spacing w:line="{}" w:lineRule="exact"/></w:pPr>{label}</w:p>"#,
        size::LINE
    );
    doc.paragraph(Kind::Title, &annex.title);
    doc.paragraph(Kind::Centred, &annex.legend);
    // 225 mm of landscape text block: the unit's name, then one narrow column per task.
    let available: u32 = 12756;
    let unit_width = 1200;
    let columns = annex.columns.len().max(1) as u32;
    let column_width = ((available - unit_width) / columns).min(600);
    let mut widths = vec![unit_width];
    widths.extend(std::iter::repeat_n(column_width, annex.columns.len()));
    let mut rows = vec![
        std::iter::once("单位".to_string())
            .chain(annex.columns.iter().map(u32::to_string))
            .collect::<Vec<_>>(),
    ];
    rows.extend(annex.rows.iter().map(|row| {
        std::iter::once(row.unit.clone())
            .chain(row.cells.iter().cloned())
            .collect()
    }));
    doc.table(&widths, &rows);
    doc.blank();
    doc.paragraph(Kind::Title, &annex.ranking_title);
    let mut ranking = vec![
        ["排名", "单位", "到期任务", "已完成", "完成率"]
            .map(String::from)
            .to_vec(),
    ];
    ranking.extend(annex.ranking.iter().map(|row| {
        vec![
            row.rank.clone(),
            row.unit.clone(),
            row.due.to_string(),
            row.done.to_string(),
            row.share.clone(),
        ]
    }));
    doc.table(&[1200, 2400, 1600, 1600, 1600], &ranking);
    doc.paragraph(Kind::Body, &annex.ranking_note);
}

fn footer(fonts: &Fonts, odd: bool) -> String {
    let font = escape(&fonts.page_number);
    let rpr = format!(
        r#"<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/><w:sz w:val="{s}"/><w:szCs w:val="{s}"/></w:rPr>"#,
        s = size::PAGE_NUMBER
    );
    // Odd pages: right, one character in; even pages: left, one character in.
    let (indent, align) = if odd {
        ("right", "right")
    } else {
        ("left", "left")
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:ind w:{indent}="{one}"/><w:jc w:val="{align}"/></w:pPr><w:r>{rpr}<w:t xml:space="preserve">— </w:t></w:r><w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r><w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r><w:r>{rpr}<w:t>1</w:t></w:r><w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r><w:r>{rpr}<w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>"#,
        one = size::PAGE_NUMBER * 10
    )
}

fn styles(fonts: &Fonts) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{body}" w:cs="{latin}"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:line="{line}" w:lineRule="exact"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:line="{line}" w:lineRule="exact"/></w:pPr><w:rPr><w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{body}" w:cs="{latin}"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr></w:style></w:styles>"#,
        latin = escape(&fonts.latin),
        body = escape(&fonts.body),
        size = size::BODY,
        line = size::LINE,
    )
}

/// Zips the parts in a fixed order with fixed timestamps.
fn package(
    document: &str,
    fonts: &Fonts,
    creator: &str,
    title: &str,
    created: &str,
) -> anyhow::Result<Vec<u8>> {
    let content_types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#;
    let root_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;
    let document_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rIdFooterOdd" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/><Relationship Id="rIdFooterEven" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/></Relationships>"#;
    let settings = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="{W_NS}"><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/><w:characterSpacingControl w:val="compressPunctuation"/></w:settings>"#
    );
    let core = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:creator>{}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">{created}T00:00:00Z</dcterms:created></cp:coreProperties>"#,
        escape(title),
        escape(creator),
    );
    let app = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>bulletin {}</Application></Properties>"#,
        env!("CARGO_PKG_VERSION")
    );
    let parts: [(&str, &str); 10] = [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", root_rels),
        ("docProps/core.xml", &core),
        ("docProps/app.xml", &app),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", document_rels),
        ("word/styles.xml", &styles(fonts)),
        ("word/settings.xml", &settings),
        ("word/footer1.xml", &footer(fonts, true)),
        ("word/footer2.xml", &footer(fonts, false)),
    ];
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::DEFAULT)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in parts {
        zip.start_file(name, options)?;
        zip.write_all(content.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

/// Escapes text for XML content and attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Characters XML 1.0 does not allow at all are dropped rather than corrupt the file.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_control_characters_dropped() {
        assert_eq!(escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}
