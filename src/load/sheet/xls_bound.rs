//! How many cells an .xls would make calamine hold: calamine reads every worksheet of an .xls
//! into a dense table as it opens it (blank cells between included), so a stray value in IV65536
//! costs a gigabyte before any row is read. This reads the file's Workbook stream (a compound
//! file) and its cell records the way calamine does, and only measures.

use std::io::{Read, Seek, SeekFrom};

/// Where the cells of one worksheet lie: the far corner, and the cell that stretches it most.
#[derive(Debug, Default, Clone)]
pub(super) struct SheetSpan {
    pub name: String,
    pub rows: Option<(u32, u32)>,
    pub columns: Option<(u32, u32)>,
    /// The first cell of the lowest row, and the rightmost cell.
    pub lowest: (u32, u32),
    pub rightmost: (u32, u32),
}

impl SheetSpan {
    fn add(&mut self, row: u32, first_column: u32, last_column: u32) {
        self.rows = Some(match self.rows {
            Some((top, bottom)) => (top.min(row), bottom.max(row)),
            None => (row, row),
        });
        if self.rows.is_some_and(|(_, bottom)| bottom == row) && self.lowest.0 <= row {
            self.lowest = (row, first_column);
        }
        let rightmost = self.columns.is_none_or(|(_, right)| last_column > right);
        self.columns = Some(match self.columns {
            Some((left, right)) => (left.min(first_column), right.max(last_column)),
            None => (first_column, last_column),
        });
        if rightmost {
            self.rightmost = (row, last_column);
        }
    }

    /// How many cells the dense table spans.
    pub fn cells(&self) -> u64 {
        match (self.rows, self.columns) {
            (Some((top, bottom)), Some((left, right))) => {
                u64::from(bottom - top + 1) * u64::from(right - left + 1)
            }
            _ => 0,
        }
    }
}

/// Every worksheet's span, or `None` when the file is not one this can read (calamine then
/// says why, or reads it: a file this cannot measure is one calamine cannot open either).
pub(super) fn sheet_spans<RS: Read + Seek>(input: &mut RS) -> Option<Vec<SheetSpan>> {
    let stream = workbook_stream(input)?;
    let mut sheets: Vec<(usize, String)> = Vec::new();
    for (typ, data) in Records::new(&stream) {
        match typ {
            // Encrypted: calamine refuses it.
            0x002F => return None,
            0x0085 => {
                let position = u32::from_le_bytes(data.get(..4)?.try_into().ok()?);
                sheets.push((usize::try_from(position).ok()?, sheet_name(data)));
            }
            0x000A => break,
            _ => {}
        }
    }
    let mut spans = Vec::new();
    for (position, name) in sheets {
        let mut span = SheetSpan {
            name,
            ..SheetSpan::default()
        };
        let mut seen_bof = false;
        let mut depth = 0usize;
        for (typ, data) in Records::new(stream.get(position..)?) {
            if depth > 0 {
                match typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            let u16_at = |at: usize| -> Option<u32> {
                Some(u32::from(u16::from_le_bytes(
                    data.get(at..at + 2)?.try_into().ok()?,
                )))
            };
            match typ {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x000A => break,
                // The records calamine makes cells of: NUMBER, LABEL, RSTRING, BOOLERR, RK,
                // LABELSST, FORMULA; MULRK spans columns.
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                    let (row, column) = (u16_at(0)?, u16_at(2)?);
                    span.add(row, column, column);
                }
                0x00BD => {
                    let (row, first) = (u16_at(0)?, u16_at(2)?);
                    let last = u16_at(data.len().checked_sub(2)?)?;
                    span.add(row, first, last.max(first));
                }
                _ => {}
            }
        }
        spans.push(span);
    }
    Some(spans)
}

/// The tab an .xls was saved with active: its WINDOW1 record's `itabCur`, counted over its
/// sheets in order (as calamine lists them). `None` when the file cannot be read so.
pub(super) fn active_tab<RS: Read + Seek>(input: &mut RS) -> Option<usize> {
    let stream = workbook_stream(input)?;
    for (typ, data) in Records::new(&stream) {
        match typ {
            0x003D => {
                let tab = u16::from_le_bytes(data.get(10..12)?.try_into().ok()?);
                return Some(usize::from(tab));
            }
            0x000A => break,
            _ => {}
        }
    }
    None
}

/// A BOUNDSHEET record's sheet name (BIFF8: one byte of length, a flag, then the characters).
fn sheet_name(data: &[u8]) -> String {
    let Some(&length) = data.get(6) else {
        return String::new();
    };
    let wide = data.get(7).is_some_and(|flag| flag & 1 == 1);
    let length = usize::from(length);
    match data.get(8..) {
        Some(chars) if wide => {
            let units: Vec<u16> = chars
                .chunks_exact(2)
                .take(length)
                .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        Some(chars) => chars.iter().take(length).map(|&b| char::from(b)).collect(),
        None => String::new(),
    }
}

/// BIFF records: (type, data), CONTINUE records passed over as parts of the one before.
struct Records<'s> {
    stream: &'s [u8],
}

impl<'s> Records<'s> {
    fn new(stream: &'s [u8]) -> Self {
        Self { stream }
    }
}

