//! Checking the sheets against the plan: every row becomes a report in the [`Period`] or a
//! diagnostic that says which cell is wrong and how to fix it. Pure: bytes in, findings out.

mod columns;
mod lookup;

use chrono::NaiveDate;

use crate::diagnostic::{self, Code, Diagnostic};
use crate::load::date::parse_date;
use crate::load::sheet::{self, Cell, Row, RowSink};
use crate::model::{Period, Plan, Report, Status};
use columns::{Columns, Field};
use lookup::{UnitMatch, parse_task_id, resolve_unit};

/// How many findings one sheet may add before the rest are only counted.
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
    /// How many data rows were read.
    pub rows: usize,
}

/// Where a report was first read, to name it when another row repeats it.
#[derive(Debug, Clone)]
struct Place {
    sheet: usize,
    row: u64,
}

/// Checks sheets one at a time, then the period as a whole.
pub struct Checker<'p> {
    plan: &'p Plan,
    as_of: Option<NaiveDate>,
    period: Period,
    /// Indexed like the period: where each (task, unit) report came from.
    places: Vec<Option<Place>>,
    sheet_paths: Vec<String>,
    diagnostics: Vec<Diagnostic>,
    rows: usize,
}

impl<'p> Checker<'p> {
    /// `as_of` is the period's date; without it, dates cannot be checked against it.
    pub fn new(plan: &'p Plan, as_of: Option<NaiveDate>) -> Self {
        let cells = plan.tasks.len() * plan.units.len();
        Self {
            plan,
            as_of,
            period: Period::new(
                as_of.unwrap_or(NaiveDate::MAX),
                plan.tasks.len(),
                plan.units.len(),
            ),
            places: vec![None; cells],
            sheet_paths: Vec::new(),
            diagnostics: Vec::new(),
            rows: 0,
        }
    }

