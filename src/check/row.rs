//! One data row of a sheet, checked in named steps: skip what is not data, check its width,
//! read its unit, task, status and date, then record the report (or say why not).

use chrono::NaiveDate;

use super::columns::{Columns, Field};
use super::lookup::{self, UnitMatch, parse_task_id, resolve_unit};
use super::{Checker, Layout, Place, header_name};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::load::date::parse_date;
use crate::load::sheet::{Cell, Row};
use crate::model::{Report, Status, TaskIx, UnitIx};

/// The row being checked and where it is.
pub(super) struct RowPlace<'r> {
    pub path: &'r str,
    pub sheet_index: usize,
    pub layout: &'r Layout,
    pub row: &'r Row<'r>,
}

impl RowPlace<'_> {
    fn columns(&self) -> &Columns {
        &self.layout.columns
    }

    /// The cell in `column`, empty when the column or the cell is missing.
    fn cell(&self, column: Option<usize>) -> &Cell<'_> {
        column
            .and_then(|c| self.row.cells.get(c))
            .unwrap_or(&Cell::Empty)
    }

    fn field_cell(&self, field: Field) -> &Cell<'_> {
        self.cell(self.columns().of(field))
    }

    /// The 1-based column of a field and its header as the sheet wrote it.
    fn place(&self, field: Field) -> (Option<u64>, String) {
        let column = self.columns().of(field);
        (
            column.map(|c| c as u64 + 1),
            column.map_or_else(
                || field.label().to_string(),
                |c| header_name(self.layout, c),
            ),
        )
    }

    /// A finding on this row, in the field's cell.
    fn finding(&self, severity: Severity, field: Field, code: Code, message: String) -> Diagnostic {
        let (column, name) = self.place(field);
        let mut diagnostic = Diagnostic::error(self.path, code, message)
            .at(self.row.number, column)
            .field(name);
        diagnostic.severity = severity;
        diagnostic
    }

    fn error(&self, field: Field, code: Code, message: String) -> Diagnostic {
        self.finding(Severity::Error, field, code, message)
    }

    fn warning(&self, field: Field, code: Code, message: String) -> Diagnostic {
        self.finding(Severity::Warning, field, code, message)
    }

    /// A finding on the row as a whole.
    fn row_finding(&self, diagnostic: Diagnostic) -> Diagnostic {
        diagnostic.at(self.row.number, None)
    }
}

