//! An office's own task list (任务清单) — the .xlsx/.xls/.csv table it already has, read through
//! the one sheet reader — turned into the draft of a plan: a title row or two, a header such as
//! 序号 | 工作任务 | 责任单位 | 完成时限, category rows (`一、构建应急体系方面`) between the tasks.
//! What cannot be read is reported by row, as validate reports sheets.

mod deadline;
mod header;
mod units;

use std::collections::HashSet;
use std::path::Path;

use crate::diagnostic::{Code, Diagnostic};
use crate::load::sheet::{self, Cell, Row, RowSink};
use crate::model::Deadline;
use header::{Columns, header_columns, is_status_sheet_header};
pub use units::{Named, is_department, split as split_units};

/// How far down the header is looked for.
const HEADER_SEARCH_ROWS: usize = 15;

/// A task list read: what the plan is made from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TaskList {
    /// The title row above the header, if any (`城关县2025年安全生产重点工作任务清单`).
    pub title: Option<String>,
    pub categories: Vec<DraftCategory>,
    /// Every unit named, towns and departments each in the order first named.
    pub towns: Vec<String>,
    pub departments: Vec<String>,
    /// What the list calls its towns when it names them all (`各乡镇` → 乡镇).
    pub town_label: Option<String>,
    /// What could not be read (errors) or was guessed (warnings), by row.
    pub diagnostics: Vec<Diagnostic>,
}

/// A category and its tasks.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftCategory {
    /// Empty when the list has no categories.
    pub title: String,
    pub tasks: Vec<DraftTask>,
}

/// A task as the list gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftTask {
    /// The row it was read from, as Excel numbers it.
    pub row: u64,
    pub id: u32,
    pub text: String,
    pub deadline: DraftDeadline,
    /// Its units and groups, in the order the cell names them.
    pub units: Vec<Named>,
    /// The unit the cell marks 牵头 (`县住建局牵头，各乡镇配合`), if one.
    pub lead: Option<String>,
}

/// A task's deadline, or the text that gives none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftDeadline {
    Known(Deadline),
    /// `长期坚持`: the plan needs a date here.
    Missing(String),
}

/// Every row of a sheet, kept: a task list is small, and its header is found only by looking.
#[derive(Default)]
struct Rows {
    rows: Vec<(u64, Vec<Cell<'static>>)>,
    diagnostics: Vec<Diagnostic>,
    from_workbook: bool,
}

impl RowSink for Rows {
    fn header(&mut self, header_row: u64, header: &[String], from_workbook: bool) -> bool {
        self.from_workbook = from_workbook;
        let cells = header
            .iter()
            .map(|text| {
                if text.is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(text.clone().into())
                }
            })
            .collect();
        self.rows.push((header_row, cells));
        true
    }

    fn row(&mut self, row: &Row<'_>) {
        let cells = row.cells.iter().cloned().map(Cell::into_owned).collect();
        self.rows.push((row.number, cells));
    }

    fn title(&mut self, row: &Row<'_>) {
        self.row(row);
    }

    fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }
}

/// Reads a task list file (.xlsx, .xls, .ods, .csv in any encoding the sheets may have). A
/// file that cannot be opened is an error; what is in it is reported in the list's
/// diagnostics.
pub fn read_task_list(file: &Path) -> std::io::Result<TaskList> {
    let display = file.display().to_string();
    let mut rows = Rows::default();
    sheet::read_sheet_file(&display, file, &mut rows)?;
    // The reader's words for an empty sheet are about status sheets; a file it could not open
    // is empty as well, and one message says that enough.
    let unreadable = rows
        .diagnostics
        .iter()
        .any(|d| d.code != Code::EmptyFile && d.severity == crate::diagnostic::Severity::Error);
    rows.diagnostics
        .retain(|d| d.code != Code::EmptyFile || !unreadable);
    for diagnostic in &mut rows.diagnostics {
        if diagnostic.code == Code::EmptyFile {
            diagnostic.message = "任务清单是空的：请确认选对了文件".to_string();
        }
    }
    // A file that could not be read at all has said so; no header to look for.
    if rows.rows.is_empty() && crate::diagnostic::has_errors(&rows.diagnostics) {
        return Ok(TaskList {
            diagnostics: rows.diagnostics,
            ..TaskList::default()
        });
    }
    let mut list = from_rows(&display, &rows.rows, rows.from_workbook);
    let mut diagnostics = rows.diagnostics;
    diagnostics.append(&mut list.diagnostics);
    crate::diagnostic::sort(&mut diagnostics);
    list.diagnostics = diagnostics;
    Ok(list)
}

