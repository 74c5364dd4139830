//! Checking the sheets against the plan: every row becomes a report in the [`Period`] or a
//! diagnostic that says which cell is wrong and how to fix it. Pure: bytes in, findings out.

mod columns;
mod lookup;
mod row;
mod warnings;

use chrono::{Datelike, NaiveDate};

use crate::diagnostic::{self, Code, Diagnostic};
use crate::load::sheet::{self, Row, RowSink, SplitSink};
use crate::model::{Period, Plan, Table, UnitIx};
use crate::provenance::{Digests, FileDigest};
use columns::Columns;
use lookup::{UnitMatch, resolve_unit};
use row::RowPlace;
pub use warnings::MAX_WARNINGS_PER_SHEET;
use warnings::Warnings;

/// How many errors one sheet may add before the rest are only counted (warnings have a cap
/// of their own, [`MAX_WARNINGS_PER_SHEET`]).
pub const MAX_FINDINGS_PER_SHEET: usize = 200;

/// What the checks may assume about the sheets they were given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// A whole period folder (named as the user wrote it): every unit must have reported.
    Folder(String),
    /// Sheets given one by one: only the units that appear must be complete.
    Sheets,
}

/// The result of checking: the reports that could be read, and every finding, sorted.
#[derive(Debug, Clone)]
pub struct Checked {
    pub period: Period,
    pub diagnostics: Vec<Diagnostic>,
    /// The sheets read, as their paths are printed.
    pub sheet_paths: Vec<String>,
    /// The unit each sheet came from (as the plan names it), to address its feedback: the unit
    /// its file is named after (`北塘镇.xlsx`) or whose name the file's name holds
    /// (`北塘镇（修改）.xlsx`, `城关镇 - 副本.csv`), else the one unit its rows name; none when
    /// neither tells.
    pub sheet_units: Vec<Option<String>>,
    /// How many data rows were read.
    pub rows: usize,
}

/// Where a report was first read, to name it when another row repeats it.
#[derive(Debug, Clone)]
struct Place {
    sheet: usize,
    row: u64,
}

/// Rows of one unit in a second sheet that an earlier sheet already held: told once.
#[derive(Debug, Clone)]
struct Repeat {
    unit: UnitIx,
    first_sheet: usize,
    second_sheet: usize,
    /// How many rows said what the earlier sheet said.
    same: usize,
    /// The tasks the two sheets report differently, with what each says.
    differing: Vec<Difference>,
}

/// A task two sheets of one unit report differently: what the first and the second say
/// (`推进中`, `已完成（2025-06-20）`).
#[derive(Debug, Clone)]
struct Difference {
    task: crate::model::TaskIx,
    first: String,
    second: String,
}

/// How many differing tasks a duplicate-sheet finding details; the others are counted.
const DIFFERENCES_TOLD: usize = 3;

/// Checks sheets one at a time, then the period as a whole.
pub struct Checker<'p> {
    plan: &'p Plan,
    as_of: Option<NaiveDate>,
    /// The earliest completion date that can be right, from `as_of`.
    earliest: Option<NaiveDate>,
    period: Period,
    /// Where each (task, unit) report was read.
    places: Table<Place>,
    sheet_paths: Vec<String>,
    /// The unit each sheet's file is named after, if any.
    sheet_units: Vec<Option<UnitIx>>,
    /// The unit each sheet's file name names or holds, if one (`北塘镇`, `北塘镇7月报表`).
    sheet_names_held: Vec<Option<UnitIx>>,
    repeats: Vec<Repeat>,
    /// Where each (unit, first sheet, second sheet) is in `repeats`.
    repeat_index: std::collections::HashMap<(UnitIx, usize, usize), usize>,
    diagnostics: Vec<Diagnostic>,
    rows: usize,
    /// The last unit cell read and what it matched: a sheet's rows come unit by unit, so most
    /// rows name the unit of the row before.
    last_unit: Option<(String, UnitMatch)>,
    /// Blank rows of the sheet being read not yet said (path, row): said with the row after
    /// them, unless it is a signature line.
    held_blanks: Vec<(String, u64)>,
    /// The day messages give as an example (see [`example_day`]).
    example: NaiveDate,
    /// Sheets refused whole (unreadable, with a password, too large): each is told in one
    /// finding, and what was read of it before it failed says nothing more.
    refused_sheets: Vec<String>,
}

/// A finding that refuses a whole sheet: it cannot be read (damaged, cut short, a password,
/// too large to read), so nothing else about it is said.
fn refuses_sheet(diagnostic: &Diagnostic) -> bool {
    matches!(
        diagnostic.code,
        Code::UnreadableSheet | Code::PasswordProtected | Code::TooLarge
    ) && diagnostic.row.is_none()
}

/// The day examples in messages are written with: the period's date, else the plan's first
/// deadline, else its day of issue, so that a clerk is never shown a day of another year.
fn example_day(plan: &Plan, as_of: Option<NaiveDate>) -> NaiveDate {
    as_of
        .or_else(|| plan.tasks.iter().map(|task| task.deadline.end).min())
        .or(plan.document.issued)
        // A plan has tasks: never reached.
        .unwrap_or_default()
}

impl<'p> Checker<'p> {
    /// `as_of` is the period's date; without it, dates cannot be checked against it.
    pub fn new(plan: &'p Plan, as_of: Option<NaiveDate>) -> Self {
        Self {
            plan,
            as_of,
            earliest: as_of.map(row::earliest_plausible),
            period: Period::new(
                as_of.unwrap_or(NaiveDate::MAX),
                plan.tasks.len(),
                plan.units.len(),
            ),
            places: Table::new(plan.tasks.len(), plan.units.len()),
            sheet_paths: Vec::new(),
            sheet_units: Vec::new(),
            sheet_names_held: Vec::new(),
            repeats: Vec::new(),
            repeat_index: std::collections::HashMap::new(),
            diagnostics: Vec::new(),
            rows: 0,
            last_unit: None,
            held_blanks: Vec::new(),
            example: example_day(plan, as_of),
            refused_sheets: Vec::new(),
        }
    }

