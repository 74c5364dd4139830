//! plan.yaml as `bulletin init` writes it: from an office's task list (or an example), every
//! key explained in Chinese where it first appears, every value written so the plan reads back
//! as it was meant (quoted only where YAML would misread it).

use chrono::Datelike;

use crate::load::tasklist::{DraftDeadline, DraftTask, Named, TaskList};

/// What init knows when it writes the plan.
pub struct Draft<'a> {
    pub list: &'a TaskList,
    /// The file the list came from; `None` for the example plan.
    pub source: Option<&'a str>,
    /// The collective noun for the towns (`乡镇`).
    pub label: &'a str,
    /// The list says `各乡镇` but the towns are only those it happens to name (no `--towns`).
    pub towns_named_only: bool,
}

/// plan.yaml, and where in it each task's deadline and units were written.
pub struct Written {
    pub text: String,
    /// For each task: the list's row, the line of its `deadline:` and of its `assigned:`.
    pub lines: Vec<TaskLines>,
}

/// Where a task of the list went in plan.yaml.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskLines {
    pub row: u64,
    pub deadline: u64,
    pub assigned: u64,
}

/// The whole plan.yaml.
pub fn plan_yaml(draft: &Draft) -> Written {
    let list = draft.list;
    let mut out = String::new();
    let year = example_year(list);
    push_head(&mut out, draft);
    push_document(&mut out, list);
    push_bulletin(&mut out, list, draft.label);
    push_sheets(&mut out);
    push_pace(&mut out);
    push_units(&mut out, draft);
    let lines = push_categories(&mut out, draft, year);
    Written { text: out, lines }
}

/// The number of the line about to be written.
fn next_line(out: &str) -> u64 {
    out.matches('\n').count() as u64 + 1
}

/// The year the plan's examples use: its first deadline's.
fn example_year(list: &TaskList) -> i32 {
    list.categories
        .iter()
        .flat_map(|c| &c.tasks)
        .find_map(|task| match &task.deadline {
            DraftDeadline::Known(deadline) => Some(deadline.end.year()),
            DraftDeadline::Missing(_) => None,
        })
        .unwrap_or(2025)
}

fn push_head(out: &mut String, draft: &Draft) {
    let made = match draft.source {
        Some(source) => format!("由 bulletin init 根据 {source} 生成，请核对"),
        None => "由 bulletin init 生成的示例，请改为本单位的任务".to_string(),
    };
    out.push_str(&format!(
        "\
# 工作任务清单（bulletin 用它生成报表和通报）：{made}。
# 改完后运行 bulletin validate plan.yaml 检查；每个键的含义和默认值另见 bulletin 源代码中的 docs/PLAN.md。
# 写法：键名后是英文冒号加一个空格；缩进只用空格，同一级对齐；
#       列表写成 [城关镇, 西河镇]（英文逗号）；# 后面是说明，不影响内容。

"
    ));
}

fn push_document(out: &mut String, list: &TaskList) {
    let title = list.title.as_deref().unwrap_or("");
    out.push_str("plan:                    # 任务来自的文件\n");
    out.push_str(&format!("  title: {}\n", scalar(title)));
    out.push_str("  number: \"\"             # 文号，如 城安委〔2025〕3号\n");
    out.push_str("  issued: \"\"             # 印发日期，如 2025-03-31\n\n");
}

fn push_bulletin(out: &mut String, list: &TaskList, label: &str) {
    let subject = list
        .title
        .as_deref()
        .map(subject_of)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "重点工作任务".to_string());
    let preamble = match &list.title {
        Some(title) => {
            format!("《{title}》印发以来，各单位认真抓好落实。现将工作推进情况通报如下：")
        }
        None => "现将重点工作任务推进情况通报如下：".to_string(),
    };
    let addressees = if list.departments.is_empty() {
        format!("各{label}")
    } else {
        format!("各{label}，各有关单位")
    };
    out.push_str("bulletin:                # 每期通报的固定内容（某一期可在其 period.yaml 的 bulletin 下改）\n");
    out.push_str(
        "  issuer: \"\"             # 发文单位，印在通报末尾，如 城关县安全生产委员会办公室\n",
    );
    out.push_str(&format!(
        "  title: {}\n",
        scalar(&format!("关于{subject}推进情况的通报"))
    ));
    out.push_str(&format!(
        "  addressees: {}     # 主送单位\n",
        scalar(&addressees)
    ));
    out.push_str(&format!("  preamble: {}\n\n", scalar(&preamble)));
}