/// A cell's text, trimmed, its lines joined (a cell written with Alt+Enter).
fn text_of(cell: Option<&Cell<'_>>) -> String {
    let Some(cell) = cell else {
        return String::new();
    };
    let text = cell.text();
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("")
}

/// The year a title names (`2025年…`).
fn year_of(title: &str) -> Option<i32> {
    let chars: Vec<char> = title.chars().collect();
    chars.windows(5).find_map(|w| {
        let digits: String = w.iter().take(4).collect();
        (w.get(4) == Some(&'年') && digits.chars().all(|c| c.is_ascii_digit()))
            .then(|| digits.parse().ok())
            .flatten()
            .filter(|year| (1990..=2100).contains(year))
    })
}

/// A task's number as lists write it: `1`, `1.`, `1、`, `（1）`, `第1项`, `1.0`.
fn id_of(cell: Option<&Cell<'_>>) -> Option<u32> {
    if let Some(Cell::Number(n)) = cell {
        return (n.fract() == 0.0 && *n >= 1.0 && *n < 1e6).then_some(*n as u32);
    }
    let text = text_of(cell);
    let text = text
        .trim_start_matches(['（', '(', '第'])
        .trim_end_matches(['）', ')', '、', '.', '．', '项']);
    let text = text.strip_suffix(".0").unwrap_or(text);
    text.parse().ok().filter(|id| *id >= 1)
}

/// A category row's title without its numbering: `一、构建应急体系方面` → `构建应急体系方面`.
fn category_title(text: &str) -> String {
    let numerals = "一二三四五六七八九十";
    let trimmed = text.trim();
    let without = trimmed
        .trim_start_matches(['（', '('])
        .trim_start_matches('第')
        .trim_start_matches(|c: char| numerals.contains(c) || c.is_ascii_digit());
    let without = without
        .trim_start_matches(['）', ')', '、', '.', '．', '：', ':'])
        .trim();
    if without.len() < trimmed.len() && !without.is_empty() {
        without.to_string()
    } else {
        trimmed.to_string()
    }
}

/// Whether a row's single text reads as a category heading rather than a task.
fn is_heading(text: &str, in_id_column: bool) -> bool {
    let numbered = text.starts_with(|c: char| "一二三四五六七八九十".contains(c))
        && text
            .chars()
            .take(4)
            .any(|c| c == '、' || c == '.' || c == '．')
        || text.starts_with('（')
            && text
                .chars()
                .nth(1)
                .is_some_and(|c| "一二三四五六七八九十".contains(c));
    numbered || in_id_column || (text.chars().count() <= 30 && !text.ends_with('。'))
}

/// A row after the table that is a note, not a category (`注：…`, `备注`).
fn is_footnote(text: &str) -> bool {
    ["注", "备注", "说明", "填表说明", "附"]
        .iter()
        .any(|word| text.starts_with(word))
}