    /// Adds findings made elsewhere (about the folder, period.yaml).
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.diagnostics.extend(diagnostics);
    }

    /// Reads and checks one sheet given as bytes. `stem` is its file name without extension,
    /// which usually names the unit that sent it.
    pub fn add_sheet(&mut self, path: &str, stem: &str, bytes: &[u8]) {
        let mut sheet_check = self.start_sheet(path, stem);
        sheet::read_sheet(path, bytes, &mut sheet_check);
        sheet_check.end();
    }

    /// Reads and checks one sheet from its file in one pass (a long CSV's second half on
    /// another core), with the file's SHA-256 when `digests` says so. An error is a file that
    /// cannot be read.
    pub fn add_sheet_file(
        &mut self,
        path: &str,
        stem: &str,
        file: &std::path::Path,
        digests: Digests,
    ) -> std::io::Result<Option<FileDigest>> {
        let mut sheet_check = self.start_sheet(path, stem);
        let read = sheet::read_sheet_file_split(path, file, &mut sheet_check, digests);
        sheet_check.end();
        read.map(|(_, digest)| digest)
    }

    fn start_sheet<'c>(&'c mut self, path: &'c str, stem: &str) -> SheetCheck<'c, 'p> {
        let sheet_index = self.sheet_paths.len();
        self.sheet_paths.push(path.to_string());
        self.held_blanks.clear();
        let stem = lookup::drop_invisible(stem).map_or_else(|| stem.to_string(), |(kept, _)| kept);
        let file_unit = match resolve_unit(self.plan, &stem) {
            UnitMatch::Exact(unit) | UnitMatch::Alias(unit) => Some(unit),
            UnitMatch::Unknown => None,
        };
        self.sheet_units.push(file_unit);
        let named_unit = file_unit.or_else(|| lookup::unit_in_name(self.plan, &stem));
        self.sheet_names_held.push(named_unit);
        let first_finding = self.diagnostics.len();
        SheetCheck {
            checker: self,
            sheet: SheetState {
                path,
                sheet_index,
                file_unit,
                named_unit,
                layout: None,
                title_dated: false,
                mismatched: Vec::new(),
                first_finding,
                unlisted: 0,
                warnings: Warnings::default(),
                unknown_units: Warnings::default(),
                unknown_unit_rows: 0,
            },
        }
    }

    /// A checker for part of a sheet read on another core: the same plan and sheets, no
    /// reports or findings yet.
    fn fork(&self) -> Checker<'p> {
        Checker {
            plan: self.plan,
            as_of: self.as_of,
            earliest: self.earliest,
            period: Period::new(
                self.period.as_of,
                self.plan.tasks.len(),
                self.plan.units.len(),
            ),
            places: Table::new(self.plan.tasks.len(), self.plan.units.len()),
            sheet_paths: self.sheet_paths.clone(),
            sheet_units: self.sheet_units.clone(),
            sheet_names_held: self.sheet_names_held.clone(),
            repeats: Vec::new(),
            repeat_index: std::collections::HashMap::new(),
            diagnostics: Vec::new(),
            rows: 0,
            last_unit: None,
            held_blanks: Vec::new(),
            example: self.example,
            refused_sheets: Vec::new(),
        }
    }

    /// Ends the check: which units or rows are missing, then every finding sorted.
    pub fn finish(mut self, scope: &Scope) -> Checked {
        self.check_missing_figures();
        self.tell_repeats();
        let plan = self.plan;
        for (unit_index, unit) in plan.units_indexed() {
            let tasks: Vec<_> = plan.tasks_of(unit_index).collect();
            if tasks.is_empty() {
                continue;
            }
            let reported = |task| self.places.get(task, unit_index).is_some();
            let missing: Vec<_> = tasks
                .iter()
                .copied()
                .filter(|&task| !reported(task))
                .collect();
            if missing.is_empty() {
                continue;
            }
            let first_place = tasks
                .iter()
                .filter_map(|&task| self.places.get(task, unit_index).cloned())
                .min_by_key(|place| (place.sheet, place.row));
            let ids = || plan.tasks_id_list(&missing);
            // A sheet whose name holds the unit's (邱隘.csv, 邱隘5月报表.csv) that gave none of its
            // rows (it could not be read, or holds another unit's rows): the unit is told about
            // its sheet, not that it sent nothing.
            let own_sheet = self
                .sheet_names_held
                .iter()
                .position(|&sheet_unit| sheet_unit == Some(unit_index))
                .filter(|_| first_place.is_none());
            if let Some(sheet) = own_sheet {
                let path = self.sheet_paths.get(sheet).cloned().unwrap_or_default();
                // A sheet with errors (unreadable, no 状态 column) has said what to fix.
                if self
                    .diagnostics
                    .iter()
                    .any(|d| d.path == path && d.is_error())
                {
                    continue;
                }
                let message = format!(
                    "这个表格中没有读到{}的填报（应填报第{}项，共{}项）；请按本表的其他提示改正后重新报送",
                    unit.name,
                    ids(),
                    missing.len()
                );
                let mut diagnostic = Diagnostic::error(path, Code::MissingReport, message);
                diagnostic.unit = Some(unit.name.clone());
                self.diagnostics.push(diagnostic);
                continue;
            }
            match (first_place, scope) {
                (Some(place), _) => {
                    let path = self
                        .sheet_paths
                        .get(place.sheet)
                        .cloned()
                        .unwrap_or_default();
                    let message = format!(
                        "{}缺少第{}项的填报（共{}项），请补上这几行",
                        unit.name,
                        ids(),
                        missing.len()
                    );
                    self.diagnostics
                        .push(Diagnostic::error(path, Code::MissingRow, message));
                }
                (None, Scope::Folder(folder)) => {
                    let message = format!(
                        "{}没有报送（应填报第{}项，共{}项）；请催报，或把该单位的表放进这个文件夹",
                        unit.name,
                        ids(),
                        missing.len()
                    );
                    let mut diagnostic =
                        Diagnostic::error(folder.clone(), Code::MissingReport, message);
                    diagnostic.unit = Some(unit.name.clone());
                    self.diagnostics.push(diagnostic);
                }
                (None, Scope::Sheets) => {}
            }
        }
        self.keep_only_refusals();
        diagnostic::sort(&mut self.diagnostics);
        let sheet_units = (0..self.sheet_paths.len())
            .map(|sheet| {
                self.sender(sheet)
                    .map(|unit| plan.unit_name(unit).to_string())
            })
            .collect();
        Checked {
            period: self.period,
            diagnostics: self.diagnostics,
            sheet_paths: self.sheet_paths,
            sheet_units,
            rows: self.rows,
        }
    }

    /// A sheet refused whole is one finding: the rows read before it failed (a value calamine
    /// cannot parse in row 2) are not told as missing rows (the units' other tasks), missing
    /// dates or anything else; the sheet is to be sent again whole.
    fn keep_only_refusals(&mut self) {
        if self.refused_sheets.is_empty() {
            return;
        }
        let refused = &self.refused_sheets;
        self.diagnostics
            .retain(|d| refuses_sheet(d) || !refused.contains(&d.path));
    }

    /// One finding for each unit whose rows came in two sheets, naming both files: a warning
    /// when they agree, an error naming the tasks where they do not.
    fn tell_repeats(&mut self) {
        let file_name = |sheet: usize| {
            let path = self.sheet_paths.get(sheet).map_or("", String::as_str);
            std::path::Path::new(path)
                .file_name()
                .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
        };
        let mut found = Vec::new();
        for repeat in &self.repeats {
            let name = self.plan.unit_name(repeat.unit);
            let (first, second) = (
                file_name(repeat.first_sheet),
                file_name(repeat.second_sheet),
            );
            let path = self
                .sheet_paths
                .get(repeat.second_sheet)
                .cloned()
                .unwrap_or_default();
            let (diagnostic, letter) = if repeat.differing.is_empty() {
                let message = format!(
                    "{name}的填报在 {first} 和 {second} 中都有，{}项内容相同，已按一份读取；请只保留一份",
                    repeat.same
                );
                let letter = format!(
                    "你单位报送了《{first}》和《{second}》两份表，填报内容相同；以后请只报送一份。"
                );
                (
                    Diagnostic::warning(path, Code::DuplicateSheet, message),
                    letter,
                )
            } else {
                let tasks: Vec<_> = repeat.differing.iter().map(|d| d.task).collect();
                let ids = self.plan.tasks_id_list(&tasks);
                // What each file says of each task (up to a few): the files named as `quote`
                // writes them, 第1项 (and `gap`) before each only when there are several.
                let told = |quote: &dyn Fn(&str) -> String, gap: &str| {
                    let many = repeat.differing.len() > 1;
                    let mut told: Vec<String> = repeat
                        .differing
                        .iter()
                        .take(DIFFERENCES_TOLD)
                        .map(|d| {
                            let id = if many {
                                format!("第{}项{gap}", self.plan.task_id(d.task))
                            } else {
                                String::new()
                            };
                            let (one, other) = (quote(&first), quote(&second));
                            format!("{id}{one}为{}，{other}为{}", d.first, d.second)
                        })
                        .collect();
                    let more = repeat.differing.len().saturating_sub(DIFFERENCES_TOLD);
                    if more > 0 {
                        told.push(format!("另有{more}项不同"));
                    }
                    told.join("；")
                };
                let message = format!(
                    "{name}的填报在 {first} 和 {second} 中都有，其中第{ids}项两份不一致：{}；请核实后只保留一份",
                    told(&|file| format!("{file} "), " ")
                );
                let letter = format!(
                    "你单位报送了《{first}》和《{second}》两份表，其中第{ids}项两份不一致：{}。请确认以哪一份为准，只重新报送那一份；确认之前，你单位本期的情况无法汇总。",
                    told(&|file| format!("《{file}》"), "")
                );
                (
                    Diagnostic::error(path, Code::DuplicateSheet, message),
                    letter,
                )
            };
            let mut diagnostic = diagnostic;
            diagnostic.unit = Some(name.to_string());
            diagnostic.letter = Some(letter);
            found.push(diagnostic);
        }
        self.diagnostics.extend(found);
    }

    /// The unit sheet `sheet` came from: the one its file is named after or whose name the file
    /// name holds, else the one unit its rows name.
    fn sender(&self, sheet: usize) -> Option<UnitIx> {
        let named = |units: &[Option<UnitIx>]| units.get(sheet).copied().flatten();
        named(&self.sheet_units)
            .or_else(|| named(&self.sheet_names_held))
            .or_else(|| {
                let mut units = self
                    .plan
                    .units_indexed()
                    .map(|(unit, _)| unit)
                    .filter(|&unit| {
                        self.places
                            .unit_column(unit)
                            .any(|(_, place)| place.sheet == sheet)
                            || self
                                .repeats
                                .iter()
                                .any(|r| r.unit == unit && r.second_sheet == sheet)
                    });
                match (units.next(), units.next()) {
                    (Some(only), None) => Some(only),
                    _ => None,
                }
            })
    }

    fn owners(&self, units: &[UnitIx]) -> String {
        let names: Vec<&str> = units
            .iter()
            .take(6)
            .map(|&u| self.plan.unit_name(u))
            .collect();
        if units.len() > 6 {
            format!("{}等{}个单位", names.join("、"), units.len())
        } else {
            names.join("、")
        }
    }

    /// "第3行" in the same sheet, or "瞻岐.csv 第3行" in another.
    fn place_text(&self, place: &Place, current_path: &str) -> String {
        let path = self.sheet_paths.get(place.sheet).map_or("", String::as_str);
        if path == current_path {
            format!("第{}行", place.row)
        } else {
            let name = std::path::Path::new(path)
                .file_name()
                .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned());
            format!("{name} 第{}行", place.row)
        }
    }
}