impl Checker<'_> {
    /// Checks one row; records its report when it is sound. Returns the row's unit if known.
    pub(super) fn check_row(&mut self, at: &RowPlace<'_>) -> Option<UnitIx> {
        if self.skip_blank(at) {
            return None;
        }
        let task_id = parse_task_id(at.field_cell(Field::Task));
        if task_id.is_none() && self.skip_repeated_header(at) {
            return None;
        }
        self.rows += 1;
        if !self.check_width(at) {
            return None;
        }
        let unit = self.read_unit(at);
        let task = self.read_task(at, task_id);
        if let (Some(unit), Some(task)) = (unit, task)
            && !self.check_assigned(at, task, unit)
        {
            return Some(unit);
        }
        let status = self.read_status(at);
        let date = self.read_date(at, status);
        let (Some(unit), Some(task)) = (unit, task) else {
            return unit;
        };
        // A row for (unit, task) counts as sent even when its status is wrong: the fault is
        // reported once, on that row, not again as a missing row.
        let report = status.map(|status| Report {
            status,
            date: if status == Status::Done { date } else { None },
            note: at.field_cell(Field::Note).text().into_owned(),
        });
        self.record(at, task, unit, report);
        Some(unit)
    }

    /// A row with nothing in it: a warning, and skipped.
    fn skip_blank(&mut self, at: &RowPlace<'_>) -> bool {
        if !at.row.cells.iter().all(Cell::is_empty) {
            return false;
        }
        let message = "空行，已跳过；如无内容可删除这一行";
        self.diagnostics.push(at.row_finding(Diagnostic::warning(
            at.path,
            Code::BlankRow,
            message,
        )));
        true
    }

    /// A header pasted again among the rows (often when two sheets were joined by hand): one
    /// warning, not a fault in every cell. Only asked of a row whose task cell is no task id.
    fn skip_repeated_header(&mut self, at: &RowPlace<'_>) -> bool {
        let header_like = [Field::Unit, Field::Task, Field::Status]
            .iter()
            .all(|&field| Field::from_header(&at.field_cell(field).text()).is_some());
        if header_like {
            let message = "这一行是重复的表头，已跳过；如果是把两张表拼在一起，请确认下面各列的顺序与第一行表头一致";
            self.diagnostics.push(at.row_finding(Diagnostic::warning(
                at.path,
                Code::RepeatedHeader,
                message,
            )));
        }
        header_like
    }

    /// Cells past the header, or a CSV row shorter than it. Returns false when a required cell
    /// is missing, so the row cannot be read.
    fn check_width(&mut self, at: &RowPlace<'_>) -> bool {
        let columns = at.columns();
        // Cells past the header: usually a comma typed into a note of a hand-written CSV.
        if let Some((index, cell)) = at
            .row
            .cells
            .iter()
            .enumerate()
            .skip(columns.width.max(at.layout.header.len()))
            .find(|(_, cell)| !cell.is_empty())
        {
            let message = format!(
                "第{}列没有表头，却有内容“{}”；如果说明中有英文逗号，请改用中文逗号“，”或用 Excel 保存",
                index + 1,
                cell.text()
            );
            self.diagnostics.push(
                Diagnostic::error(at.path, Code::ExtraCell, message)
                    .at(at.row.number, Some(index as u64 + 1)),
            );
        }
        let present = at.row.cells.len();
        if at.layout.from_workbook || present >= columns.width {
            return true;
        }
        let lacks_required = [columns.unit, columns.task, columns.status]
            .iter()
            .any(|&c| c >= present);
        let message = format!(
            "这一行只有{present}个单元格，表头有{}列；请检查是否少了逗号或漏填了内容",
            columns.width
        );
        let mut diagnostic = Diagnostic::error(at.path, Code::MissingCell, message)
            .at(at.row.number, Some(present as u64 + 1));
        if !lacks_required {
            diagnostic.severity = Severity::Warning;
        }
        self.diagnostics.push(diagnostic);
        !lacks_required
    }

    fn read_unit(&mut self, at: &RowPlace<'_>) -> Option<UnitIx> {
        let text = at.field_cell(Field::Unit).text();
        if text.is_empty() {
            let message = "单位为空，请填写本单位名称".to_string();
            self.diagnostics
                .push(at.error(Field::Unit, Code::MissingCell, message));
            return None;
        }
        match resolve_unit(self.plan, &text) {
            UnitMatch::Exact(unit) => Some(unit),
            UnitMatch::Alias(unit) => {
                let name = self.plan.unit_name(unit);
                let message = format!("单位“{text}”按“{name}”读取；以后请直接填写“{name}”");
                self.diagnostics
                    .push(at.warning(Field::Unit, Code::UnitAlias, message));
                Some(unit)
            }
            UnitMatch::Unknown => {
                let hint = lookup::unit_hint(self.plan, &text);
                let message = format!("单位“{text}”不是本计划的单位{hint}");
                self.diagnostics
                    .push(at.error(Field::Unit, Code::UnknownUnit, message));
                None
            }
        }
    }

    fn read_task(&mut self, at: &RowPlace<'_>, id: Option<u32>) -> Option<TaskIx> {
        let cell = at.field_cell(Field::Task);
        if cell.is_empty() {
            let message = "任务编号为空，请填写任务编号，如 3 或 第3项".to_string();
            self.diagnostics
                .push(at.error(Field::Task, Code::MissingCell, message));
            return None;
        }
        let task = id.and_then(|id| self.plan.task_index(id));
        if task.is_none() {
            let message = format!(
                "任务“{}”不是本计划的任务编号{}；请填写如 3 或 第3项",
                cell.text(),
                lookup::task_range(self.plan)
            );
            self.diagnostics
                .push(at.error(Field::Task, Code::UnknownTask, message));
        }
        task
    }

    /// Whether the task is the unit's; a row for another unit's task is an error.
    fn check_assigned(&mut self, at: &RowPlace<'_>, task: TaskIx, unit: UnitIx) -> bool {
        if self.plan.is_assigned(task, unit) {
            return true;
        }
        let (id, owners) = self
            .plan
            .task(task)
            .map_or((0, String::new()), |t| (t.id, self.owners(&t.assigned)));
        let message = format!(
            "第{id}项不是{}的任务（由{owners}负责），请删除这一行或核对任务编号",
            self.plan.unit_name(unit)
        );
        self.diagnostics
            .push(at.error(Field::Task, Code::NotAssigned, message));
        false
    }

    fn read_status(&mut self, at: &RowPlace<'_>) -> Option<Status> {
        let text = at.field_cell(Field::Status).text();
        if text.is_empty() {
            let message = format!("状态为空，请填写：{}", Status::CHOICES);
            self.diagnostics
                .push(at.error(Field::Status, Code::MissingCell, message));
            return None;
        }
        let status = Status::parse(&text);
        if status.is_none() {
            let message = format!("状态“{text}”无法识别，应为：{}", Status::CHOICES);
            self.diagnostics
                .push(at.error(Field::Status, Code::InvalidStatus, message));
        }
        status
    }

    /// The completion date, checked against the status and the period's date.
    fn read_date(&mut self, at: &RowPlace<'_>, status: Option<Status>) -> Option<NaiveDate> {
        let cell = at.field_cell(Field::Date);
        let date = match cell {
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
                        .push(at.error(Field::Date, Code::InvalidDate, message));
                }
                parsed
            }
        };
        let given = !cell.is_empty();
        match status {
            Some(Status::Done) if !given => {
                let message = if at.columns().date.is_none() {
                    "状态为已完成，但表中没有“完成日期”列；请加上这一列并填写实际完成日期，如 2021-03-15"
                } else {
                    "状态为已完成，但没有填写完成日期；请填写实际完成的日期，如 2021-03-15"
                };
                self.diagnostics.push(at.error(
                    Field::Date,
                    Code::MissingDate,
                    message.to_string(),
                ));
            }
            Some(status) if status != Status::Done && given => {
                let message = format!(
                    "状态为{}，却填写了完成日期；完成日期只在已完成时填写，本次已忽略这个日期",
                    status.label()
                );
                self.diagnostics
                    .push(at.warning(Field::Date, Code::DateNotDone, message));
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
                .push(at.error(Field::Date, Code::FutureDate, message));
        }
        date
    }

    /// Keeps the first row for (task, unit); a second one is a duplicate (same status and date)
    /// or a conflict.
    fn record(&mut self, at: &RowPlace<'_>, task: TaskIx, unit: UnitIx, report: Option<Report>) {
        let Some(slot) = self.places.get_mut(task, unit) else {
            return;
        };
        let Some(first) = slot.clone() else {
            *slot = Some(Place {
                sheet: at.sheet_index,
                row: at.row.number,
            });
            if let Some(report) = report {
                self.period.set(task, unit, report);
            }
            return;
        };
        let first_at = self.place_text(&first, at.path);
        let id = self.plan.task_id(task);
        let name = self.plan.unit_name(unit);
        let same = match (self.period.report(task, unit), &report) {
            (Some(earlier), Some(report)) => {
                earlier.status == report.status && earlier.date == report.date
            }
            // One of the two rows is already reported as wrong; do not guess which is meant.
            _ => true,
        };
        let diagnostic = if same {
            let message = format!("{name}第{id}项与{first_at}重复，已按一行读取；请删除多余的一行");
            Diagnostic::warning(at.path, Code::DuplicateRow, message)
        } else {
            let message = format!(
                "{name}第{id}项与{first_at}的填报不一致（状态或完成日期不同）；请核实后只保留一行"
            );
            Diagnostic::error(at.path, Code::ConflictingRows, message)
        };
        self.diagnostics.push(at.row_finding(diagnostic));
    }
}
