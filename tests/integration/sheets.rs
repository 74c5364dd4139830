//! `bulletin sheets`: what goes out to the units, and that it comes back clean.

use std::io::Read;

use serde_json::Value;

use crate::workdir::{Workdir, repo};

fn plan_path() -> String {
    repo().join("data/plan.yaml").display().to_string()
}

/// The bulletin of the sheets in `out`, as of the sample's date, in `format`.
fn generate_out(work: &Workdir, plan: &str, format: &str) -> String {
    let args = [
        "generate",
        "out",
        "--plan",
        plan,
        "--as-of",
        "2021-05-24",
        "--format",
        format,
    ];
    work.run(&args).expect_code(0).stdout
}

#[test]
fn prefilled_sheets_validate_clean_and_give_back_the_same_bulletin() {
    // Text, not Markdown: the Markdown ends with the inputs' names and digests, which differ.
    let sample = crate::workdir::run_in_repo(&["generate", "--format", "text"])
        .expect_code(0)
        .stdout;
    for format in ["csv", "xlsx"] {
        let work = Workdir::new();
        let from = repo().join("data/periods/2021-05").display().to_string();
        let plan = plan_path();
        work.run(&[
            "sheets", "--from", &from, "--plan", &plan, "--format", format, "-o", "out",
        ])
        .expect_code(0);
        let run = work
            .run(&["validate", "out", "--plan", &plan, "--as-of", "2021-05-24"])
            .expect_code(0);
        assert!(
            run.stdout.contains("0 个错误，0 个警告，没有发现问题"),
            "{format}: {}",
            run.stdout
        );
        let again = generate_out(&work, &plan, "text");
        assert!(
            again == sample,
            "{format}: the bulletin from the prefilled sheets differs"
        );
    }
}

