//! Findings about the user's files: each one a value with its place, a stable code and a
//! Chinese message that says how to fix it. Collected, sorted and printed once.

use std::fmt;

use serde::Serialize;

/// How bad a finding is: errors stop `generate`, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        }
    }
}

/// The stable codes of the contract (kebab-case in every output).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    Encoding,
    EmptyFile,
    MissingColumn,
    DuplicateColumn,
    UnknownColumn,
    BlankRow,
    ExtraCell,
    MissingCell,
    UnknownUnit,
    UnitAlias,
    UnknownTask,
    NotAssigned,
    InvalidStatus,
    MissingDate,
    InvalidDate,
    FutureDate,
    DateNotDone,
    DuplicateRow,
    ConflictingRows,
    MissingReport,
    /// A unit sent a sheet but left some of its tasks out.
    MissingRow,
    UnitMismatch,
    /// A file in a period folder that is not a sheet (not .csv/.xlsx/.xls).
    UnknownFile,
    /// A sheet or cell over the size limits.
    TooLarge,
    /// An .xlsx that cannot be opened as a workbook.
    UnreadableSheet,
    /// The header pasted again among the rows.
    RepeatedHeader,
    /// A quote opened in a CSV and never closed.
    UnbalancedQuote,
    /// A sheet with so many faults that only the first are listed.
    TooManyFindings,
    /// Content far below a sheet's table, after a long run of blank rows: not read.
    StrayCell,
    /// The period has no as_of date, so date checks could not be made.
    MissingAsOf,
    PlanSyntax,
    PlanUnknownKey,
    DuplicateTask,
    DuplicateUnit,
    InvalidDeadline,
    UnknownAssignee,
    /// A plan value that breaks a rule other than the above (e.g. a task with no unit).
    PlanInvalid,
    /// period.yaml cannot be read as a period.
    PeriodSyntax,
    /// What `bulletin init` guessed reading a task list (a warning: check it in the plan).
    Guessed,
    /// A target the plan gives wrong: an unknown or unassigned unit, no measure, not a number.
    InvalidTarget,
    /// A start of the pace clock that is no date or comes after a deadline.
    InvalidStart,
    /// A 进度 figure that is negative or cannot be read.
    InvalidProgress,
    /// A figure that reaches the target (or 100%) on a row not marked done.
    ProgressReached,
    /// A row marked done with a figure below its target.
    ProgressShort,
    /// A unit in progress on a task with figures that wrote none (counted as 0).
    MissingProgress,
    /// A percentage on a task where the unit has a target: read as that share of the target.
    ProgressPercent,
    /// A status written another way (基本完成, 进行中, 未启动): read, with a warning.
    StatusAlias,
    /// A task id written another way (第五项, 五, 3、, （3）, 3.0): read, with a warning.
    TaskAlias,
    /// Characters that show as nothing or a space (zero-width, NBSP, U+3000), dropped.
    InvisibleChar,
    /// A unit whose rows came in two sheets: one finding naming both files.
    DuplicateSheet,
    /// The header found below rows that are neither it nor a title (a 填报说明): they are skipped.
    HeaderRow,
    /// A cell merged down several rows, read in each of them.
    MergedCell,
    /// Which worksheet of a workbook was read, when another also holds a table.
    SheetChoice,
    /// A CSV's columns separated by another character than its name says (a semicolon, a tab).
    Delimiter,
    /// A file whose name says one format and whose content is another (a CSV named .xlsx).
    WrongExtension,
    /// A formula cell without the result Excel keeps beside it: the file was never opened.
    FormulaWithoutValue,
    /// A workbook that cannot be read without its password.
    PasswordProtected,
    /// A completion date without its year (`6月3日`, `6/3`): read in the period's year.
    DateWithoutYear,
    /// A bulletin without its issuer (发文单位): it would end with no 落款.
    MissingIssuer,
    /// A 发文字号 not written as GB/T 9704 writes it (the year in 〔〕, no 第, no leading zeros).
    NumberForm,
    /// A column a sheet lacks, guessed: no 单位 column in a file named after a unit (every row
    /// is that unit's), no 任务 column beside a 序号 (read as the task id).
    GuessedColumn,
    /// A signature line under the table (填报人：…, 审核人：…, 联系电话：…): passed over.
    FooterRow,
    /// A title above the header says 截至 a day that is not the period's as_of (last month's
    /// form in this month's folder).
    TitleDate,
    /// `generate --previous`: a unit that went back since the previous period (done → not
    /// done): likely a slip in a sheet.
    WentBack,
    /// `generate --previous`: a unit done in both periods with another completion date.
    DateMoved,
}

