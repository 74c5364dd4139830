//! Sheets as towns send them (issue 11), each case read from a file made the way Excel, WPS or
//! LibreOffice makes it: tests/fixtures/towns/, written by tools/towns.rs (its README lists
//! how each file was made). A county of five towns and a department; every test starts from a
//! clean period and puts one town's real sheet in.

use std::path::PathBuf;

use crate::workdir::{Run, Workdir, repo};

const TOWNS: [&str; 5] = ["城关镇", "慈城", "邱隘", "东岭乡", "北塘镇"];

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/towns").join(name)
}

/// The county's plan and a clean period `p` (as of 24 May 2021): every town's twelve rows as
/// `bulletin sheets --format csv` writes them, and the department's one.
fn county() -> Workdir {
    let work = Workdir::new();
    work.write(
        "plan.yaml",
        std::fs::read(fixture("plan.yaml")).expect("the plan"),
    );
    work.write("p/period.yaml", "as_of: 2021-05-24\n");
    for town in TOWNS {
        let mut sheet = String::from("\u{feff}单位,任务,状态,完成日期,说明\r\n");
        for task in 1..=12 {
            let (status, date) = match task {
                1..=4 => ("已完成", format!("2021-03-{:02}", 10 + task)),
                5..=8 => ("推进中", String::new()),
                _ => ("未开始", String::new()),
            };
            sheet.push_str(&format!("{town},{task},{status},{date},\r\n"));
        }
        work.write(&format!("p/{town}.csv"), sheet);
    }
    work.write(
        "p/县应急管理局.csv",
        "\u{feff}单位,任务,状态,完成日期,说明\r\n县应急管理局,13,推进中,,已制定演练方案。\r\n",
    );
    work
}

/// Puts the fixture `name` in the period as `as_name`, in place of `town`'s clean sheet.
fn put(work: &Workdir, town: &str, name: &str, as_name: &str) {
    let _ = std::fs::remove_file(work.path().join(format!("p/{town}.csv")));
    work.write(
        &format!("p/{as_name}"),
        std::fs::read(fixture(name)).expect("the fixture"),
    );
}

fn validate(work: &Workdir) -> Run {
    work.run(&["validate", "p", "--plan", "plan.yaml"])
}

/// The findings validate printed, without its closing line.
fn findings(run: &Run) -> Vec<&str> {
    run.stdout
        .lines()
        .filter(|line| !line.starts_with("检查了"))
        .collect()
}

/// The findings of the clean county with the fixture `name` in place of `town`'s sheet, as
/// `as_name`; validate must end with `code`.
fn findings_with(town: &str, name: &str, as_name: &str, code: i32) -> Vec<String> {
    let work = county();
    put(&work, town, name, as_name);
    let run = validate(&work).expect_code(code);
    findings(&run).into_iter().map(String::from).collect()
}

#[test]
fn the_clean_county_is_clean() {
    let run = validate(&county()).expect_code(0);
    assert!(run.stdout.ends_with("没有发现问题\n"), "{}", run.stdout);
}

#[test]
fn statuses_as_clerks_write_them_are_read_each_word_once_with_its_rows() {
    let rest = "以后请填写：已完成、推进中、未开始";
    assert_eq!(
        findings_with("城关镇", "城关镇-状态别名.csv", "城关镇.csv", 0),
        [
            format!(
                "p/城关镇.csv:2:3: 警告[status-alias] 状态“完成”按“已完成”读取（第2–4行）；{rest}"
            ),
            format!("p/城关镇.csv:5:3: 警告[status-alias] 状态“已办结”按“已完成”读取；{rest}"),
            format!(
                "p/城关镇.csv:6:3: 警告[status-alias] 状态“进行中”按“推进中”读取（第6–7行）；{rest}"
            ),
            format!("p/城关镇.csv:8:3: 警告[status-alias] 状态“正在推进”按“推进中”读取；{rest}"),
            format!("p/城关镇.csv:9:3: 警告[status-alias] 状态“在建”按“推进中”读取；{rest}"),
            format!(
                "p/城关镇.csv:10:3: 警告[status-alias] 状态“未启动”按“未开始”读取（第10–11行）；{rest}"
            ),
            format!("p/城关镇.csv:12:3: 警告[status-alias] 状态“没有开始”按“未开始”读取；{rest}"),
        ]
    );
    // Read as the statuses they stand for: the bulletin's tasks are the clean county's.
    let tasks = |work: &Workdir| {
        let run = work
            .run(&["generate", "p", "--plan", "plan.yaml", "--format", "json"])
            .expect_code(0);
        let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        value["tasks"].clone()
    };
    let work = county();
    put(&work, "城关镇", "城关镇-状态别名.csv", "城关镇.csv");
    assert_eq!(tasks(&work), tasks(&county()));
}

#[test]
fn task_ids_as_clerks_write_them_are_read_with_one_warning_for_each_form() {
    assert_eq!(
        findings_with("北塘镇", "北塘镇-任务编号.csv", "北塘镇.csv", 0),
        [
            "p/北塘镇.csv:2:2: 警告[task-alias] 任务编号写的是中文数字，已按数字读取（第2–5、12行）；以后请填写阿拉伯数字，如 3 或 第3项",
            "p/北塘镇.csv:6:2: 警告[task-alias] 任务编号带有顿号、括号或小数点（如 3、 （3） 3.0），已按数字读取（第6–11行）；以后请只填写数字，如 3",
        ]
    );
}

