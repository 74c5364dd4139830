//! Feedback for the units: one short Chinese report per sheet, addressed to the unit that sent
//! it, saying what is wrong in which row and how to fix it, so the clerk can send it back as is.

use std::path::Path;

use crate::diagnostic::{Code, Diagnostic, Severity};

/// One feedback file: its name and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feedback {
    pub file_name: String,
    pub text: String,
}

/// A report for every sheet in `sheet_paths` and for every unit that sent nothing.
/// `date` is the period's date as the bulletin writes it, if known.
pub fn feedback(
    sheet_paths: &[String],
    diagnostics: &[Diagnostic],
    date: Option<&str>,
) -> Vec<Feedback> {
    let closing = date.map_or_else(String::new, |date| {
        format!("\n（本期统计截止日期：{date}）\n")
    });
    let mut reports = Vec::new();
    for path in sheet_paths {
        let file = Path::new(path);
        let stem = file
            .file_stem()
            .map_or_else(|| path.clone(), |s| s.to_string_lossy().into_owned());
        let name = file
            .file_name()
            .map_or_else(|| path.clone(), |s| s.to_string_lossy().into_owned());
        let own: Vec<&Diagnostic> = diagnostics.iter().filter(|d| &d.path == path).collect();
        let errors: Vec<&&Diagnostic> = own
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        let warnings: Vec<&&Diagnostic> = own
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .collect();
        let mut text = format!("{stem}：\n\n");
        if errors.is_empty() {
            text.push_str(&format!("你单位报送的《{name}》经检查，可以汇总，谢谢。\n"));
        } else {
            text.push_str(&format!(
                "你单位报送的《{name}》经检查有以下{}处问题，请改正后重新报送：\n\n",
                errors.len()
            ));
            for (index, diagnostic) in errors.iter().enumerate() {
                text.push_str(&format!("{}. {}\n", index + 1, line(diagnostic)));
            }
        }
        if !warnings.is_empty() {
            text.push_str(&format!(
                "\n另有{}处提示（不影响汇总，请留意）：\n\n",
                warnings.len()
            ));
            for (index, diagnostic) in warnings.iter().enumerate() {
                text.push_str(&format!("{}. {}\n", index + 1, line(diagnostic)));
            }
        }
        text.push_str(&closing);
        reports.push(Feedback {
            file_name: format!("{stem}-反馈.txt"),
            text,
        });
    }
    for diagnostic in diagnostics.iter().filter(|d| d.code == Code::MissingReport) {
        let Some(unit) = &diagnostic.unit else {
            continue;
        };
        let text = format!(
            "{unit}：\n\n你单位尚未报送本期工作推进情况表。{}\n{closing}",
            diagnostic.message
        );
        reports.push(Feedback {
            file_name: format!("{unit}-反馈.txt"),
            text,
        });
    }
    reports
}

/// "第7行“状态”：…" — the place as a clerk finds it in Excel, then the message.
fn line(diagnostic: &Diagnostic) -> String {
    let place = match (diagnostic.row, &diagnostic.field) {
        (Some(row), Some(field)) => format!("第{row}行“{field}”："),
        (Some(row), None) => format!("第{row}行："),
        (None, _) => String::new(),
    };
    format!("{place}{}", diagnostic.message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sheet_with_faults_gets_a_numbered_list_of_what_to_fix() {
        let diagnostics = vec![
            Diagnostic::error(
                "p/东湖.csv",
                Code::InvalidStatus,
                "状态“完成了”无法识别，应为：已完成、推进中、未开始",
            )
            .at(7, Some(3))
            .field("状态"),
            Diagnostic::warning(
                "p/东湖.csv",
                Code::BlankRow,
                "空行，已跳过；如无内容可删除这一行",
            )
            .at(9, None),
            Diagnostic::error("p/西岭.csv", Code::MissingDate, "x").at(2, Some(4)),
        ];
        let reports = feedback(&["p/东湖.csv".into()], &diagnostics, Some("2021年5月24日"));
        assert_eq!(reports.len(), 1);
        assert_eq!(reports[0].file_name, "东湖-反馈.txt");
        assert_eq!(
            reports[0].text,
            "东湖：\n\n你单位报送的《东湖.csv》经检查有以下1处问题，请改正后重新报送：\n\n1. 第7行“状态”：状态“完成了”无法识别，应为：已完成、推进中、未开始\n\n另有1处提示（不影响汇总，请留意）：\n\n1. 第9行：空行，已跳过；如无内容可删除这一行\n\n（本期统计截止日期：2021年5月24日）\n"
        );
    }

    #[test]
    fn a_unit_that_sent_nothing_is_asked_for_its_sheet() {
        let mut missing = Diagnostic::error(
            "p",
            Code::MissingReport,
            "西岭没有报送（应填报第1、2项，共2项）",
        );
        missing.unit = Some("西岭".into());
        let reports = feedback(&[], &[missing], None);
        assert_eq!(reports[0].file_name, "西岭-反馈.txt");
        assert!(
            reports[0]
                .text
                .starts_with("西岭：\n\n你单位尚未报送本期工作推进情况表。")
        );
    }
}
