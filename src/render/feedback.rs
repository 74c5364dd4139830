//! Feedback for the units: one short Chinese letter per unit, addressed to it, covering every
//! sheet it sent and saying what is wrong in which row and how to fix it, so the clerk can send
//! it back as is.

use std::path::Path;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::output::safe_file_name;

/// One feedback file: its name and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feedback {
    pub file_name: String,
    pub text: String,
}

/// A sheet that was read, and the unit of the plan it came from, if known: the one its file is
/// named after (`邱隘镇.csv` is 邱隘's) or whose name the file's name holds (`北塘镇（修改）.xlsx`),
/// else the one its rows name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentSheet {
    pub path: String,
    pub unit: Option<String>,
}

/// A report for every sheet in `sheets` and for every unit that sent nothing, one file per
/// unit: a unit's sheets (邱隘.csv and 邱隘镇.xlsx) are reported in one file addressed to it as
/// the plan names it, each under its own name, and what its two sheets disagree on heads the
/// letter; a sheet of no known unit is addressed by its name. A unit whose sheet was there is
/// told about its sheet, never that it sent nothing.
/// `date` is the period's date as the bulletin writes it, if known. File names are safe (see
/// [`safe_file_name`]) whatever the unit is called.
pub fn feedback(
    sheets: &[SentSheet],
    diagnostics: &[Diagnostic],
    date: Option<&str>,
) -> Vec<Feedback> {
    let closing = date.map_or_else(String::new, |date| {
        format!("\n（本期统计截止日期：{date}）\n")
    });
    // Sheets by the unit they are named after, in the order they were read.
    let mut by_stem: Vec<(String, Vec<&String>)> = Vec::new();
    for sheet in sheets {
        let path = &sheet.path;
        let stem = sheet.unit.clone().unwrap_or_else(|| {
            Path::new(path)
                .file_stem()
                .map_or_else(|| path.clone(), |s| s.to_string_lossy().into_owned())
        });
        match by_stem.iter_mut().find(|(seen, _)| *seen == stem) {
            Some((_, paths)) => paths.push(path),
            None => by_stem.push((stem, vec![path])),
        }
    }
    // Each letter with the name it is addressed to; file names are given last, once all
    // letters are known.
    let mut letters: Vec<(String, String)> = Vec::new();
    for (stem, paths) in &by_stem {
        let mut text = format!("{stem}：\n");
        // Findings about two of its sheets (which to keep) are told first, in the letter's
        // own words; while its sheets disagree, no sheet of the unit is said to be ready.
        let about_sheets: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|d| told_at_head(d, stem) && paths.contains(&&d.path))
            .collect();
        for diagnostic in &about_sheets {
            if let Some(letter) = &diagnostic.letter {
                text.push_str(&format!("\n{letter}\n"));
            }
        }
        let blocked = about_sheets.iter().any(|d| d.is_error());
        for path in paths {
            text.push('\n');
            text.push_str(&sheet_section(path, stem, diagnostics, blocked));
        }
        text.push_str(&closing);
        letters.push((stem.clone(), text));
    }
    for diagnostic in diagnostics.iter().filter(|d| d.code == Code::MissingReport) {
        let Some(unit) = &diagnostic.unit else {
            continue;
        };
        // A unit whose sheet could not be read is told about its sheet, not that it sent
        // nothing; the message of the finding is the clerk's, not the unit's.
        if letters.iter().any(|(to, _)| to == unit) {
            continue;
        }
        let text = format!(
            "{unit}：\n\n你单位尚未报送本期工作推进情况表，请按下发的报表填写后尽快报送。\n{closing}"
        );
        letters.push((unit.clone(), text));
    }
    name_letters(letters)
}

