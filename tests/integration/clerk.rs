//! What a district clerk tripped over reading the sheets the towns of 安平县 sent (the QA
//! walk-through, items 6–12), each read from the very file the clerk had:
//! tests/fixtures/towns/安平县/ (its README says where each came from). The county's plan is the
//! one `bulletin init` wrote from the clerk's task list; its periods are 2025's.

use std::path::PathBuf;

use crate::workdir::{Run, Workdir, repo};

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/towns/安平县").join(name)
}

/// The county's plan, and the fixtures named in `files` (fixture name, name in the folder).
fn county(files: &[(&str, &str)]) -> Workdir {
    let work = Workdir::new();
    work.write(
        "plan.yaml",
        std::fs::read(fixture("plan.yaml")).expect("the plan"),
    );
    for (name, as_name) in files {
        work.write(as_name, std::fs::read(fixture(name)).expect("the fixture"));
    }
    work
}

/// The June period as the clerk received it (returned/2025-06), with its as_of.
fn june() -> Workdir {
    let work = county(&[]);
    work.write("p/period.yaml", "as_of: 2025-06-30\n");
    for entry in std::fs::read_dir(fixture("2025-06")).expect("the period") {
        let path = entry.expect("an entry").path();
        let name = path
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        work.write(&format!("p/{name}"), std::fs::read(&path).expect("a sheet"));
    }
    work
}

/// Validates sheets one by one (no period folder), as of `as_of`.
fn validate_sheets(work: &Workdir, sheets: &[&str], as_of: &str) -> Run {
    let mut args = vec!["validate"];
    args.extend(sheets);
    args.extend(["--plan", "plan.yaml", "--as-of", as_of]);
    work.run(&args)
}

/// The findings validate printed, without its closing line.
fn findings(run: &Run) -> Vec<&str> {
    run.stdout
        .lines()
        .filter(|line| !line.starts_with("检查了"))
        .collect()
}

