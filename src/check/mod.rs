//! Checking the sheets against the plan: every row becomes a report in the [`Period`] or a
//! diagnostic that says which cell is wrong and how to fix it. Pure: bytes in, findings out.

mod columns;
mod lookup;
mod row;

use chrono::NaiveDate;

use crate::diagnostic::{self, Code, Diagnostic};
use crate::load::sheet::{self, Row, RowSink};
use crate::model::{Grid, Period, Plan, UnitIx};
use columns::Columns;
use lookup::{UnitMatch, resolve_unit};
use row::RowPlace;

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
    /// Where each (task, unit) report was read.
    places: Grid<Option<Place>>,
    sheet_paths: Vec<String>,
    diagnostics: Vec<Diagnostic>,
    rows: usize,
}

impl<'p> Checker<'p> {
    /// `as_of` is the period's date; without it, dates cannot be checked against it.
    pub fn new(plan: &'p Plan, as_of: Option<NaiveDate>) -> Self {
        Self {
            plan,
            as_of,
            period: Period::new(
                as_of.unwrap_or(NaiveDate::MAX),
                plan.tasks.len(),
                plan.units.len(),
            ),
            places: plan.grid(None),
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

    /// Ends the check: which units or rows are missing, then every finding sorted.
    pub fn finish(mut self, scope: &Scope) -> Checked {
        self.check_missing_figures();
        let plan = self.plan;
        for (unit_index, unit) in plan.units_indexed() {
            let tasks: Vec<_> = plan.tasks_of(unit_index).collect();
            if tasks.is_empty() {
                continue;
            }
            let reported = |task| {
                self.places
                    .get(task, unit_index)
                    .is_some_and(Option::is_some)
            };
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
                .filter_map(|&task| self.places.get(task, unit_index).cloned().flatten())
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
    file_unit: Option<UnitIx>,
    /// Known once the header was read.
    layout: Option<Layout>,
    /// Units already reported as not matching the file's name.
    mismatched: Vec<UnitIx>,
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
        let place = RowPlace {
            path: self.path,
            sheet_index: self.sheet_index,
            layout,
            row,
        };
        let Some(unit) = self.checker.check_row(&place) else {
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
            self.checker.plan.unit_name(file_unit),
            self.checker.plan.unit_name(unit)
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
                let read = matches!((unit, task), (Some(u), Some(t)) if checked.period.report(crate::model::TaskIx(t), UnitIx(u)).is_some());
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