/// The day a title says the sheet stands at (`…推进情况表（截至2025年6月30日）`): after 截至 or
/// 截止, a day (`2025年6月30日`, `2025-06-30`), a month's end (`2025年6月底`), or a day without
/// its year read in the period's (`6月30日`). The day as written (with 截至 or 截止), and the day.
fn title_day(text: &str, as_of: NaiveDate) -> Option<(String, NaiveDate)> {
    let (word, (_, after)) = ["截至", "截止"]
        .into_iter()
        .find_map(|word| Some((word, text.split_once(word)?)))?;
    let after = after.trim_start_matches(['到', '至', ' ', '\u{3000}', '：', ':']);
    let written: String = after
        .chars()
        .take_while(|c| c.is_ascii_digit() || "年月日号底末-/.".contains(*c))
        .collect();
    let written = written.trim_end_matches(['.', '-', '/']).to_string();
    let day = crate::load::date::parse_date(&written)
        .or_else(|| {
            crate::load::date::parse_month(written.trim_end_matches(['底', '末']))
                .map(|deadline| deadline.end)
        })
        .or_else(|| {
            let (month, day) = crate::load::date::parse_month_day(&written)?;
            crate::load::date::day_before(month, day, as_of)
        })
        .or_else(|| {
            // 6月底, 6月: the month's last day, in the period's year (or the year before).
            let month: u32 = written
                .trim_end_matches(['底', '末'])
                .strip_suffix('月')?
                .parse()
                .ok()?;
            let next = if month == 12 {
                (as_of.year() + 1, 1)
            } else {
                (as_of.year(), month + 1)
            };
            let last = NaiveDate::from_ymd_opt(next.0, next.1, 1)?.pred_opt()?;
            crate::load::date::day_before(month, last.day(), as_of)
        })?;
    Some((format!("{word}{written}"), day))
}

