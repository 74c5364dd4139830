//! Workbooks that cannot be read — cut short in sending, a cell whose value is no number, a
//! text cell pointing at no text, broken XML — each saved through LibreOffice first, as a
//! clerk's office program saves them, then damaged. Each is one `unreadable-sheet` finding in
//! Chinese, saying what to do: no English of the zip or calamine reader, no `empty-file`, and
//! no missing rows or dates for what was read before the damage.

use std::io::{Read, Write};

use crate::hostile_books::through_libreoffice;
use crate::workdir::{Run, Workdir};

const PLAN: &str = "units:\n  towns: [东湖, 西岭]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: 任务一。\n        deadline: 2021-03\n      - id: 2\n        text: 任务二。\n        deadline: 2021-06\n";

/// 东湖's two rows, its completion date a real date cell, as rust_xlsxwriter writes it.
fn sheet() -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (index, name) in ["单位", "任务", "状态", "完成日期"].iter().enumerate() {
        sheet.write_string(0, index as u16, *name).unwrap();
    }
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2021, 3, 20).unwrap();
    let format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    sheet.write_string(1, 0, "东湖").unwrap();
    sheet.write_number(1, 1, 1.0).unwrap();
    sheet.write_string(1, 2, "已完成").unwrap();
    sheet
        .write_datetime_with_format(1, 3, &date, &format)
        .unwrap();
    sheet.write_string(2, 0, "东湖").unwrap();
    sheet.write_number(2, 1, 2.0).unwrap();
    sheet.write_string(2, 2, "推进中").unwrap();
    workbook.save_to_buffer().unwrap()
}

/// The zip `bytes` with its part `name` changed by `change`.
fn with_part(bytes: &[u8], name: &str, change: impl Fn(String) -> String) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut found = false;
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).unwrap();
        let part_name = part.name().unwrap().to_string();
        let mut data = Vec::new();
        part.read_to_end(&mut data).unwrap();
        if part_name == name {
            found = true;
            data = change(String::from_utf8(data).unwrap()).into_bytes();
        }
        out.start_file(part_name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    assert!(found, "no {name} in the workbook");
    out.finish().unwrap().into_inner()
}

/// Its first half, as a file cut short in sending.
fn cut(bytes: &[u8]) -> Vec<u8> {
    bytes[..bytes.len() / 2].to_vec()
}

/// Validates a period of 西岭's clean sheet and `bytes` as `name`: exactly one finding about
/// it, `unreadable-sheet`, in Chinese, which is returned.
#[track_caller]
fn one_finding(name: &str, bytes: &[u8]) -> String {
    let work = Workdir::new();
    work.write("plan.yaml", PLAN);
    work.write("p/period.yaml", "as_of: 2021-05-24\n");
    work.write(
        "p/西岭.csv",
        "单位,任务,状态,完成日期\n西岭,1,推进中,\n西岭,2,推进中,\n",
    );
    work.write(&format!("p/{name}"), bytes);
    let run: Run = work
        .run(&["validate", "p", "--plan", "plan.yaml"])
        .expect_code(1);
    let findings: Vec<&str> = run
        .stdout
        .lines()
        .filter(|line| line.contains("错误[") || line.contains("警告["))
        .collect();
    assert_eq!(findings.len(), 1, "{}", run.stdout);
    let finding = findings[0];
    let prefix = format!("p/{name}: 错误[unreadable-sheet] ");
    assert!(finding.starts_with(&prefix), "{}", run.stdout);
    let message = &finding[prefix.len()..];
    let english: Vec<&str> = message
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|word| word.len() >= 4 && !["Excel", "xlsx", "LibreOffice"].contains(word))
        .collect();
    assert!(english.is_empty(), "English {english:?} in {message}");
    assert!(message.contains("再报送"), "{message}");
    message.to_string()
}

#[test]
fn a_workbook_cut_short_is_one_chinese_finding_in_every_format() {
    let Some(xlsx) = through_libreoffice(&sheet(), "xlsx") else {
        return;
    };
    let message = one_finding("东湖.xlsx", &cut(&xlsx));
    assert!(
        message.starts_with("无法作为 Excel 工作簿打开"),
        "{message}"
    );
    for to in ["xls", "ods"] {
        let Some(bytes) = through_libreoffice(&sheet(), to) else {
            return;
        };
        let message = one_finding(&format!("东湖.{to}"), &cut(&bytes));
        if to == "ods" {
            // Not called an Excel workbook: it is LibreOffice's.
            assert!(
                message.starts_with("无法作为 .ods 表格（LibreOffice 表格）打开"),
                "{message}"
            );
            assert!(!message.contains("Excel 工作簿"), "{message}");
        } else {
            assert!(message.starts_with("无法作为 Excel 工作簿"), "{message}");
        }
    }
}

#[test]
fn a_damaged_cell_or_part_is_one_finding_and_no_row_read_before_it_is_told_as_missing() {
    let Some(xlsx) = through_libreoffice(&sheet(), "xlsx") else {
        return;
    };
    let sheet_xml = "xl/worksheets/sheet1.xml";
    // The date in D2 is a number LibreOffice wrote: made no number, calamine stops in row 2,
    // after reading A2:C2 (no 完成日期, no row for task 2 — neither is said).
    let date = with_part(&xlsx, sheet_xml, |xml| {
        let at = xml.find("r=\"D2\"").expect("D2 is written");
        let value = at + xml[at..].find("<v>").unwrap();
        let end = value + xml[value..].find("</v>").unwrap();
        format!("{}<v>三月二十日{}", &xml[..value], &xml[end..])
    });
    let message = one_finding("东湖.xlsx", &date);
    assert!(message.contains("单元格"), "{message}");
    // A text cell pointing at no shared string.
    let text = with_part(&xlsx, sheet_xml, |xml| {
        let at = xml.find("r=\"A2\"").expect("A2 is written");
        let value = at + xml[at..].find("<v>").unwrap();
        let end = value + xml[value..].find("</v>").unwrap();
        format!("{}<v>999{}", &xml[..value], &xml[end..])
    });
    one_finding("东湖.xlsx", &text);
    // XML cut in the middle of a tag.
    let xml = with_part(&xlsx, sheet_xml, |xml| xml[..xml.len() / 2].to_string());
    one_finding("东湖.xlsx", &xml);
    // No worksheet where the workbook says it is.
    let missing = with_part(&xlsx, "xl/_rels/workbook.xml.rels", |rels| {
        rels.replace("worksheets/sheet1.xml", "worksheets/sheet9.xml")
    });
    one_finding("东湖.xlsx", &missing);
}
