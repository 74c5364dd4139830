//! Excel's limits, met by the workbooks bulletin writes (the status sheets, the 汇总表): a unit
//! whose name is no sheet name, a text longer than a cell holds, a date before 1900, a name
//! wider than a column, more units than a sheet has columns — each written anyway or refused in
//! Chinese, never with rust_xlsxwriter's English.

use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::ooxml;
use crate::workdir::{Run, Workdir};

/// A plan of `towns` with one task of `text`, due `deadline`; extra task keys in `keys`.
fn plan(towns: &[&str], text: &str, deadline: &str, keys: &str) -> String {
    let towns: Vec<String> = towns.iter().map(|t| format!("\"{t}\"")).collect();
    format!(
        "units:\n  towns: [{}]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: {text}\n        deadline: {deadline}\n{keys}",
        towns.join(", ")
    )
}

/// Whether a clerk's message has an English word in it (four ASCII letters or more), the
/// files' names aside.
fn assert_chinese(run: &Run) {
    for line in run.stderr.lines() {
        let words: Vec<&str> = line
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|word| {
                word.len() >= 4
                    && ![
                        "xlsx", "JSON", "json", "plan", "yaml", "Excel", "format", "large",
                        // the keys to fill in plan.yaml, named as they are typed
                        "bulletin", "issuer", "missing",
                    ]
                    .contains(word)
            })
            .collect();
        assert!(words.is_empty(), "English in {line:?}\n{}", run.stderr);
    }
}

/// `bulletin sheets --format xlsx` of plan.yaml into out/, which must succeed.
fn xlsx_sheets(work: &Workdir) -> Run {
    let args = [
        "sheets",
        "--plan",
        "plan.yaml",
        "--format",
        "xlsx",
        "-o",
        "out",
    ];
    work.run(&args).expect_code(0)
}

/// `bulletin generate PERIOD -o 汇总表.xlsx` with plan.yaml and `extra` arguments.
fn summary(work: &Workdir, period: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "generate",
        period,
        "--plan",
        "plan.yaml",
        "-o",
        "汇总表.xlsx",
    ];
    args.extend_from_slice(extra);
    work.run(&args)
}

fn sheet_names(path: &Path) -> Vec<String> {
    let workbook: Xlsx<_> = open_workbook(path).expect("the workbook opens");
    workbook.sheet_names()
}

fn first_sheet(path: &Path) -> calamine::Range<Data> {
    let mut workbook: Xlsx<_> = open_workbook(path).expect("the workbook opens");
    workbook.worksheet_range_at(0).unwrap().unwrap()
}

#[test]
fn a_unit_whose_name_is_no_sheet_name_gets_a_sheet_named_as_near_as_excel_allows() {
    let work = Workdir::new();
    let long = "长".repeat(40);
    work.write(
        "plan.yaml",
        plan(
            &["'甲'", "乙/丙", "History", &long, "[]"],
            "一。",
            "2021-01",
            "",
        ),
    );
    let run = xlsx_sheets(&work);
    assert_chinese(&run);
    let name = |unit: &str| sheet_names(&work.path().join(format!("out/{unit}.xlsx")));
    assert_eq!(name("'甲'"), ["甲"]);
    assert_eq!(name("乙_丙"), ["乙丙"]);
    assert_eq!(name("History"), ["报表"], "a name Excel keeps for itself");
    assert_eq!(name(&long), ["长".repeat(31)]);
}

#[test]
fn a_text_longer_than_a_cell_holds_is_cut_with_a_warning_in_the_sheets_and_the_summary() {
    let work = Workdir::new();
    let text = "长".repeat(33_000);
    work.write(
        "plan.yaml",
        plan(
            &["甲", "乙"],
            &text,
            "2021-01",
            "        wording:\n          done: 已完成\n",
        ),
    );
    let run = xlsx_sheets(&work);
    assert_chinese(&run);
    assert!(
        run.stderr.contains("out/甲.xlsx:3:3: 警告[too-large]")
            && run.stderr.contains("33000")
            && run.stderr.contains("已截断"),
        "{}",
        run.stderr
    );
    let range = first_sheet(&work.path().join("out/甲.xlsx"));
    let cell = range.get_value((2, 2)).expect("the task's text");
    let Data::String(cell) = cell else {
        panic!("{cell:?}")
    };
    assert_eq!(cell.encode_utf16().count(), 32_767);
    assert!(cell.starts_with("长长") && cell.ends_with("以下从略）"));

    // The summary workbook cuts it on 任务 and says so.
    work.write("periods/2021-05/period.yaml", "as_of: 2021-05-24\n");
    work.write(
        "periods/2021-05/报表.csv",
        "单位,任务,状态,完成日期\n甲,1,已完成,2021-01-05\n乙,1,推进中,\n",
    );
    let run = summary(&work, "periods/2021-05", &[]).expect_code(0);
    assert_chinese(&run);
    assert!(
        run.stderr
            .contains("汇总表.xlsx:2:3: 警告[too-large] 工作表“任务”"),
        "{}",
        run.stderr
    );
}