/// `城关县2025年安全生产重点工作任务清单` → `城关县2025年安全生产重点工作`.
fn subject_of(title: &str) -> String {
    let mut subject = title.trim().to_string();
    for ending in [
        "任务清单",
        "任务分解表",
        "任务分工表",
        "工作清单",
        "责任清单",
        "清单",
        "分解表",
        "分工表",
        "台账",
        "分工方案",
        "责任分工",
        "一览表",
        "表",
    ] {
        if let Some(rest) = subject.strip_suffix(ending) {
            subject = rest.to_string();
            break;
        }
    }
    subject.trim_end_matches('的').to_string()
}

fn push_sheets(out: &mut String) {
    out.push_str("sheets:                  # 下发给各单位的报表上印的内容（可不填）\n");
    out.push_str("  due: \"\"                # 报送时限，如 每月25日前\n");
    out.push_str(
        "  contact: \"\"            # 联系人和电话，如 县应急管理局 李明 0551-1234567\n\n",
    );
}

/// The pace keys, commented out: a plan with quantity targets judges them against the calendar.
fn push_pace(out: &mut String) {
    out.push_str(
        "# 序时进度（可不写）：有数量目标或填报进度的任务，按时间进度判断各单位是否滞后\n",
    );
    out.push_str("# pace: {start: 2025-01-01, serious: 20}   # 序时进度的起算日期；落后多少个百分点算严重滞后\n");
    out.push_str("# ranking: progress                        # 按各单位的平均完成率排名\n\n");
}

fn push_units(out: &mut String, draft: &Draft) {
    let (list, label) = (draft.list, draft.label);
    out.push_str("units:                   # 报送单位：报表、通报和附件都按这里的顺序排列，请按本地惯例调整\n");
    out.push_str(&format!(
        "  label: {}              # 通报中“6个{label}”的称呼\n",
        scalar(label)
    ));
    if list.towns.is_empty() {
        out.push_str(&format!(
            "  # ↓ 任务清单只写了“各{label}”，没有列出是哪些：请列出全部{label}，如 [城关镇, 西河镇]\n"
        ));
    } else if draft.towns_named_only {
        out.push_str(&format!(
            "  # ↓ 任务清单写的是“各{label}”，这里只有清单中提到的{}个{label}：请补全全部{label}；报表只发给列出的单位，“各{label}均已完成”也只算列出的\n",
            list.towns.len()
        ));
    }
    out.push_str(&format!(
        "  towns: {}      # 各{label}\n",
        flow(&list.towns)
    ));
    out.push_str(&format!(
        "  departments: {}      # 部门\n\n",
        flow(&list.departments)
    ));
}

fn push_categories(out: &mut String, draft: &Draft, year: i32) -> Vec<TaskLines> {
    out.push_str("categories:               # 任务按类别排列；通报第二部分按类别逐项写\n");
    let mut lines = Vec::new();
    let mut first = true;
    for category in &draft.list.categories {
        let title = if category.title.is_empty() {
            "重点工作任务"
        } else {
            &category.title
        };
        out.push_str(&format!("  - title: {}\n", scalar(title)));
        out.push_str("    tasks:\n");
        for task in &category.tasks {
            lines.push(push_task(out, task, draft, first, year));
            first = false;
        }
    }
    lines
}

