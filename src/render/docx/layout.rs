//! The GB/T 9704-2012 page in WordprocessingML's units: twips (1/20 pt) for lengths,
//! half-points for type sizes.

/// Type sizes in half-points: 2号 = 22 pt, 3号 = 16 pt, 4号 = 14 pt, 小五 = 9 pt.
pub mod half_points {
    pub const TITLE: u32 = 44;
    pub const BODY: u32 = 32;
    pub const PAGE_NUMBER: u32 = 28;
    pub const TABLE: u32 = 18;
}

/// Lengths in twips.
pub mod twips {
    /// A4: 210 × 297 mm.
    pub const PAGE_WIDTH: u32 = 11906;
    pub const PAGE_HEIGHT: u32 = 16838;
    /// 天头 37 mm, 订口 28 mm; the text block (版心) 156 × 225 mm leaves 35 mm at the bottom
    /// and 26 mm at the right.
    pub const TOP: u32 = 2098;
    pub const LEFT: u32 = 1587;
    pub const BOTTOM: u32 = 1984;
    pub const RIGHT: u32 = 1474;
    pub const TEXT_WIDTH: u32 = PAGE_WIDTH - LEFT - RIGHT;
    /// 28.95 pt: 22 lines fill the 225 mm text block.
    pub const LINE: u32 = 579;
    /// One body character: 16 pt.
    pub const CHAR: u32 = 320;
    /// One body character as set: 16 pt condensed by 0.25 pt, so 28 fit in 442.25 pt.
    pub const GRID_CHAR: u32 = 315;
}

/// The condensing of body-size runs, in twips (−0.25 pt).
pub const CONDENSE: i32 = -5;
pub const CHARS_PER_LINE: u32 = 28;
/// 2号 characters a line of the title holds: 442 pt of text block over 22 pt is 20.
pub const TITLE_CHARS_PER_LINE: usize = (twips::TEXT_WIDTH / (half_points::TITLE * 10)) as usize;