#[test]
fn characters_outside_the_basic_plane_count_twice_toward_the_limit() {
    // Excel counts a cell's text in UTF-16: 𠀀 takes two of its 32,767.
    let work = Workdir::new();
    let text = "𠀀".repeat(20_000);
    work.write("plan.yaml", plan(&["甲"], &text, "2021-01", ""));
    let run = xlsx_sheets(&work);
    assert!(run.stderr.contains("警告[too-large]"), "{}", run.stderr);
    let range = first_sheet(&work.path().join("out/甲.xlsx"));
    let Some(Data::String(cell)) = range.get_value((2, 2)) else {
        panic!("no text")
    };
    assert!(cell.encode_utf16().count() <= 32_767);
}

#[test]
fn a_period_before_1900_still_gets_its_summary_workbook() {
    let work = Workdir::new();
    work.write("plan.yaml", plan(&["甲"], "一。", "1899-06", ""));
    work.write("periods/1899-12/period.yaml", "as_of: 1899-12-01\n");
    work.write(
        "periods/1899-12/报表.csv",
        "单位,任务,状态,完成日期\n甲,1,已完成,1899-05-01\n",
    );
    let run = summary(&work, "periods/1899-12", &[]).expect_code(0);
    assert_chinese(&run);
    let run = work
        .run(&[
            "sheets",
            "--plan",
            "plan.yaml",
            "--from",
            "periods/1899-12",
            "--format",
            "xlsx",
            "-o",
            "out",
        ])
        .expect_code(0);
    assert_chinese(&run);
    let range = first_sheet(&work.path().join("out/甲.xlsx"));
    assert_eq!(
        range.get_value((2, 5)),
        Some(&Data::String("1899-05-01".into())),
        "a date Excel cannot hold is written as text"
    );
}

#[test]
fn long_names_stay_within_excels_widths_heights_and_header_lengths() {
    let work = Workdir::new();
    let town = "镇".repeat(120);
    let source = plan(&[&town, "乙"], "一。", "2021-01", "").replace(
        "units:\n",
        &format!("units:\n  label: {}\n", "县".repeat(200)),
    );
    work.write("plan.yaml", source);
    work.write("periods/2021-05/period.yaml", "as_of: 2021-05-24\n");
    work.write(
        "periods/2021-05/报表.csv",
        format!("单位,任务,状态,完成日期\n{town},1,已完成,2021-01-05\n乙,1,推进中,\n"),
    );
    let run = summary(&work, "periods/2021-05", &[]).expect_code(0);
    assert_chinese(&run);
    let path = work.path().join("汇总表.xlsx");
    for sheet in 1..=4 {
        let xml = ooxml::part(&path, &format!("xl/worksheets/sheet{sheet}.xml"));
        for column in xml.all("col") {
            let width: f64 = column.attr("width").unwrap().parse().unwrap();
            assert!(width <= 255.0, "sheet{sheet}: a column {width} wide");
        }
        for row in xml.all("row") {
            if let Some(height) = row.attr("ht") {
                let height: f64 = height.parse().unwrap();
                assert!(height <= 409.0, "sheet{sheet}: a row {height} high");
            }
        }
        if let Some(header) = xml.child("headerFooter").and_then(|h| h.child("oddHeader")) {
            assert!(header.text.encode_utf16().count() <= 255);
        }
    }
}

#[test]
fn more_units_than_a_sheet_has_columns_is_refused_in_chinese() {
    let work = Workdir::new();
    let towns: Vec<String> = (0..16_400).map(|n| format!("镇{n}")).collect();
    let towns: Vec<&str> = towns.iter().map(String::as_str).collect();
    work.write("plan.yaml", plan(&towns, "一。", "2021-01", ""));
    work.write("periods/2021-05/period.yaml", "as_of: 2021-05-24\n");
    work.write(
        "periods/2021-05/报表.csv",
        "单位,任务,状态,完成日期\n镇0,1,推进中,\n",
    );
    let run = summary(&work, "periods/2021-05", &["--allow-missing"]).expect_code(2);
    assert!(
        run.stderr.contains("单位×任务") && run.stderr.contains("16400"),
        "{}",
        run.stderr
    );
    assert_chinese(&run);
    assert!(!work.path().join("汇总表.xlsx").exists());
}
