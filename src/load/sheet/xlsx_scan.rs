//! One quick pass over an .xlsx worksheet's XML, run on another core while its cells are
//! streamed: what the cells cannot say as they come — the cells merged over several rows (listed
//! after all the cells) and the formulas saved without their results (a file a program wrote and
//! Excel never opened). The bytes are searched, not parsed: inflating the part is most of the
//! cost, and it is paid on the core the cells do not use.

use std::io::Read;

use super::Source;
use super::rows::Merged;

/// What the pass found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Scanned {
    pub merged: Vec<Merged>,
    /// Formula cells with no result: the first one's reference (`C2`), when it could be told,
    /// and how many.
    pub uncached: Option<(Option<String>, u64)>,
    /// Where those cells are, (row, column) as Excel numbers them from 1, the first
    /// [`MAX_UNCACHED_CELLS`] of them: they are not also told as empty.
    pub uncached_cells: Vec<(u64, u64)>,
}

/// How many formula cells without results are kept by their place (more are counted).
const MAX_UNCACHED_CELLS: usize = 65_536;

/// How much of the text before a new piece is kept, to find matches across the cut and the
/// cell a formula is in.
const CARRY: usize = 4096;

/// Scans worksheet `part` of the workbook in `source`; `None` when it cannot be read (the
/// cells' reader then says why).
pub(super) fn scan(source: Source<'_>, part: &str) -> Option<Scanned> {
    match source {
        Source::Bytes(bytes) => scan_zip(std::io::Cursor::new(bytes), part),
        Source::File(file) => {
            let file = std::fs::File::open(file).ok()?;
            scan_zip(std::io::BufReader::new(file), part)
        }
    }
}

fn scan_zip<RS: Read + std::io::Seek>(input: RS, part: &str) -> Option<Scanned> {
    let mut archive = zip::ZipArchive::new(input).ok()?;
    let xml = archive.by_name(part).ok()?;
    scan_xml(xml)
}

/// Searches the XML piece by piece.
fn scan_xml(mut xml: impl Read) -> Option<Scanned> {
    let mut found = Scanned::default();
    let mut window: Vec<u8> = Vec::with_capacity(CARRY + (1 << 20));
    let mut piece = vec![0u8; 1 << 20];
    loop {
        let read = match xml.read(&mut piece) {
            Ok(0) => break,
            Ok(read) => read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return None,
        };
        // What was carried over was searched already: only matches that end past it count.
        let carried = window.len();
        window.extend_from_slice(piece.get(..read)?);
        search(&window, carried, &mut found);
        let keep = window.len().saturating_sub(CARRY);
        window.drain(..keep);
    }
    Some(found)
}

/// Finds, in `window`, the matches that end past `carried`.
fn search(window: &[u8], carried: usize, found: &mut Scanned) {
    let start = carried.saturating_sub(CARRY.min(64));
    for (at, _) in window
        .iter()
        .enumerate()
        .skip(start)
        .filter(|&(_, &b)| b == b'<')
    {
        let Some(rest) = window.get(at..) else {
            continue;
        };
        if rest.starts_with(b"</c>") {
            if at + 3 >= carried && formula_without_value(window, at) {
                found.add_uncached(cell_before(window, at));
            }
        } else if rest.starts_with(b"<mergeCell ")
            && let Some((reference, close)) = attribute(rest, b"ref=\"")
            && at + close >= carried
            && let Some(merged) = merged_of(reference)
        {
            found.merged.push(merged);
        }
    }
}

impl Scanned {
    fn add_uncached(&mut self, cell: Option<String>) {
        if self.uncached_cells.len() < MAX_UNCACHED_CELLS
            && let Some((row, column)) = cell.as_deref().and_then(cell_of)
        {
            self.uncached_cells
                .push((u64::from(row) + 1, u64::from(column) + 1));
        }
        match &mut self.uncached {
            Some((_, count)) => *count += 1,
            None => self.uncached = Some((cell, 1)),
        }
    }
}