    /// Adds findings made elsewhere (about the folder, period.yaml).
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.diagnostics.extend(diagnostics);
    }

    /// Reads and checks one sheet given as bytes. `stem` is its file name without extension,
    /// which usually names the unit that sent it.
    pub fn add_sheet(&mut self, path: &str, stem: &str, bytes: &[u8]) {
        // Reading bytes already in memory cannot fail.
        let _ = self.check_sheet(path, stem, |sink| {
            sheet::read_sheet(path, bytes, sink);
            Ok(())
        });
    }

    /// Reads and checks one sheet from its file, streaming it where it can (see
    /// [`sheet::read_sheet_file`]). An error is a file that cannot be read.
    pub fn add_sheet_file(
        &mut self,
        path: &str,
        stem: &str,
        file: &std::path::Path,
    ) -> std::io::Result<()> {
        self.check_sheet(path, stem, |sink| {
            sheet::read_sheet_file(path, file, sink).map(|_| ())
        })
    }

    fn check_sheet(
        &mut self,
        path: &str,
        stem: &str,
        read: impl FnOnce(&mut SheetCheck<'_, 'p>) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let sheet_index = self.sheet_paths.len();
        self.sheet_paths.push(path.to_string());
        let file_unit = match resolve_unit(self.plan, stem) {
            UnitMatch::Exact(unit) | UnitMatch::Alias(unit) => Some(unit),
            UnitMatch::Unknown => None,
        };
        let first = self.diagnostics.len();
        let mut sheet_check = SheetCheck {
            checker: self,
            path,
            sheet_index,
            file_unit,
            layout: None,
            mismatched: Vec::new(),
            first_finding: first,
            unlisted: 0,
        };
        let result = read(&mut sheet_check);
        let unlisted = sheet_check.unlisted;
        if unlisted > 0 {
            let message = format!(
                "这个表格的问题太多，只列出了前{MAX_FINDINGS_PER_SHEET}个，另有{unlisted}个未列出；请先改正上面的问题（可能是选错了文件或列错了位）"
            );
            self.diagnostics
                .push(Diagnostic::error(path, Code::TooManyFindings, message));
        }
        result
    }

    /// Checks one row; records its report when it is sound. Returns the row's unit if known.
    fn check_row(
        &mut self,
        path: &str,
        sheet_index: usize,
        sheet: &Layout,
        row: &Row<'_>,
    ) -> Option<usize> {
        let columns = &sheet.columns;
        if row.cells.iter().all(Cell::is_empty) {
            let message = "空行，已跳过；如无内容可删除这一行";
            self.diagnostics
                .push(Diagnostic::warning(path, Code::BlankRow, message).at(row.number, None));
            return None;
        }
        // A header pasted again among the rows (often when two sheets were joined by hand):
        // one warning, not a fault in every cell.
        let header_like = [columns.unit, columns.task, columns.status]
            .iter()
            .all(|&column| {
                row.cells
                    .get(column)
                    .is_some_and(|cell| Field::from_header(&cell.text()).is_some())
            });
        if header_like {
            let message = "这一行是重复的表头，已跳过；如果是把两张表拼在一起，请确认下面各列的顺序与第一行表头一致";
            self.diagnostics.push(
                Diagnostic::warning(path, Code::RepeatedHeader, message).at(row.number, None),
            );
            return None;
        }
        self.rows += 1;
        let place = |field: Field| -> (Option<u64>, String) {
            let column = columns.of(field);
            (
                column.map(|c| c as u64 + 1),
                column.map_or_else(|| field.label().to_string(), |c| header_name(sheet, c)),
            )
        };
        let error = |field: Field, code: Code, message: String| {
            let (column, name) = place(field);
            Diagnostic::error(path, code, message)
                .at(row.number, column)
                .field(name)
        };

        // Cells past the header: usually a comma typed into a note of a hand-written CSV.
        if let Some(extra) = row
            .cells
            .iter()
            .enumerate()
            .skip(columns.width.max(sheet.header.len()))
            .find(|(_, cell)| !cell.is_empty())
        {
            let message = format!(
                "第{}列没有表头，却有内容“{}”；如果说明中有英文逗号，请改用中文逗号“，”或用 Excel 保存",
                extra.0 + 1,
                extra.1.text()
            );
            self.diagnostics.push(
                Diagnostic::error(path, Code::ExtraCell, message)
                    .at(row.number, Some(extra.0 as u64 + 1)),
            );
        }
        if !sheet.from_workbook && row.cells.len() < columns.width {
            let required = [columns.unit, columns.task, columns.status];
            let lacks_required = required.iter().any(|&c| c >= row.cells.len());
            let message = format!(
                "这一行只有{}个单元格，表头有{}列；请检查是否少了逗号或漏填了内容",
                row.cells.len(),
                columns.width
            );
            let mut diagnostic = Diagnostic::error(path, Code::MissingCell, message)
                .at(row.number, Some(row.cells.len() as u64 + 1));
            if !lacks_required {
                diagnostic.severity = diagnostic::Severity::Warning;
            }
            self.diagnostics.push(diagnostic);
            if lacks_required {
                return None;
            }
        }
        let cell = |column: Option<usize>| {
            column
                .and_then(|c| row.cells.get(c))
                .unwrap_or(&Cell::Empty)
        };

        // 单位
        let unit_cell = cell(Some(columns.unit)).text();
        let unit = if unit_cell.is_empty() {
            self.diagnostics.push(error(
                Field::Unit,
                Code::MissingCell,
                "单位为空，请填写本单位名称".into(),
            ));
            None
        } else {
            match resolve_unit(self.plan, &unit_cell) {
                UnitMatch::Exact(unit) => Some(unit),
                UnitMatch::Alias(unit) => {
                    let (column, name) = place(Field::Unit);
                    let message = format!(
                        "单位“{unit_cell}”按“{}”读取；以后请直接填写“{}”",
                        self.unit_name(unit),
                        self.unit_name(unit)
                    );
                    self.diagnostics.push(
                        Diagnostic::warning(path, Code::UnitAlias, message)
                            .at(row.number, column)
                            .field(name),
                    );
                    Some(unit)
                }
                UnitMatch::Unknown => {
                    let message = format!(
                        "单位“{unit_cell}”不是本计划的单位{}",
                        lookup::unit_hint(self.plan, &unit_cell)
                    );
                    self.diagnostics
                        .push(error(Field::Unit, Code::UnknownUnit, message));
                    None
                }
            }
        };

        // 任务
        let task_cell = cell(Some(columns.task));
        let task = if task_cell.is_empty() {
            self.diagnostics.push(error(
                Field::Task,
                Code::MissingCell,
                "任务编号为空，请填写任务编号，如 3 或 第3项".into(),
            ));
            None
        } else {
            match parse_task_id(task_cell).and_then(|id| self.plan.task_index(id)) {
                Some(task) => Some(task),
                None => {
                    let message = format!(
                        "任务“{}”不是本计划的任务编号{}；请填写如 3 或 第3项",
                        task_cell.text(),
                        lookup::task_range(self.plan)
                    );
                    self.diagnostics
                        .push(error(Field::Task, Code::UnknownTask, message));
                    None
                }
            }
        };

        if let (Some(unit), Some(task)) = (unit, task)
            && !self.plan.is_assigned(task, unit)
        {
            let (id, owners) = self
                .plan
                .tasks
                .get(task)
                .map_or((0, String::new()), |t| (t.id, self.owners(&t.assigned)));
            let message = format!(
                "第{id}项不是{}的任务（由{owners}负责），请删除这一行或核对任务编号",
                self.unit_name(unit)
            );
            self.diagnostics
                .push(error(Field::Task, Code::NotAssigned, message));
            return Some(unit);
        }

        // 状态
        let status_cell = cell(Some(columns.status)).text();
        let status = if status_cell.is_empty() {
            let message = format!("状态为空，请填写：{}", Status::CHOICES);
            self.diagnostics
                .push(error(Field::Status, Code::MissingCell, message));
            None
        } else {
            let status = Status::parse(&status_cell);
            if status.is_none() {
                let message = format!("状态“{status_cell}”无法识别，应为：{}", Status::CHOICES);
                self.diagnostics
                    .push(error(Field::Status, Code::InvalidStatus, message));
            }
            status
        };

        // 完成日期
        let date_cell = cell(columns.date);
        let date = match date_cell {
            Cell::Empty => None,
            Cell::Date(date) => Some(*date),
            // A date typed into a cell formatted as a number: Excel's day count.
            Cell::Number(serial) if (36_526.0..73_051.0).contains(serial) => {
                NaiveDate::from_ymd_opt(1899, 12, 30)
                    .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(*serial as u64)))
            }
            other => {
                let parsed = parse_date(&other.text());
                if parsed.is_none() {
                    let message = format!(
                        "完成日期“{}”无法识别，应写作 2021-03-15、2021/3/15、2021.3.15 或 2021年3月15日",
                        other.text()
                    );
                    self.diagnostics
                        .push(error(Field::Date, Code::InvalidDate, message));
                }
                parsed
            }
        };
        let date_given = !date_cell.is_empty();
        match status {
            Some(Status::Done) if !date_given => {
                let message = if columns.date.is_none() {
                    "状态为已完成，但表中没有“完成日期”列；请加上这一列并填写实际完成日期，如 2021-03-15".to_string()
                } else {
                    "状态为已完成，但没有填写完成日期；请填写实际完成的日期，如 2021-03-15"
                        .to_string()
                };
                self.diagnostics
                    .push(error(Field::Date, Code::MissingDate, message));
            }
            Some(status) if status != Status::Done && date_given => {
                let (column, name) = place(Field::Date);
                let message = format!(
                    "状态为{}，却填写了完成日期；完成日期只在已完成时填写，本次已忽略这个日期",
                    status.label()
                );
                self.diagnostics.push(
                    Diagnostic::warning(path, Code::DateNotDone, message)
                        .at(row.number, column)
                        .field(name),
                );
            }
            _ => {}
        }
        if let (Some(date), Some(as_of), Some(Status::Done)) = (date, self.as_of, status)
            && date > as_of
        {
            let message = format!(
                "完成日期 {date} 晚于本期统计截止日期 {as_of}；请核对日期，尚未完成的请将状态改为推进中"
            );
            self.diagnostics
                .push(error(Field::Date, Code::FutureDate, message));
        }

        let (Some(unit), Some(task)) = (unit, task) else {
            return unit;
        };
        // A row for (unit, task) counts as sent even when its status is wrong: the fault is
        // reported once, on that row, not again as a missing row.
        let report = status.map(|status| Report {
            status,
            date: if status == Status::Done { date } else { None },
            note: cell(columns.note).text().into_owned(),
        });
        let slot = task * self.plan.units.len() + unit;
        let Some(first) = self.places.get(slot).cloned().flatten() else {
            if let Some(place) = self.places.get_mut(slot) {
                *place = Some(Place {
                    sheet: sheet_index,
                    row: row.number,
                });
            }
            if let Some(report) = report {
                self.period.set(task, unit, report);
            }
            return Some(unit);
        };
        let first_at = self.place_text(&first, path);
        let id = self.plan.tasks.get(task).map_or(0, |t| t.id);
        let name = self.unit_name(unit);
        let earlier = self.period.report(task, unit);
        let same = match (earlier, &report) {
            (Some(earlier), Some(report)) => {
                earlier.status == report.status && earlier.date == report.date
            }
            // One of the two rows is already reported as wrong; do not guess which is meant.
            _ => true,
        };
        let diagnostic = if same {
            let message = format!("{name}第{id}项与{first_at}重复，已按一行读取；请删除多余的一行");
            Diagnostic::warning(path, Code::DuplicateRow, message)
        } else {
            let message = format!(
                "{name}第{id}项与{first_at}的填报不一致（状态或完成日期不同）；请核实后只保留一行"
            );
            Diagnostic::error(path, Code::ConflictingRows, message)
        };
        self.diagnostics.push(diagnostic.at(row.number, None));
        Some(unit)
    }

    /// Ends the check: which units or rows are missing, then every finding sorted.
    pub fn finish(mut self, scope: &Scope) -> Checked {
        let plan = self.plan;
        for (unit_index, unit) in plan.units.iter().enumerate() {
            let tasks: Vec<usize> = plan.tasks_of(unit_index).collect();
            if tasks.is_empty() {
                continue;
            }
            let reported = |task: usize| {
                self.places
                    .get(task * plan.units.len() + unit_index)
                    .is_some_and(Option::is_some)
            };
            let missing: Vec<usize> = tasks
                .iter()
                .copied()
                .filter(|&task| !reported(task))
                .collect();
            if missing.is_empty() {
                continue;
            }
            let first_place = tasks
                .iter()
                .filter_map(|&task| {
                    self.places
                        .get(task * plan.units.len() + unit_index)
                        .cloned()
                        .flatten()
                })
                .min_by_key(|place| (place.sheet, place.row));
            let ids = plan.tasks_id_list(&missing);
            match (first_place, scope) {
                (Some(place), _) => {
                    let path = self
                        .sheet_paths
                        .get(place.sheet)
                        .cloned()
                        .unwrap_or_default();
                    let message = format!(
                        "{}缺少第{ids}项的填报（共{}项），请补上这几行",
                        unit.name,
                        missing.len()
                    );
                    self.diagnostics
                        .push(Diagnostic::error(path, Code::MissingRow, message));
                }
                (None, Scope::Folder(folder)) => {
                    let message = format!(
                        "{}没有报送（应填报第{ids}项，共{}项）；请催报，或把该单位的表放进这个文件夹",
                        unit.name,
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
        diagnostic::sort(&mut self.diagnostics);
        Checked {
            period: self.period,
            diagnostics: self.diagnostics,
            sheet_paths: self.sheet_paths,
            rows: self.rows,
        }
    }

    fn unit_name(&self, unit: usize) -> &str {
        self.plan.units.get(unit).map_or("", |u| u.name.as_str())
    }

    fn owners(&self, units: &[usize]) -> String {
        let names: Vec<&str> = units.iter().take(6).map(|&u| self.unit_name(u)).collect();
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

/// What the checks need to know of a sheet's header.
struct Layout {
    header: Vec<String>,
    columns: Columns,
    from_workbook: bool,
}

fn header_name(sheet: &Layout, column: usize) -> String {
    sheet
        .header
        .get(column)
        .map_or_else(String::new, |name| name.trim().to_string())
}

/// One sheet being checked as it is read.
struct SheetCheck<'c, 'p> {
    checker: &'c mut Checker<'p>,
    path: &'c str,
    sheet_index: usize,
    /// The unit the file is named after, if it is named after one.
    file_unit: Option<usize>,
    /// Known once the header was read.
    layout: Option<Layout>,
    /// Units already reported as not matching the file's name.
    mismatched: Vec<usize>,
    /// Where this sheet's findings start in the checker's list.
    first_finding: usize,
    /// Findings past the cap, counted but not kept.
    unlisted: usize,
}

impl SheetCheck<'_, '_> {
    /// Keeps at most [`MAX_FINDINGS_PER_SHEET`] findings for this sheet, so a wrong file of a
    /// million rows gives a readable report in bounded memory.
    fn cap_findings(&mut self) {
        let limit = self.first_finding + MAX_FINDINGS_PER_SHEET;
        let diagnostics = &mut self.checker.diagnostics;
        if diagnostics.len() > limit {
            self.unlisted += diagnostics.len() - limit;
            diagnostics.truncate(limit);
        }
    }
}

impl RowSink for SheetCheck<'_, '_> {
    fn header(&mut self, header_row: u64, header: &[String], from_workbook: bool) -> bool {
        let columns =
            columns::read_header(self.path, header_row, header, &mut self.checker.diagnostics);
        self.layout = columns.map(|columns| Layout {
            header: header.to_vec(),
            columns,
            from_workbook,
        });
        self.layout.is_some()
    }

    fn row(&mut self, row: &Row<'_>) {
        self.check(row);
        self.cap_findings();
    }

    fn report(&mut self, diagnostic: Diagnostic) {
        self.checker.diagnostics.push(diagnostic);
        self.cap_findings();
    }
}

impl SheetCheck<'_, '_> {
    fn check(&mut self, row: &Row<'_>) {
        let Some(layout) = &self.layout else {
            return;
        };
        let Some(unit) = self
            .checker
            .check_row(self.path, self.sheet_index, layout, row)
        else {
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
            self.checker.unit_name(file_unit),
            self.checker.unit_name(unit)
        );
        let column = Some(layout.columns.unit as u64 + 1);
        self.checker.diagnostics.push(
            Diagnostic::warning(self.path, Code::UnitMismatch, message)
                .at(row.number, column)
                .field(header_name(layout, layout.columns.unit)),
        );
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

    proptest! {
        #[test]
        fn any_bytes_given_as_a_sheet_end_in_findings_never_a_panic(
            bytes in proptest::collection::vec(any::<u8>(), 0..600),
            prefix in prop_oneof![Just(&b""[..]), Just(&b"\xEF\xBB\xBF"[..]), Just(&b"\xFF\xFE"[..]), Just(&b"PK\x03\x04"[..])],
        ) {
            let plan = plan();
            let mut checker = Checker::new(&plan, as_of());
            let bytes = [prefix, &bytes].concat();
            checker.add_sheet("t.csv", "t", &bytes);
            checker.add_sheet("t.xlsx", "t", &bytes);
            let _ = checker.finish(&Scope::Folder("p".into()));
        }

        #[test]
        fn every_row_is_either_read_or_named_in_a_finding(
            rows in proptest::collection::vec((
                prop_oneof![Just("东湖"), Just("西岭"), Just("区局"), Just("东湖镇"), Just("月湖"), Just("")],
                prop_oneof![Just("1"), Just("第2项"), Just("3"), Just("x"), Just("")],
                prop_oneof![Just("已完成"), Just("推进中"), Just("not_started"), Just("完成了"), Just("")],
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
            for (index, (unit, task, status, _, _)) in rows.iter().enumerate() {
                let row = index as u64 + 2;
                let named = checked.diagnostics.iter().any(|d| d.row == Some(row));
                let unit = match *unit { "东湖" | "东湖镇" => Some(0), "西岭" => Some(1), "区局" => Some(2), _ => None };
                let task = match *task { "1" => Some(0), "第2项" => Some(1), _ => None };
                let read = matches!((unit, task), (Some(u), Some(t)) if checked.period.report(t, u).is_some());
                prop_assert!(named || read, "row {} ({:?}, {:?}, {:?}) neither read nor named: {:#?}", row, unit, task, status, checked.diagnostics);
            }
        }
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
        let report = checked.period.report(0, 0).unwrap();
        assert_eq!(
            (report.status, report.date),
            (Status::Done, NaiveDate::from_ymd_opt(2021, 3, 2))
        );
    }
}