impl<'s> Iterator for Records<'s> {
    type Item = (u16, &'s [u8]);

    fn next(&mut self) -> Option<(u16, &'s [u8])> {
        loop {
            let header = self.stream.get(..4)?;
            let typ = u16::from_le_bytes([header[0], header[1]]);
            let length = usize::from(u16::from_le_bytes([header[2], header[3]]));
            let data = self.stream.get(4..4 + length)?;
            self.stream = self.stream.get(4 + length..)?;
            if typ != 0x003C {
                return Some((typ, data));
            }
        }
    }
}

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;

/// The "Workbook" (or older "Book") stream of a compound file.
fn workbook_stream<RS: Read + Seek>(input: &mut RS) -> Option<Vec<u8>> {
    let size = input.seek(SeekFrom::End(0)).ok()?;
    input.seek(SeekFrom::Start(0)).ok()?;
    let mut header = [0u8; 512];
    input.read_exact(&mut header).ok()?;
    let u16_at = |at: usize| u16::from_le_bytes([header[at], header[at + 1]]);
    let u32_at = |at: usize| {
        u32::from_le_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let shift = u32::from(u16_at(0x1E));
    if !(7..=16).contains(&shift) {
        return None;
    }
    let sector_size = 1usize << shift;
    let mini_shift = u32::from(u16_at(0x20));
    if !(4..shift).contains(&mini_shift) {
        return None;
    }
    let sectors_in_file = usize::try_from(size >> shift).ok()?;
    let read_sector = |input: &mut RS, sector: u32| -> Option<Vec<u8>> {
        if usize::try_from(sector).ok()? >= sectors_in_file {
            return None;
        }
        let mut buffer = vec![0u8; sector_size];
        input
            .seek(SeekFrom::Start((u64::from(sector) + 1) << shift))
            .ok()?;
        input.read_exact(&mut buffer).ok()?;
        Some(buffer)
    };
    // The FAT's sectors: 109 in the header, the rest in a chain of DIFAT sectors.
    let fat_count = usize::try_from(u32_at(0x2C)).ok()?.min(sectors_in_file);
    let mut fat_sectors: Vec<u32> = (0..109).map(|i| u32_at(0x4C + 4 * i)).collect();
    let mut difat = u32_at(0x44);
    let mut guard = 0;
    while fat_sectors.len() < fat_count && difat != END_OF_CHAIN && guard < sectors_in_file {
        guard += 1;
        let sector = read_sector(input, difat)?;
        let entries: Vec<u32> = sector
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let (next, list) = entries.split_last()?;
        fat_sectors.extend_from_slice(list);
        difat = *next;
    }
    fat_sectors.truncate(fat_count);
    let mut fat: Vec<u32> = Vec::new();
    for &sector in &fat_sectors {
        let bytes = read_sector(input, sector)?;
        fat.extend(
            bytes
                .chunks_exact(4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])),
        );
    }
    let chain = |start: u32| -> Option<Vec<u32>> {
        let mut sectors = Vec::new();
        let mut sector = start;
        while sector != END_OF_CHAIN {
            if sectors.len() > fat.len() {
                return None; // a loop
            }
            sectors.push(sector);
            sector = *fat.get(usize::try_from(sector).ok()?)?;
        }
        Some(sectors)
    };
    let read_chain = |input: &mut RS, start: u32, limit: usize| -> Option<Vec<u8>> {
        let mut bytes = Vec::new();
        for sector in chain(start)? {
            if bytes.len() >= limit {
                break;
            }
            bytes.extend(read_sector(input, sector)?);
        }
        bytes.truncate(limit);
        Some(bytes)
    };
    let directory = read_chain(input, u32_at(0x30), usize::MAX)?;
    let mut root = None;
    let mut book = None;
    for entry in directory.chunks_exact(128) {
        let name_len = usize::from(u16::from_le_bytes([entry[64], entry[65]]));
        let units: Vec<u16> = entry[..name_len.min(64)]
            .chunks_exact(2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
            .take_while(|&unit| unit != 0)
            .collect();
        let name = String::from_utf16_lossy(&units);
        let start = u32::from_le_bytes([entry[116], entry[117], entry[118], entry[119]]);
        let length = u32::from_le_bytes([entry[120], entry[121], entry[122], entry[123]]);
        match (entry[66], name.as_str()) {
            (5, _) => root = Some((start, length)),
            (2, "Workbook") => book = Some((start, length)),
            (2, "Book") if book.is_none() => book = Some((start, length)),
            _ => {}
        }
    }
    let (start, length) = book?;
    let length = usize::try_from(length).ok()?;
    if u64::try_from(length).ok()? > size {
        return None;
    }
    if length >= usize::try_from(u32_at(0x38)).ok()? {
        return read_chain(input, start, length);
    }
    // A small stream lies in the mini stream, in sectors of its own.
    let (root_start, root_length) = root?;
    let mini_stream = read_chain(input, root_start, usize::try_from(root_length).ok()?)?;
    let mini_fat: Vec<u32> = read_chain(input, u32_at(0x3C), usize::MAX)?
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    let mini_size = 1usize << mini_shift;
    let mut bytes = Vec::new();
    let mut sector = start;
    while sector != END_OF_CHAIN && bytes.len() < length {
        if bytes.len() > mini_stream.len() {
            return None;
        }
        let at = usize::try_from(sector).ok()? * mini_size;
        bytes.extend_from_slice(mini_stream.get(at..at + mini_size)?);
        sector = *mini_fat.get(usize::try_from(sector).ok()?)?;
    }
    bytes.truncate(length);
    Some(bytes)
}
