//! The parts of the .docx around the document itself (content types, relationships, styles,
//! settings, the two page-number footers, properties), zipped in a fixed order with fixed
//! timestamps, so the same bulletin gives the same bytes.

use std::io::{Cursor, Write as _};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::layout::{half_points, twips};
use super::xml::Xml;
use crate::model::plan::Fonts;

pub const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
pub const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const RELS_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const REL_TYPE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const CT_MAIN: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

/// The footers' relationship ids, as the section properties name them.
pub const FOOTER_ODD: &str = "rIdFooterOdd";
pub const FOOTER_EVEN: &str = "rIdFooterEven";
/// An empty footer, for the pages that carry no number.
pub const FOOTER_NONE: &str = "rIdFooterNone";

/// What the document's properties say.
pub struct Properties<'a> {
    pub title: &'a str,
    pub creator: &'a str,
    /// 2021-05-24
    pub created: &'a str,
}

/// Zips `document` (word/document.xml) with the other parts.
pub fn package(
    document: Vec<u8>,
    fonts: &Fonts,
    properties: &Properties,
) -> anyhow::Result<Vec<u8>> {
    let parts: [(&str, Vec<u8>); 11] = [
        ("[Content_Types].xml", content_types()?),
        ("_rels/.rels", root_relationships()?),
        ("docProps/core.xml", core(properties)?),
        ("docProps/app.xml", app()?),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", document_relationships()?),
        ("word/styles.xml", styles(fonts)?),
        ("word/settings.xml", settings()?),
        ("word/footer1.xml", footer(fonts, Side::Odd)?),
        ("word/footer2.xml", footer(fonts, Side::Even)?),
        ("word/footer3.xml", empty_footer()?),
    ];
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::DEFAULT)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in parts {
        zip.start_file(name, options)?;
        zip.write_all(&content)?;
    }
    Ok(zip.finish()?.into_inner())
}

fn content_types() -> std::io::Result<Vec<u8>> {
    let mut x = Xml::new();
    x.open(
        "Types",
        &[(
            "xmlns",
            &"http://schemas.openxmlformats.org/package/2006/content-types",
        )],
    );
    x.empty(
        "Default",
        &[
            ("Extension", &"rels"),
            (
                "ContentType",
                &"application/vnd.openxmlformats-package.relationships+xml",
            ),
        ],
    );
    x.empty(
        "Default",
        &[("Extension", &"xml"), ("ContentType", &"application/xml")],
    );
    let overrides = [
        ("/word/document.xml", format!("{CT_MAIN}.document.main+xml")),
        ("/word/styles.xml", format!("{CT_MAIN}.styles+xml")),
        ("/word/settings.xml", format!("{CT_MAIN}.settings+xml")),
        ("/word/footer1.xml", format!("{CT_MAIN}.footer+xml")),
        ("/word/footer2.xml", format!("{CT_MAIN}.footer+xml")),
        ("/word/footer3.xml", format!("{CT_MAIN}.footer+xml")),
        (
            "/docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml".to_string(),
        ),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".to_string(),
        ),
    ];
    for (part, content_type) in &overrides {
        x.empty(
            "Override",
            &[("PartName", part), ("ContentType", content_type)],
        );
    }
    x.close("Types");
    x.finish()
}

fn relationships(targets: &[(&str, &str, &str)]) -> std::io::Result<Vec<u8>> {
    let mut x = Xml::new();
    x.open("Relationships", &[("xmlns", &RELS_NS)]);
    for (id, kind, target) in targets {
        x.empty(
            "Relationship",
            &[("Id", id), ("Type", kind), ("Target", target)],
        );
    }
    x.close("Relationships");
    x.finish()
}

fn root_relationships() -> std::io::Result<Vec<u8>> {
    relationships(&[
        (
            "rId1",
            &format!("{REL_TYPE}/officeDocument"),
            "word/document.xml",
        ),
        (
            "rId2",
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
            "docProps/core.xml",
        ),
        (
            "rId3",
            &format!("{REL_TYPE}/extended-properties"),
            "docProps/app.xml",
        ),
    ])
}

fn document_relationships() -> std::io::Result<Vec<u8>> {
    relationships(&[
        ("rIdStyles", &format!("{REL_TYPE}/styles"), "styles.xml"),
        (
            "rIdSettings",
            &format!("{REL_TYPE}/settings"),
            "settings.xml",
        ),
        (FOOTER_ODD, &format!("{REL_TYPE}/footer"), "footer1.xml"),
        (FOOTER_EVEN, &format!("{REL_TYPE}/footer"), "footer2.xml"),
        (FOOTER_NONE, &format!("{REL_TYPE}/footer"), "footer3.xml"),
    ])
}

