//! `bulletin validate`: the sample is clean; every diagnostic code is produced from a real
//! file and names the right place; the reference's own slips are found.

use serde_json::Value;

use crate::workdir::{Workdir, run_in_repo};

#[test]
fn the_sample_periods_are_clean() {
    for period in ["data/periods/2021-04", "data/periods/2021-05"] {
        let run = run_in_repo(&["validate", period]).expect_code(0);
        assert!(
            run.stdout.ends_with("0 个错误，0 个警告，没有发现问题\n"),
            "{}",
            run.stdout
        );
    }
}

const PLAN: &str = "\
units:
  towns: [东湖, 西岭, 南山]
  departments: [区局]
categories:
  - title: 方面
    tasks:
      - id: 1
        text: 任务一。
        deadline: 2021-03
      - id: 2
        text: 任务二。
        deadline: 2021-06
      - id: 3
        text: 任务三。
        deadline: 2021-06
        assigned: [区局]
";

const HEADER: &str = "单位,任务,状态,完成日期,说明\n";

/// A small district whose period is clean; each test then breaks one thing.
fn clean() -> Workdir {
    let work = Workdir::new();
    work.write("plan.yaml", PLAN);
    work.write("p/period.yaml", "as_of: 2021-05-24\n");
    for town in ["东湖", "西岭", "南山"] {
        work.write(
            &format!("p/{town}.csv"),
            format!("{HEADER}{town},1,已完成,2021-03-01,\n{town},2,推进中,,\n"),
        );
    }
    work.write("p/区局.csv", format!("{HEADER}区局,3,推进中,,正在推进\n"));
    work
}

/// Runs validate on the period as JSON and returns the exit status and the findings.
fn findings(work: &Workdir, extra: &[&str]) -> (i32, Vec<Value>) {
    let mut args = vec!["validate", "p", "--plan", "plan.yaml", "--format", "json"];
    args.extend_from_slice(extra);
    let run = work.run(&args);
    let value: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", run.stdout, run.stderr));
    (run.code, value.as_array().cloned().unwrap_or_default())
}

/// Asserts the only finding (or the only one of `code`) is at `path:row:column`.
#[track_caller]
fn expect(
    work: &Workdir,
    code: &str,
    severity: &str,
    path: &str,
    row: Option<u64>,
    column: Option<u64>,
) -> Value {
    let (status, all) = findings(work, &[]);
    let found: Vec<&Value> = all.iter().filter(|d| d["code"] == code).collect();
    assert_eq!(found.len(), 1, "one {code} expected in {all:#?}");
    let d = found[0];
    assert_eq!(d["severity"], severity, "{d:#}");
    assert_eq!(d["path"], path, "{d:#}");
    assert_eq!(d["row"].as_u64(), row, "{d:#}");
    assert_eq!(d["column"].as_u64(), column, "{d:#}");
    assert_eq!(
        status,
        if all.iter().any(|d| d["severity"] == "error") {
            1
        } else {
            0
        }
    );
    d.clone()
}

fn message(d: &Value) -> &str {
    d["message"].as_str().unwrap_or_default()
}

#[test]
fn the_clean_district_is_clean() {
    let (status, all) = findings(&clean(), &[]);
    assert_eq!((status, all.len()), (0, 0), "{all:#?}");
}

#[test]
fn encoding_names_the_row_with_bytes_no_encoding_explains() {
    let work = clean();
    let mut bytes = format!("{HEADER}东湖,1,已完成,2021-03-01,\n").into_bytes();
    bytes.extend_from_slice(b"\xe4\xb8\x9c\xe6\xb9\x96,2,\xff\xfe\xfd,,\n");
    work.write("p/东湖.csv", bytes);
    expect(&work, "encoding", "error", "p/东湖.csv", Some(3), None);
}

#[test]
fn empty_file() {
    let work = clean();
    work.write("p/东湖.csv", "");
    expect(&work, "empty-file", "error", "p/东湖.csv", None, None);
}

