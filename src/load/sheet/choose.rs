//! Which worksheet of a workbook is the status sheet, and what a workbook says beside its cells:
//! the tab that was active when it was saved, and (for an .ods, where calamine does not say)
//! the cells merged over several rows.
//!
//! The sheet read is the one whose header is found, the active sheet first, then the visible
//! ones in order, then the hidden ones; when another sheet also holds a table, a warning says
//! which was read. A workbook with tabs 4月 then 5月, saved with 5月 active, gives May.

use std::io::{Read, Seek};

use calamine::{Sheet, SheetType, SheetVisible};
use quick_xml::events::Event;

use super::rows::{HEADER_SEARCH_ROWS, Merged, Rows};
use super::{Cell, RowSink};
use crate::diagnostic::{Code, Diagnostic};

/// A worksheet that may be the status sheet.
#[derive(Debug, Clone)]
struct Candidate {
    name: String,
    visible: bool,
    active: bool,
}

/// What the first rows of a worksheet hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Probe {
    /// No header.
    Nothing,
    /// A header and nothing under it (a template).
    Header,
    /// A header and rows: a table.
    Table,
}

/// Chooses the worksheet to read; `probe(name, rows)` says what a sheet's first rows hold.
/// `None` (said) when the workbook has no worksheet.
pub(super) fn choose_sheet<S: RowSink>(
    path: &str,
    sheets: &[Sheet],
    active: Option<usize>,
    rows: &mut Rows<'_, S>,
    mut probe: impl FnMut(&str, &Rows<'_, S>) -> Probe,
) -> Option<String> {
    let mut candidates: Vec<Candidate> = sheets
        .iter()
        .enumerate()
        .filter(|(_, sheet)| sheet.typ == SheetType::WorkSheet)
        .map(|(index, sheet)| Candidate {
            name: sheet.name.clone(),
            visible: sheet.visible == SheetVisible::Visible,
            active: Some(index) == active,
        })
        .collect();
    match candidates.as_slice() {
        [] => {
            rows.report(Diagnostic::error(
                path,
                Code::EmptyFile,
                "工作簿中没有工作表",
            ));
            return None;
        }
        [only] => return Some(only.name.clone()),
        _ => {}
    }
    // The active sheet if it is visible, then the visible sheets, then the hidden ones.
    candidates.sort_by_key(|c| (!(c.active && c.visible), !c.visible));
    let probes: Vec<Probe> = candidates.iter().map(|c| probe(&c.name, rows)).collect();
    // A table first, else a header, else the first candidate (whose faults are then told).
    let best = probes.iter().copied().max().unwrap_or(Probe::Nothing);
    let chosen = candidates
        .iter()
        .zip(&probes)
        .find(|(_, probe)| **probe == best)
        .map(|(candidate, _)| candidate)?;
    let tables: Vec<&Candidate> = candidates
        .iter()
        .zip(&probes)
        .filter(|(_, probe)| **probe == Probe::Table)
        .map(|(candidate, _)| candidate)
        .collect();
    if tables.len() > 1 {
        let why = if chosen.active {
            "当前选中的工作表"
        } else if active.is_none() {
            "第一张有表格的工作表（文件中没有记下当时选中的是哪一张）"
        } else {
            "第一张有表格的工作表"
        };
        let others: Vec<String> = tables
            .iter()
            .skip(1)
            .map(|c| {
                let hidden = if c.visible { "" } else { "（隐藏）" };
                format!("“{}”{hidden}", c.name)
            })
            .collect();
        let message = format!(
            "工作簿中有{}张工作表都有表格，读取的是{why}“{}”，{}没有读取；如果要报送的是另一张，请删去不用的工作表后再发",
            tables.len(),
            chosen.name,
            others.join("、")
        );
        rows.report(Diagnostic::warning(path, Code::SheetChoice, message));
    }
    Some(chosen.name.clone())
}

/// What the first rows (given as cells, by 0-based row) hold: a header, and rows under it.
pub(super) fn probe_rows<S: RowSink>(
    first_rows: impl IntoIterator<Item = Vec<Cell<'static>>>,
    rows: &Rows<'_, S>,
) -> Probe {
    let mut found = Probe::Nothing;
    for cells in first_rows {
        let texts: Vec<String> = cells.iter().map(|c| c.text().into_owned()).collect();
        let filled = texts.iter().filter(|t| !t.is_empty()).count();
        match found {
            Probe::Nothing if filled > 1 && rows.is_header(&texts) => found = Probe::Header,
            Probe::Header if filled > 0 => return Probe::Table,
            _ => {}
        }
    }
    found
}

/// How many rows are looked at for a header, 0-based: rows 1 to [`HEADER_SEARCH_ROWS`].
pub(super) const PROBE_ROWS: u32 = HEADER_SEARCH_ROWS as u32;

/// What an .xlsx's workbook part says of its sheets: the tab saved active
/// (`<workbookView activeTab="1"/>`, 0 when not said), counted over all its sheets in order, and
/// where each sheet's XML is.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct XlsxLayout {
    pub active: Option<usize>,
    /// Each sheet's name and its part (`xl/worksheets/sheet1.xml`).
    parts: Vec<(String, String)>,
}