/// Whether the cell ending at `end` (its `</c>`) holds a formula and no value: `<f>…</f></c>`
/// or `<f …/></c>`.
fn formula_without_value(window: &[u8], end: usize) -> bool {
    let Some(before) = window.get(..end) else {
        return false;
    };
    if before.ends_with(b"</f>") {
        return true;
    }
    if !before.ends_with(b"/>") {
        return false;
    }
    // The element that closed itself just before: a shared formula's `<f t="shared" si="0"/>`.
    let from = before.len().saturating_sub(512);
    before
        .get(from..)
        .and_then(|tail| tail.iter().rposition(|&b| b == b'<'))
        .and_then(|open| before.get(from + open..))
        .is_some_and(|element| element.starts_with(b"<f ") || element.starts_with(b"<f/"))
}

/// The reference of the cell whose `</c>` is at `end` (`<c r="C2" …>`), if it is near enough.
fn cell_before(window: &[u8], end: usize) -> Option<String> {
    let before = window.get(..end)?;
    let from = before.len().saturating_sub(CARRY);
    let tail = before.get(from..)?;
    let open = tail.windows(3).rposition(|w| w == b"<c ")?;
    let (reference, _) = attribute(tail.get(open..)?, b" r=\"")?;
    std::str::from_utf8(reference).ok().map(String::from)
}

/// The value of the attribute that starts with `name` (`ref="`) in the element at the start of
/// `element`, and where the element's `>` is.
fn attribute<'a>(element: &'a [u8], name: &[u8]) -> Option<(&'a [u8], usize)> {
    let close = element.iter().position(|&b| b == b'>')?;
    let inside = element.get(..close)?;
    let at = inside.windows(name.len()).position(|w| w == name)? + name.len();
    let length = inside.get(at..)?.iter().position(|&b| b == b'"')?;
    Some((inside.get(at..at + length)?, close))
}

/// `A2:A13` as a merged region, 0-based.
fn merged_of(reference: &[u8]) -> Option<Merged> {
    let text = std::str::from_utf8(reference).ok()?;
    let (first, last) = text.split_once(':')?;
    let (first_row, first_column) = cell_of(first)?;
    let (last_row, last_column) = cell_of(last)?;
    Some(Merged {
        first_row,
        last_row,
        first_column,
        last_column,
    })
}

/// `AB12` as (row, column), 0-based.
fn cell_of(reference: &str) -> Option<(u32, u32)> {
    let letters = reference.bytes().take_while(u8::is_ascii_uppercase).count();
    let (column, row) = reference.split_at_checked(letters)?;
    if column.is_empty() || column.len() > 3 {
        return None;
    }
    let column = column
        .bytes()
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A') + 1);
    let row: u32 = row.parse().ok()?;
    Some((row.checked_sub(1)?, column - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `xml` in pieces of `size` bytes, to cut matches anywhere.
    struct Pieces<'a> {
        xml: &'a [u8],
        size: usize,
    }

    impl Read for Pieces<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let count = self.size.min(buf.len()).min(self.xml.len());
            let (head, rest) = self.xml.split_at(count);
            buf[..count].copy_from_slice(head);
            self.xml = rest;
            Ok(count)
        }
    }

    const SHEET: &str = r#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" s="1"/><c r="C2"><f>IF(D2&lt;&gt;"","已完成","推进中")</f></c><c r="D2" t="str"><f>B2</f><v></v></c></row><row r="3"><c r="C3"><f t="shared" si="0"/></c></row></sheetData><mergeCells count="2"><mergeCell ref="A2:A13"/><mergeCell ref="B1:E1"/></mergeCells></worksheet>"#;

    #[test]
    fn merged_cells_and_formulas_without_results_are_found_wherever_the_pieces_are_cut() {
        let expected = Scanned {
            merged: vec![
                Merged {
                    first_row: 1,
                    last_row: 12,
                    first_column: 0,
                    last_column: 0,
                },
                Merged {
                    first_row: 0,
                    last_row: 0,
                    first_column: 1,
                    last_column: 4,
                },
            ],
            uncached: Some((Some("C2".to_string()), 2)),
            uncached_cells: vec![(2, 3), (3, 3)],
        };
        for size in [1, 2, 3, 7, 64, 4096] {
            let pieces = Pieces {
                xml: SHEET.as_bytes(),
                size,
            };
            assert_eq!(scan_xml(pieces), Some(expected.clone()), "pieces of {size}");
        }
    }

    #[test]
    fn references_read_as_excel_writes_them() {
        assert_eq!(cell_of("A1"), Some((0, 0)));
        assert_eq!(cell_of("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(cell_of("a1"), None);
        assert_eq!(cell_of("A0"), None);
    }
}