#[test]
fn a_blank_csv_sheet_has_a_bom_crlf_and_a_row_for_each_task_of_the_unit() {
    let work = Workdir::new();
    work.run(&[
        "sheets",
        "--plan",
        &plan_path(),
        "--format",
        "csv",
        "-o",
        "out",
    ])
    .expect_code(0);
    let bytes = std::fs::read(work.path().join("out/瞻岐.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(lines[0], "单位,任务,任务内容,完成时限,状态,完成日期,说明");
    assert!(
        lines[1].starts_with(
            "瞻岐,1,建立基层应急管理委员会及办公室，明确职责，厘清边界。,2021年4月15日,,,"
        ),
        "{}",
        lines[1]
    );
    assert!(!text.replace("\r\n", "").contains('\n'), "CRLF only");
    // 瞻岐 has the 31 town tasks (38 less 7 department tasks), among them the two that only some
    // towns have (19, 23); 东吴 lacks task 19.
    assert_eq!(lines.iter().filter(|l| !l.is_empty()).count() - 1, 31);
    let east = std::fs::read_to_string(work.path().join("out/东吴.csv")).unwrap();
    assert!(!east.contains("\r\n东吴,19,"));
    // Department sheets hold only their own tasks.
    let police = std::fs::read_to_string(work.path().join("out/公安分局.csv")).unwrap();
    assert_eq!(police.lines().count(), 2);
}

#[test]
fn blank_sheets_filled_in_as_a_clerk_would_validate_and_generate() {
    let work = Workdir::new();
    let plan = plan_path();
    work.run(&["sheets", "--plan", &plan, "--format", "csv", "-o", "out"])
        .expect_code(0);
    // Unfilled, every row lacks its status.
    let run = work
        .run(&[
            "validate",
            "out",
            "--plan",
            &plan,
            "--as-of",
            "2021-05-24",
            "--format",
            "json",
        ])
        .expect_code(1);
    let findings: Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(
        findings
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["code"] == "missing-cell" && d["field"] == "状态")
    );
    // Fill each row from the sample period's statuses.
    let sample = crate::workdir::run_in_repo(&["generate", "--format", "json"])
        .expect_code(0)
        .stdout;
    let sample: Value = serde_json::from_str(&sample).unwrap();
    let mut status = std::collections::HashMap::new();
    for task in sample["tasks"].as_array().unwrap() {
        let id = task["id"].to_string();
        for done in task["units"]["done"].as_array().unwrap() {
            status.insert(
                (done["unit"].as_str().unwrap().to_string(), id.clone()),
                ("已完成", done["date"].as_str().unwrap().to_string()),
            );
        }
        for (key, word) in [("in_progress", "推进中"), ("not_started", "未开始")] {
            for unit in task["units"][key].as_array().unwrap() {
                status.insert(
                    (unit.as_str().unwrap().to_string(), id.clone()),
                    (word, String::new()),
                );
            }
        }
    }
    for entry in std::fs::read_dir(work.path().join("out")).unwrap() {
        let path = entry.unwrap().path();
        let mut reader = csv::Reader::from_path(&path).unwrap();
        let header = reader.headers().unwrap().clone();
        let mut writer = csv::Writer::from_path(&path).unwrap();
        writer.write_record(&header).unwrap();
        for record in reader.records() {
            let record = record.unwrap();
            let mut cells: Vec<String> = record.iter().map(String::from).collect();
            let (word, date) = &status[&(cells[0].clone(), cells[1].clone())];
            cells[4] = word.to_string();
            cells[5] = date.clone();
            writer.write_record(&cells).unwrap();
        }
        writer.flush().unwrap();
    }
    work.run(&["validate", "out", "--plan", &plan, "--as-of", "2021-05-24"])
        .expect_code(0);
    let md = generate_out(&work, &plan, "json");
    let regenerated: Value = serde_json::from_str(&md).unwrap();
    assert_eq!(regenerated["counts"], sample["counts"]);
}

#[test]
fn an_xlsx_sheet_has_a_status_drop_down_date_cells_a_frozen_header_and_locked_context() {
    let work = Workdir::new();
    let from = repo().join("data/periods/2021-05").display().to_string();
    work.run(&[
        "sheets",
        "--from",
        &from,
        "--plan",
        &plan_path(),
        "-o",
        "out",
    ])
    .expect_code(0);
    let file = std::fs::File::open(work.path().join("out/瞻岐.xlsx")).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut sheet = String::new();
    archive
        .by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    assert!(
        sheet.contains(r#"type="list""#) && sheet.contains("已完成,推进中,未开始"),
        "status drop-down"
    );
    assert!(sheet.contains(r#"type="date""#), "date validation");
    assert!(sheet.contains(r#"ySplit="2""#), "frozen title and header");
    assert!(sheet.contains("<sheetProtection"), "context columns locked");
    let mut styles = String::new();
    archive
        .by_name("xl/styles.xml")
        .unwrap()
        .read_to_string(&mut styles)
        .unwrap();
    assert!(styles.contains("yyyy-mm-dd"), "date cells");
    assert!(
        styles.contains(r#"locked="0""#),
        "status, date and note stay editable"
    );
}

#[test]
fn existing_sheets_are_not_overwritten_without_force() {
    let work = Workdir::new();
    let plan = plan_path();
    work.write("out/瞻岐.csv", "a sheet a town already sent back");
    let run = work
        .run(&["sheets", "--plan", &plan, "--format", "csv", "-o", "out"])
        .expect_code(2);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(work.path().join("out/瞻岐.csv")).unwrap(),
        "a sheet a town already sent back"
    );
    assert_eq!(
        std::fs::read_dir(work.path().join("out")).unwrap().count(),
        1,
        "nothing else was written"
    );
    work.run(&[
        "sheets", "--plan", &plan, "--format", "csv", "-o", "out", "--force",
    ])
    .expect_code(0);
    assert!(
        std::fs::read_to_string(work.path().join("out/瞻岐.csv"))
            .unwrap()
            .contains("单位,任务")
    );
}

#[test]
fn an_xlsx_sheet_is_ready_to_print_and_send() {
    let work = Workdir::new();
    work.copy_sample("2021-05");
    let plan = std::fs::read_to_string(work.path().join("data/plan.yaml")).unwrap();
    work.write(
        "data/plan.yaml",
        format!("sheets:\n  due: 每月25日前\n  contact: 区应急管理局 王芳 0574-88888888\n{plan}"),
    );
    work.run(&["sheets", "--as-of", "20210625", "-o", "out"])
        .expect_code(0);
    let path = work.path().join("out/瞻岐.xlsx");
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let range = calamine::Reader::worksheet_range_at(&mut workbook, 0)
        .unwrap()
        .unwrap();
    let text = |row: u32| range.get_value((row, 0)).map(|c| c.to_string());
    assert_eq!(
        text(0).as_deref(),
        Some("瞻岐工作任务推进情况表（截至2021年6月25日）")
    );
    assert_eq!(
        text(1).as_deref(),
        Some("报送时限：每月25日前　　联系人：区应急管理局 王芳 0574-88888888")
    );
    assert_eq!(text(2).as_deref(), Some("单位"));
    assert_eq!(text(3).as_deref(), Some("瞻岐"));

    let file = std::fs::File::open(&path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut sheet = String::new();
    archive
        .by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    for (what, xml) in [
        ("A4", r#"paperSize="9""#),
        ("landscape", r#"orientation="landscape""#),
        ("one page wide", r#"fitToHeight="0""#),
        ("fit to page", r#"<pageSetUpPr fitToPage="1"/>"#),
        ("page numbers", "第 &amp;P 页，共 &amp;N 页"),
        ("title merged across", r#"<mergeCell ref="A1:G1"/>"#),
        ("the date prompt in the period's year", "如 2021-06-15"),
    ] {
        assert!(sheet.contains(xml), "{what}: {xml}\n{sheet}");
    }
    // The header is repeated on every printed page.
    let mut workbook_xml = String::new();
    archive
        .by_name("xl/workbook.xml")
        .unwrap()
        .read_to_string(&mut workbook_xml)
        .unwrap();
    assert!(
        workbook_xml.contains("_xlnm.Print_Titles"),
        "{workbook_xml}"
    );
    assert!(workbook_xml.contains("$3:$3"), "{workbook_xml}");

    // Sent back blank, it is read past its title rows: the first task is row 4.
    let run = work
        .run(&["validate", "out", "--as-of", "2021-05-24"])
        .expect_code(1);
    assert!(
        run.stdout.contains(
            "out/瞻岐.xlsx:4:5: 错误[missing-cell] 状态为空，请填写：已完成、推进中、未开始\n"
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("missing-column"), "{}", run.stdout);
}