/// Each letter's file: `东湖-反馈.txt`, its name made safe; two units whose names are made the
/// same file name (东湖:1 and 东湖*1 both 东湖_1, or names differing only in case) are told
/// apart by a number, `东湖_1（2）-反馈.txt`, so no unit's letter is lost.
fn name_letters(letters: Vec<(String, String)>) -> Vec<Feedback> {
    let mut taken: Vec<String> = Vec::new();
    let mut reports = Vec::with_capacity(letters.len());
    for (to, text) in letters {
        let safe = safe_file_name(&to);
        let mut file_name = format!("{safe}-反馈.txt");
        let mut number = 1;
        while taken.contains(&file_name.to_lowercase()) {
            number += 1;
            file_name = format!("{safe}（{number}）-反馈.txt");
        }
        taken.push(file_name.to_lowercase());
        reports.push(Feedback { file_name, text });
    }
    reports
}

/// Whether a finding heads the letter to `unit` rather than a sheet's list: one about two of
/// its sheets.
fn told_at_head(diagnostic: &Diagnostic, unit: &str) -> bool {
    diagnostic.letter.is_some() && diagnostic.unit.as_deref() == Some(unit)
}

/// What one sheet's report to `unit` says: all is well (only "no other fault" while its
/// sheets disagree, `blocked`), or its faults numbered, then its warnings.
fn sheet_section(path: &str, unit: &str, diagnostics: &[Diagnostic], blocked: bool) -> String {
    let name = Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |s| s.to_string_lossy().into_owned());
    let own = diagnostics
        .iter()
        .filter(|d| d.path == path && !told_at_head(d, unit));
    let errors: Vec<&Diagnostic> = own
        .clone()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let warnings: Vec<&Diagnostic> = own.filter(|d| d.severity == Severity::Warning).collect();
    let mut text = String::new();
    if errors.is_empty() && blocked {
        text.push_str(&format!("《{name}》表内未发现其他问题。\n"));
    } else if errors.is_empty() {
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
    text
}