fn push_task(
    out: &mut String,
    task: &DraftTask,
    draft: &Draft,
    first: bool,
    year: i32,
) -> TaskLines {
    let explain = |text: &str| {
        if first {
            format!("   # {text}")
        } else {
            String::new()
        }
    };
    let from = draft
        .source
        .map(|s| format!("{s} 第{}行的", task.row))
        .unwrap_or_default();
    let label = draft.label;
    out.push_str(&format!(
        "      - id: {}{}\n",
        task.id,
        explain("任务序号：通报中的“第N项”")
    ));
    out.push_str(&format!("        text: {}\n", scalar(&task.text)));
    let deadline_line;
    match &task.deadline {
        DraftDeadline::Known(deadline) => {
            deadline_line = next_line(out);
            out.push_str(&format!(
                "        deadline: {}{}\n",
                deadline.plan_form(),
                explain(&format!(
                    "完成时限：{year}-06 即6月底前，也可写 {year}-06-30 或 {year}年6月"
                ))
            ));
        }
        DraftDeadline::Missing(written) => {
            let why = if written.is_empty() {
                "完成时限为空".to_string()
            } else {
                format!("完成时限“{written}”不是带年份的日期")
            };
            out.push_str(&format!(
                "        # ↓ {from}{why}，请改为具体日期，如 {year}-12（12月底前）\n"
            ));
            deadline_line = next_line(out);
            out.push_str(&format!("        deadline: {}\n", scalar(written)));
        }
    }
    if task.units.is_empty() {
        out.push_str(&format!(
            "        # ↓ {from}责任单位为空，请写上，如 [县应急管理局] 或 towns（各{label}）\n"
        ));
    }
    let assigned_line = next_line(out);
    out.push_str(&format!(
        "        assigned: {}{}\n",
        assigned(&task.units),
        explain(&format!(
            "责任单位：towns 即各{label}，departments 即各部门，或列出单位，如 [县应急管理局, 城关镇]"
        ))
    ));
    if let Some(lead) = &task.lead {
        out.push_str(&format!(
            "        lead: {}{}\n",
            scalar(lead),
            explain("牵头单位，任务清单写的是“牵头”")
        ));
    }
    if first {
        out.push_str("        # wording: {done: 已完成, in_progress: 正在推进, not_started: 尚未完成}   # 通报描述各单位时的说法，可不写；不写 in_progress 时，推进中的单位也说成 not_started 的说法（尚未完成）\n");
        out.push_str("        # target: 100    # 每个单位的目标任务量（有数量的任务才写）；targets: {城关镇: 120} 可逐个单位写\n");
        out.push_str("        # measure: 套    # 目标和进度的计量单位\n");
        out.push_str("        # lead: 县住建局  # 牵头单位（也可写在类别下）\n");
    }
    TaskLines {
        row: task.row,
        deadline: deadline_line,
        assigned: assigned_line,
    }
}

/// A task's `assigned:` value.
fn assigned(units: &[Named]) -> String {
    let names: Vec<String> = units
        .iter()
        .map(|named| match named {
            Named::EveryTown(_) => "towns".to_string(),
            Named::EveryDepartment => "departments".to_string(),
            Named::Unit(name) => name.clone(),
        })
        .fold(Vec::new(), |mut kept, name| {
            if !kept.contains(&name) {
                kept.push(name);
            }
            kept
        });
    match names.as_slice() {
        [only] if only == "towns" || only == "departments" => only.clone(),
        _ => flow(&names),
    }
}

/// A list in flow style: `[城关镇, 西河镇]`.
fn flow(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|item| flow_scalar(item)).collect();
    format!("[{}]", items.join(", "))
}

/// A value as a plain YAML scalar where that reads back as the same text, else double-quoted.
pub fn scalar(text: &str) -> String {
    if is_plain(text, false) {
        text.to_string()
    } else {
        quoted(text)
    }
}

fn flow_scalar(text: &str) -> String {
    if is_plain(text, true) {
        text.to_string()
    } else {
        quoted(text)
    }
}

fn is_plain(text: &str, in_flow: bool) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    let looks_like_other_type = matches!(
        text.to_lowercase().as_str(),
        "null" | "~" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
    ) || text.parse::<f64>().is_ok();
    !looks_like_other_type
        && !"-?:,[]{}#&*!|>'\"%@`".contains(first)
        && !first.is_whitespace()
        && !text.ends_with(char::is_whitespace)
        && !text.ends_with(':')
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.chars().any(char::is_control)
        && !(in_flow && text.contains([',', '[', ']', '{', '}']))
}

fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_quoted_only_where_yaml_would_misread_them() {
        assert_eq!(
            scalar("建立乡镇应急管理委员会。"),
            "建立乡镇应急管理委员会。"
        );
        assert_eq!(scalar("目标: 完成"), "\"目标: 完成\"");
        assert_eq!(scalar("#1 任务"), "\"#1 任务\"");
        assert_eq!(scalar("2025"), "\"2025\"");
        assert_eq!(scalar("true"), "\"true\"");
        assert_eq!(scalar(""), "\"\"");
        assert_eq!(scalar("他说\"好\""), "他说\"好\"");
        assert_eq!(
            flow(&["甲, 乙".to_string(), "丙".to_string()]),
            "[\"甲, 乙\", 丙]"
        );
    }

    #[test]
    fn the_subject_of_a_title_drops_the_word_for_a_list() {
        assert_eq!(
            subject_of("城关县2025年安全生产重点工作任务清单"),
            "城关县2025年安全生产重点工作"
        );
        assert_eq!(subject_of("重点任务分解表"), "重点");
    }
}