/// What the checks need to know of a sheet's header.
#[derive(Debug, Clone)]
struct Layout {
    header: Vec<String>,
    columns: Columns,
    from_workbook: bool,
    /// The unit of every row when the sheet has no 单位 column: the one its file names.
    named_unit: Option<UnitIx>,
}

fn header_name(sheet: &Layout, column: usize) -> String {
    sheet
        .header
        .get(column)
        .map_or_else(String::new, |name| name.trim().to_string())
}

/// What is known of the sheet being checked.
#[derive(Debug, Clone)]
struct SheetState<'c> {
    path: &'c str,
    sheet_index: usize,
    /// The unit the file is named after, if it is named after one.
    file_unit: Option<UnitIx>,
    /// The one unit the file's name names, whole or within it (`城关镇-5月.xlsx`).
    named_unit: Option<UnitIx>,
    /// Known once the header was read.
    layout: Option<Layout>,
    /// Whether a title's 截至 day was already found not to be the period's (said once).
    title_dated: bool,
    /// Units already reported as not matching the file's name.
    mismatched: Vec<UnitIx>,
    /// Where this sheet's findings start in the checker's list.
    first_finding: usize,
    /// Errors past the cap, counted but not kept.
    unlisted: usize,
    /// This sheet's warnings, one line for each however many rows it was found on.
    warnings: Warnings,
    /// Its unknown units' errors, one line for each text however many rows wrote it.
    unknown_units: Warnings,
    /// The rows of those errors: each counts against the cap as an error of its own.
    unknown_unit_rows: usize,
}

/// One sheet being checked as it is read.
struct SheetCheck<'c, 'p> {
    checker: &'c mut Checker<'p>,
    sheet: SheetState<'c>,
}

/// The second half of a long sheet, checked on another core by a checker of its own and
/// joined back in order.
struct SheetPart<'c, 'p> {
    checker: Checker<'p>,
    sheet: SheetState<'c>,
}

impl SheetCheck<'_, '_> {
    /// Lists the sheet's warnings and says how many findings were left out, once it is read;
    /// a sheet refused whole says only that.
    fn end(mut self) {
        let first = self.sheet.first_finding;
        if self
            .checker
            .diagnostics
            .iter()
            .skip(first)
            .any(refuses_sheet)
        {
            self.checker.tell_blanks(true);
            self.checker
                .refused_sheets
                .push(self.sheet.path.to_string());
            return;
        }
        // Blank rows given last (the reader passes over most of those): said as blank rows.
        let from = self.checker.diagnostics.len();
        self.checker.tell_blanks(false);
        self.sheet.cap_findings(self.checker, from);
        let warnings = self.sheet.warnings.finish(self.sheet.path);
        self.checker.diagnostics.extend(warnings);
        let unknown_units = self.sheet.unknown_units.finish(self.sheet.path);
        self.checker.diagnostics.extend(unknown_units);
        let unlisted = self.sheet.unlisted;
        if unlisted > 0 {
            let message = format!(
                "这个表格的问题太多，只列出了前{MAX_FINDINGS_PER_SHEET}个，另有{unlisted}个未列出；请先改正上面的问题（可能是选错了文件或列错了位）"
            );
            self.checker.diagnostics.push(Diagnostic::error(
                self.sheet.path,
                Code::TooManyFindings,
                message,
            ));
        }
    }
}