fn core(properties: &Properties) -> std::io::Result<Vec<u8>> {
    let mut x = Xml::new();
    x.open(
        "cp:coreProperties",
        &[
            (
                "xmlns:cp",
                &"http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ),
            ("xmlns:dc", &"http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", &"http://purl.org/dc/terms/"),
            ("xmlns:xsi", &"http://www.w3.org/2001/XMLSchema-instance"),
        ],
    );
    x.element("dc:title", &[], properties.title);
    x.element("dc:creator", &[], properties.creator);
    x.element(
        "dcterms:created",
        &[("xsi:type", &"dcterms:W3CDTF")],
        &format!("{}T00:00:00Z", properties.created),
    );
    x.close("cp:coreProperties");
    x.finish()
}

fn app() -> std::io::Result<Vec<u8>> {
    let mut x = Xml::new();
    x.open(
        "Properties",
        &[(
            "xmlns",
            &"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
        )],
    );
    x.element(
        "Application",
        &[],
        &format!("bulletin {}", env!("CARGO_PKG_VERSION")),
    );
    x.close("Properties");
    x.finish()
}

fn settings() -> std::io::Result<Vec<u8>> {
    let mut x = Xml::new();
    x.open("w:settings", &[("xmlns:w", &W_NS)]);
    x.empty("w:defaultTabStop", &[("w:val", &420)]);
    // Odd and even pages have their own footers (the page number right, then left).
    x.empty("w:evenAndOddHeaders", &[]);
    x.empty(
        "w:characterSpacingControl",
        &[("w:val", &"compressPunctuation")],
    );
    x.close("w:settings");
    x.finish()
}

/// Run fonts: Latin letters and digits in one face, Chinese in another.
pub fn run_fonts(x: &mut Xml, latin: &str, east_asian: &str) {
    x.empty(
        "w:rFonts",
        &[
            ("w:ascii", &latin),
            ("w:hAnsi", &latin),
            ("w:eastAsia", &east_asian),
            ("w:cs", &latin),
        ],
    );
}

/// `w:sz` and `w:szCs`, in half-points.
pub fn run_size(x: &mut Xml, half_points: u32) {
    x.empty("w:sz", &[("w:val", &half_points)]);
    x.empty("w:szCs", &[("w:val", &half_points)]);
}

fn styles(fonts: &Fonts) -> std::io::Result<Vec<u8>> {
    let body_run = |x: &mut Xml| {
        run_fonts(x, &fonts.latin, &fonts.body);
        run_size(x, half_points::BODY);
    };
    let line = |x: &mut Xml| {
        x.empty(
            "w:spacing",
            &[("w:line", &twips::LINE), ("w:lineRule", &"exact")],
        );
    };
    let mut x = Xml::new();
    x.open("w:styles", &[("xmlns:w", &W_NS)]);
    x.open("w:docDefaults", &[])
        .open("w:rPrDefault", &[])
        .open("w:rPr", &[]);
    body_run(&mut x);
    x.empty("w:lang", &[("w:val", &"en-US"), ("w:eastAsia", &"zh-CN")]);
    x.close("w:rPr").close("w:rPrDefault");
    x.open("w:pPrDefault", &[]).open("w:pPr", &[]);
    line(&mut x);
    x.close("w:pPr")
        .close("w:pPrDefault")
        .close("w:docDefaults");
    x.open(
        "w:style",
        &[
            ("w:type", &"paragraph"),
            ("w:default", &1),
            ("w:styleId", &"Normal"),
        ],
    );
    x.empty("w:name", &[("w:val", &"Normal")]);
    x.empty("w:qFormat", &[]);
    x.open("w:pPr", &[]);
    line(&mut x);
    x.close("w:pPr");
    x.open("w:rPr", &[]);
    body_run(&mut x);
    x.close("w:rPr");
    x.close("w:style").close("w:styles");
    x.finish()
}

/// A footer with nothing in it.
fn empty_footer() -> std::io::Result<Vec<u8>> {
    let mut x = Xml::new();
    x.open("w:ftr", &[("xmlns:w", &W_NS), ("xmlns:r", &R_NS)]);
    x.empty("w:p", &[]);
    x.close("w:ftr");
    x.finish()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Odd,
    Even,
}

/// A page-number footer: `— 1 —` in 4号 宋体; odd pages right, one character in from the
/// edge, even pages left (GB/T 9704 7.5).
fn footer(fonts: &Fonts, side: Side) -> std::io::Result<Vec<u8>> {
    let font = fonts.page_number.as_str();
    let (indent, align) = match side {
        Side::Odd => ("w:right", "right"),
        Side::Even => ("w:left", "left"),
    };
    let mut x = Xml::new();
    x.open("w:ftr", &[("xmlns:w", &W_NS), ("xmlns:r", &R_NS)]);
    x.open("w:p", &[]).open("w:pPr", &[]);
    x.empty("w:ind", &[(indent, &(half_points::PAGE_NUMBER * 10))]);
    x.empty("w:jc", &[("w:val", &align)]);
    x.close("w:pPr");
    let run = |x: &mut Xml, content: &dyn Fn(&mut Xml)| {
        x.open("w:r", &[]).open("w:rPr", &[]);
        run_fonts(x, font, font);
        run_size(x, half_points::PAGE_NUMBER);
        x.close("w:rPr");
        content(x);
        x.close("w:r");
    };
    let field_char = |kind: &'static str| {
        move |x: &mut Xml| {
            x.empty("w:fldChar", &[("w:fldCharType", &kind)]);
        }
    };
    run(&mut x, &|x| {
        x.element("w:t", &[("xml:space", &"preserve")], "— ");
    });
    run(&mut x, &field_char("begin"));
    run(&mut x, &|x| {
        x.element("w:instrText", &[("xml:space", &"preserve")], " PAGE ");
    });
    run(&mut x, &field_char("separate"));
    run(&mut x, &|x| {
        x.element("w:t", &[], "1");
    });
    run(&mut x, &field_char("end"));
    run(&mut x, &|x| {
        x.element("w:t", &[("xml:space", &"preserve")], " —");
    });
    x.close("w:p").close("w:ftr");
    x.finish()
}