#[test]
fn missing_column_names_the_columns() {
    let work = clean();
    work.write("p/东湖.csv", "单位,状态\n东湖,已完成\n");
    let d = expect(
        &work,
        "missing-column",
        "error",
        "p/东湖.csv",
        Some(1),
        None,
    );
    assert!(message(&d).contains("缺少“任务”列"), "{d}");
}

#[test]
fn duplicate_column_points_at_the_second() {
    let work = clean();
    work.write(
        "p/东湖.csv",
        "单位,任务,状态,完成日期,status\n东湖,1,已完成,2021-03-01,已完成\n东湖,2,推进中,,推进中\n",
    );
    expect(
        &work,
        "duplicate-column",
        "error",
        "p/东湖.csv",
        Some(1),
        Some(5),
    );
}

#[test]
fn unknown_column_is_a_warning() {
    let work = clean();
    work.write(
        "p/东湖.csv",
        "单位,任务,状态,完成日期,负责人\n东湖,1,已完成,2021-03-01,张三\n东湖,2,推进中,,李四\n",
    );
    expect(
        &work,
        "unknown-column",
        "warning",
        "p/东湖.csv",
        Some(1),
        Some(5),
    );
}

#[test]
fn blank_row_is_a_warning() {
    let work = clean();
    work.write(
        "p/东湖.csv",
        format!("{HEADER}东湖,1,已完成,2021-03-01,\n,,,,\n东湖,2,推进中,,\n"),
    );
    expect(&work, "blank-row", "warning", "p/东湖.csv", Some(3), None);
}

#[test]
fn a_header_pasted_again_is_one_warning() {
    let work = clean();
    work.write(
        "p/东湖.csv",
        format!(
            "{HEADER}东湖,1,已完成,2021-03-01,\n单位,任务,状态,完成日期,说明\n东湖,2,推进中,,\n"
        ),
    );
    expect(
        &work,
        "repeated-header",
        "warning",
        "p/东湖.csv",
        Some(3),
        None,
    );
}

#[test]
fn extra_cell_catches_a_comma_typed_into_a_note() {
    let work = clean();
    work.write(
        "p/东湖.csv",
        format!("{HEADER}东湖,1,已完成,2021-03-01,已发文,已备案\n东湖,2,推进中,,\n"),
    );
    let d = expect(&work, "extra-cell", "error", "p/东湖.csv", Some(2), Some(6));
    assert!(message(&d).contains("“已备案”"), "{d}");
}

#[test]
fn missing_cell_in_a_short_row() {
    let work = clean();
    work.write("p/东湖.csv", format!("{HEADER}东湖,1\n东湖,2,推进中,,\n"));
    expect(
        &work,
        "missing-cell",
        "error",
        "p/东湖.csv",
        Some(2),
        Some(3),
    );
}

#[test]
fn unknown_unit_lists_the_plans_units() {
    let work = clean();
    work.write(
        "p/东湖.csv",
        format!("{HEADER}东湖,1,已完成,2021-03-01,\n江北,2,推进中,,\n"),
    );
    let (_, all) = findings(&work, &[]);
    let d = all
        .iter()
        .find(|d| d["code"] == "unknown-unit")
        .expect("unknown-unit");
    assert_eq!(
        (d["row"].as_u64(), d["column"].as_u64(), d["field"].as_str()),
        (Some(3), Some(1), Some("单位"))
    );
    assert!(
        message(d).contains("本计划的单位有：东湖、西岭、南山、区局"),
        "{d}"
    );
}

#[test]
fn unknown_unit_suggests_a_near_miss() {
    let work = clean();
    work.write(
        "p/东湖.csv",
        format!("{HEADER}东湖,1,已完成,2021-03-01,\n东湖,2,推进中,,\n东胡,1,已完成,2021-03-01,\n"),
    );
    let d = expect(
        &work,
        "unknown-unit",
        "error",
        "p/东湖.csv",
        Some(4),
        Some(1),
    );
    assert!(message(&d).contains("是否为“东湖”？"), "{d}");
}