impl XlsxLayout {
    /// The part holding sheet `name`'s XML.
    pub fn part_of(&self, name: &str) -> Option<&str> {
        self.parts
            .iter()
            .find(|(sheet, _)| sheet == name)
            .map(|(_, part)| part.as_str())
    }
}

/// Reads an .xlsx's layout from `xl/workbook.xml` and its relationships; what cannot be read is
/// left out.
pub(super) fn xlsx_layout<RS: Read + Seek>(input: &mut RS) -> XlsxLayout {
    let Ok(mut archive) = zip::ZipArchive::new(input) else {
        return XlsxLayout::default();
    };
    let mut active = None;
    let mut sheets: Vec<(String, String)> = Vec::new();
    if let Ok(part) = archive.by_name("xl/workbook.xml") {
        let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(part));
        let mut buffer = Vec::new();
        while let Ok(event) = xml.read_event_into(&mut buffer) {
            match event {
                Event::Start(element) | Event::Empty(element) => {
                    match element.local_name().as_ref() {
                        "workbookView" => {
                            let tab = attribute_value(&element, |key| key == "activeTab")
                                .and_then(|value| value.parse().ok());
                            active = Some(tab.unwrap_or(0));
                        }
                        "sheet" => {
                            let name = attribute_value(&element, |key| key == "name");
                            let id = attribute_value(&element, |key| {
                                key == "id" || key.ends_with(":id")
                            });
                            if let (Some(name), Some(id)) = (name, id) {
                                sheets.push((name, id));
                            }
                        }
                        _ => {}
                    }
                }
                Event::Eof => break,
                _ => {}
            }
            buffer.clear();
        }
    }
    let mut targets: Vec<(String, String)> = Vec::new();
    if let Ok(part) = archive.by_name("xl/_rels/workbook.xml.rels") {
        let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(part));
        let mut buffer = Vec::new();
        while let Ok(event) = xml.read_event_into(&mut buffer) {
            match event {
                Event::Start(element) | Event::Empty(element)
                    if element.local_name().as_ref() == "Relationship" =>
                {
                    let id = attribute_value(&element, |key| key == "Id");
                    let target = attribute_value(&element, |key| key == "Target");
                    if let (Some(id), Some(target)) = (id, target) {
                        let part = match target.strip_prefix('/') {
                            Some(absolute) => absolute.to_string(),
                            None => format!("xl/{target}"),
                        };
                        targets.push((id, part));
                    }
                }
                Event::Eof => break,
                _ => {}
            }
            buffer.clear();
        }
    }
    let parts = sheets
        .into_iter()
        .filter_map(|(name, id)| {
            let (_, part) = targets.iter().find(|(target_id, _)| *target_id == id)?;
            Some((name, part.clone()))
        })
        .collect();
    XlsxLayout {
        active: Some(active.unwrap_or(0)),
        parts,
    }
}

/// The value of the first attribute whose name `matches`.
fn attribute_value(
    element: &quick_xml::events::BytesStart<'_>,
    matches: impl Fn(&str) -> bool,
) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|attribute| matches(attribute.key.as_ref()))
        .map(|attribute| attribute.value.into_owned())
}

/// What an .ods says beside its cells: the name of its active table (settings.xml) and, by
/// table name, its cells merged over several rows (content.xml).
#[derive(Debug, Default)]
pub(super) struct OdsLayout {
    pub active: Option<String>,
    pub merged: Vec<(String, Vec<Merged>)>,
}

/// Reads an .ods's layout; what cannot be read is left out.
pub(super) fn ods_layout<RS: Read + Seek>(input: &mut RS) -> OdsLayout {
    let Ok(mut archive) = zip::ZipArchive::new(input) else {
        return OdsLayout::default();
    };
    let active = archive.by_name("settings.xml").ok().and_then(|part| {
        ods_active(quick_xml::Reader::from_reader(std::io::BufReader::new(
            part,
        )))
    });
    let merged = archive
        .by_name("content.xml")
        .ok()
        .map(|part| {
            ods_merged(quick_xml::Reader::from_reader(std::io::BufReader::new(
                part,
            )))
        })
        .unwrap_or_default();
    OdsLayout { active, merged }
}

