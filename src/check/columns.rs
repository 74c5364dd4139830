//! A sheet's header: which column holds which field, in Chinese or English, in any order.

use crate::diagnostic::{Code, Diagnostic};

/// The fields a status sheet may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Unit,
    Task,
    Status,
    Date,
    Note,
    /// 任务内容: written by `bulletin sheets` for context; read and ignored.
    Title,
    /// 完成时限: written by `bulletin sheets` for context; read and ignored.
    Deadline,
    /// 进度: the quantity reached, or a percentage (序时进度 tasks).
    Progress,
    /// 目标: the unit's target, written by `bulletin sheets` for context; read and ignored.
    Target,
    /// 备注: a second note, read after 说明 (joined with it when both have text).
    Remark,
    /// 序号: a row's number on a unit's own form; read as the task id when the sheet has no
    /// 任务 column (with a warning), else context.
    Number,
}

impl Field {
    /// The field's Chinese header, as messages name it.
    pub fn label(self) -> &'static str {
        match self {
            Field::Unit => "单位",
            Field::Task => "任务",
            Field::Status => "状态",
            Field::Date => "完成日期",
            Field::Note => "说明",
            Field::Title => "任务内容",
            Field::Deadline => "完成时限",
            Field::Progress => "进度",
            Field::Target => "目标",
            Field::Remark => "备注",
            Field::Number => "序号",
        }
    }

    /// The header names read as this field (compared after trimming, in lower case).
    fn names(self) -> &'static [&'static str] {
        match self {
            Field::Unit => &["单位", "unit", "单位名称"],
            Field::Task => &["任务", "task", "任务编号", "任务序号"],
            // 完成情况 is a unit's own form's 状态; beside a 状态 column it is read as a note.
            Field::Status => &["状态", "status", "完成状态", WEAK_STATUS],
            Field::Date => &["完成日期", "date", "完成时间"],
            Field::Note => &[
                "说明",
                "note",
                "情况说明",
                "进展情况",
                "工作进展",
                "进展说明",
            ],
            Field::Title => &[
                "任务内容",
                "title",
                "工作任务",
                "任务名称",
                "工作内容",
                "重点任务",
            ],
            Field::Deadline => &["完成时限", "deadline"],
            Field::Progress => &["进度", "progress", "完成量", "完成进度", "完成数量"],
            Field::Target => &["目标", "target", "目标任务", "目标任务量"],
            Field::Remark => &["备注", "remark", "remarks"],
            Field::Number => &["序号", "no.", "no"],
        }
    }

    const ALL: [Field; 11] = [
        Field::Unit,
        Field::Task,
        Field::Status,
        Field::Date,
        Field::Note,
        Field::Title,
        Field::Deadline,
        Field::Progress,
        Field::Target,
        Field::Remark,
        Field::Number,
    ];

    /// The field a header cell names, if any.
    pub fn from_header(text: &str) -> Option<Field> {
        let key = header_key(text);
        Field::ALL
            .into_iter()
            .find(|field| field.names().contains(&key.as_str()))
    }
}

/// 完成情况: the 状态 of a unit's own form, or a note beside a 状态 column.
const WEAK_STATUS: &str = "完成情况";

/// A header cell as it is compared: without spaces and the `*` of a required column, in lower
/// case.
fn header_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect::<String>()
        .to_lowercase()
}

/// Whether a row is a status sheet's header: it names at least two of the fields (a title or a
/// 填报说明 row names none).
pub fn is_header(cells: &[String]) -> bool {
    let mut named: Vec<Field> = Vec::new();
    for cell in cells {
        if let Some(field) = Field::from_header(cell)
            && !named.contains(&field)
        {
            named.push(field);
            if named.len() >= 2 {
                return true;
            }
        }
    }
    false
}