#[test]
fn a_unit_written_with_its_suffix_is_read_with_a_warning() {
    let work = clean();
    work.write(
        "p/东湖.csv",
        format!("{HEADER}东湖镇,1,已完成,2021-03-01,\n东湖街道,2,推进中,,\n"),
    );
    let (status, all) = findings(&work, &[]);
    assert_eq!(status, 0, "{all:#?}");
    let rows: Vec<(u64, &str)> = all
        .iter()
        .map(|d| (d["row"].as_u64().unwrap(), d["code"].as_str().unwrap()))
        .collect();
    assert_eq!(rows, [(2, "unit-alias"), (3, "unit-alias")]);
}

#[test]
fn unknown_task() {
    let work = clean();
    work.write(
        "p/东湖.csv",
        format!("{HEADER}东湖,1,已完成,2021-03-01,\n东湖,2,推进中,,\n东湖,第9项,推进中,,\n"),
    );
    let d = expect(
        &work,
        "unknown-task",
        "error",
        "p/东湖.csv",
        Some(4),
        Some(2),
    );
    assert!(message(&d).contains("第1至3项"), "{d}");
}

#[test]
fn not_assigned_names_who_has_the_task() {
    let work = clean();
    work.write(
        "p/东湖.csv",
        format!("{HEADER}东湖,1,已完成,2021-03-01,\n东湖,2,推进中,,\n东湖,3,推进中,,\n"),
    );
    let d = expect(
        &work,
        "not-assigned",
        "error",
        "p/东湖.csv",
        Some(4),
        Some(2),
    );
    assert!(message(&d).contains("由区局负责"), "{d}");
}

#[test]
fn invalid_status_prints_in_the_contracts_form() {
    let work = clean();
    work.write(
        "p/东湖.csv",
        format!("{HEADER}东湖,1,基本完成,2021-03-01,\n东湖,2,推进中,,\n"),
    );
    let run = work
        .run(&["validate", "p", "--plan", "plan.yaml"])
        .expect_code(1);
    assert_eq!(
        run.stdout,
        "p/东湖.csv:2:3: 错误[invalid-status] 状态“基本完成”无法识别，应为：已完成、推进中、未开始\n检查了 4 个表格、7 行：1 个错误，0 个警告\n"
    );
}

#[test]
fn missing_date_when_done() {
    let work = clean();
    work.write(
        "p/东湖.csv",
        format!("{HEADER}东湖,1,已完成,,\n东湖,2,推进中,,\n"),
    );
    expect(
        &work,
        "missing-date",
        "error",
        "p/东湖.csv",
        Some(2),
        Some(4),
    );
}

#[test]
fn invalid_date() {
    let work = clean();
    work.write(
        "p/东湖.csv",
        format!("{HEADER}东湖,1,已完成,2021-02-30,\n东湖,2,推进中,,\n"),
    );
    expect(
        &work,
        "invalid-date",
        "error",
        "p/东湖.csv",
        Some(2),
        Some(4),
    );
}

#[test]
fn future_date_is_after_as_of() {
    let work = clean();
    work.write(
        "p/东湖.csv",
        format!("{HEADER}东湖,1,已完成,2021-05-25,\n东湖,2,推进中,,\n"),
    );
    expect(
        &work,
        "future-date",
        "error",
        "p/东湖.csv",
        Some(2),
        Some(4),
    );
    // The same date is fine when the period's date is later.
    let (status, _) = findings(&work, &["--as-of", "2021-05-25"]);
    assert_eq!(status, 0);
}

#[test]
fn a_date_on_a_task_not_done_is_a_warning() {
    let work = clean();
    work.write(
        "p/东湖.csv",
        format!("{HEADER}东湖,1,已完成,2021-03-01,\n东湖,2,推进中,2021-05-01,\n"),
    );
    expect(
        &work,
        "date-not-done",
        "warning",
        "p/东湖.csv",
        Some(3),
        Some(4),
    );
}