impl SheetState<'_> {
    /// Moves the warnings found since `from` into this sheet's warnings (and unknown units'
    /// errors into their lines), and keeps at most [`MAX_FINDINGS_PER_SHEET`] errors for this
    /// sheet, each row of an unknown unit one of them, so a wrong file of a million rows gives
    /// a readable report in bounded memory.
    fn cap_findings(&mut self, checker: &mut Checker<'_>, from: usize) {
        let from = from.max(self.first_finding);
        let gathered = |d: &Diagnostic| !d.is_error() || d.code == Code::UnknownUnit;
        if checker.diagnostics.iter().skip(from).any(gathered) {
            let found = checker
                .diagnostics
                .split_off(from.min(checker.diagnostics.len()));
            for diagnostic in found {
                if !diagnostic.is_error() {
                    self.warnings.add(diagnostic);
                } else if diagnostic.code != Code::UnknownUnit {
                    checker.diagnostics.push(diagnostic);
                } else if self.listed(checker) < MAX_FINDINGS_PER_SHEET {
                    self.unknown_unit_rows += 1;
                    self.unknown_units.add(diagnostic);
                } else {
                    self.unlisted += 1;
                }
            }
        }
        let limit = self.first_finding + MAX_FINDINGS_PER_SHEET - self.unknown_unit_rows;
        let diagnostics = &mut checker.diagnostics;
        if diagnostics.len() > limit {
            self.unlisted += diagnostics.len() - limit;
            diagnostics.truncate(limit);
        }
    }

    /// How many of this sheet's errors are listed so far.
    fn listed(&self, checker: &Checker<'_>) -> usize {
        checker.diagnostics.len().saturating_sub(self.first_finding) + self.unknown_unit_rows
    }

    /// Room left under the cap for this sheet's findings.
    fn room(&self, checker: &Checker<'_>) -> usize {
        MAX_FINDINGS_PER_SHEET.saturating_sub(self.listed(checker))
    }

    fn header(
        &mut self,
        checker: &mut Checker<'_>,
        header_row: u64,
        header: &[String],
        from_workbook: bool,
    ) -> bool {
        let room = self.room(checker);
        let from = checker.diagnostics.len();
        let named = self.named_unit.map(|unit| checker.plan.unit_name(unit));
        let (columns, unlisted) = columns::read_header(
            self.path,
            header_row,
            header,
            named,
            &mut checker.diagnostics,
            room,
        );
        self.unlisted += unlisted.errors;
        self.warnings.count_unlisted(unlisted.warnings);
        let named_unit = self.named_unit;
        self.layout = columns.map(|columns| Layout {
            header: header.to_vec(),
            columns,
            from_workbook,
            named_unit,
        });
        self.cap_findings(checker, from);
        self.layout.is_some()
    }

    fn row(&mut self, checker: &mut Checker<'_>, row: &Row<'_>) {
        let from = checker.diagnostics.len();
        self.check(checker, row);
        self.cap_findings(checker, from);
    }

    fn report(&mut self, checker: &mut Checker<'_>, diagnostic: Diagnostic) {
        let from = checker.diagnostics.len();
        checker.diagnostics.push(diagnostic);
        self.cap_findings(checker, from);
    }

    /// A row above the header: a title whose 截至 day is not the period's as_of is last
    /// month's form, most likely (one warning a sheet).
    fn above_header(&mut self, checker: &mut Checker<'_>, row: &Row<'_>) {
        let Some(as_of) = checker.as_of else {
            return;
        };
        if self.title_dated {
            return;
        }
        for cell in &row.cells {
            let text = cell.text();
            let Some((written, day)) = title_day(&text, as_of) else {
                continue;
            };
            if day == as_of {
                continue;
            }
            self.title_dated = true;
            let message = format!(
                "标题写的是“{written}”，本期的日期（as_of）却是{}年{}月{}日；请确认这是不是上一期的表（放错了文件夹，或只改了内容没改标题）",
                as_of.year(),
                as_of.month(),
                as_of.day()
            );
            let column = row
                .cells
                .iter()
                .position(|c| c.text() == text)
                .map(|index| index as u64 + 1);
            self.report(
                checker,
                Diagnostic::warning(self.path, Code::TitleDate, message).at(row.number, column),
            );
            return;
        }
    }

    fn check(&mut self, checker: &mut Checker<'_>, row: &Row<'_>) {
        let Some(layout) = &self.layout else {
            return;
        };
        let place = RowPlace {
            path: self.path,
            sheet_index: self.sheet_index,
            layout,
            row,
        };
        let Some(unit) = checker.check_row(&place) else {
            return;
        };
        let Some(file_unit) = self.file_unit else {
            return;
        };
        if unit == file_unit || self.mismatched.contains(&unit) {
            return;
        }
        self.mismatched.push(unit);
        let message = format!(
            "文件名是“{}”，这一行的单位却是“{}”；请确认是否发错了表，或改正单位",
            checker.plan.unit_name(file_unit),
            checker.plan.unit_name(unit)
        );
        let column = layout.columns.unit;
        let mut diagnostic = Diagnostic::warning(self.path, Code::UnitMismatch, message)
            .at(row.number, column.map(|c| c as u64 + 1));
        if let Some(column) = column {
            diagnostic = diagnostic.field(header_name(layout, column));
        }
        checker.diagnostics.push(diagnostic);
    }
}