#[test]
fn a_unit_written_with_its_suffix_on_every_row_is_one_line_naming_the_rows() {
    assert_eq!(
        findings_with("慈城", "慈城街道.csv", "慈城街道.csv", 0),
        [
            "p/慈城街道.csv:2:1: 警告[unit-alias] 单位“慈城街道”按“慈城”读取（第2–13行）；以后请直接填写“慈城”"
        ]
    );
}

#[test]
fn invisible_characters_in_a_name_are_dropped_and_said() {
    let rest = "；这类字符多是从网页或微信复制带入的，以后请直接输入";
    assert_eq!(
        findings_with("邱隘", "邱隘-看不见的字符.csv", "邱隘.csv", 0),
        [
            format!(
                "p/邱隘.csv:2:1: 警告[invisible-char] 单位“邱隘”中有看不见的字符（零宽空格），已去掉后读取（第2–7行）{rest}"
            ),
            format!(
                "p/邱隘.csv:8:1: 警告[invisible-char] 单位“邱隘”中有看不见的字符（全角空格），已去掉后读取（第8–13行）{rest}"
            ),
        ]
    );
}

#[test]
fn a_unit_that_sent_two_sheets_is_one_finding_naming_both_files() {
    let work = county();
    put(&work, "东岭乡", "东岭乡.csv", "东岭乡.csv");
    put(&work, "", "东岭乡.xlsx", "东岭乡.xlsx");
    let run = validate(&work).expect_code(0);
    assert_eq!(
        findings(&run),
        [
            "p/东岭乡.xlsx: 警告[duplicate-sheet] 东岭乡的填报在 东岭乡.csv 和 东岭乡.xlsx 中都有，12项内容相同，已按一份读取；请只保留一份"
        ]
    );
    // Two that differ on task 5: one error naming it.
    let work = county();
    put(&work, "东岭乡", "东岭乡.csv", "东岭乡.csv");
    put(&work, "", "东岭乡-不一致.xlsx", "东岭乡（新）.xlsx");
    let run = validate(&work).expect_code(1);
    assert_eq!(
        findings(&run),
        [
            "p/东岭乡（新）.xlsx: 错误[duplicate-sheet] 东岭乡的填报在 东岭乡.csv 和 东岭乡（新）.xlsx 中都有，其中第5项两份不一致：东岭乡.csv 为推进中，东岭乡（新）.xlsx 为已完成（2021-05-10）；请核实后只保留一份"
        ]
    );
}

#[test]
fn a_completion_date_more_than_ten_years_before_as_of_is_invalid_naming_the_cell() {
    assert_eq!(
        findings_with("城关镇", "城关镇-日期.csv", "城关镇.csv", 1),
        [
            "p/城关镇.csv:2:4: 错误[invalid-date] 完成日期“21/5/20”读作0021年5月20日，比统计截止日期早十年以上，不可能是完成日期；请写完整的四位年份，如 2021-05-20"
        ]
    );
    // 5.2 typed into a date cell of a workbook saved by LibreOffice: 1900-01-05.
    assert_eq!(
        findings_with("城关镇", "城关镇-日期.xlsx", "城关镇.xlsx", 1),
        [
            "p/城关镇.xlsx:2:4: 错误[invalid-date] 完成日期单元格的值是1900年1月5日，比统计截止日期早十年以上，不可能是完成日期（在日期格式的单元格中只输入 5.2 这样的数字就会这样）；请输入完整的日期，如 2021-05-02"
        ]
    );
    // Only more than ten years back is refused (the sample has tasks done before its plan was
    // issued): as of 1 March 2031, the dates of March 2021 stand.
    let work = county();
    work.write("p/period.yaml", "as_of: 2031-03-01\n");
    put(&work, "城关镇", "城关镇-日期.csv", "城关镇.csv");
    let run = validate(&work);
    assert!(
        run.stdout.matches("invalid-date").count() == 1,
        "{}",
        run.stdout
    );
}

#[test]
fn a_four_digit_year_too_early_is_asked_to_be_checked_not_written_in_full() {
    let work = county();
    let sheet = std::fs::read_to_string(work.path().join("p/城关镇.csv")).unwrap();
    work.write(
        "p/城关镇.csv",
        sheet.replacen("2021-03-11", "2010-05-01", 1),
    );
    let run = validate(&work).expect_code(1);
    assert_eq!(
        findings(&run),
        [
            "p/城关镇.csv:2:4: 错误[invalid-date] 完成日期“2010-05-01”读作2010年5月1日，比统计截止日期早十年以上，不可能是完成日期；请核对年份，如 2021-05-01"
        ]
    );
}

/// 城关镇's sheet with 5.2 typed into a date cell, saved by LibreOffice as .ods.
fn date_sheet_as_ods() -> Option<Vec<u8>> {
    let xlsx = std::fs::read(fixture("城关镇-日期.xlsx")).unwrap();
    crate::hostile_books::through_libreoffice(&xlsx, "ods")
}