#[test]
fn a_row_given_twice_is_a_duplicate_and_a_row_given_twice_differently_a_conflict() {
    let work = clean();
    work.write(
        "p/东湖.csv",
        format!("{HEADER}东湖,1,已完成,2021-03-01,\n东湖,2,推进中,,\n东湖,2,推进中,,\n"),
    );
    expect(
        &work,
        "duplicate-row",
        "warning",
        "p/东湖.csv",
        Some(4),
        None,
    );
    work.write(
        "p/东湖.csv",
        format!("{HEADER}东湖,1,已完成,2021-03-01,\n东湖,2,推进中,,\n东湖,2,未开始,,\n"),
    );
    let d = expect(
        &work,
        "conflicting-rows",
        "error",
        "p/东湖.csv",
        Some(4),
        None,
    );
    assert!(message(&d).contains("与第3行"), "{d}");
}

#[test]
fn a_unit_that_sent_nothing_is_one_missing_report() {
    let work = clean();
    std::fs::remove_file(work.path().join("p/西岭.csv")).unwrap();
    let d = expect(&work, "missing-report", "error", "p", None, None);
    assert!(
        message(&d).starts_with("西岭没有报送（应填报第1、2项，共2项）"),
        "{d}"
    );
}

#[test]
fn a_sheet_that_leaves_tasks_out_is_missing_rows() {
    let work = clean();
    work.write("p/东湖.csv", format!("{HEADER}东湖,1,已完成,2021-03-01,\n"));
    let d = expect(&work, "missing-row", "error", "p/东湖.csv", None, None);
    assert!(message(&d).starts_with("东湖缺少第2项的填报"), "{d}");
}

#[test]
fn a_sheet_named_after_one_unit_holding_anothers_rows_is_a_mismatch() {
    let work = clean();
    std::fs::remove_file(work.path().join("p/西岭.csv")).unwrap();
    work.write("p/东湖.csv", format!("{HEADER}东湖,1,已完成,2021-03-01,\n东湖,2,推进中,,\n西岭,1,已完成,2021-03-01,\n西岭,2,推进中,,\n"));
    expect(
        &work,
        "unit-mismatch",
        "warning",
        "p/东湖.csv",
        Some(4),
        Some(1),
    );
}

#[test]
fn a_file_that_is_not_a_sheet_is_skipped_with_a_warning() {
    let work = clean();
    work.write("p/通知.docx", "not a sheet");
    expect(&work, "unknown-file", "warning", "p/通知.docx", None, None);
}

#[test]
fn a_workbook_that_cannot_be_opened() {
    let work = clean();
    std::fs::remove_file(work.path().join("p/东湖.csv")).unwrap();
    work.write("p/东湖.xlsx", b"PK\x03\x04 this is no workbook");
    expect(
        &work,
        "unreadable-sheet",
        "error",
        "p/东湖.xlsx",
        None,
        None,
    );
}

#[test]
fn a_cell_past_excels_limit_is_too_large() {
    let work = clean();
    let note = "很".repeat(40_000);
    work.write(
        "p/东湖.csv",
        format!("{HEADER}东湖,1,已完成,2021-03-01,{note}\n东湖,2,推进中,,\n"),
    );
    expect(&work, "too-large", "error", "p/东湖.csv", Some(2), Some(5));
}

#[test]
fn without_as_of_dates_cannot_be_checked_and_validate_says_so() {
    let work = clean();
    std::fs::remove_file(work.path().join("p/period.yaml")).unwrap();
    expect(
        &work,
        "missing-as-of",
        "warning",
        "p/period.yaml",
        None,
        None,
    );
}

#[test]
fn a_broken_period_yaml_is_named() {
    let work = clean();
    work.write("p/period.yaml", "as_of: 2021-05-24\nnote: 5月\n");
    expect(
        &work,
        "period-syntax",
        "error",
        "p/period.yaml",
        Some(2),
        Some(1),
    );
}