impl RowSink for SheetCheck<'_, '_> {
    fn header(&mut self, header_row: u64, header: &[String], from_workbook: bool) -> bool {
        self.sheet
            .header(self.checker, header_row, header, from_workbook)
    }

    fn title(&mut self, row: &Row<'_>) {
        self.sheet.above_header(self.checker, row);
    }

    fn above(&mut self, row: &Row<'_>) {
        self.sheet.above_header(self.checker, row);
    }

    fn is_header(&self, cells: &[String]) -> bool {
        columns::is_header(cells)
    }

    fn fills_merged(&self) -> bool {
        true
    }

    fn row(&mut self, row: &Row<'_>) {
        self.sheet.row(self.checker, row);
    }

    fn report(&mut self, diagnostic: Diagnostic) {
        self.sheet.report(self.checker, diagnostic);
    }

    /// Cells with a formula and no result were read as empty: the formula's finding says what
    /// to do, so they are not also told as an empty 状态 or a missing 完成日期.
    fn formula_cells(&mut self, cells: Vec<(u64, u64)>) {
        let first = self.sheet.first_finding.min(self.checker.diagnostics.len());
        let formula = |d: &Diagnostic| {
            matches!(d.code, Code::MissingCell | Code::MissingDate)
                && d.row
                    .zip(d.column)
                    .is_some_and(|place| cells.contains(&place))
        };
        let found = self.checker.diagnostics.split_off(first);
        self.checker
            .diagnostics
            .extend(found.into_iter().filter(|d| !formula(d)));
    }
}

impl RowSink for SheetPart<'_, '_> {
    fn header(&mut self, header_row: u64, header: &[String], from_workbook: bool) -> bool {
        self.sheet
            .header(&mut self.checker, header_row, header, from_workbook)
    }

    fn row(&mut self, row: &Row<'_>) {
        self.sheet.row(&mut self.checker, row);
    }

    fn report(&mut self, diagnostic: Diagnostic) {
        self.sheet.report(&mut self.checker, diagnostic);
    }
}

impl<'c, 'p> SplitSink for SheetCheck<'c, 'p> {
    type Part = SheetPart<'c, 'p>;

    fn part(&self) -> Option<SheetPart<'c, 'p>> {
        let sheet = SheetState {
            first_finding: 0,
            unlisted: 0,
            warnings: Warnings::default(),
            unknown_units: Warnings::default(),
            unknown_unit_rows: 0,
            ..self.sheet.clone()
        };
        Some(SheetPart {
            checker: self.checker.fork(),
            sheet,
        })
    }