/// Reads the rows of a task list.
fn from_rows(path: &str, rows: &[(u64, Vec<Cell<'static>>)], from_workbook: bool) -> TaskList {
    let mut list = TaskList::default();
    let texts =
        |cells: &[Cell<'_>]| -> Vec<String> { cells.iter().map(|c| text_of(Some(c))).collect() };
    let header = rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .enumerate()
        .find_map(|(at, (_, cells))| header_columns(&texts(cells)).map(|columns| (at, columns)));
    let Some((header_at, columns)) = header else {
        let status_sheet = rows
            .iter()
            .take(HEADER_SEARCH_ROWS)
            .any(|(_, cells)| is_status_sheet_header(&texts(cells)));
        if status_sheet {
            let message = "这是各单位报回的报表（有“状态”一列），不是任务清单：请给出列有工作任务、责任单位和完成时限的任务清单";
            list.diagnostics
                .push(Diagnostic::error(path, Code::MissingColumn, message));
            return list;
        }
        let message = format!(
            "找不到表头：前{HEADER_SEARCH_ROWS}行中没有“工作任务”（或“任务内容”）以及“责任单位”或“完成时限”这样的列名；请确认选的是任务清单，并在任务上方加一行表头：序号、工作任务、责任单位、完成时限"
        );
        list.diagnostics
            .push(Diagnostic::error(path, Code::MissingColumn, message));
        return list;
    };
    list.title = rows.iter().take(header_at).find_map(|(_, cells)| {
        let distinct: HashSet<String> =
            texts(cells).into_iter().filter(|t| !t.is_empty()).collect();
        (distinct.len() == 1)
            .then(|| distinct.into_iter().next())
            .flatten()
    });
    let title_year = list.title.as_deref().and_then(year_of);
    let mut reading = Reading {
        path,
        columns: &columns,
        title_year,
        from_workbook,
        list: &mut list,
        previous: None,
        category: None,
        year: title_year.unwrap_or(2025),
    };
    for (number, cells) in rows.iter().skip(header_at + 1) {
        reading.row(*number, cells);
    }
    finish_ids(path, &mut list);
    near_duplicate_departments(path, &mut list);
    list
}

/// The state of reading the rows below the header.
struct Reading<'r> {
    path: &'r str,
    columns: &'r Columns,
    title_year: Option<i32>,
    from_workbook: bool,
    list: &'r mut TaskList,
    /// The last task's deadline and units: a workbook's cell merged down several tasks holds
    /// its value in the first row only.
    previous: Option<(Option<Cell<'static>>, Vec<Named>)>,
    /// The category column's last value (merged down its tasks).
    category: Option<String>,
    /// The year messages give examples in: the title's, else the last deadline's.
    year: i32,
}

impl Reading<'_> {
    fn error(&mut self, row: u64, column: Option<usize>, code: Code, message: String) {
        let diagnostic = Diagnostic::error(self.path, code, message);
        self.list
            .diagnostics
            .push(diagnostic.at(row, column.map(|c| c as u64 + 1)));
    }

    fn warning(&mut self, row: u64, column: Option<usize>, message: String) {
        let diagnostic = Diagnostic::warning(self.path, Code::Guessed, message);
        self.list
            .diagnostics
            .push(diagnostic.at(row, column.map(|c| c as u64 + 1)));
    }

    fn row(&mut self, number: u64, cells: &[Cell<'static>]) {
        let columns = self.columns;
        let cell = |index: Option<usize>| index.and_then(|i| cells.get(i));
        let filled: Vec<String> = cells
            .iter()
            .map(|c| text_of(Some(c)))
            .filter(|t| !t.is_empty())
            .collect();
        let Some(first) = filled.first() else {
            return;
        };
        if filled.iter().all(|t| t == first) {
            let in_id_column = columns
                .id
                .is_some_and(|id| text_of(cell(Some(id))) == *first);
            let task_like = id_of(cell(columns.id)).is_some();
            if is_footnote(first) {
                return;
            }
            if !task_like && is_heading(first, in_id_column) {
                self.open_category(category_title(first));
                return;
            }
        }
        if let Some(category) = columns.category.map(|c| text_of(cell(Some(c))))
            && !category.is_empty()
            && self.category.as_deref() != Some(category.as_str())
        {
            self.category = Some(category.clone());
            self.open_category(category_title(&category));
        }
        let text = text_of(cell(Some(columns.text)));
        if text.is_empty() {
            let message = "这一行没有任务内容（工作任务一列为空），已跳过".to_string();
            self.warning(number, Some(columns.text), message);
            return;
        }
        self.task(number, cells, text);
    }

    fn open_category(&mut self, title: String) {
        if let Some(last) = self.list.categories.last_mut()
            && last.tasks.is_empty()
        {
            // Two heading rows in a row: the second is the category (the first a section).
            last.title = title;
            return;
        }
        self.list.categories.push(DraftCategory {
            title,
            tasks: Vec::new(),
        });
        self.previous = None;
    }

    fn task(&mut self, number: u64, cells: &[Cell<'static>], text: String) {
        if self.list.categories.is_empty() {
            self.open_category(String::new());
        }
        let columns = self.columns;
        let cell = |index: usize| cells.get(index).filter(|c| !c.is_empty()).cloned();
        // Units: every units column, or the merged cell above.
        let mut named = Vec::new();
        let mut lead = None;
        for &column in &columns.units {
            if let Some(value) = cell(column) {
                let text = text_of(Some(&value));
                named.extend(units::split(&text));
                lead = lead.or_else(|| units::lead(&text));
            }
        }
        let mut deadline_cell = columns.deadline.and_then(cell);
        let previous = self.previous.clone();
        if named.is_empty()
            && let Some((_, units)) = previous.as_ref().filter(|_| self.from_workbook)
            && !units.is_empty()
        {
            named = units.clone();
            let message = format!(
                "责任单位为空，按上一项任务的责任单位读取（合并单元格）：{}",
                names(units)
            );
            self.warning(number, columns.units.first().copied(), message);
        }
        if deadline_cell.is_none()
            && let Some((Some(above), _)) = previous.as_ref().filter(|_| self.from_workbook)
        {
            deadline_cell = Some(above.clone());
            let message = format!(
                "完成时限为空，按上一项任务的完成时限读取（合并单元格）：{}",
                above.text()
            );
            self.warning(number, columns.deadline, message);
        }
        self.previous = Some((deadline_cell.clone(), named.clone()));
        let deadline = self.deadline(number, deadline_cell.as_ref());
        if named.is_empty() {
            let message = if columns.units.is_empty() {
                "任务清单没有“责任单位”一列：已按各乡镇（街道）读取，请在 plan.yaml 中核对每项任务的 assigned".to_string()
            } else {
                "责任单位为空：请写上这项任务的责任单位，如 [县应急管理局]".to_string()
            };
            if columns.units.is_empty() {
                self.warning(number, None, message);
                named.push(Named::EveryTown(String::new()));
            } else {
                self.error(
                    number,
                    columns.units.first().copied(),
                    Code::UnknownAssignee,
                    message,
                );
            }
        }
        self.remember_units(&named);
        let id = id_of(columns.id.and_then(|c| cells.get(c))).unwrap_or(0);
        let task = DraftTask {
            row: number,
            id,
            text,
            deadline,
            units: named,
            lead,
        };
        if let Some(category) = self.list.categories.last_mut() {
            category.tasks.push(task);
        }
    }

    fn deadline(&mut self, number: u64, cell: Option<&Cell<'static>>) -> DraftDeadline {
        let column = self.columns.deadline;
        let written = cell.map(|c| text_of(Some(c))).unwrap_or_default();
        let read = match cell {
            Some(cell) => deadline::read(cell, self.title_year),
            None => deadline::Read::NoDate,
        };
        match read {
            deadline::Read::Found(deadline, note) => {
                self.year = chrono::Datelike::year(&deadline.end);
                if let Some(note) = note {
                    self.warning(number, column, note);
                }
                DraftDeadline::Known(deadline)
            }
            deadline::Read::NoYear => {
                let message = format!(
                    "完成时限“{written}”没有年份，任务清单的标题中也没有：请改为带年份的日期，如 {}-06（6月底前）",
                    self.year
                );
                self.error(number, column, Code::InvalidDeadline, message);
                DraftDeadline::Missing(written)
            }
            deadline::Read::NoDate => {
                let year = self.year;
                let message = if written.is_empty() {
                    format!("完成时限为空：请写上这项任务的完成时限，如 {year}-12（12月底前）")
                } else {
                    format!(
                        "完成时限“{written}”不是日期：是否逾期要按日期判断，请改为具体日期，如 {year}-12（12月底前）；长期坚持的任务可写本年年底"
                    )
                };
                self.error(number, column, Code::InvalidDeadline, message);
                DraftDeadline::Missing(written)
            }
        }
    }

    fn remember_units(&mut self, named: &[Named]) {
        for name in named {
            match name {
                Named::Unit(unit) => {
                    let list = if is_department(unit) {
                        &mut self.list.departments
                    } else {
                        &mut self.list.towns
                    };
                    if !list.contains(unit) {
                        list.push(unit.clone());
                    }
                }
                Named::EveryTown(label) if !label.is_empty() => {
                    if self.list.town_label.is_none() {
                        self.list.town_label = Some(label.clone());
                    }
                }
                Named::EveryTown(_) | Named::EveryDepartment => {}
            }
        }
    }
}

/// Names as a cell would list them.
fn names(named: &[Named]) -> String {
    named
        .iter()
        .map(|n| match n {
            Named::EveryTown(label) => format!("各{label}"),
            Named::EveryDepartment => "各有关部门".to_string(),
            Named::Unit(unit) => unit.clone(),
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// Two departments that look like one written two ways (县应急局 and 县应急管理局: the shorter's
/// characters in order within the longer, the same first and last): a warning each, since the
/// plan would send them two sheets and count them apart.
fn near_duplicate_departments(path: &str, list: &mut TaskList) {
    let departments = &list.departments;
    let mut pairs = Vec::new();
    for (index, short) in departments.iter().enumerate() {
        for long in departments.iter().skip(index + 1) {
            let (short, long) = if short.chars().count() <= long.chars().count() {
                (short, long)
            } else {
                (long, short)
            };
            if abbreviates(short, long) {
                pairs.push((short.clone(), long.clone()));
            }
        }
    }
    for (short, long) in pairs {
        let message = format!(
            "“{short}”和“{long}”像是同一个部门的两种写法：若是，请在 plan.yaml 的 departments 中只留一个，并把各任务 assigned 中的另一个改成它"
        );
        list.diagnostics
            .push(Diagnostic::warning(path, Code::Guessed, message));
    }
}

/// Whether `short` reads as a shortening of `long`: shorter, the same first and last
/// character, and its characters in order within `long` (县住建局 in 县住房和城乡建设局).
fn abbreviates(short: &str, long: &str) -> bool {
    if short == long || short.chars().count() < 3 || short.chars().count() >= long.chars().count() {
        return false;
    }
    let ends = |text: &str| (text.chars().next(), text.chars().last());
    if ends(short) != ends(long) {
        return false;
    }
    let mut rest = long.chars();
    short.chars().all(|c| rest.any(|l| l == c))
}

/// The list's own numbers when each task has one and none repeats; else 1, 2, 3… in order
/// (said in a warning).
fn finish_ids(path: &str, list: &mut TaskList) {
    let tasks = || list.categories.iter().flat_map(|c| &c.tasks);
    let mut seen = HashSet::new();
    let problem = tasks().find(|task| task.id == 0 || !seen.insert(task.id));
    let Some(problem) = problem else {
        return;
    };
    let (row, why) = (
        problem.row,
        if problem.id == 0 {
            "有的任务没有序号"
        } else {
            "序号有重复（可能每类重新编号）"
        },
    );
    let count = tasks().count();
    let message = format!("{why}：已按顺序统一编为第1–{count}项，通报中的“第N项”即此编号");
    let mut next = 0;
    for task in list.categories.iter_mut().flat_map(|c| &mut c.tasks) {
        next += 1;
        task.id = next;
    }
    list.diagnostics
        .push(Diagnostic::warning(path, Code::Guessed, message).at(row, None));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shortened_department_name_is_told_from_another_department() {
        assert!(abbreviates("县应急局", "县应急管理局"));
        assert!(abbreviates("县住建局", "县住房和城乡建设局"));
        assert!(!abbreviates("县应急管理局", "县应急管理局"));
        assert!(!abbreviates("县住建局", "县应急管理局"));
        assert!(!abbreviates("县政府办", "县政府"));
        assert!(!abbreviates("县交通局", "县交通运输局执法大队"));
    }

    fn rows(lines: &[&[&str]]) -> Vec<(u64, Vec<Cell<'static>>)> {
        lines
            .iter()
            .enumerate()
            .map(|(i, cells)| {
                let cells = cells
                    .iter()
                    .map(|c| {
                        if c.is_empty() {
                            Cell::Empty
                        } else {
                            Cell::Text(c.to_string().into())
                        }
                    })
                    .collect();
                (i as u64 + 1, cells)
            })
            .collect()
    }

    #[test]
    fn a_title_row_category_rows_and_the_units_and_deadlines_are_read() {
        let list = from_rows(
            "清单.csv",
            &rows(&[
                &["城关县2025年安全生产重点工作任务清单", "", "", ""],
                &[
                    "序号",
                    "工作任务（任务内容）",
                    "责任单位（牵头单位）",
                    "完成时限",
                ],
                &["一、构建应急体系方面", "", "", ""],
                &["1", "建立乡镇应急管理委员会", "各乡镇", "2025年6月底前"],
                &[
                    "2",
                    "修订县级预案",
                    "县应急管理局、各乡镇",
                    "2025年6月30日前",
                ],
                &["二、强化基础保障方面", "", "", ""],
                &["3", "配齐应急装备", "城关镇，西河镇", "2025.6"],
                &["4", "开展隐患排查", "县应急管理局", "长期坚持"],
                &["注：各单位每月25日前报送。", "", "", ""],
            ]),
            false,
        );
        assert_eq!(
            list.title.as_deref(),
            Some("城关县2025年安全生产重点工作任务清单")
        );
        let titles: Vec<&str> = list.categories.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, ["构建应急体系方面", "强化基础保障方面"]);
        assert_eq!(list.towns, ["城关镇", "西河镇"]);
        assert_eq!(list.departments, ["县应急管理局"]);
        assert_eq!(list.town_label.as_deref(), Some("乡镇"));
        let second = &list.categories[0].tasks[1];
        assert_eq!(
            second.units,
            [
                Named::Unit("县应急管理局".into()),
                Named::EveryTown("乡镇".into())
            ]
        );
        let day = chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
        assert_eq!(second.deadline, DraftDeadline::Known(Deadline::day(day)));
        let last = &list.categories[1].tasks[1];
        assert_eq!(last.deadline, DraftDeadline::Missing("长期坚持".into()));
        let found: Vec<_> = list
            .diagnostics
            .iter()
            .map(|d| (d.code, d.row, d.column))
            .collect();
        assert_eq!(found, [(Code::InvalidDeadline, Some(8), Some(4))]);
    }

    #[test]
    fn numbers_restarting_in_each_category_are_renumbered_with_a_warning() {
        let list = from_rows(
            "清单.csv",
            &rows(&[
                &["序号", "主要任务", "责任单位", "完成时间"],
                &["一、甲方面", "", "", ""],
                &["1", "任务一", "各乡镇", "2025-06"],
                &["二、乙方面", "", "", ""],
                &["1", "任务二", "各乡镇", "2025-07"],
            ]),
            false,
        );
        let ids: Vec<u32> = list
            .categories
            .iter()
            .flat_map(|c| c.tasks.iter().map(|t| t.id))
            .collect();
        assert_eq!(ids, [1, 2]);
        assert_eq!(list.diagnostics.len(), 1);
        assert_eq!(list.diagnostics[0].row, Some(5));
        assert!(
            list.diagnostics[0]
                .message
                .contains("已按顺序统一编为第1–2项")
        );
    }

    #[test]
    fn a_merged_cell_in_a_workbook_is_read_in_the_rows_below_it() {
        let list = from_rows(
            "清单.xlsx",
            &rows(&[
                &["序号", "工作任务", "责任单位", "完成时限"],
                &["1", "任务一", "各镇（街道）", "2025年6月"],
                &["2", "任务二", "", ""],
            ]),
            true,
        );
        let second = &list.categories[0].tasks[1];
        assert_eq!(second.units, [Named::EveryTown("镇（街道）".into())]);
        assert_eq!(
            second.deadline,
            DraftDeadline::Known(Deadline::month(2025, 6).unwrap())
        );
        assert_eq!(list.diagnostics.len(), 2);
        assert!(list.diagnostics.iter().all(|d| d.code == Code::Guessed));
    }

    #[test]
    fn a_category_column_merged_down_its_tasks_gives_the_categories() {
        let list = from_rows(
            "清单.xlsx",
            &rows(&[
                &["类别", "序号", "重点任务", "牵头单位", "时间节点"],
                &["组织领导", "1", "成立专班。", "县应急管理局", "2025年6月"],
                &["", "2", "制定方案。", "县应急管理局", "2025年7月"],
                &["隐患排查", "3", "排查隐患。", "各街道", "2025年8月"],
            ]),
            true,
        );
        let titles: Vec<(&str, usize)> = list
            .categories
            .iter()
            .map(|c| (c.title.as_str(), c.tasks.len()))
            .collect();
        assert_eq!(titles, [("组织领导", 2), ("隐患排查", 1)]);
        assert_eq!(list.town_label.as_deref(), Some("街道"));
        assert!(list.diagnostics.is_empty(), "{:?}", list.diagnostics);
    }

    #[test]
    fn a_sheet_without_a_header_says_what_one_looks_like() {
        let list = from_rows("x.csv", &rows(&[&["a", "b"], &["1", "2"]]), false);
        assert_eq!(list.diagnostics[0].code, Code::MissingColumn);
        assert!(list.categories.is_empty());
    }
}
