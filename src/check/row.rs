//! One data row of a sheet, checked in named steps: skip what is not data, check its width,
//! read its unit, task, status and date, then record the report (or say why not).

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate};

use super::columns::{Columns, Field};
use super::lookup::{self, IdForm, TaskId, UnitMatch, read_task_id, resolve_unit};
use super::{Checker, Difference, Layout, Place, Repeat, header_name};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::load::date::{day_before, parse_date, parse_month_day};
use crate::load::figure::{FigureError, figure_of_number, read_figure};
use crate::load::sheet::{Cell, Row};
use crate::model::pace::{Figure, Milli};
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

    /// The row's note: the text of its note columns (说明 or 进展情况, 备注, …) joined in the
    /// sheet's order.
    fn note(&self) -> String {
        // Most sheets have one note column, and most of its cells are empty.
        if let [column] = self.columns().notes.as_slice() {
            return match self.cell(Some(*column)) {
                Cell::Empty => String::new(),
                note => note.text().into_owned(),
            };
        }
        let mut note = String::new();
        for &column in &self.columns().notes {
            let text = self.cell(Some(column)).text();
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            if !note.is_empty() && !note.ends_with(['。', '；', '！', '？', ';', '!', '?']) {
                note.push('；');
            }
            note.push_str(text);
        }
        note
    }

    /// A field's text without the characters that show as nothing (zero-width spaces, NBSP,
    /// U+3000); the warning that says they were dropped, if any were, goes to `diagnostics`.
    #[inline]
    fn visible_text(&self, field: Field, diagnostics: &mut Vec<Diagnostic>) -> Cow<'_, str> {
        let text = self.field_cell(field).text();
        if !lookup::may_hold_invisible(&text) {
            return text;
        }
        self.without_invisible(field, text, diagnostics)
    }

    /// [`visible_text`](Self::visible_text) of a text that may hold invisible characters.
    fn without_invisible<'t>(
        &self,
        field: Field,
        text: Cow<'t, str>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Cow<'t, str> {
        let Some((kept, kinds)) = lookup::drop_invisible(&text) else {
            return text;
        };
        let kept = kept.trim().to_string();
        let message = format!(
            "{}“{kept}”中有看不见的字符（{}），已去掉后读取；这类字符多是从网页或微信复制带入的，以后请直接输入",
            field.label(),
            kinds.join("、")
        );
        diagnostics.push(self.warning(field, Code::InvisibleChar, message));
        Cow::Owned(kept)
    }
}

/// What a signature line under a table starts with, before its colon.
const FOOTER_LABELS: [&str; 16] = [
    "填报人",
    "填表人",
    "审核人",
    "联系人",
    "联系电话",
    "电话",
    "制表人",
    "负责人",
    "单位负责人",
    "主要负责人",
    "分管领导",
    "签发人",
    "单位（盖章）",
    "填报单位",
    "填报日期",
    "日期",
];

/// Whether a cell begins a signature line: one of [`FOOTER_LABELS`] then `：` or `:`
/// (`填报人：张三`, `单位(盖章)：`, `填报日期: 2025年7月28日`), a （盖章） or （签字） between.
fn is_footer(text: &str) -> bool {
    let text: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            other => other,
        })
        .collect();
    FOOTER_LABELS.iter().any(|label| {
        text.strip_prefix(label).is_some_and(|rest| {
            let rest = ["（盖章）", "（签字）", "（签名）", "（签章）"]
                .iter()
                .find_map(|mark| rest.strip_prefix(mark))
                .unwrap_or(rest);
            rest.starts_with(['：', ':'])
        })
    })
}

/// A day in the four forms of the contract: `2025-07-31、2025/7/31、2025.7.31 或 2025年7月31日`.
fn date_forms(day: NaiveDate) -> String {
    let (year, month, date) = (day.year(), day.month(), day.day());
    format!("{day}、{year}/{month}/{date}、{year}.{month}.{date} 或 {year}年{month}月{date}日")
}

/// The earliest completion date that can be right: ten years before the period's date. An
/// earlier one is a typing slip (`21/5/20` read as the year 21, `5.2` typed into a date cell
/// read as 5 January 1900), not a task done long ago.
pub(super) fn earliest_plausible(as_of: NaiveDate) -> NaiveDate {
    as_of
        .checked_sub_months(chrono::Months::new(120))
        .unwrap_or(NaiveDate::MIN)
}