#[test]
fn utf16_and_gbk_sheets_are_read_without_being_told() {
    let work = clean();
    let text = "单位\t任务\t状态\t完成日期\t说明\r\n东湖\t1\t已完成\t2021/3/1\t\r\n东湖\t2\t推进中\t\t\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    work.write("p/东湖.txt", bytes);
    std::fs::remove_file(work.path().join("p/东湖.csv")).unwrap();
    let gbk = encoding_rs::GBK
        .encode(&format!(
            "{HEADER}西岭,第1项,已完成,2021年3月1日,\n西岭,第2项,推进中,,\n"
        ))
        .0
        .into_owned();
    work.write("p/西岭.csv", gbk);
    let (status, all) = findings(&work, &[]);
    assert_eq!((status, all.len()), (0, 0), "{all:#?}");
}

/// Plan faults: (what to change in the plan, the code, its line and column).
#[test]
fn every_plan_fault_is_named_with_line_and_column() {
    let cases = [
        (
            "units:\n  towns: [东湖",
            "units:\n  towns: [东湖\n",
            "plan-syntax",
            2,
            10,
        ),
        (
            "        deadline: 2021-03\n",
            "        deadline: 2021-03\n        owner: 张三\n",
            "plan-unknown-key",
            10,
            9,
        ),
        (
            "      - id: 2\n",
            "      - id: 1\n",
            "duplicate-task",
            10,
            13,
        ),
        (
            "[东湖, 西岭, 南山]",
            "[东湖, 西岭, 东湖]",
            "duplicate-unit",
            2,
            19,
        ),
        (
            "deadline: 2021-03\n",
            "deadline: 2021-3-32\n",
            "invalid-deadline",
            9,
            19,
        ),
        (
            "assigned: [区局]",
            "assigned: [区局, 北岭]",
            "unknown-assignee",
            16,
            24,
        ),
    ];
    for (from, to, code, line, column) in cases {
        let work = clean();
        let plan = if code == "plan-syntax" {
            to.to_string()
        } else {
            PLAN.replacen(from, to, 1)
        };
        work.write("plan.yaml", plan);
        let (status, all) = findings(&work, &[]);
        assert_eq!(status, 1, "{code}");
        assert_eq!(all.len(), 1, "{code}: {all:#?}");
        let d = &all[0];
        assert_eq!(
            (d["code"].as_str(), d["path"].as_str()),
            (Some(code), Some("plan.yaml")),
            "{d:#}"
        );
        assert_eq!(
            (d["row"].as_u64(), d["column"].as_u64()),
            (Some(line), Some(column)),
            "{code}: {d:#}"
        );
    }
}