/// `<config:config-item config:name="ActiveTable" …>5月</config:config-item>`.
fn ods_active<R: std::io::BufRead>(mut xml: quick_xml::Reader<R>) -> Option<String> {
    let mut buffer = Vec::new();
    let mut in_active = false;
    loop {
        match xml.read_event_into(&mut buffer).ok()? {
            Event::Start(element) if element.local_name().as_ref() == "config-item" => {
                in_active = element
                    .try_get_attribute("config:name")
                    .ok()
                    .flatten()
                    .is_some_and(|a| a.value == "ActiveTable");
            }
            Event::Text(text) if in_active => {
                return Some(text.into_inner().into_owned());
            }
            Event::End(_) => in_active = false,
            Event::Eof => return None,
            _ => {}
        }
        buffer.clear();
    }
}

/// The cells of each table spanning more than one row (`table:number-rows-spanned`).
fn ods_merged<R: std::io::BufRead>(mut xml: quick_xml::Reader<R>) -> Vec<(String, Vec<Merged>)> {
    let mut tables: Vec<(String, Vec<Merged>)> = Vec::new();
    let mut buffer = Vec::new();
    let mut row = 0u32;
    let mut row_repeat = 1u32;
    let mut column = 0u32;
    while let Ok(event) = xml.read_event_into(&mut buffer) {
        let (element, empty) = match &event {
            Event::Start(element) => (element, false),
            Event::Empty(element) => (element, true),
            Event::End(end) if end.name().as_ref() == "table:table-row" => {
                row = row.saturating_add(row_repeat);
                buffer.clear();
                continue;
            }
            Event::Eof => break,
            _ => {
                buffer.clear();
                continue;
            }
        };
        let number = |name: &str| {
            element
                .try_get_attribute(name)
                .ok()
                .flatten()
                .and_then(|a| a.value.parse::<u32>().ok())
                .unwrap_or(1)
                .max(1)
        };
        match element.name().as_ref() {
            "table:table" => {
                let name = element
                    .try_get_attribute("table:name")
                    .ok()
                    .flatten()
                    .map(|a| a.value.into_owned())
                    .unwrap_or_default();
                tables.push((name, Vec::new()));
                row = 0;
            }
            "table:table-row" => {
                row_repeat = number("table:number-rows-repeated");
                column = 0;
                if empty {
                    row = row.saturating_add(row_repeat);
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let spanned = number("table:number-rows-spanned");
                if spanned > 1
                    && let Some((_, merged)) = tables.last_mut()
                {
                    merged.push(Merged {
                        first_row: row,
                        last_row: row.saturating_add(spanned - 1),
                        first_column: column,
                        last_column: column
                            .saturating_add(number("table:number-columns-spanned") - 1),
                    });
                }
                column = column.saturating_add(number("table:number-columns-repeated"));
            }
            _ => {}
        }
        buffer.clear();
    }
    tables
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(xml: &str) -> quick_xml::Reader<&[u8]> {
        quick_xml::Reader::from_reader(xml.as_bytes())
    }

    #[test]
    fn an_ods_saved_from_a_window_names_its_active_table() {
        // As LibreOffice writes settings.xml when a document was open in a window.
        let settings = r#"<office:document-settings><office:settings><config:config-item-set config:name="ooo:view-settings"><config:config-item-map-indexed config:name="Views"><config:config-item-map-entry><config:config-item config:name="ViewId" config:type="string">view1</config:config-item><config:config-item config:name="ActiveTable" config:type="string">5月</config:config-item></config:config-item-map-entry></config:config-item-map-indexed></config:config-item-set></office:settings></office:document-settings>"#;
        assert_eq!(ods_active(reader(settings)), Some("5月".to_string()));
        assert_eq!(ods_active(reader("<office:document-settings/>")), None);
    }

    #[test]
    fn an_ods_cell_spanning_rows_is_merged_where_it_stands() {
        let content = r#"<office:body><table:table table:name="Sheet1"><table:table-row><table:table-cell/><table:table-cell/></table:table-row><table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell table:number-rows-spanned="3" table:number-columns-spanned="1"><text:p>慈城</text:p></table:table-cell></table:table-row></table:table></office:body>"#;
        let merged = ods_merged(reader(content));
        assert_eq!(
            merged,
            [(
                "Sheet1".to_string(),
                vec![Merged {
                    first_row: 3,
                    last_row: 5,
                    first_column: 2,
                    last_column: 2
                }]
            )]
        );
    }
}