#[test]
fn five_point_two_in_an_ods_date_cell_gets_the_hint_xlsx_and_xls_get() {
    let Some(ods) = date_sheet_as_ods() else {
        return;
    };
    let work = county();
    let _ = std::fs::remove_file(work.path().join("p/城关镇.csv"));
    work.write("p/城关镇.ods", &ods);
    let run = validate(&work).expect_code(1);
    let found = findings(&run);
    assert_eq!(found.len(), 1, "{}", run.stdout);
    // LibreOffice counts days from 1899-12-30: 5.2 is 4 January 1900 there.
    assert!(
        found[0].starts_with(
            "p/城关镇.ods:2:4: 错误[invalid-date] 完成日期单元格的值是1900年1月4日，比统计截止日期早十年以上，不可能是完成日期（在日期格式的单元格中只输入 5.2 这样的数字就会这样）"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn an_ods_renamed_csv_is_asked_to_be_named_ods_again() {
    let Some(ods) = date_sheet_as_ods() else {
        return;
    };
    let work = county();
    work.write("p/城关镇.csv", &ods);
    let run = validate(&work);
    assert!(
        run.stdout.contains(
            "p/城关镇.csv: 警告[wrong-extension] 文件扩展名是 .csv，内容却是 LibreOffice 表格（可能是直接改了扩展名），已按 LibreOffice 表格读取；以后请把扩展名改回 .ods"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn two_hundred_and_fifty_warnings_alike_are_one_line_and_never_stop_generate() {
    assert_eq!(
        findings_with("城关镇", "城关镇-重复行.csv", "城关镇.csv", 0),
        [
            "p/城关镇.csv:14: 警告[duplicate-row] 城关镇第1项与第2行重复，已按一行读取（第14–263行）；请删除多余的一行"
        ]
    );
    let work = county();
    put(&work, "城关镇", "城关镇-重复行.csv", "城关镇.csv");
    let run = work
        .run(&["generate", "p", "--plan", "plan.yaml", "--format", "text"])
        .expect_code(0);
    assert!(run.stderr.contains("警告[duplicate-row]"), "{}", run.stderr);
}

#[test]
fn feedback_tells_a_unit_about_its_sheet_never_that_it_sent_nothing() {
    let work = county();
    put(&work, "邱隘", "邱隘镇-缺列.csv", "邱隘镇.csv");
    work.run(&["validate", "p", "--plan", "plan.yaml", "--feedback", "fb"])
        .expect_code(1);
    let text = std::fs::read_to_string(work.path().join("fb/邱隘-反馈.txt")).unwrap();
    assert!(
        text.starts_with("邱隘：\n\n你单位报送的《邱隘镇.csv》经检查有以下1处问题"),
        "{text}"
    );
    assert!(text.contains("缺少“状态”列"), "{text}");
    assert!(!text.contains("尚未报送"), "{text}");
    assert!(!work.path().join("fb/邱隘镇-反馈.txt").exists());
    // What is meant for the clerk never goes to a unit.
    let work = county();
    std::fs::remove_file(work.path().join("p/北塘镇.csv")).unwrap();
    work.run(&["validate", "p", "--plan", "plan.yaml", "--feedback", "fb"])
        .expect_code(1);
    for entry in std::fs::read_dir(work.path().join("fb")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(!text.contains("催报"), "{text}");
        assert!(!text.contains("放进这个文件夹"), "{text}");
    }
}

#[test]
fn allow_missing_writes_the_bulletin_and_says_who_sent_nothing_in_one_sentence() {
    let work = county();
    for town in ["东岭乡", "北塘镇"] {
        std::fs::remove_file(work.path().join(format!("p/{town}.csv"))).unwrap();
    }
    let refused = work
        .run(&["generate", "p", "--plan", "plan.yaml", "--format", "text"])
        .expect_code(1);
    assert!(
        refused.stderr.contains("--allow-missing"),
        "{}",
        refused.stderr
    );
    let run = work
        .run(&[
            "generate",
            "p",
            "--plan",
            "plan.yaml",
            "--format",
            "text",
            "--allow-missing",
        ])
        .expect_code(0);
    let lines: Vec<&str> = run
        .stdout
        .lines()
        .map(|l| l.trim_start_matches('\u{3000}'))
        .collect();
    let at = lines
        .iter()
        .position(|l| *l == "东岭乡、北塘镇2个乡镇未按时报送，按未完成统计。")
        .unwrap_or_else(|| panic!("{}", run.stdout));
    // At the end of section 一, before section 二.
    assert!(
        lines[at - 1].starts_with("（二）正在有序推进的"),
        "{}",
        run.stdout
    );
    assert_eq!(lines[at + 1], "二、具体工作推进情况");
    // Their tasks count as not done, and each sentence that counts them says so.
    assert!(
        run.stdout.contains(
            "城关镇、慈城、邱隘3个乡镇已成立应急管理委员会，其余2个乡镇尚未完成（东岭乡、北塘镇未报送）。"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("警告[missing-report] 东岭乡没有报送"),
        "{}",
        run.stderr
    );
    let json = work
        .run(&[
            "generate",
            "p",
            "--plan",
            "plan.yaml",
            "--format",
            "json",
            "--allow-missing",
        ])
        .expect_code(0);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        value["not_reported"],
        serde_json::json!(["东岭乡", "北塘镇"])
    );
    let docx = work.path().join("通报.docx");
    work.run(&[
        "generate",
        "p",
        "--plan",
        "plan.yaml",
        "-o",
        docx.to_str().unwrap(),
        "--allow-missing",
    ])
    .expect_code(0);
    assert!(docx.is_file());
}

/// The county with 东岭乡 and 北塘镇 sending nothing, and its bulletin generated with
/// `--allow-missing` in `args`' format.
fn two_silent(args: &[&str]) -> (Workdir, Run) {
    let work = county();
    for town in ["东岭乡", "北塘镇"] {
        std::fs::remove_file(work.path().join(format!("p/{town}.csv"))).unwrap();
    }
    let mut all = vec!["generate", "p", "--plan", "plan.yaml", "--allow-missing"];
    all.extend(args);
    let run = work.run(&all).expect_code(0);
    (work, run)
}

/// The rows of the Markdown table under `heading`, header and rule dropped.
fn markdown_rows<'a>(md: &'a str, heading: &str) -> Vec<Vec<&'a str>> {
    md.lines()
        .skip_while(|line| *line != heading)
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .skip(2)
        .map(|line| line.trim_matches('|').split('|').map(str::trim).collect())
        .collect()
}

#[test]
fn a_unit_that_sent_nothing_is_marked_not_reported_in_the_annex_and_never_ranked() {
    // QA item 19: it read ○ 未开始 on every task and was ranked last at 0%.
    let (_, run) = two_silent(&[]);
    let md = &run.stdout;
    let grid = markdown_rows(md, "## 各单位任务推进情况表");
    let row = |unit: &str| grid.iter().find(|r| r[0] == unit).cloned().unwrap();
    // Tasks 1–12 are the towns', 13 the department's.
    let mut silent = vec!["东岭乡"];
    silent.extend(["×"; 12]);
    silent.push("");
    assert_eq!(row("东岭乡"), silent, "{md}");
    assert!(
        row("城关镇").contains(&"○"),
        "a town that reported 未开始 keeps ○"
    );
    assert!(
        md.contains("●已完成　△推进中　○未开始　空白：不承担该项任务　×未报送（按未完成统计）"),
        "{md}"
    );
    let ranking = markdown_rows(md, "## 各乡镇到期任务完成情况排名");
    let ranked: Vec<(&str, &str, &str)> = ranking.iter().map(|r| (r[0], r[1], r[4])).collect();
    assert_eq!(
        ranked,
        [
            ("1", "城关镇", "100%"),
            ("1", "慈城", "100%"),
            ("1", "邱隘", "100%"),
            ("—", "县应急管理局", "—"),
            ("—", "东岭乡", "未报送"),
            ("—", "北塘镇", "未报送"),
        ],
        "{md}"
    );
    assert!(
        md.contains("其余单位列在表末，不排名；东岭乡、北塘镇未报送，不排名。"),
        "{md}"
    );
    // 各乡镇均… counts them too, and says so.
    assert!(
        md.contains("各乡镇均尚未完成（其中东岭乡、北塘镇未报送）。"),
        "{md}"
    );
}

#[test]
fn the_json_says_which_units_of_a_task_sent_nothing() {
    let (_, run) = two_silent(&["--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let task = |id: u64| {
        value["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .cloned()
            .unwrap()
    };
    // Still counted as not started (the contract), and told apart.
    assert_eq!(
        task(1)["units"]["not_started"],
        serde_json::json!(["东岭乡", "北塘镇"])
    );
    assert_eq!(
        task(1)["units"]["not_reported"],
        serde_json::json!(["东岭乡", "北塘镇"])
    );
    assert_eq!(
        task(9)["units"]["not_reported"],
        serde_json::json!(["东岭乡", "北塘镇"])
    );
    assert!(task(13)["units"].get("not_reported").is_none());
}

#[test]
fn the_workbook_and_the_docx_mark_a_unit_that_sent_nothing() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let (work, _) = two_silent(&["-o", "汇总表.xlsx"]);
    let mut book: Xlsx<_> = open_workbook(work.path().join("汇总表.xlsx")).unwrap();
    let text = |data: Option<&Data>| match data {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        _ => String::new(),
    };
    let grid = book.worksheet_range("单位×任务").unwrap();
    let column = (0..grid.width())
        .find(|&c| text(grid.get((0, c))) == "东岭乡")
        .unwrap();
    let cells: Vec<String> = (1..=13).map(|row| text(grid.get((row, column)))).collect();
    let mut expected = vec!["未报送".to_string(); 12];
    expected.push(String::new());
    assert_eq!(cells, expected);
    let legend: Vec<String> = (14..grid.height())
        .map(|row| text(grid.get((row, 3))))
        .collect();
    assert!(
        legend.contains(&"单位未报送，按未完成统计".to_string()),
        "{legend:?}"
    );
    let ranking = book.worksheet_range("排名").unwrap();
    let row = (0..ranking.height())
        .find(|&r| text(ranking.get((r, 1))) == "北塘镇")
        .unwrap();
    assert_eq!(text(ranking.get((row, 0))), "—");
    assert_eq!(text(ranking.get((row, 4))), "未报送");
    let tasks = book.worksheet_range("任务").unwrap();
    let lists: Vec<String> = tasks
        .rows()
        .flat_map(|r| r.iter().map(|d| text(Some(d))))
        .collect();
    assert!(
        lists
            .iter()
            .any(|cell| cell.contains("未报送：东岭乡、北塘镇")),
        "{lists:?}"
    );
    assert!(
        !lists
            .iter()
            .flat_map(|cell| cell.lines())
            .any(|line| line.starts_with("未开始：") && line.contains("东岭乡")),
        "{lists:?}"
    );

    let (work, _) = two_silent(&["-o", "通报.docx"]);
    let document = crate::ooxml::part(&work.path().join("通报.docx"), "word/document.xml");
    let rows: Vec<String> = document
        .all("w:tr")
        .iter()
        .map(|row| row.text_of_runs())
        .collect();
    assert!(
        rows.contains(&format!("东岭乡{}", "×".repeat(12))),
        "{rows:?}"
    );
    assert!(rows.contains(&"—北塘镇40未报送".to_string()), "{rows:?}");
    assert!(document.text_of_runs().contains("×未报送（按未完成统计）"));
}

#[test]
fn a_period_yaml_saved_in_gbk_gets_one_chinese_message() {
    let work = county();
    work.write(
        "p/period.yaml",
        std::fs::read(fixture("period-gbk.yaml")).unwrap(),
    );
    let run = validate(&work).expect_code(1);
    assert_eq!(
        findings(&run),
        [
            "p/period.yaml: 错误[period-syntax] period.yaml 必须用 UTF-8 编码保存：在记事本中“另存为”，把“编码”选为 UTF-8 后保存（现在的编码像是 GBK/ANSI）"
        ]
    );
    work.run(&["generate", "p", "--plan", "plan.yaml"])
        .expect_code(1);
}

#[test]
fn what_we_wrote_into_the_period_and_a_clerks_note_are_never_read_as_sheets() {
    let work = county();
    for output in [
        "p/通报.txt",
        "p/通报.md",
        "p/通报.json",
        "p/通报.docx",
        "p/汇总表.xlsx",
    ] {
        work.run(&["generate", "p", "--plan", "plan.yaml", "-o", output])
            .expect_code(0);
    }
    work.run(&["validate", "p", "--plan", "plan.yaml", "--feedback", "p"])
        .expect_code(0);
    assert!(work.path().join("p/城关镇-反馈.txt").is_file());
    put(&work, "", "说明.txt", "说明.txt");
    let run = validate(&work).expect_code(0);
    assert_eq!(
        run.stdout,
        "检查了 6 个表格、61 行：0 个错误，0 个警告，没有发现问题\n"
    );
    // A bulletin written over the period again reads the same sheets.
    work.run(&["generate", "p", "--plan", "plan.yaml", "-o", "p/通报.txt"])
        .expect_code(0);
}

#[test]
fn a_txt_is_a_sheet_when_excel_saved_it_as_text() {
    for fixture_name in ["北塘镇-unicode.txt", "北塘镇-制表符.txt"] {
        let work = county();
        put(&work, "北塘镇", fixture_name, "北塘镇.txt");
        let run = validate(&work).expect_code(0);
        assert_eq!(
            run.stdout, "检查了 6 个表格、61 行：0 个错误，0 个警告，没有发现问题\n",
            "{fixture_name}"
        );
    }
}

/// The findings for `town`'s fixture `stem` in each of `extensions`, its path's extension
/// replaced by `EXT`, so that one expectation serves every format.
fn findings_in_each(town: &str, stem: &str, extensions: &[&str], code: i32) -> Vec<Vec<String>> {
    extensions
        .iter()
        .map(|extension| {
            findings_with(
                town,
                &format!("{stem}.{extension}"),
                &format!("{town}.{extension}"),
                code,
            )
            .into_iter()
            .map(|line| line.replacen(&format!(".{extension}:"), ".EXT:", 1))
            .collect()
        })
        .collect()
}

#[test]
fn the_header_is_found_under_a_title_a_subtitle_and_a_row_of_notes_in_every_format() {
    for found in findings_in_each("城关镇", "城关镇-标题行", &["xlsx", "xls", "ods", "csv"], 0)
    {
        assert_eq!(
            found,
            [
                "p/城关镇.EXT:3: 警告[header-row] 表头在第4行：上面的第3行（“填报单位：城关镇（盖章） 填报日期：20…”）不是表头，当作标题或填报说明跳过；如果其中有要报送的内容，请移到表头下面"
            ]
        );
    }
}

#[test]
fn a_unit_merged_down_its_rows_is_read_in_every_row_in_every_format() {
    for found in findings_in_each("慈城", "慈城-合并单元格", &["xlsx", "xls", "ods"], 0) {
        assert_eq!(
            found,
            [
                "p/慈城.EXT:2:1: 警告[merged-cell] A2:A13 是合并单元格，已把“慈城”读到第2–13行的每一行；如果各行不同，请取消合并后逐行填写"
            ]
        );
    }
}

/// The bulletin's tasks (JSON) of the county with `name` in place of `town`'s sheet.
fn tasks_with(town: &str, name: &str, as_name: &str) -> serde_json::Value {
    let work = county();
    put(&work, town, name, as_name);
    let run = work
        .run(&["generate", "p", "--plan", "plan.yaml", "--format", "json"])
        .expect_code(0);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    value["tasks"].clone()
}

#[test]
fn of_tabs_4_and_5_the_active_may_is_read_and_april_is_named() {
    let clean = tasks_with("", "说明.txt", "说明.txt");
    for extension in ["xlsx", "xls"] {
        let found = findings_with(
            "邱隘",
            &format!("邱隘-4月5月.{extension}"),
            &format!("邱隘.{extension}"),
            0,
        );
        assert_eq!(
            found,
            [format!(
                "p/邱隘.{extension}: 警告[sheet-choice] 工作簿中有2张工作表都有表格，读取的是当前选中的工作表“5月”，“4月”没有读取；如果要报送的是另一张，请删去不用的工作表后再发"
            )]
        );
        // May's rows are the clean county's.
        let tasks = tasks_with(
            "邱隘",
            &format!("邱隘-4月5月.{extension}"),
            &format!("邱隘.{extension}"),
        );
        assert_eq!(tasks, clean, "{extension}");
    }
    // LibreOffice saving without a window records no active table in an .ods: the first table
    // is read, and the warning says why.
    assert_eq!(
        findings_with("邱隘", "邱隘-4月5月.ods", "邱隘.ods", 0),
        [
            "p/邱隘.ods: 警告[sheet-choice] 工作簿中有2张工作表都有表格，读取的是第一张有表格的工作表（文件中没有记下当时选中的是哪一张）“4月”，“5月”没有读取；如果要报送的是另一张，请删去不用的工作表后再发"
        ]
    );
}

#[test]
fn a_hidden_first_sheet_is_passed_over_in_every_format() {
    let clean = tasks_with("", "说明.txt", "说明.txt");
    for extension in ["xlsx", "xls", "ods"] {
        let name = format!("北塘镇-隐藏首表.{extension}");
        let as_name = format!("北塘镇.{extension}");
        assert!(
            findings_with("北塘镇", &name, &as_name, 0).is_empty(),
            "{extension}"
        );
        assert_eq!(tasks_with("北塘镇", &name, &as_name), clean, "{extension}");
    }
}

#[test]
fn semicolons_tabs_a_sep_line_and_utf16_with_commas_are_read_and_the_guess_said() {
    let said = |name: &str| {
        format!(
            "p/城关镇.csv: 警告[delimiter] 这个文件的各列是用{name}分隔的，已按{name}分列读取；如果读出的列不对，请在 Excel/WPS 中另存为 .xlsx 再发"
        )
    };
    assert_eq!(
        findings_with("城关镇", "城关镇-分号.csv", "城关镇.csv", 0),
        [said("分号（;）")]
    );
    assert_eq!(
        findings_with("城关镇", "城关镇-制表符.csv", "城关镇.csv", 0),
        [said("制表符（Tab）")]
    );
    // UTF-16 is Excel's "Unicode text", tab-separated: commas are a guess.
    assert_eq!(
        findings_with("城关镇", "城关镇-utf16逗号.csv", "城关镇.csv", 0),
        [said("逗号（,）")]
    );
    // sep=; says it: nothing guessed, and the line is no row (the header is row 1).
    assert!(findings_with("城关镇", "城关镇-sep.csv", "城关镇.csv", 0).is_empty());
    let work = county();
    put(&work, "城关镇", "城关镇-sep.csv", "城关镇.csv");
    std::fs::write(
        work.path().join("p/城关镇.csv"),
        std::fs::read(fixture("城关镇-sep.csv"))
            .unwrap()
            .into_iter()
            .chain(*b"\xb3\xc7\xb9\xd8\xd5\xf2;99;;;\r\n")
            .collect::<Vec<u8>>(),
    )
    .unwrap();
    let run = validate(&work).expect_code(1);
    assert!(
        run.stdout.contains("p/城关镇.csv:14:2: 错误[unknown-task]"),
        "{}",
        run.stdout
    );
}

#[test]
fn rows_excel_saves_under_the_table_are_passed_over_without_a_word() {
    for (name, as_name) in [
        ("城关镇-尾部逗号.csv", "城关镇.csv"),
        ("城关镇-尾部空格.csv", "城关镇.csv"),
        ("城关镇-尾部格式.xlsx", "城关镇.xlsx"),
    ] {
        assert!(
            findings_with("城关镇", name, as_name, 0).is_empty(),
            "{name}"
        );
        let work = county();
        put(&work, "城关镇", name, as_name);
        work.run(&["generate", "p", "--plan", "plan.yaml", "--format", "text"])
            .expect_code(0);
    }
}

#[test]
fn formulas_without_their_results_are_one_error_that_says_to_open_and_save() {
    // The one finding: the cells it names are not also told as an empty 状态.
    assert_eq!(
        findings_with("东岭乡", "东岭乡-公式.xlsx", "东岭乡.xlsx", 1),
        [
            "p/东岭乡.xlsx: 错误[formula-without-value] C2等12个单元格的公式没有计算结果（文件是程序生成的，没有在 Excel/WPS 中打开过），这些单元格读不到内容：请在 Excel/WPS 中打开并保存后再发"
        ]
    );
}

#[test]
fn a_workbook_with_a_password_is_one_error_asking_to_take_it_off() {
    for found in findings_in_each("东岭乡", "东岭乡-密码", &["xlsx", "xls", "ods"], 1) {
        assert_eq!(
            found,
            [
                "p/东岭乡.EXT: 错误[password-protected] 工作簿有密码保护，无法读取：请去掉密码后再发（在 Excel/WPS 中打开，“文件”→“信息”→“保护工作簿”→“用密码进行加密”，清空密码后保存）"
            ]
        );
    }
}

#[test]
fn a_csv_renamed_xlsx_is_read_as_the_csv_it_is_and_an_et_file_is_asked_for_as_xlsx() {
    assert_eq!(
        findings_with("东岭乡", "东岭乡-改名.xlsx", "东岭乡.xlsx", 0),
        [
            "p/东岭乡.xlsx: 警告[wrong-extension] 文件扩展名是 .xlsx，内容却是 CSV 文本（可能是直接改了扩展名），已按 CSV 文本读取；以后请在 Excel/WPS 中“另存为” .xlsx，或把扩展名改回 .csv"
        ]
    );
    assert_eq!(
        findings_with("城关镇", "城关镇.et", "城关镇.et", 1),
        [
            "p/城关镇.et: 错误[unreadable-sheet] 这是 WPS 表格的 .et 文件，无法读取：请在 WPS 中“另存为” .xlsx（Excel 工作簿）后再发"
        ]
    );
}

/// The bulletin's tasks (JSON) of period `p`.
fn bulletin_tasks(work: &Workdir) -> serde_json::Value {
    let run = work
        .run(&["generate", "p", "--plan", "plan.yaml", "--format", "json"])
        .expect_code(0);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    value["tasks"].clone()
}

/// A task's notes in the bulletin's JSON: (unit, note).
fn notes_of(tasks: &serde_json::Value, id: u64) -> Vec<(String, String)> {
    let task = tasks
        .as_array()
        .unwrap()
        .iter()
        .find(|task| task["id"] == id)
        .unwrap();
    task["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|note| {
            (
                note["unit"].as_str().unwrap().to_string(),
                note["note"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_towns_own_form_is_read_as_the_unit_its_file_names_with_what_was_guessed() {
    // 城关镇's own form (序号, 工作任务, 完成时限, 完成情况, 完成时间, 进展情况, 备注; no 单位, no
    // 任务), as a workbook saved by LibreOffice and as a CSV in GBK, named 城关镇-5月.
    for ext in ["xlsx", "csv"] {
        let file = format!("城关镇-5月.{ext}");
        let work = county();
        put(&work, "城关镇", &format!("城关镇-自制表.{ext}"), &file);
        let run = validate(&work).expect_code(0);
        assert_eq!(
            findings(&run),
            [
                format!(
                    "p/{file}:2: 警告[header-row] 表头在第3行：上面的第2行（“填报单位（盖章）：城关镇人民政府 填报日…”）不是表头，当作标题或填报说明跳过；如果其中有要报送的内容，请移到表头下面"
                ),
                format!(
                    "p/{file}:3: 警告[guessed-column] 表头（第3行）没有“单位”列，按文件名把各行都读作城关镇的填报；如果表中有其他单位的行，请加上“单位”列"
                ),
                format!(
                    "p/{file}:3:1: 警告[guessed-column] 表头没有“任务”列，“序号”列按任务编号读取；请核对其中的编号与计划的任务编号一致，以后请用下发的报表（有“任务”列）"
                ),
            ],
            "{ext}"
        );
        // Read as the clean sheet it stands for: the same statuses and dates, and the notes of
        // 进展情况 and 备注 joined.
        let tasks = bulletin_tasks(&work);
        let clean = bulletin_tasks(&county());
        for id in 1..=12u64 {
            let index = id as usize - 1;
            assert_eq!(
                tasks[index]["units"], clean[index]["units"],
                "{ext} task {id}"
            );
        }
        assert_eq!(
            notes_of(&tasks, 5),
            [("城关镇".to_string(), "已完成选址；资金已到位".to_string())],
            "{ext}"
        );
        assert_eq!(
            notes_of(&tasks, 6),
            [("城关镇".to_string(), "待验收".to_string())],
            "{ext}"
        );
    }
}

#[test]
fn a_sheet_without_a_unit_column_needs_a_file_named_after_one_unit() {
    // The same form named after no unit, or after two: the 单位 column is asked for, and how
    // a one-unit sheet may do without it.
    for name in ["5月报表.csv", "城关镇、北塘镇.csv"] {
        let work = county();
        put(&work, "", "城关镇-自制表.csv", name);
        let run = validate(&work).expect_code(1);
        assert!(
            findings(&run).contains(&format!(
                "p/{name}:3: 错误[missing-column] 缺少“单位”列：表头（第3行）必须有 单位、任务、状态 三列（也可写 unit、task、status），完成日期、说明 按需填写；只有一个单位的表也可以不要“单位”列，但文件名要是这个单位的名称（如 城关镇.xlsx）"
            ).as_str()),
            "{}",
            run.stdout
        );
        assert!(!run.stdout.contains("guessed-column"), "{}", run.stdout);
    }
}

#[test]
fn a_column_of_row_numbers_beside_the_task_column_is_context() {
    // 序号 beside 任务: not the task id, and no unknown column; 完成情况 beside 状态 is a note.
    let work = county();
    work.write(
        "p/城关镇.csv",
        "序号,单位,任务,状态,完成日期,完成情况\n\
         1,城关镇,1,已完成,2021-03-11,委员会已成立\n\
         2,城关镇,2,已完成,2021-03-12,\n\
         3,城关镇,3,已完成,2021-03-13,\n\
         4,城关镇,4,已完成,2021-03-14,\n\
         5,城关镇,5,推进中,,\n6,城关镇,6,推进中,,\n7,城关镇,7,推进中,,\n8,城关镇,8,推进中,,\n\
         9,城关镇,9,未开始,,\n10,城关镇,10,未开始,,\n11,城关镇,11,未开始,,\n12,城关镇,12,未开始,,\n",
    );
    let run = validate(&work).expect_code(0);
    assert!(findings(&run).is_empty(), "{}", run.stdout);
    assert_eq!(
        notes_of(&bulletin_tasks(&work), 1),
        [("城关镇".to_string(), "委员会已成立".to_string())]
    );
}

#[test]
fn signature_lines_under_the_table_are_passed_over_with_one_warning() {
    // 北塘镇's sheet, a blank row, then 填报人：张三 | 审核人：李四 | 联系电话：… and 填报日期：…,
    // as a workbook saved by LibreOffice and as a CSV in GBK.
    for ext in ["xlsx", "csv"] {
        let file = format!("北塘镇.{ext}");
        let work = county();
        put(&work, "北塘镇", &format!("北塘镇-签名栏.{ext}"), &file);
        let run = validate(&work).expect_code(0);
        let lines = findings(&run);
        assert!(
            lines.contains(&format!(
                "p/{file}:15: 警告[footer-row] 这一行是表格下的签名栏（填报人、审核人、联系电话等），不是填报内容，已跳过（第15–16行）；如果其中有要报送的内容，请移到表格中"
            ).as_str()),
            "{}",
            run.stdout
        );
        // The blank row above them only sets them apart: not a blank-row warning.
        assert_eq!(lines.len(), 1, "{}", run.stdout);
        // The clean county's 61 rows: the signature lines are not counted as rows.
        assert!(run.stdout.contains("61 行"), "{}", run.stdout);
        assert_eq!(bulletin_tasks(&work), bulletin_tasks(&county()), "{ext}");
    }
}

#[test]
fn last_months_form_in_this_months_folder_is_said_in_one_warning() {
    // 东岭乡's April form (its title: 截至2021年4月30日) in May's folder (as of 24 May), as a
    // workbook saved by LibreOffice and as a CSV in GBK.
    for ext in ["xlsx", "csv"] {
        let file = format!("东岭乡.{ext}");
        let work = county();
        put(&work, "东岭乡", &format!("东岭乡-上月.{ext}"), &file);
        let run = validate(&work).expect_code(0);
        assert_eq!(
            findings(&run),
            [format!(
                "p/{file}:1:1: 警告[title-date] 标题写的是“截至2021年4月30日”，本期的日期（as_of）却是2021年5月24日；请确认这是不是上一期的表（放错了文件夹，或只改了内容没改标题）"
            )],
            "{ext}"
        );
        // In April's period the same sheet is as it should be.
        work.write("p/period.yaml", "as_of: 2021-04-30\n");
        let run = work
            .run(&[
                "validate",
                &format!("p/{file}"),
                "--plan",
                "plan.yaml",
                "--as-of",
                "2021-04-30",
            ])
            .expect_code(0);
        assert!(!run.stdout.contains("title-date"), "{}", run.stdout);
    }
}

#[test]
fn a_cutoff_day_in_a_row_of_notes_above_the_header_is_checked_too() {
    // The 截至 day in the second cell of a row of notes (a row of several cells, passed over
    // with a header-row warning), and a title saying the period's own day: only the first is
    // said.
    let work = county();
    let clean = std::fs::read_to_string(work.path().join("p/城关镇.csv")).unwrap();
    let clean = clean.trim_start_matches('\u{feff}');
    work.write(
        "p/城关镇.csv",
        format!(
            "城关镇工作任务推进情况表（截至2021年5月24日）,,,,\r\n填报单位：城关镇,,,截止：2021年4月底,\r\n{clean}"
        ),
    );
    let run = validate(&work).expect_code(0);
    assert_eq!(
        findings(&run),
        [
            "p/城关镇.csv:2: 警告[header-row] 表头在第3行：上面的第2行（“填报单位：城关镇 截止：2021年4月底”）不是表头，当作标题或填报说明跳过；如果其中有要报送的内容，请移到表头下面",
            "p/城关镇.csv:2:4: 警告[title-date] 标题写的是“截止2021年4月底”，本期的日期（as_of）却是2021年5月24日；请确认这是不是上一期的表（放错了文件夹，或只改了内容没改标题）",
        ]
    );
}