#[test]
fn a_sheet_given_alone_is_checked_for_its_own_units_only() {
    let work = clean();
    work.write("p/东湖.csv", format!("{HEADER}东湖,1,已完成,2021-03-01,\n"));
    let run = work
        .run(&["validate", "p/东湖.csv", "--plan", "plan.yaml"])
        .expect_code(1);
    assert!(
        run.stdout
            .contains("p/东湖.csv: 错误[missing-row] 东湖缺少第2项的填报"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("missing-report"), "{}", run.stdout);
    let run = work
        .run(&[
            "validate",
            "p/西岭.csv",
            "p/南山.csv",
            "--plan",
            "plan.yaml",
        ])
        .expect_code(0);
    assert!(
        run.stdout.contains("检查了 2 个表格、4 行"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_path_that_does_not_exist_is_exit_2() {
    let work = clean();
    let run = work
        .run(&["validate", "p/北岭.csv", "--plan", "plan.yaml"])
        .expect_code(2);
    assert!(run.stderr.contains("找不到 p/北岭.csv"), "{}", run.stderr);
}

#[test]
fn feedback_writes_one_report_per_sheet_for_the_unit_that_sent_it() {
    let work = clean();
    work.write(
        "p/东湖.csv",
        format!("{HEADER}东湖,1,基本完成,2021-03-01,\n东湖,2,推进中,2021-05-01,\n"),
    );
    std::fs::remove_file(work.path().join("p/西岭.csv")).unwrap();
    work.run(&["validate", "p", "--plan", "plan.yaml", "--feedback", "反馈"])
        .expect_code(1);
    let read = |name: &str| {
        std::fs::read_to_string(work.path().join("反馈").join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let east = read("东湖-反馈.txt");
    assert!(east.starts_with("东湖：\n\n你单位报送的《东湖.csv》经检查有以下1处问题，请改正后重新报送：\n\n1. 第2行“状态”：状态“基本完成”无法识别"), "{east}");
    assert!(
        east.contains("另有1处提示（不影响汇总，请留意）：\n\n1. 第3行“完成日期”："),
        "{east}"
    );
    assert!(
        east.ends_with("（本期统计截止日期：2021年5月24日）\n"),
        "{east}"
    );
    assert!(read("南山-反馈.txt").contains("经检查，可以汇总"));
    assert!(read("西岭-反馈.txt").contains("你单位尚未报送本期工作推进情况表"));
    let mut names: Vec<String> = std::fs::read_dir(work.path().join("反馈"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "区局-反馈.txt",
            "南山-反馈.txt",
            "东湖-反馈.txt",
            "西岭-反馈.txt"
        ]
        .map(String::from)
        .iter()
        .cloned()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>()
    );
}

/// The town lists of a reference paragraph: each "甲、乙和丙3个镇（街道）" group, in order.
fn published_groups(paragraph: &str) -> Vec<Vec<String>> {
    let marker = "个镇（街道）";
    let mut groups = Vec::new();
    let mut rest = paragraph;
    while let Some(at) = rest.find(marker) {
        let before = &rest[..at];
        let start = before
            .rfind(['，', '。'])
            .map_or(0, |i| i + '，'.len_utf8());
        let names = before[start..].trim_end_matches(|c: char| c.is_ascii_digit());
        groups.push(names.split(['、', '和']).map(String::from).collect());
        rest = &rest[at + marker.len()..];
    }
    groups
}

#[test]
fn the_reference_as_published_has_exactly_its_three_slips() {
    // The sample period, as the units' sheets, from the generated JSON.
    let sample =
        run_in_repo(&["generate", "--as-of", "2021-05-24", "--format", "json"]).expect_code(0);
    let sample: Value = serde_json::from_str(&sample.stdout).unwrap();
    let reference = std::fs::read_to_string(
        crate::workdir::repo().join("tests/fixtures/reference/yinzhou-2021-05-bulletin.txt"),
    )
    .unwrap()
    .replace(',', "，")
    .replace('(', "（")
    .replace(')', "）");
    let paragraph = |start: &str| {
        reference
            .lines()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("{start}"))
            .to_string()
    };
    // Tasks 6 (网格管理) and 16 (宣教场馆) as the reference tells them: done, in progress, not.
    let published = [
        (6, published_groups(&paragraph("1、将安全生产"))),
        (16, published_groups(&paragraph("5、实施全民安全素养"))),
    ];
    assert_eq!(
        published[0].1.iter().map(Vec::len).collect::<Vec<_>>(),
        [5, 11, 5]
    );
    assert_eq!(
        published[1].1.iter().map(Vec::len).collect::<Vec<_>>(),
        [6, 10, 6]
    );

    let mut sheets: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    let mut add = |unit: &str, task: u64, status: &str, date: &str| {
        sheets
            .entry(unit.to_string())
            .or_insert_with(|| HEADER.to_string())
            .push_str(&format!("{unit},{task},{status},{date},\n"));
    };
    for task in sample["tasks"].as_array().unwrap() {
        let id = task["id"].as_u64().unwrap();
        if let Some((_, groups)) = published
            .iter()
            .find(|(published_id, _)| *published_id == id)
        {
            for (group, status) in groups.iter().zip(["已完成", "推进中", "未开始"]) {
                for unit in group {
                    add(
                        unit,
                        id,
                        status,
                        if status == "已完成" {
                            "2021-05-10"
                        } else {
                            ""
                        },
                    );
                }
            }
            continue;
        }
        for done in task["units"]["done"].as_array().unwrap() {
            add(
                done["unit"].as_str().unwrap(),
                id,
                "已完成",
                done["date"].as_str().unwrap(),
            );
        }
        for (key, status) in [("in_progress", "推进中"), ("not_started", "未开始")] {
            for unit in task["units"][key].as_array().unwrap() {
                add(unit.as_str().unwrap(), id, status, "");
            }
        }
    }
    let work = Workdir::new();
    work.write(
        "plan.yaml",
        std::fs::read(crate::workdir::repo().join("data/plan.yaml")).unwrap(),
    );
    work.write("p/period.yaml", "as_of: 2021-05-24\n");
    for (unit, text) in &sheets {
        work.write(&format!("p/{unit}.csv"), text);
    }

    let (status, all) = findings(&work, &[]);
    assert_eq!(status, 1);
    let faults: Vec<(&str, &str)> = all
        .iter()
        .map(|d| (d["path"].as_str().unwrap(), d["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        faults,
        [
            ("p/五乡.csv", "conflicting-rows"),
            ("p/姜山.csv", "conflicting-rows"),
            ("p/邱隘.csv", "missing-row")
        ],
        "{all:#?}"
    );
    let messages: Vec<&str> = all.iter().map(message).collect();
    assert!(messages[0].starts_with("五乡第6项与第"), "{}", messages[0]);
    assert!(messages[1].starts_with("姜山第16项与第"), "{}", messages[1]);
    assert!(
        messages[2].starts_with("邱隘缺少第6项的填报"),
        "{}",
        messages[2]
    );
}

#[test]
fn a_towns_official_name_is_read_as_the_town_with_one_warning_naming_its_rows() {
    let work = clean();
    work.write(
        "p/东湖.csv",
        format!("{HEADER}东湖镇人民政府,1,已完成,2021-03-01,\n东湖镇人民政府,2,推进中,,\n"),
    );
    let run = work
        .run(&["validate", "p", "--plan", "plan.yaml"])
        .expect_code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines.first().copied(),
        Some(
            "p/东湖.csv:2:1: 警告[unit-alias] 单位“东湖镇人民政府”按“东湖”读取（第2–3行）；以后请直接填写“东湖”"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(lines.len(), 2, "{}", run.stdout);
}

#[test]
fn an_unknown_unit_on_many_rows_is_one_error_naming_its_rows() {
    let work = clean();
    work.write(
        "p/东湖.csv",
        format!(
            "{HEADER}东湖党政办,1,已完成,2021-03-01,\n北京市,2,推进中,,\n东湖党政办,2,推进中,,\n东湖党政办,3,推进中,,\n"
        ),
    );
    let run = work
        .run(&["validate", "p", "--plan", "plan.yaml"])
        .expect_code(1);
    let errors: Vec<&str> = run.stdout.lines().filter(|l| l.contains("错误[")).collect();
    assert_eq!(
        errors,
        [
            "p/东湖.csv:2:1: 错误[unknown-unit] 单位“东湖党政办”不是本计划的单位，是否为“东湖”？（第2、4–5行）",
            "p/东湖.csv:3:1: 错误[unknown-unit] 单位“北京市”不是本计划的单位；本计划的单位有：东湖、西岭、南山、区局",
        ],
        "{}",
        run.stdout
    );
}

#[test]
fn a_unit_whose_sheet_named_after_it_cannot_be_read_is_not_said_to_have_sent_nothing() {
    for name in ["东湖.csv", "东湖5月报表.csv", "东湖镇（修改）.csv"] {
        let work = clean();
        std::fs::remove_file(work.path().join("p/东湖.csv")).unwrap();
        work.write(
            &format!("p/{name}"),
            "单位,任务,完成日期\n东湖,1,2021-03-01\n东湖,2,\n",
        );
        let (status, all) = findings(&work, &[]);
        assert_eq!(status, 1, "{all:#?}");
        let codes: Vec<&str> = all.iter().map(|d| d["code"].as_str().unwrap()).collect();
        assert_eq!(codes, ["missing-column"], "{name}: {all:#?}");
    }
}