/// Where each field is: 0-based column indices.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns {
    /// `None` when the sheet has no 单位 column and every row is the unit its file is named
    /// after.
    pub unit: Option<usize>,
    pub task: usize,
    pub status: usize,
    pub date: Option<usize>,
    /// The columns read into a row's note, in the sheet's order: 说明 (or 进展情况), 备注, and
    /// 完成情况 when a 状态 column stands beside it.
    pub notes: Vec<usize>,
    pub progress: Option<usize>,
    /// 任务内容 or 工作任务: the task's text, as context.
    pub title: Option<usize>,
    /// Whether the task ids are read from a 序号 column (the sheet has no 任务 column).
    pub task_by_number: bool,
    /// How many columns the header has (trailing empty header cells not counted).
    pub width: usize,
}

impl Columns {
    /// The column (0-based) of a field, if the sheet has it (for 说明, the first note column).
    pub fn of(&self, field: Field) -> Option<usize> {
        match field {
            Field::Unit => self.unit,
            Field::Task => Some(self.task),
            Field::Status => Some(self.status),
            Field::Date => self.date,
            Field::Note => self.notes.first().copied(),
            Field::Progress => self.progress,
            Field::Title | Field::Deadline | Field::Target | Field::Remark | Field::Number => None,
        }
    }
}

/// Findings a header would have made past the room given: counted, not made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Unlisted {
    pub errors: usize,
    pub warnings: usize,
}

