//! 排名: the units as the annex ranks them, with their due tasks, done and share; with
//! `--previous`, the previous period's share beside it and the change; the annex's note on what
//! counts as due under the table.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::style::Styles;
use super::table::{Cell, Column, lines_in, row_height, write_table};
use super::{Previous, Standing};
use crate::render::annex::{AnnexView, RankRow};
use crate::render::excel::header_text;
use crate::render::numerals::chinese_date;

/// Writes the sheet.
pub fn write(
    sheet: &mut Worksheet,
    annex: &AnnexView,
    standings: &[Standing],
    previous: Option<&Previous>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    // The annex's column titles: 到期任务 … 完成率, or with `ranking: progress` 进度任务 …
    // 综合完成率.
    let mut columns: Vec<Column> = annex
        .ranking_header
        .iter()
        .zip([6.0, 16.0, 10.0, 10.0, 12.0])
        .map(|(title, width)| Column::new(title.as_str(), width))
        .collect();
    let share = annex.ranking_header.get(4).map_or("完成率", String::as_str);
    if let Some(previous) = previous {
        columns.push(Column::new(
            format!("上期{share}\n（{}）", chinese_date(previous.as_of)),
            20.0,
        ));
        columns.push(Column::new("变化\n（百分点）", 10.0));
    }
    let rows: Vec<Vec<Cell>> = standings
        .iter()
        .map(|standing| {
            let row = standing.row;
            let mut cells = vec![
                match row.rank.parse::<usize>() {
                    Ok(rank) => Cell::Integer(rank),
                    Err(_) => Cell::Label(row.rank.clone()),
                },
                Cell::Label(row.unit.clone()),
                Cell::Integer(row.due),
                Cell::Integer(row.done),
                share_cell(row),
            ];
            if previous.is_some() {
                cells.push(Cell::Percent(standing.previous));
                cells.push(Cell::Points(standing.change()));
            }
            cells
        })
        .collect();
    let (end, widths) = write_table(sheet, 0, &columns, &rows, styles)?;
    let last_column = columns.len().saturating_sub(1) as u16;
    let note_row = end + 1;
    let width: f64 = widths.iter().sum();
    let note = styles.cuts.fit(sheet, (note_row, 0), &annex.ranking_note);
    sheet.merge_range(note_row, 0, note_row, last_column, &note, &styles.note)?;
    sheet.set_row_height(note_row, row_height(lines_in(&annex.ranking_note, width)))?;
    sheet.set_header(format!("&C{}", header_text(&annex.ranking_title)));
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_repeat_rows(0, 0)?;
    Ok(())
}

/// A ranking row's share: its percentage, or 未报送 for a unit that sent nothing.
pub fn share_cell(row: &RankRow) -> Cell {
    if row.not_reported {
        Cell::Label(row.share.clone())
    } else {
        Cell::Percent(row.per_mille)
    }
}