impl Checker<'_> {
    /// Checks one row; records its report when it is sound. Returns the row's unit if known.
    pub(super) fn check_row(&mut self, at: &RowPlace<'_>) -> Option<UnitIx> {
        if self.skip_blank(at) {
            return None;
        }
        let footer = self.skip_footer(at);
        self.tell_blanks(footer);
        if footer {
            return None;
        }
        let task_id = self.task_id(at);
        if task_id.is_none() && self.skip_repeated_header(at) {
            return None;
        }
        self.rows += 1;
        if !self.check_width(at) {
            return None;
        }
        let unit = self.read_unit(at);
        let task = self.read_task(at, task_id);
        if let Some(task) = task {
            self.check_numbered_title(at, task);
        }
        if let (Some(unit), Some(task)) = (unit, task)
            && !self.check_assigned(at, task, unit)
        {
            return Some(unit);
        }
        let (status, status_day) = self.read_status(at);
        let date = self.read_date(at, status, status_day);
        let (Some(unit), Some(task)) = (unit, task) else {
            return unit;
        };
        let figure = self.read_progress(at, task, unit, status);
        // A row for (unit, task) counts as sent even when its status is wrong: the fault is
        // reported once, on that row, not again as a missing row.
        let report = status.map(|status| Report {
            status,
            date: if status == Status::Done { date } else { None },
            note: at.note(),
        });
        self.record(at, task, unit, report, figure);
        Some(unit)
    }

    /// A row with nothing in it: skipped, and said with the row after it (rows after the last
    /// one are never given), in [`tell_blanks`](Self::tell_blanks).
    fn skip_blank(&mut self, at: &RowPlace<'_>) -> bool {
        if !at.row.cells.iter().all(Cell::is_empty) {
            return false;
        }
        self.held_blanks.push((at.path.to_string(), at.row.number));
        true
    }

    /// The blank rows before this row, a warning each; none when they only set a signature
    /// line apart from the table (`footer`).
    pub(super) fn tell_blanks(&mut self, footer: bool) {
        if self.held_blanks.is_empty() {
            return;
        }
        for (path, row) in std::mem::take(&mut self.held_blanks) {
            if footer {
                continue;
            }
            let message = "空行，已跳过；如无内容可删除这一行";
            self.diagnostics
                .push(Diagnostic::warning(path, Code::BlankRow, message).at(row, None));
        }
    }

    /// A row passed over, said in a warning on the row.
    fn skip_with(&mut self, at: &RowPlace<'_>, code: Code, message: &str) {
        self.diagnostics
            .push(at.row_finding(Diagnostic::warning(at.path, code, message)));
    }

    /// A signature line under the table (`填报人：张三`, `审核人：李四`, `联系电话：…`): a warning,
    /// and skipped.
    fn skip_footer(&mut self, at: &RowPlace<'_>) -> bool {
        let first = at.row.cells.iter().find(|cell| !cell.is_empty());
        if !first.is_some_and(|cell| is_footer(&cell.text())) {
            return false;
        }
        let message = "这一行是表格下的签名栏（填报人、审核人、联系电话等），不是填报内容，已跳过；如果其中有要报送的内容，请移到表格中";
        self.skip_with(at, Code::FooterRow, message);
        true
    }

    /// A header pasted again among the rows (often when two sheets were joined by hand): one
    /// warning, not a fault in every cell. Only asked of a row whose task cell is no task id.
    fn skip_repeated_header(&mut self, at: &RowPlace<'_>) -> bool {
        let header_like = [Field::Unit, Field::Task, Field::Status]
            .iter()
            .filter(|&&field| at.columns().of(field).is_some())
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
        // A workbook's cells cannot be missing, and what stands right of its table is a side
        // note the clerk sees in place, not a stray comma: only CSV rows are measured.
        if at.layout.from_workbook {
            return true;
        }
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
        if present >= columns.width {
            return true;
        }
        let lacks_required = [columns.unit, Some(columns.task), Some(columns.status)]
            .iter()
            .flatten()
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
        // No 单位 column: the unit the file is named after (said once, at the header).
        if at.columns().unit.is_none() {
            return at.layout.named_unit;
        }
        let last = |checker: &Self, text: &str| match &checker.last_unit {
            Some((last, matched)) if last == text => Some(*matched),
            _ => None,
        };
        // The cell as the row before left it once read (so with nothing invisible in it): the
        // same unit, without reading it again.
        let cell = at.field_cell(Field::Unit).text();
        let (text, matched) = match last(self, &cell) {
            Some(matched) => (cell, matched),
            None => {
                let text = at.visible_text(Field::Unit, &mut self.diagnostics);
                if text.is_empty() {
                    let message = "单位为空，请填写本单位名称".to_string();
                    self.diagnostics
                        .push(at.error(Field::Unit, Code::MissingCell, message));
                    return None;
                }
                let matched = last(self, &text).unwrap_or_else(|| {
                    let matched = resolve_unit(self.plan, &text);
                    self.last_unit = Some((text.to_string(), matched));
                    matched
                });
                (text, matched)
            }
        };
        match matched {
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

    /// The task id of the row, read in every form a clerk types it; `None` when the cell holds
    /// none. Says nothing yet: a row that is a header pasted again is no task.
    fn task_id(&self, at: &RowPlace<'_>) -> Option<TaskId> {
        let cell = at.field_cell(Field::Task);
        match read_task_id(cell) {
            Some(id) => Some(id),
            None => {
                let text = cell.text();
                let (kept, _) = lookup::drop_invisible(&text)?;
                read_task_id(&Cell::Text(Cow::Owned(kept)))
            }
        }
    }

    fn read_task(&mut self, at: &RowPlace<'_>, id: Option<TaskId>) -> Option<TaskIx> {
        let cell = at.field_cell(Field::Task);
        if cell.is_empty() {
            let message = "任务编号为空，请填写任务编号，如 3 或 第3项".to_string();
            self.diagnostics
                .push(at.error(Field::Task, Code::MissingCell, message));
            return None;
        }
        at.visible_text(Field::Task, &mut self.diagnostics);
        let task = id.and_then(|id| self.plan.task_index(id.id));
        if let (Some(_), Some(id)) = (task, id) {
            let message = match id.form {
                IdForm::Plain => None,
                IdForm::Chinese => Some(
                    "任务编号写的是中文数字，已按数字读取；以后请填写阿拉伯数字，如 3 或 第3项",
                ),
                IdForm::Marked => Some(
                    "任务编号带有顿号、括号或小数点（如 3、 （3） 3.0），已按数字读取；以后请只填写数字，如 3",
                ),
            };
            if let Some(message) = message {
                self.diagnostics.push(at.warning(
                    Field::Task,
                    Code::TaskAlias,
                    message.to_string(),
                ));
            }
        }
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

    /// On a unit's own form whose 序号 is read as the task id: a warning when the row's 工作任务
    /// does not look like the plan's task of that id (the form numbers its rows, not the plan's
    /// tasks).
    fn check_numbered_title(&mut self, at: &RowPlace<'_>, task: TaskIx) {
        let columns = at.columns();
        let (true, Some(column)) = (columns.task_by_number, columns.title) else {
            return;
        };
        let written = at.cell(Some(column)).text();
        let Some(planned) = self.plan.task(task) else {
            return;
        };
        if written.trim().is_empty() || lookup::alike(&written, &planned.text) {
            return;
        }
        let shown = |text: &str| {
            let mut shown: String = text.chars().take(20).collect();
            if shown.len() < text.len() {
                shown.push('…');
            }
            shown
        };
        let message = format!(
            "序号按任务编号读作第{}项，但这一行的“{}”与计划第{}项“{}”不像同一项；请核对序号是否就是计划的任务编号，以后请用下发的报表（有“任务”列）",
            planned.id,
            shown(written.trim()),
            planned.id,
            shown(planned.text.trim())
        );
        self.diagnostics.push(
            Diagnostic::warning(at.path, Code::GuessedColumn, message)
                .at(at.row.number, Some(column as u64 + 1))
                .field(header_name(at.layout, column)),
        );
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

    /// The status, and the day written with it (`已完成（6月20日）`), if any.
    fn read_status(&mut self, at: &RowPlace<'_>) -> (Option<Status>, Option<NaiveDate>) {
        // Almost every row: one of the three words, as they are written.
        if let Some(status) = Status::of_label(&at.field_cell(Field::Status).text()) {
            return (Some(status), None);
        }
        let text = at.visible_text(Field::Status, &mut self.diagnostics);
        if text.is_empty() {
            let message = format!("状态为空，请填写：{}", Status::CHOICES);
            self.diagnostics
                .push(at.error(Field::Status, Code::MissingCell, message));
            return (None, None);
        }
        match Status::parse(&text) {
            Some(status) => (Some(status), None),
            None => self.status_alias(at, &text),
        }
    }

    /// A status written another way: a word clerks use for it (a warning), or 已完成 with its
    /// day in brackets, the day read as the completion date when that cell is empty.
    fn status_alias(
        &mut self,
        at: &RowPlace<'_>,
        text: &str,
    ) -> (Option<Status>, Option<NaiveDate>) {
        if let Some(status) = Status::parse_alias(text) {
            let message = format!(
                "状态“{text}”按“{}”读取；以后请填写：{}",
                status.label(),
                Status::CHOICES
            );
            self.diagnostics
                .push(at.warning(Field::Status, Code::StatusAlias, message));
            return (Some(status), None);
        }
        if let Some((status, day)) = self.status_with_day(text) {
            let date_empty = at.field_cell(Field::Date).is_empty();
            let message = if date_empty {
                format!(
                    "状态“{text}”按“{}”读取，完成日期按括号中的{}年{}月{}日读取；以后状态请只填写：{}，日期填在“完成日期”列",
                    status.label(),
                    day.year(),
                    day.month(),
                    day.day(),
                    Status::CHOICES
                )
            } else {
                format!(
                    "状态“{text}”按“{}”读取，完成日期以“完成日期”列为准；以后状态请只填写：{}",
                    status.label(),
                    Status::CHOICES
                )
            };
            self.diagnostics
                .push(at.warning(Field::Status, Code::StatusAlias, message));
            return (Some(status), date_empty.then_some(day));
        }
        let message = format!("状态“{text}”无法识别，应为：{}", Status::CHOICES);
        self.diagnostics
            .push(at.error(Field::Status, Code::InvalidStatus, message));
        (None, None)
    }

    /// `已完成（6月20日）`: 已完成 (or a word for it) with a day in brackets, read as the period
    /// reads a date cell (a day without its year in the period's year).
    fn status_with_day(&self, text: &str) -> Option<(Status, NaiveDate)> {
        let (word, rest) = text.split_once(['（', '('])?;
        let inner = rest.trim().strip_suffix(['）', ')'])?.trim();
        let status = Status::parse(word).or_else(|| Status::parse_alias(word))?;
        if status != Status::Done {
            return None;
        }
        let day = parse_date(inner).or_else(|| {
            let (month, day) = parse_month_day(inner)?;
            day_before(month, day, self.as_of?)
        })?;
        Some((status, day))
    }

    /// The completion date, checked against the status and the period's date; `status_day` is
    /// the day written in the status cell, read when the date cell is empty.
    fn read_date(
        &mut self,
        at: &RowPlace<'_>,
        status: Option<Status>,
        status_day: Option<NaiveDate>,
    ) -> Option<NaiveDate> {
        let cell = at.field_cell(Field::Date);
        let date = match cell {
            Cell::Empty => None,
            Cell::Date(date) => Some(*date),
            // A date typed into a cell formatted as a number: Excel's day count.
            Cell::Number(serial) if (36_526.0..73_051.0).contains(serial) => {
                NaiveDate::from_ymd_opt(1899, 12, 30)
                    .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(*serial as u64)))
            }
            other => parse_date(&other.text()).or_else(|| self.unreadable_date(at, other)),
        };
        let date = date
            .filter(|&date| self.plausible(at, cell, date))
            .or(status_day);
        let given = !cell.is_empty() || status_day.is_some();
        match status {
            Some(Status::Done) if !given => {
                let example = self.example;
                let message = if at.columns().date.is_none() {
                    format!(
                        "状态为已完成，但表中没有“完成日期”列；请加上这一列并填写实际完成日期，如 {example}"
                    )
                } else {
                    format!("状态为已完成，但没有填写完成日期；请填写实际完成的日期，如 {example}")
                };
                self.diagnostics
                    .push(at.error(Field::Date, Code::MissingDate, message));
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

    /// A date cell that is no date in the contract's forms. A day without its year (`6月3日`,
    /// `6/3`) is read in the period's year (the year before, if that would be after the
    /// period's date), with a warning; anything else is an error with the forms to use.
    fn unreadable_date(&mut self, at: &RowPlace<'_>, cell: &Cell<'_>) -> Option<NaiveDate> {
        let text = cell.text();
        let month_day = match cell {
            Cell::Text(_) => parse_month_day(&text),
            _ => None,
        };
        let message = match (month_day, self.as_of) {
            (Some((month, day)), Some(as_of)) => {
                if let Some(date) = day_before(month, day, as_of) {
                    let message = format!(
                        "完成日期“{text}”没有写年份，按{}年{month}月{day}日读取；以后请写完整的日期，如 {date}",
                        date.year()
                    );
                    self.diagnostics
                        .push(at.warning(Field::Date, Code::DateWithoutYear, message));
                    return Some(date);
                }
                format!(
                    "完成日期“{text}”没有写年份，本期（{}年）和上一年都没有这一天；请写完整的日期，如 {}",
                    as_of.year(),
                    self.example
                )
            }
            (Some((month, day)), None) => format!(
                "完成日期“{text}”没有写年份，又没有统计截止日期，无法确定是哪一年；请写完整的日期，如 {}-{month:02}-{day:02}",
                self.example.year()
            ),
            (None, _) => format!(
                "完成日期“{text}”无法识别，应写作 {}",
                date_forms(self.example)
            ),
        };
        self.diagnostics
            .push(at.error(Field::Date, Code::InvalidDate, message));
        None
    }

    /// Whether a completion date can be right: not more than ten years before the period's
    /// date. A date that cannot is an error naming the cell.
    fn plausible(&mut self, at: &RowPlace<'_>, cell: &Cell<'_>, date: NaiveDate) -> bool {
        let Some(earliest) = self.earliest else {
            return true;
        };
        if date >= earliest {
            return true;
        }
        let this_year = self.as_of.map_or(earliest.year(), |as_of| as_of.year());
        let day = format!("{:04}年{}月{}日", date.year(), date.month(), date.day());
        let message = match cell {
            Cell::Date(_) => format!(
                "完成日期单元格的值是{day}，比统计截止日期早十年以上，不可能是完成日期（在日期格式的单元格中只输入 5.2 这样的数字就会这样）；请输入完整的日期，如 {this_year}-05-02"
            ),
            _ => {
                // `21/5/20`: the year meant is 2021; otherwise the period's.
                let year = if date.year() < 100 {
                    2000 + date.year()
                } else {
                    this_year
                };
                // `2010-05-01` has its four digits: the year itself is wrong.
                let fix = if date.year() >= 1000 {
                    "请核对年份"
                } else {
                    "请写完整的四位年份"
                };
                format!(
                    "完成日期“{}”读作{day}，比统计截止日期早十年以上，不可能是完成日期；{fix}，如 {year}-{:02}-{:02}",
                    cell.text(),
                    date.month(),
                    date.day()
                )
            }
        };
        self.diagnostics
            .push(at.error(Field::Date, Code::InvalidDate, message));
        false
    }

    /// The 进度 figure: a quantity where the unit has a target, else a percentage. A negative or
    /// unreadable figure is an error; one that says done on a row that does not (or the
    /// reverse) is a warning.
    fn read_progress(
        &mut self,
        at: &RowPlace<'_>,
        task: TaskIx,
        unit: UnitIx,
        status: Option<Status>,
    ) -> Option<Figure> {
        let cell = at.field_cell(Field::Progress);
        // Nothing written where nothing need be (in progress, a figure is asked for).
        if cell.is_empty() && status != Some(Status::InProgress) {
            return None;
        }
        let goal = self.plan.goal(task);
        let target = goal.target_of(unit);
        let measure = goal.measure.as_str();
        let id = self.plan.task_id(task);
        let read = match cell {
            Cell::Empty => {
                if let (Some(target), Some(Status::InProgress)) = (target, status) {
                    let message = format!(
                        "第{id}项有目标任务量（{}{measure}），状态为推进中，却没有填写进度，本次按0统计；请在“进度”列填写已完成的数量",
                        target.text()
                    );
                    self.diagnostics.push(at.warning(
                        Field::Progress,
                        Code::MissingProgress,
                        message,
                    ));
                }
                return None;
            }
            // An Excel percentage cell (80% is 0.8) where a percentage is asked for.
            Cell::Number(number)
                if target.is_none() && at.layout.from_workbook && (0.0..=1.0).contains(number) =>
            {
                figure_of_number(number * 100.0).map(|value| (value, true))
            }
            Cell::Number(number) => figure_of_number(*number).map(|value| (value, false)),
            Cell::Date(_) => Err(FigureError::Unreadable),
            Cell::Text(text) => read_figure(text, measure).map(|f| (f.value, f.percent)),
        };
        let what = match target {
            Some(_) if measure.is_empty() => "数量，如 860".to_string(),
            Some(_) => format!("数量，如 860 或 860{measure}"),
            None => "百分比，如 80%（这项任务没有目标任务量）".to_string(),
        };
        let (value, percent) = match read {
            Ok(read) => read,
            Err(error) => {
                let why = match error {
                    FigureError::Negative => "不能为负数",
                    FigureError::TooLarge => "数值过大",
                    FigureError::Unreadable => "无法识别",
                };
                let message = format!("进度“{}”{why}，应填写{what}", cell.text());
                self.diagnostics
                    .push(at.error(Field::Progress, Code::InvalidProgress, message));
                return None;
            }
        };
        let not_done = status.is_some_and(|s| s != Status::Done);
        let Some(target) = target else {
            if value > Milli::whole(100) {
                let message = format!(
                    "进度“{}”超过100%；第{id}项没有目标任务量，进度应填写百分比，如 80%",
                    cell.text()
                );
                self.diagnostics
                    .push(at.error(Field::Progress, Code::InvalidProgress, message));
                return None;
            }
            if not_done && value == Milli::whole(100) {
                self.reached(at, status, "100%".into());
            }
            return Some(Figure::Percent(value));
        };
        let quantity = if percent {
            let quantity = Milli((u128::from(target.0) * u128::from(value.0) / 100_000) as u64);
            let message = format!(
                "第{id}项的目标为{}{measure}，进度“{}”按目标的{}即{}{measure}读取；以后请直接填写数量",
                target.text(),
                cell.text(),
                format_args!("{}%", value.text()),
                quantity.text()
            );
            self.diagnostics
                .push(at.warning(Field::Progress, Code::ProgressPercent, message));
            quantity
        } else {
            value
        };
        if not_done && quantity >= target {
            let reached = format!(
                "{}{measure}（目标{}{measure}）",
                quantity.text(),
                target.text()
            );
            self.reached(at, status, reached);
        }
        if status == Some(Status::Done) && quantity < target {
            let message = format!(
                "状态为已完成，但进度{}{measure}未达到目标{}{measure}；本次按已完成统计，请核实进度或状态",
                quantity.text(),
                target.text()
            );
            self.diagnostics
                .push(at.warning(Field::Progress, Code::ProgressShort, message));
        }
        Some(Figure::Quantity(quantity))
    }

    /// The warning for a figure that reaches the target on a row not marked done.
    fn reached(&mut self, at: &RowPlace<'_>, status: Option<Status>, figure: String) {
        let status = status.map_or("", Status::label);
        let message = format!(
            "进度{figure}已达到目标，状态却是{status}；如已完成，请把状态改为已完成并填写完成日期"
        );
        self.diagnostics
            .push(at.warning(Field::Progress, Code::ProgressReached, message));
    }

    /// Keeps the first row for (task, unit); a second one is a duplicate (same status and date)
    /// or a conflict.
    fn record(
        &mut self,
        at: &RowPlace<'_>,
        task: TaskIx,
        unit: UnitIx,
        report: Option<Report>,
        figure: Option<Figure>,
    ) {
        let Some(first) = self.places.get(task, unit).cloned() else {
            let place = Place {
                sheet: at.sheet_index,
                row: at.row.number,
            };
            self.places.set(task, unit, place);
            if let Some(report) = report {
                self.period.set(task, unit, report);
            }
            if let Some(figure) = figure {
                self.period.set_figure(task, unit, figure);
            }
            return;
        };
        let same = match (self.period.report(task, unit), &report) {
            (Some(earlier), Some(report)) => {
                earlier.status == report.status
                    && earlier.date == report.date
                    && self.period.figure(task, unit) == figure
            }
            // One of the two rows is already reported as wrong; do not guess which is meant.
            _ => true,
        };
        if first.sheet != at.sheet_index {
            // The unit sent another sheet too: told once for the two files, not on every row,
            // with what each says where they differ.
            let difference = (!same).then(|| Difference {
                task,
                first: told(
                    self.period.report(task, unit),
                    self.period.figure(task, unit),
                ),
                second: told(report.as_ref(), figure),
            });
            self.repeat(unit, first.sheet, at.sheet_index, difference);
            return;
        }
        let first_at = self.place_text(&first, at.path);
        let id = self.plan.task_id(task);
        let name = self.plan.unit_name(unit);
        let diagnostic = if same {
            let message = format!("{name}第{id}项与{first_at}重复，已按一行读取；请删除多余的一行");
            Diagnostic::warning(at.path, Code::DuplicateRow, message)
        } else {
            let message = format!(
                "{name}第{id}项与{first_at}的填报不一致（状态、完成日期或进度不同）；请核实后只保留一行"
            );
            Diagnostic::error(at.path, Code::ConflictingRows, message)
        };
        self.diagnostics.push(at.row_finding(diagnostic));
    }
}

impl Checker<'_> {
    /// Notes a row of `unit` in sheet `second` that sheet `first` already held: the same, or
    /// `difference`.
    fn repeat(
        &mut self,
        unit: UnitIx,
        first: usize,
        second: usize,
        difference: Option<Difference>,
    ) {
        let key = (unit, first, second);
        let index = match self.repeat_index.get(&key) {
            Some(&index) => index,
            None => {
                self.repeat_index.insert(key, self.repeats.len());
                self.repeats.push(Repeat {
                    unit,
                    first_sheet: first,
                    second_sheet: second,
                    same: 0,
                    differing: Vec::new(),
                });
                self.repeats.len() - 1
            }
        };
        if let Some(repeat) = self.repeats.get_mut(index) {
            match difference {
                None => repeat.same += 1,
                Some(difference) => repeat.differing.push(difference),
            }
        }
    }

    /// A unit in progress that wrote no figure on a task without targets where others wrote
    /// percentages: counted as 0, and said at its row (the other rows could not know).
    pub(super) fn check_missing_figures(&mut self) {
        let plan = self.plan;
        for (task, plan_task) in plan.tasks_indexed() {
            if plan.goal(task).has_target() || !self.period.task_has_figures(task) {
                continue;
            }
            for &unit in &plan_task.assigned {
                let in_progress = self
                    .period
                    .report(task, unit)
                    .is_some_and(|r| r.status == Status::InProgress);
                let place = self.places.get(task, unit).cloned();
                let (true, None, Some(place)) =
                    (in_progress, self.period.figure(task, unit), place)
                else {
                    continue;
                };
                let path = self
                    .sheet_paths
                    .get(place.sheet)
                    .cloned()
                    .unwrap_or_default();
                // A figure that could not be read is told already, in its cell.
                let told = self.diagnostics.iter().any(|d| {
                    d.code == Code::InvalidProgress && d.row == Some(place.row) && d.path == path
                });
                if told {
                    continue;
                }
                let message = format!(
                    "{}第{}项为推进中，没有填写进度（其他单位填写了完成百分比），本次按0统计；请在“进度”列填写百分比，如 60%",
                    plan.unit_name(unit),
                    plan_task.id
                );
                self.diagnostics.push(
                    Diagnostic::warning(path, Code::MissingProgress, message).at(place.row, None),
                );
            }
        }
    }
}

/// What a row said, as a duplicate-sheet finding quotes it: `推进中`, `已完成（2025-06-20）`,
/// `推进中（进度80%）`.
fn told(report: Option<&Report>, figure: Option<Figure>) -> String {
    let Some(report) = report else {
        return "无法读取".into();
    };
    let mut details: Vec<String> = report.date.iter().map(ToString::to_string).collect();
    match figure {
        Some(Figure::Quantity(quantity)) => details.push(format!("进度{}", quantity.text())),
        Some(Figure::Percent(percent)) => details.push(format!("进度{}%", percent.text())),
        None => {}
    }
    if details.is_empty() {
        report.status.label().to_string()
    } else {
        format!("{}（{}）", report.status.label(), details.join("，"))
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::check::{Checked, Checker, Scope};
    use crate::diagnostic::{Code, Severity};
    use crate::load::yaml::parse_plan;
    use crate::model::pace::{Figure, Milli};
    use crate::model::{Plan, TaskIx, UnitIx};

    /// Task 1: 1200套 each, 西岭 800; task 2 without a target.
    fn plan() -> Plan {
        let source = "units:\n  towns: [东湖, 西岭]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: 一。\n        deadline: 2025-12\n        target: 1200\n        measure: 套\n        targets: {西岭: 800}\n      - id: 2\n        text: 二。\n        deadline: 2025-12\n";
        parse_plan("plan.yaml", source).unwrap()
    }

    fn check(plan: &Plan, rows: &str) -> Checked {
        let mut checker = Checker::new(plan, NaiveDate::from_ymd_opt(2025, 9, 30));
        let text = format!("单位,任务,状态,完成日期,进度\n{rows}");
        checker.add_sheet("t.csv", "t", text.as_bytes());
        checker.finish(&Scope::Sheets)
    }

    /// (code, severity, row, column) of every finding but the rows a short sheet leaves out.
    fn findings(checked: &Checked) -> Vec<(Code, Severity, Option<u64>, Option<u64>)> {
        checked
            .diagnostics
            .iter()
            .filter(|d| d.code != Code::MissingRow)
            .map(|d| (d.code, d.severity, d.row, d.column))
            .collect()
    }

    fn figure(checked: &Checked, task: usize, unit: usize) -> Option<Figure> {
        checked.period.figure(TaskIx(task), UnitIx(unit))
    }

    #[test]
    fn a_quantity_is_read_with_or_without_its_measure_word_and_a_percentage_without_a_target() {
        let plan = plan();
        let checked = check(
            &plan,
            "东湖,1,推进中,,860套\n西岭,1,推进中,,\"1,200\"\n东湖,2,推进中,,80%\n西岭,2,推进中,,45\n",
        );
        // 西岭 reached its 800 without saying done.
        assert_eq!(
            findings(&checked),
            [(Code::ProgressReached, Severity::Warning, Some(3), Some(5))]
        );
        assert!(
            checked.diagnostics[0]
                .message
                .contains("1200套（目标800套）"),
            "{}",
            checked.diagnostics[0].message
        );
        let quantity = |n| Some(Figure::Quantity(Milli::whole(n)));
        let percent = |n| Some(Figure::Percent(Milli::whole(n)));
        assert_eq!(figure(&checked, 0, 0), quantity(860));
        assert_eq!(figure(&checked, 0, 1), quantity(1200));
        assert_eq!(figure(&checked, 1, 0), percent(80));
        assert_eq!(figure(&checked, 1, 1), percent(45));
    }

    #[test]
    fn a_negative_or_unreadable_figure_is_an_error_in_its_cell() {
        let plan = plan();
        let checked = check(
            &plan,
            "东湖,1,推进中,,-5\n西岭,1,推进中,,约六百\n东湖,2,推进中,,860\n西岭,2,推进中,,860套\n",
        );
        let error = |row| (Code::InvalidProgress, Severity::Error, Some(row), Some(5));
        assert_eq!(findings(&checked), [error(2), error(3), error(4), error(5)]);
        let messages: Vec<&str> = checked
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert!(messages[0].contains("不能为负数"), "{}", messages[0]);
        assert!(messages[1].contains("如 860 或 860套"), "{}", messages[1]);
        assert!(messages[2].contains("超过100%"), "{}", messages[2]);
        assert!(messages[3].contains("百分比"), "{}", messages[3]);
        assert_eq!(figure(&checked, 0, 0), None);
    }

    #[test]
    fn done_below_target_a_percentage_of_a_target_and_a_missing_figure_are_warnings() {
        let plan = plan();
        let checked = check(
            &plan,
            "东湖,1,已完成,2025-06-01,800\n西岭,1,推进中,,50%\n东湖,2,推进中,,100%\n西岭,2,推进中,,\n",
        );
        let warning = |code, row, column| (code, Severity::Warning, Some(row), column);
        assert_eq!(
            findings(&checked),
            [
                warning(Code::ProgressShort, 2, Some(5)),
                warning(Code::ProgressPercent, 3, Some(5)),
                warning(Code::ProgressReached, 4, Some(5)),
                warning(Code::MissingProgress, 5, None),
            ]
        );
        // 50% of 西岭's 800 is 400.
        assert_eq!(
            figure(&checked, 0, 1),
            Some(Figure::Quantity(Milli::whole(400)))
        );
        let checked = check(&plan, "东湖,1,推进中,,\n西岭,1,未开始,,\n");
        assert_eq!(
            findings(&checked),
            [warning(Code::MissingProgress, 2, Some(5))]
        );
    }

    #[test]
    fn two_rows_that_differ_only_in_their_figure_conflict() {
        let plan = plan();
        let checked = check(&plan, "东湖,1,推进中,,600\n东湖,1,推进中,,700\n");
        assert_eq!(
            findings(&checked),
            [(Code::ConflictingRows, Severity::Error, Some(3), None)]
        );
    }

    #[test]
    fn an_excel_percentage_cell_is_read_as_the_percentage_it_shows() {
        let plan = plan();
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        for (column, title) in ["单位", "任务", "状态", "进度"].iter().enumerate() {
            sheet.write_string(0, column as u16, *title).unwrap();
        }
        sheet.write_string(1, 0, "东湖").unwrap();
        sheet.write_number(1, 1, 2.0).unwrap();
        sheet.write_string(1, 2, "推进中").unwrap();
        sheet.write_number(1, 3, 0.8).unwrap();
        sheet.write_string(2, 0, "东湖").unwrap();
        sheet.write_number(2, 1, 1.0).unwrap();
        sheet.write_string(2, 2, "推进中").unwrap();
        sheet.write_number(2, 3, 0.5).unwrap();
        let bytes = workbook.save_to_buffer().unwrap();
        let mut checker = Checker::new(&plan, NaiveDate::from_ymd_opt(2025, 9, 30));
        checker.add_sheet("t.xlsx", "t", &bytes);
        let checked = checker.finish(&Scope::Sheets);
        assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
        assert_eq!(
            figure(&checked, 1, 0),
            Some(Figure::Percent(Milli::whole(80)))
        );
        // On a task with a target, a number is a quantity, however small.
        assert_eq!(figure(&checked, 0, 0), Some(Figure::Quantity(Milli(500))));
    }
}