    /// Joins the part when nothing in it bears on the rows read here: no (task, unit) read in
    /// both, no unit warned about in both, and the findings of both under the cap. Then the
    /// result is the one reading the whole sheet here gives.
    fn join(&mut self, part: SheetPart<'c, 'p>) -> bool {
        let SheetPart {
            checker: other,
            sheet: other_sheet,
        } = part;
        let listed = self.sheet.listed(self.checker);
        let here = &mut *self.checker;
        let fits = self.sheet.unlisted == 0
            && other_sheet.unlisted == 0
            && listed + other.diagnostics.len() + other_sheet.unknown_unit_rows
                <= MAX_FINDINGS_PER_SHEET;
        let warned_twice = other_sheet
            .mismatched
            .iter()
            .any(|unit| self.sheet.mismatched.contains(unit));
        // Blank rows not yet said at either end of the cut: whether they set a signature line
        // apart is known only reading on.
        let blanks_held = !here.held_blanks.is_empty() || !other.held_blanks.is_empty();
        if !fits || warned_twice || blanks_held || here.places.overlaps(&other.places) {
            return false;
        }
        if !self
            .sheet
            .unknown_units
            .can_join(&other_sheet.unknown_units)
        {
            return false;
        }
        // Last, as it changes the warnings when it can join them.
        if !self.sheet.warnings.join(other_sheet.warnings) {
            return false;
        }
        self.sheet.unknown_units.join(other_sheet.unknown_units);
        self.sheet.unknown_unit_rows += other_sheet.unknown_unit_rows;
        here.places.fill_from(other.places);
        here.period.fill_from(other.period);
        here.diagnostics.extend(other.diagnostics);
        here.rows += other.rows;
        self.sheet.mismatched.extend(other_sheet.mismatched);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::parse_plan;
    use proptest::prelude::*;

    fn plan() -> Plan {
        let source = "units:\n  towns: [东湖, 西岭]\n  departments: [区局]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: 一。\n        deadline: 2021-03\n      - id: 2\n        text: 二。\n        deadline: 2021-06\n        assigned: [区局]\n";
        parse_plan("plan.yaml", source).unwrap()
    }

    fn as_of() -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2021, 5, 24)
    }

    /// The codes a finding about a sheet (or a folder of them) may have.
    const SHEET_CODES: [Code; 43] = [
        Code::Encoding,
        Code::EmptyFile,
        Code::MissingColumn,
        Code::DuplicateColumn,
        Code::UnknownColumn,
        Code::BlankRow,
        Code::ExtraCell,
        Code::MissingCell,
        Code::UnknownUnit,
        Code::UnitAlias,
        Code::UnknownTask,
        Code::NotAssigned,
        Code::InvalidStatus,
        Code::MissingDate,
        Code::InvalidDate,
        Code::FutureDate,
        Code::DateNotDone,
        Code::DuplicateRow,
        Code::ConflictingRows,
        Code::MissingReport,
        Code::MissingRow,
        Code::UnitMismatch,
        Code::TooLarge,
        Code::UnreadableSheet,
        Code::RepeatedHeader,
        Code::UnbalancedQuote,
        Code::TooManyFindings,
        Code::StrayCell,
        Code::StatusAlias,
        Code::TaskAlias,
        Code::InvisibleChar,
        Code::DuplicateSheet,
        Code::HeaderRow,
        Code::MergedCell,
        Code::SheetChoice,
        Code::Delimiter,
        Code::WrongExtension,
        Code::FormulaWithoutValue,
        Code::PasswordProtected,
        Code::DateWithoutYear,
        Code::GuessedColumn,
        Code::FooterRow,
        Code::TitleDate,
    ];

    proptest! {
        #[test]
        fn any_bytes_given_as_a_sheet_end_in_findings_never_a_panic(
            bytes in proptest::collection::vec(any::<u8>(), 0..600),
            prefix in prop_oneof![Just(&b""[..]), Just(&b"\xEF\xBB\xBF"[..]), Just(&b"\xFF\xFE"[..]), Just(&b"PK\x03\x04"[..]), Just(&b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"[..])],
        ) {
            let plan = plan();
            let mut checker = Checker::new(&plan, as_of());
            let bytes = [prefix, &bytes].concat();
            checker.add_sheet("t.csv", "t", &bytes);
            checker.add_sheet("t.xlsx", "t", &bytes);
            let checked = checker.finish(&Scope::Folder("p".into()));
            // Findings, each with a code a sheet can have and a place inside the file: no row
            // past the file's line ends (every one of \r and \n may end a row).
            prop_assert!(!checked.diagnostics.is_empty());
            let line_ends = bytes.iter().filter(|&&b| b == b'\n' || b == b'\r').count() as u64;
            for diagnostic in &checked.diagnostics {
                prop_assert!(SHEET_CODES.contains(&diagnostic.code), "{:?}", diagnostic);
                let place_ok = match diagnostic.path.as_str() {
                    "t.csv" | "t.xlsx" => diagnostic.row.is_none_or(|row| (1..=line_ends + 1).contains(&row)),
                    "p" => diagnostic.code == Code::MissingReport && diagnostic.row.is_none(),
                    _ => false,
                };
                prop_assert!(place_ok, "{:?} in a file of {} line ends", diagnostic, line_ends);
                prop_assert!(diagnostic.column.is_none_or(|column| (1..=sheet::MAX_COLUMNS as u64 + 1).contains(&column)), "{:?}", diagnostic);
            }
        }

        #[test]
        fn every_row_is_either_read_or_named_in_a_finding(
            rows in proptest::collection::vec((
                prop_oneof![Just("东湖"), Just("西岭"), Just("区局"), Just("东湖镇"), Just("月湖"), Just("")],
                prop_oneof![Just("1"), Just("第2项"), Just("3"), Just("x"), Just("")],
                prop_oneof![Just("已完成"), Just("推进中"), Just("not_started"), Just("基本完成"), Just("")],
                prop_oneof![Just("2021-03-01"), Just("2021/6/1"), Just("2021-02-30"), Just("")],
                "\\PC{0,8}",
            ), 0..12)
        ) {
            let plan = plan();
            let mut text = String::from("单位,任务,状态,完成日期,说明\n");
            let mut writer = csv::Writer::from_writer(Vec::new());
            for (unit, task, status, date, note) in &rows {
                writer.write_record([*unit, *task, *status, *date, note.as_str()]).unwrap();
            }
            text.push_str(&String::from_utf8(writer.into_inner().unwrap()).unwrap());
            let mut checker = Checker::new(&plan, as_of());
            checker.add_sheet("t.csv", "t", text.as_bytes());
            let checked = checker.finish(&Scope::Sheets);
            // Blank rows after the last row are passed over without a word (what Excel saves
            // under a table); those between rows are named.
            let last_filled = rows
                .iter()
                .rposition(|(unit, task, status, date, note)| [*unit, *task, *status, *date, note.as_str()].iter().any(|cell| !cell.trim().is_empty()));
            for (index, (unit, task, status, _, _)) in rows.iter().enumerate() {
                let row = index as u64 + 2;
                if last_filled.is_none_or(|last| index > last) {
                    continue;
                }
                let named = checked.diagnostics.iter().any(|d| d.covers(row));
                let unit = match *unit { "东湖" | "东湖镇" => Some(0), "西岭" => Some(1), "区局" => Some(2), _ => None };
                let task = match *task { "1" => Some(0), "第2项" => Some(1), _ => None };
                let read = matches!((unit, task), (Some(u), Some(t)) if checked.period.report(crate::model::TaskIx(t), UnitIx(u)).is_some());
                prop_assert!(named || read, "row {} ({:?}, {:?}, {:?}) neither read nor named: {:#?}", row, unit, task, status, checked.diagnostics);
            }
        }
    }

    /// A CSV of the rows a clerk might send, faults and all: every unit and task form, quotes
    /// over lines, empty lines, blank records, repeats and CR LF line ends.
    fn messy_csv(rows: &[(usize, usize, usize, usize)], crlf: bool) -> Vec<u8> {
        let units = ["东湖", "西岭", "区局", "东湖镇", "月湖", ""];
        let tasks = ["1", "第2项", "3", "x", ""];
        let statuses = ["已完成", "推进中", "not_started", "基本完成", ""];
        let notes = ["", "说明", "\"两行\n说明\"", "\"有,逗号\"", "他说\"好"];
        let end = if crlf { "\r\n" } else { "\n" };
        let mut text = format!("单位,任务,状态,完成日期,说明{end}");
        for &(unit, task, status, note) in rows {
            let line = match (unit + task) % 11 {
                0 => String::new(),
                1 => ",,,,".to_string(),
                _ => format!(
                    "{},{},{},2021-03-01,{}",
                    units[unit % units.len()],
                    tasks[task % tasks.len()],
                    statuses[status % statuses.len()],
                    notes[note % notes.len()]
                ),
            };
            text.push_str(&line);
            text.push_str(end);
        }
        text.into_bytes()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn a_sheet_read_in_two_halves_gives_what_one_core_gives(
            rows in proptest::collection::vec((0..6usize, 0..5usize, 0..5usize, 0..5usize), 0..80),
            crlf in any::<bool>(),
        ) {
            crate::load::sheet::split_from(0);
            let plan = plan();
            let bytes = messy_csv(&rows, crlf);
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("东湖.csv");
            std::fs::write(&file, &bytes).unwrap();
            let mut whole = Checker::new(&plan, as_of());
            whole.add_sheet("东湖.csv", "东湖", &bytes);
            let whole = whole.finish(&Scope::Sheets);
            let mut halves = Checker::new(&plan, as_of());
            let digest = halves
                .add_sheet_file("东湖.csv", "东湖", &file, Digests::Keep)
                .unwrap();
            let halves = halves.finish(&Scope::Sheets);
            prop_assert_eq!(&halves.diagnostics, &whole.diagnostics);
            prop_assert_eq!(&halves.period, &whole.period);
            prop_assert_eq!(halves.rows, whole.rows);
            prop_assert_eq!(digest, Some(FileDigest::of("东湖.csv", &bytes)));
        }
    }

    #[test]
    fn a_long_sheet_is_joined_from_two_halves_when_they_meet() {
        crate::load::sheet::split_from(0);
        let plan = plan();
        let mut text = String::from("单位,任务,状态,完成日期\n");
        text.push_str("东湖,1,已完成,2021-03-01\n西岭,1,推进中,\n区局,2,基本完成,\n");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.csv");
        std::fs::write(&file, &text).unwrap();
        let mut checker = Checker::new(&plan, as_of());
        checker
            .add_sheet_file("t.csv", "t", &file, Digests::Skip)
            .unwrap();
        let checked = checker.finish(&Scope::Sheets);
        let found: Vec<_> = checked
            .diagnostics
            .iter()
            .map(|d| (d.code, d.row))
            .collect();
        assert_eq!(found, [(Code::InvalidStatus, Some(4))]);
        assert_eq!(checked.rows, 3);
        assert!(
            checked
                .period
                .report(crate::model::TaskIx(0), UnitIx(1))
                .is_some()
        );
    }

    #[test]
    fn warnings_have_their_own_cap_and_never_crowd_out_an_error() {
        let mut source =
            String::from("units:\n  towns: [东湖]\ncategories:\n  - title: 方面\n    tasks:\n");
        for id in 1..=300 {
            source.push_str(&format!(
                "      - id: {id}\n        text: 任务。\n        deadline: 2021-12\n"
            ));
        }
        let plan = parse_plan("plan.yaml", &source).unwrap();
        // Each task's row twice (300 warnings, each its own), then one bad status.
        let mut text = String::from("单位,任务,状态\n");
        for id in 1..=300 {
            text.push_str(&format!("东湖,{id},推进中\n东湖,{id},推进中\n"));
        }
        text.push_str("东湖,1,差不多\n");
        let mut checker = Checker::new(&plan, as_of());
        checker.add_sheet("东湖.csv", "东湖", text.as_bytes());
        let checked = checker.finish(&Scope::Sheets);
        let count = |code, severity| {
            checked
                .diagnostics
                .iter()
                .filter(|d| d.code == code && d.severity == severity)
                .count()
        };
        use crate::diagnostic::Severity::{Error, Warning};
        assert_eq!(count(Code::DuplicateRow, Warning), MAX_WARNINGS_PER_SHEET);
        assert_eq!(count(Code::TooManyFindings, Warning), 1);
        assert_eq!(count(Code::TooManyFindings, Error), 0);
        assert_eq!(count(Code::InvalidStatus, Error), 1);
        let errors: Vec<_> = checked
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect();
        assert_eq!(errors.len(), 1, "{errors:#?}");
    }

    #[test]
    fn a_titles_day_is_read_in_the_forms_clerks_write_it() {
        let as_of = NaiveDate::from_ymd_opt(2025, 7, 31).unwrap();
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        for (title, expected) in [
            (
                "北塘镇工作任务推进情况表（截至2025年6月30日）",
                day(2025, 6, 30),
            ),
            ("（截止到2025-07-31）", day(2025, 7, 31)),
            ("截至：2025年6月底", day(2025, 6, 30)),
            ("截至6月30日", day(2025, 6, 30)),
            ("截至6月底", day(2025, 6, 30)),
            ("截至12月底", day(2024, 12, 31)),
        ] {
            assert_eq!(
                title_day(title, as_of).map(|(_, d)| d),
                Some(expected),
                "{title}"
            );
        }
        assert_eq!(title_day("城关镇工作推进情况表", as_of), None);
        assert_eq!(title_day("截至目前", as_of), None);
    }

    #[test]
    fn a_clean_sheet_becomes_reports() {
        let plan = plan();
        let mut checker = Checker::new(&plan, as_of());
        checker.add_sheet(
            "东湖.csv",
            "东湖",
            "单位,任务,状态,完成日期\n东湖,1,已完成,2021/3/2\n".as_bytes(),
        );
        let checked = checker.finish(&Scope::Sheets);
        assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
        let report = checked
            .period
            .report(crate::model::TaskIx(0), UnitIx(0))
            .unwrap();
        assert_eq!(
            (report.status, report.date),
            (
                crate::model::Status::Done,
                NaiveDate::from_ymd_opt(2021, 3, 2)
            )
        );
    }
}