/// "第7行“状态”：…" — the place as a clerk finds it in Excel, then the message. A warning on
/// several rows names them in its message, and its column here.
fn line(diagnostic: &Diagnostic) -> String {
    let place = match (diagnostic.row, &diagnostic.field) {
        (Some(_), Some(field)) if !diagnostic.spans.is_empty() => format!("“{field}”列："),
        (Some(_), None) if !diagnostic.spans.is_empty() => String::new(),
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
                "状态“基本完成”无法识别，应为：已完成、推进中、未开始",
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
        let reports = feedback(&sent(&["p/东湖.csv"]), &diagnostics, Some("2021年5月24日"));
        assert_eq!(reports.len(), 1);
        assert_eq!(reports[0].file_name, "东湖-反馈.txt");
        assert_eq!(
            reports[0].text,
            "东湖：\n\n你单位报送的《东湖.csv》经检查有以下1处问题，请改正后重新报送：\n\n1. 第7行“状态”：状态“基本完成”无法识别，应为：已完成、推进中、未开始\n\n另有1处提示（不影响汇总，请留意）：\n\n1. 第9行：空行，已跳过；如无内容可删除这一行\n\n（本期统计截止日期：2021年5月24日）\n"
        );
    }

    #[test]
    fn two_sheets_of_one_unit_are_reported_in_one_file_each_by_its_name() {
        let diagnostics =
            vec![Diagnostic::error("p/邱隘.csv", Code::InvalidStatus, "状态有误").at(3, Some(3))];
        let reports = feedback(&sent(&["p/邱隘.csv", "p/邱隘.xlsx"]), &diagnostics, None);
        assert_eq!(reports.len(), 1);
        assert_eq!(reports[0].file_name, "邱隘-反馈.txt");
        assert!(reports[0].text.contains("《邱隘.csv》经检查有以下1处问题"));
        assert!(reports[0].text.contains("《邱隘.xlsx》经检查，可以汇总"));
    }

    #[test]
    fn a_unit_named_like_a_path_gets_a_file_inside_the_folder() {
        let mut missing = Diagnostic::error("p", Code::MissingReport, "没有报送");
        missing.unit = Some("../../逃逸".into());
        let reports = feedback(&[], &[missing], None);
        assert_eq!(reports[0].file_name, "_.._.._逃逸-反馈.txt");
    }

    #[test]
    fn units_whose_names_make_one_file_name_each_get_their_letter() {
        let missing = |unit: &str| {
            let mut diagnostic = Diagnostic::error("p", Code::MissingReport, "没有报送");
            diagnostic.unit = Some(unit.to_string());
            diagnostic
        };
        let sent = [SentSheet {
            path: "p/东湖_1.csv".into(),
            unit: Some("东湖:1".into()),
        }];
        let diagnostics = [
            missing("东湖*1"),
            missing("东湖/西湖"),
            missing("东湖_西湖"),
            missing("ab"),
            missing("AB"),
        ];
        let reports = feedback(&sent, &diagnostics, None);
        let names: Vec<&str> = reports.iter().map(|r| r.file_name.as_str()).collect();
        assert_eq!(
            names,
            [
                "东湖_1-反馈.txt",
                "东湖_1（2）-反馈.txt",
                "东湖_西湖-反馈.txt",
                "东湖_西湖（2）-反馈.txt",
                "ab-反馈.txt",
                "AB（2）-反馈.txt",
            ]
        );
        assert!(
            reports[1].text.starts_with("东湖*1："),
            "{}",
            reports[1].text
        );
        assert!(
            reports[3].text.starts_with("东湖_西湖："),
            "{}",
            reports[3].text
        );
    }

    #[test]
    fn a_unit_that_sent_nothing_is_asked_for_its_sheet() {
        let mut missing = Diagnostic::error(
            "p",
            Code::MissingReport,
            "西岭没有报送（应填报第1、2项，共2项）；请催报，或把该单位的表放进这个文件夹",
        );
        missing.unit = Some("西岭".into());
        let reports = feedback(&[], &[missing.clone()], None);
        assert_eq!(reports[0].file_name, "西岭-反馈.txt");
        assert!(
            reports[0]
                .text
                .starts_with("西岭：\n\n你单位尚未报送本期工作推进情况表，")
        );
        assert!(!reports[0].text.contains("催报"), "{}", reports[0].text);
        // A unit whose sheet was there but unreadable is told about the sheet only.
        let unreadable = Diagnostic::error("p/西岭.csv", Code::MissingColumn, "缺少“状态”列");
        let reports = feedback(&sent(&["p/西岭.csv"]), &[unreadable, missing.clone()], None);
        assert_eq!(reports.len(), 1);
        assert!(reports[0].text.contains("缺少“状态”列"));
        assert!(!reports[0].text.contains("尚未报送"));
        // So is a unit whose sheet is named its own way (西岭镇.csv for 西岭).
        let unreadable = Diagnostic::error("p/西岭镇.csv", Code::MissingColumn, "缺少“状态”列");
        let sheet = SentSheet {
            path: "p/西岭镇.csv".into(),
            unit: Some("西岭".into()),
        };
        let reports = feedback(&[sheet], &[unreadable, missing], None);
        assert_eq!(reports.len(), 1);
        assert_eq!(reports[0].file_name, "西岭-反馈.txt");
        assert!(
            reports[0]
                .text
                .starts_with("西岭：\n\n你单位报送的《西岭镇.csv》")
        );
        assert!(!reports[0].text.contains("尚未报送"));
    }

    #[test]
    fn a_warning_on_many_rows_is_one_item_naming_its_column() {
        let mut merged = Diagnostic::warning(
            "p/慈城.csv",
            Code::UnitAlias,
            "单位“慈城街道”按“慈城”读取（第2–12行）；以后请直接填写“慈城”",
        )
        .at(2, Some(1))
        .field("单位");
        merged.spans = vec![(2, 12)];
        let reports = feedback(&sent(&["p/慈城.csv"]), &[merged], None);
        assert!(
            reports[0]
                .text
                .contains("1. “单位”列：单位“慈城街道”按“慈城”读取（第2–12行）；"),
            "{}",
            reports[0].text
        );
    }

    fn sent(paths: &[&str]) -> Vec<SentSheet> {
        paths
            .iter()
            .map(|path| SentSheet {
                path: path.to_string(),
                unit: None,
            })
            .collect()
    }
}