/// The completion date the bulletin (JSON) gives `unit` on task `task`, generating period `p`
/// with the units that sent nothing counted as not done.
fn date_of(work: &Workdir, task: u64, unit: &str) -> serde_json::Value {
    let run = work
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
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let task = value["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .find(|t| t["id"] == task)
        .cloned()
        .expect("the task");
    task["units"]["done"]
        .as_array()
        .expect("units done")
        .iter()
        .find(|u| u["unit"] == unit)
        .map(|u| u["date"].clone())
        .unwrap_or_default()
}

#[test]
fn a_completion_date_without_a_year_is_read_in_the_periods_year_with_a_warning() {
    // 城关镇 wrote 6月3日 and 西河镇 6月10日 (returned/2025-06): read as 2025, with a warning.
    let work = june();
    let run = work
        .run(&["validate", "p", "--plan", "plan.yaml"])
        .expect_code(1);
    let lines = findings(&run);
    assert!(
        lines.contains(
            &"p/城关镇.xlsx:11:6: 警告[date-without-year] 完成日期“6月3日”没有写年份，按2025年6月3日读取；以后请写完整的日期，如 2025-06-03"
        ),
        "{}",
        run.stdout
    );
    assert!(
        lines.contains(
            &"p/西河镇.xlsx:11:6: 警告[date-without-year] 完成日期“6月10日”没有写年份，按2025年6月10日读取；以后请写完整的日期，如 2025-06-10"
        ),
        "{}",
        run.stdout
    );
    // No example of another year anywhere.
    assert!(!run.stdout.contains("2021"), "{}", run.stdout);
    // And the bulletin has the days.
    let work = county(&[
        ("2025-06/城关镇.xlsx", "p/城关镇.xlsx"),
        ("2025-06/西河镇.xlsx", "p/西河镇.xlsx"),
    ]);
    work.write("p/period.yaml", "as_of: 2025-06-30\n");
    assert_eq!(date_of(&work, 10, "城关镇"), "2025-06-03");
    assert_eq!(date_of(&work, 10, "西河镇"), "2025-06-10");
    // In a January period, a day of December is last year's.
    let work = county(&[]);
    work.write(
        "城关镇.csv",
        "单位,任务,状态,完成日期\n城关镇,1,已完成,12/28\n城关镇,10,已完成,1/5\n",
    );
    let run = validate_sheets(&work, &["城关镇.csv"], "2026-01-31");
    assert!(
        run.stdout
            .contains("“12/28”没有写年份，按2025年12月28日读取"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("“1/5”没有写年份，按2026年1月5日读取"),
        "{}",
        run.stdout
    );
}

#[test]
fn examples_of_dates_in_messages_are_of_the_periods_year() {
    let work = county(&[]);
    work.write(
        "城关镇.csv",
        "单位,任务,状态,完成日期\n城关镇,1,已完成,上个月\n城关镇,10,已完成,\n",
    );
    let run = validate_sheets(&work, &["城关镇.csv"], "2025-07-31").expect_code(1);
    let lines = findings(&run);
    assert!(
        lines.contains(
            &"城关镇.csv:2:4: 错误[invalid-date] 完成日期“上个月”无法识别，应写作 2025-07-31、2025/7/31、2025.7.31 或 2025年7月31日"
        ),
        "{}",
        run.stdout
    );
    assert!(
        lines.contains(
            &"城关镇.csv:3:4: 错误[missing-date] 状态为已完成，但没有填写完成日期；请填写实际完成的日期，如 2025-07-31"
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("2021"), "{}", run.stdout);
}

#[test]
fn status_words_a_street_wrote_are_read_each_with_a_warning_and_a_day_in_brackets_is_the_date() {
    // probe/白马街道-状态.csv: 正在推进中, 持续推进, 已启动, 已完成（6月20日） with no date.
    let work = county(&[("白马街道-状态.csv", "p/白马街道.csv")]);
    work.write("p/period.yaml", "as_of: 2025-07-31\n");
    let run = validate_sheets(&work, &["p/白马街道.csv"], "2025-07-31").expect_code(0);
    let rest = "以后请填写：已完成、推进中、未开始";
    assert_eq!(
        findings(&run),
        [
            format!("p/白马街道.csv:3:3: 警告[status-alias] 状态“正在推进中”按“推进中”读取；{rest}"),
            format!("p/白马街道.csv:4:3: 警告[status-alias] 状态“持续推进”按“推进中”读取；{rest}"),
            format!("p/白马街道.csv:5:3: 警告[status-alias] 状态“已启动”按“推进中”读取；{rest}"),
            "p/白马街道.csv:7:3: 警告[status-alias] 状态“已完成（6月20日）”按“已完成”读取，完成日期按括号中的2025年6月20日读取；以后状态请只填写：已完成、推进中、未开始，日期填在“完成日期”列".to_string(),
        ]
    );
    assert_eq!(date_of(&work, 10, "白马街道"), "2025-06-20");
    // A date in its own cell wins over the one in brackets.
    let work = county(&[]);
    work.write(
        "白马街道.csv",
        "单位,任务,状态,完成日期\n白马街道,10,已完成(2025-06-20),2025-06-18\n",
    );
    let run = validate_sheets(&work, &["白马街道.csv"], "2025-07-31");
    assert!(
        run.stdout
            .contains("状态“已完成(2025-06-20)”按“已完成”读取，完成日期以“完成日期”列为准；"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_towns_own_form_from_the_walk_through_is_read_as_its_towns() {
    // 自制表试/periods/2025-07/城关镇.csv (GBK): 序号 | 工作任务 | 完成时限 | 完成情况 | 完成时间 |
    // 进展情况 | 备注, no 单位 column; 城关镇 task 8's 进展情况 is 已完成选址.
    let work = county(&[("城关镇-自制表.csv", "p/城关镇.csv")]);
    work.write("p/period.yaml", "as_of: 2025-07-31\n");
    let run = validate_sheets(&work, &["p/城关镇.csv"], "2025-07-31").expect_code(0);
    let lines = findings(&run);
    assert_eq!(
        lines
            .iter()
            .filter(|line| line.contains("[guessed-column]"))
            .count(),
        2,
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("unknown-column") && !run.stdout.contains("错误["),
        "{}",
        run.stdout
    );
    assert_eq!(date_of(&work, 5, "城关镇"), "2025-06-20");
}

#[test]
fn the_walk_throughs_signature_line_and_progress_note_are_read_as_meant() {
    // 页脚试/periods/2025-07/城关镇.csv: a 进展情况 column, and 填报人：张三,,审核人：李四,,联系电话：…
    // under a blank row (which only sets it apart: no blank-row warning).
    let work = county(&[("城关镇-页脚.csv", "p/城关镇.csv")]);
    let run = validate_sheets(&work, &["p/城关镇.csv"], "2025-07-31").expect_code(0);
    assert_eq!(
        findings(&run),
        [
            "p/城关镇.csv:11: 警告[footer-row] 这一行是表格下的签名栏（填报人、审核人、联系电话等），不是填报内容，已跳过；如果其中有要报送的内容，请移到表格中",
        ]
    );
}

#[test]
fn the_walk_throughs_june_form_in_julys_folder_is_said() {
    // periods/2025-07/北塘镇.xlsx, titled 北塘镇工作任务推进情况表（截至2025年6月30日）.
    let work = county(&[("北塘镇-上月.xlsx", "p/北塘镇.xlsx")]);
    let run = validate_sheets(&work, &["p/北塘镇.xlsx"], "2025-07-31").expect_code(0);
    assert_eq!(
        findings(&run),
        [
            "p/北塘镇.xlsx:1:1: 警告[title-date] 标题写的是“截至2025年6月30日”，本期的日期（as_of）却是2025年7月31日；请确认这是不是上一期的表（放错了文件夹，或只改了内容没改标题）"
        ]
    );
    let run = validate_sheets(&work, &["p/北塘镇.xlsx"], "2025-06-30").expect_code(0);
    assert!(!run.stdout.contains("title-date"), "{}", run.stdout);
}

/// The feedback letters validate writes for period `p` into `fb`: file name → text.
fn letters(work: &Workdir) -> std::collections::BTreeMap<String, String> {
    work.run(&["validate", "p", "--plan", "plan.yaml", "--feedback", "fb"]);
    std::fs::read_dir(work.path().join("fb"))
        .expect("the letters")
        .map(|entry| {
            let path = entry.expect("an entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).expect("a letter"))
        })
        .collect()
}

#[test]
fn two_sheets_of_a_unit_that_disagree_are_one_letter_to_the_unit_saying_what_differs() {
    // returned/2025-06: 北塘镇.xlsx and 北塘镇（修改）.xlsx differ on task 1. There were two
    // letters, one saying 可以汇总 and one headed 北塘镇（修改）：.
    let letters = letters(&june());
    assert!(
        !letters.contains_key("北塘镇（修改）-反馈.txt"),
        "{:?}",
        letters.keys()
    );
    let letter = &letters["北塘镇-反馈.txt"];
    assert_eq!(
        letter,
        "北塘镇：\n\n你单位报送了《北塘镇.xlsx》和《北塘镇（修改）.xlsx》两份表，其中第1项两份不一致：《北塘镇.xlsx》为推进中，《北塘镇（修改）.xlsx》为已完成（2025-06-25）。请确认以哪一份为准，只重新报送那一份；确认之前，你单位本期的情况无法汇总。\n\n《北塘镇.xlsx》表内未发现其他问题。\n\n《北塘镇（修改）.xlsx》表内未发现其他问题。\n\n（本期统计截止日期：2025年6月30日）\n"
    );
    assert!(!letter.contains("可以汇总"), "{letter}");
    // Every letter is addressed to a unit of the plan.
    let plan = std::fs::read_to_string(fixture("plan.yaml")).unwrap();
    for (name, text) in &letters {
        let unit = name.strip_suffix("-反馈.txt").unwrap();
        assert!(plan.contains(unit), "{name}");
        assert!(text.starts_with(&format!("{unit}：\n")), "{text}");
    }
}

#[test]
fn a_letter_is_addressed_to_the_unit_a_file_name_holds_or_else_the_one_its_rows_name() {
    // office/反馈试: 北塘镇7月报表.xlsx and 城关镇 - 副本.xlsx (beside 城关镇.xlsx) were letters
    // headed 「北塘镇7月报表：」 and 「城关镇 - 副本：」.
    let sheet = |name: &str| (format!("2025-06/{name}.xlsx"), name.to_string());
    let files = [sheet("北塘镇"), sheet("城关镇"), sheet("西河镇")];
    let work = county(&[
        (&files[0].0, "p/北塘镇7月报表.xlsx"),
        (&files[1].0, "p/城关镇.xlsx"),
        (&files[1].0, "p/城关镇 - 副本.xlsx"),
        // A file named after no unit: its rows are 西河镇's.
        (&files[2].0, "p/报表.xlsx"),
    ]);
    work.write("p/period.yaml", "as_of: 2025-06-30\n");
    let letters = letters(&work);
    for unit in ["北塘镇", "城关镇", "西河镇"] {
        let letter = &letters[&format!("{unit}-反馈.txt")];
        assert!(letter.starts_with(&format!("{unit}：\n")), "{letter}");
    }
    for stray in [
        "北塘镇7月报表-反馈.txt",
        "城关镇 - 副本-反馈.txt",
        "报表-反馈.txt",
    ] {
        assert!(!letters.contains_key(stray), "{:?}", letters.keys());
    }
    assert!(letters["北塘镇-反馈.txt"].contains("你单位报送的《北塘镇7月报表.xlsx》经检查"));
    assert!(letters["西河镇-反馈.txt"].contains("你单位报送的《报表.xlsx》经检查"));
    // One letter for 城关镇's two sheets, which agree: told once to send one.
    let letter = &letters["城关镇-反馈.txt"];
    assert!(
        letter.contains(
            "你单位报送了《城关镇 - 副本.xlsx》和《城关镇.xlsx》两份表，填报内容相同；以后请只报送一份。"
        ),
        "{letter}"
    );
    assert!(
        letter.contains("《城关镇 - 副本.xlsx》经检查") && letter.contains("《城关镇.xlsx》经检查")
    );
}

#[test]
fn a_form_that_numbers_its_rows_not_the_plans_tasks_is_said_row_by_row() {
    // The walk-through's own form with its 序号 a running number (1, 2) where the plan's ids are
    // 1, 3: the row whose 工作任务 is not the plan's task of that number says so (it is also
    // not 城关镇's task: not-assigned); the row numbered right says nothing.
    let work = county(&[]);
    work.write(
        "城关镇.csv",
        "序号,工作任务,完成时限,完成情况,完成时间,进展情况,备注\n\
         1,建立乡镇安全生产委员会,2025-06,已完成,2025-06-03,,\n\
         2,开展乡镇安全生产年度考核,2025-12,推进中,,,\n",
    );
    let run = validate_sheets(&work, &["城关镇.csv"], "2025-07-31");
    assert_eq!(
        findings(&run)
            .iter()
            .filter(|line| line.contains("不像同一项"))
            .collect::<Vec<_>>(),
        [
            &"城关镇.csv:3:2: 警告[guessed-column] 序号按任务编号读作第2项，但这一行的“开展乡镇安全生产年度考核”与计划第2项“制定县级安全生产权力和责任清单”不像同一项；请核对序号是否就是计划的任务编号，以后请用下发的报表（有“任务”列）"
        ],
        "{}",
        run.stdout
    );
}