impl Code {
    /// The code as users and scripts see it.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Encoding => "encoding",
            Code::EmptyFile => "empty-file",
            Code::MissingColumn => "missing-column",
            Code::DuplicateColumn => "duplicate-column",
            Code::UnknownColumn => "unknown-column",
            Code::BlankRow => "blank-row",
            Code::ExtraCell => "extra-cell",
            Code::MissingCell => "missing-cell",
            Code::UnknownUnit => "unknown-unit",
            Code::UnitAlias => "unit-alias",
            Code::UnknownTask => "unknown-task",
            Code::NotAssigned => "not-assigned",
            Code::InvalidStatus => "invalid-status",
            Code::MissingDate => "missing-date",
            Code::InvalidDate => "invalid-date",
            Code::FutureDate => "future-date",
            Code::DateNotDone => "date-not-done",
            Code::DuplicateRow => "duplicate-row",
            Code::ConflictingRows => "conflicting-rows",
            Code::MissingReport => "missing-report",
            Code::MissingRow => "missing-row",
            Code::UnitMismatch => "unit-mismatch",
            Code::UnknownFile => "unknown-file",
            Code::TooLarge => "too-large",
            Code::UnreadableSheet => "unreadable-sheet",
            Code::RepeatedHeader => "repeated-header",
            Code::UnbalancedQuote => "unbalanced-quote",
            Code::TooManyFindings => "too-many-findings",
            Code::StrayCell => "stray-cell",
            Code::MissingAsOf => "missing-as-of",
            Code::PlanSyntax => "plan-syntax",
            Code::PlanUnknownKey => "plan-unknown-key",
            Code::DuplicateTask => "duplicate-task",
            Code::DuplicateUnit => "duplicate-unit",
            Code::InvalidDeadline => "invalid-deadline",
            Code::UnknownAssignee => "unknown-assignee",
            Code::PlanInvalid => "plan-invalid",
            Code::PeriodSyntax => "period-syntax",
            Code::Guessed => "guessed",
            Code::InvalidTarget => "invalid-target",
            Code::InvalidStart => "invalid-start",
            Code::InvalidProgress => "invalid-progress",
            Code::ProgressReached => "progress-reached",
            Code::ProgressShort => "progress-short",
            Code::MissingProgress => "missing-progress",
            Code::ProgressPercent => "progress-percent",
            Code::StatusAlias => "status-alias",
            Code::TaskAlias => "task-alias",
            Code::InvisibleChar => "invisible-char",
            Code::DuplicateSheet => "duplicate-sheet",
            Code::HeaderRow => "header-row",
            Code::MergedCell => "merged-cell",
            Code::SheetChoice => "sheet-choice",
            Code::Delimiter => "delimiter",
            Code::WrongExtension => "wrong-extension",
            Code::FormulaWithoutValue => "formula-without-value",
            Code::PasswordProtected => "password-protected",
            Code::DateWithoutYear => "date-without-year",
            Code::MissingIssuer => "missing-issuer",
            Code::NumberForm => "number-form",
            Code::GuessedColumn => "guessed-column",
            Code::FooterRow => "footer-row",
            Code::TitleDate => "title-date",
            Code::WentBack => "went-back",
            Code::DateMoved => "date-moved",
        }
    }
}

/// One finding, at a place in a file. Rows are numbered as Excel shows them (header = 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub path: String,
    pub row: Option<u64>,
    pub column: Option<u64>,
    pub field: Option<String>,
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// The unit a finding is about when its place does not say (a unit that sent nothing);
    /// used to address feedback, not printed.
    #[serde(skip)]
    pub unit: Option<String>,
    /// What the unit's feedback letter says of a finding about several of its sheets (two
    /// sheets of one unit), in its own words, at the head of the letter; not printed.
    #[serde(skip)]
    pub letter: Option<String>,
    /// The same warning found on several rows, which the message names (`第2–12行`): the runs
    /// of rows it stands for, first to last (`row` is the first). Empty for one row.
    #[serde(skip)]
    pub spans: Vec<(u64, u64)>,
}

impl Diagnostic {
    /// An error in `path` with no finer place yet.
    pub fn error(path: impl Into<String>, code: Code, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            row: None,
            column: None,
            field: None,
            code,
            severity: Severity::Error,
            message: message.into(),
            unit: None,
            letter: None,
            spans: Vec::new(),
        }
    }

    /// A warning in `path` with no finer place yet.
    pub fn warning(path: impl Into<String>, code: Code, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(path, code, message)
        }
    }

    /// The same finding at a row (and column, when known).
    pub fn at(mut self, row: u64, column: Option<u64>) -> Self {
        self.row = Some(row);
        self.column = column;
        self
    }

    /// The same finding naming the field (the column's header as the sheet wrote it).
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Whether the finding is about `row`: its own, or one of the rows it stands for.
    pub fn covers(&self, row: u64) -> bool {
        self.row == Some(row)
            || self
                .spans
                .iter()
                .any(|&(first, last)| (first..=last).contains(&row))
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(row) = self.row {
            write!(f, ":{row}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(
            f,
            ": {}[{}] {}",
            self.severity.label(),
            self.code.as_str(),
            self.message
        )
    }
}

/// Sorts findings by file, row, column (findings without a row first), then code.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.row, a.column, a.code, &a.message)
            .cmp(&(&b.path, b.row, b.column, b.code, &b.message))
    });
}

/// Whether any finding is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagnostic_prints_in_the_contracts_form() {
        let d = Diagnostic::error(
            "data/periods/2021-05/五乡.csv",
            Code::InvalidStatus,
            "状态“基本完成”无法识别，应为：已完成、推进中、未开始",
        )
        .at(7, Some(3));
        assert_eq!(
            d.to_string(),
            "data/periods/2021-05/五乡.csv:7:3: 错误[invalid-status] 状态“基本完成”无法识别，应为：已完成、推进中、未开始"
        );
    }

    #[test]
    fn codes_are_kebab_case() {
        assert_eq!(Code::PlanUnknownKey.as_str(), "plan-unknown-key");
        assert_eq!(Code::DateNotDone.as_str(), "date-not-done");
    }
}