/// Reads the header. `None` when a required column is missing (the sheet cannot be read).
/// `file_unit` is the unit the file is named after, if any: a sheet without a 单位 column is
/// then read as that unit's, with a warning. At most `room` findings are made; how many more
/// there were is returned with the columns, so a header of a million unknown columns costs no
/// more than one of a few.
pub fn read_header(
    path: &str,
    header_row: u64,
    header: &[String],
    file_unit: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
    room: usize,
) -> (Option<Columns>, Unlisted) {
    let first = diagnostics.len();
    let mut unlisted = Unlisted::default();
    let full = |diagnostics: &Vec<Diagnostic>| diagnostics.len() - first >= room;
    let mut found: Vec<(Field, usize)> = Vec::new();
    // 完成情况: the 状态 when there is no 状态 column, else a note.
    let mut weak_status: Option<usize> = None;
    let width = header
        .iter()
        .rposition(|name| !name.trim().is_empty())
        .map_or(0, |last| last + 1);
    for (index, name) in header.iter().enumerate().take(width) {
        let column = index as u64 + 1;
        let name = name.trim();
        if name.is_empty() {
            continue;
        }
        match Field::from_header(name) {
            Some(Field::Status) if header_key(name) == WEAK_STATUS && weak_status.is_none() => {
                weak_status = Some(index);
            }
            Some(field) => {
                if let Some(&(_, first)) = found.iter().find(|(f, _)| *f == field) {
                    if full(diagnostics) {
                        unlisted.errors += 1;
                        continue;
                    }
                    let message = format!(
                        "表头“{name}”与第{}列重复（都是“{}”），请删去多余的一列",
                        first + 1,
                        field.label()
                    );
                    diagnostics.push(
                        Diagnostic::error(path, Code::DuplicateColumn, message)
                            .at(header_row, Some(column))
                            .field(name),
                    );
                } else {
                    found.push((field, index));
                }
            }
            None => {
                if full(diagnostics) {
                    unlisted.warnings += 1;
                    continue;
                }
                let message = format!(
                    "表头“{name}”不是本表的列，这一列的内容不会被读取；可用的列：单位、任务、状态、完成日期、说明、进度"
                );
                diagnostics.push(
                    Diagnostic::warning(path, Code::UnknownColumn, message)
                        .at(header_row, Some(column))
                        .field(name),
                );
            }
        }
    }
    let position = |field: Field| {
        found
            .iter()
            .find(|(f, _)| *f == field)
            .map(|&(_, index)| index)
    };
    let unit = position(Field::Unit);
    let number = position(Field::Number);
    let task = position(Field::Task).or(number);
    let status = position(Field::Status).or(weak_status);
    let mut missing = Vec::new();
    if unit.is_none() && file_unit.is_none() {
        missing.push(Field::Unit.label());
    }
    if task.is_none() {
        missing.push(Field::Task.label());
    }
    if status.is_none() {
        missing.push(Field::Status.label());
    }
    let (Some(task), Some(status), true) = (task, status, missing.is_empty()) else {
        // A unit's own sheet without a 单位 column can be read when named after the unit.
        let by_name = if missing.contains(&Field::Unit.label()) {
            "；只有一个单位的表也可以不要“单位”列，但文件名要是这个单位的名称（如 城关镇.xlsx）"
        } else {
            ""
        };
        let message = format!(
            "缺少“{}”列：表头（第{header_row}行）必须有 单位、任务、状态 三列（也可写 unit、task、status），完成日期、说明 按需填写{by_name}",
            missing.join("”“")
        );
        diagnostics
            .push(Diagnostic::error(path, Code::MissingColumn, message).at(header_row, None));
        return (None, unlisted);
    };
    if let (None, Some(name)) = (unit, file_unit) {
        let message = format!(
            "表头（第{header_row}行）没有“单位”列，按文件名把各行都读作{name}的填报；如果表中有其他单位的行，请加上“单位”列"
        );
        diagnostics
            .push(Diagnostic::warning(path, Code::GuessedColumn, message).at(header_row, None));
    }
    if position(Field::Task).is_none() {
        let name = header.get(task).map_or("", |name| name.trim());
        let message = format!(
            "表头没有“任务”列，“{name}”列按任务编号读取；请核对其中的编号与计划的任务编号一致，以后请用下发的报表（有“任务”列）"
        );
        diagnostics.push(
            Diagnostic::warning(path, Code::GuessedColumn, message)
                .at(header_row, Some(task as u64 + 1))
                .field(name),
        );
    }
    let mut notes: Vec<usize> = [position(Field::Note), position(Field::Remark)]
        .into_iter()
        .flatten()
        .collect();
    if let Some(weak) = weak_status.filter(|&weak| weak != status) {
        notes.push(weak);
    }
    notes.sort_unstable();
    let columns = Columns {
        unit,
        task,
        status,
        date: position(Field::Date),
        notes,
        progress: position(Field::Progress),
        title: position(Field::Title),
        task_by_number: position(Field::Task).is_none(),
        width,
    };
    (Some(columns), unlisted)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> (Option<Columns>, Vec<Diagnostic>) {
        let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        let mut diagnostics = Vec::new();
        let (columns, unlisted) = read_header("t.csv", 1, &names, None, &mut diagnostics, 200);
        assert_eq!(unlisted, Unlisted::default());
        (columns, diagnostics)
    }

    #[test]
    fn findings_past_the_room_are_only_counted() {
        let mut names: Vec<String> = vec!["单位".into(), "任务".into(), "状态".into()];
        names.extend((0..1000).map(|n| format!("列{n}")));
        let mut diagnostics = Vec::new();
        let (columns, unlisted) = read_header("t.csv", 1, &names, None, &mut diagnostics, 5);
        assert!(columns.is_some());
        assert_eq!((diagnostics.len(), unlisted.warnings), (5, 995));
        assert_eq!(diagnostics[4].column, Some(8));
    }

    #[test]
    fn english_headers_in_any_order_are_read() {
        let (columns, diagnostics) = header(&["Status", "note", "TASK", "unit", "date"]);
        assert!(diagnostics.is_empty());
        let columns = columns.unwrap();
        assert_eq!(
            (
                columns.unit,
                columns.task,
                columns.status,
                columns.date,
                columns.notes
            ),
            (Some(3), 2, 0, Some(4), vec![1])
        );
    }

    #[test]
    fn a_missing_required_column_is_named() {
        let (columns, diagnostics) = header(&["单位", "说明"]);
        assert!(columns.is_none());
        assert_eq!(diagnostics[0].code, Code::MissingColumn);
        assert!(
            diagnostics[0].message.contains("“任务”“状态”"),
            "{}",
            diagnostics[0].message
        );
    }

    #[test]
    fn duplicate_and_unknown_columns_are_reported_at_their_column() {
        let (columns, diagnostics) = header(&["单位", "任务", "状态", "status", "负责人"]);
        assert!(columns.is_some());
        let codes: Vec<_> = diagnostics.iter().map(|d| (d.code, d.column)).collect();
        assert_eq!(
            codes,
            [
                (Code::DuplicateColumn, Some(4)),
                (Code::UnknownColumn, Some(5))
            ]
        );
    }
}
