//! What the commands say to the clerk beyond the findings in the sheets (the QA walk-through,
//! items 4, 5, 21 and 26): a missing period.yaml, an empty issuer, what was written, the
//! previous period's warnings, units that went back.

use crate::workdir::{Run, Workdir};

const PLAN: &str = "\
bulletin:
  title: 测试通报
  issuer: 测试区安委办
units:
  towns: [东湖, 西岭]
categories:
  - title: 方面
    tasks:
      - id: 1
        text: 任务一。
        deadline: 2025-06
      - id: 2
        text: 任务二。
        deadline: 2025-12
";

const HEADER: &str = "单位,任务,状态,完成日期,说明\n";

/// The plan and a July period whose sheets are clean, without period.yaml.
fn july_without_period_yaml() -> Workdir {
    let work = Workdir::new();
    work.write("plan.yaml", PLAN);
    for town in ["东湖", "西岭"] {
        work.write(
            &format!("periods/2025-07/{town}.csv"),
            format!("{HEADER}{town},1,已完成,2025-06-20,\n{town},2,推进中,,\n"),
        );
    }
    work
}

#[test]
fn generate_without_period_yaml_says_the_file_is_missing_and_what_to_write_in_it() {
    let work = july_without_period_yaml();
    let run = work.run(&["generate", "periods/2025-07"]).expect_code(1);
    let line = run
        .stderr
        .lines()
        .find(|line| line.contains("错误[missing-as-of]"))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    assert_eq!(
        line,
        "periods/2025-07/period.yaml: 错误[missing-as-of] period.yaml 不存在，无法判断是否逾期：\
         请在 periods/2025-07 中新建 period.yaml，写一行 as_of: 2025-07-31（统计截止日期），\
         或使用 --as-of 2025-07-31"
    );
    assert!(!run.stderr.contains("2021"), "{}", run.stderr);
    // What it says to write works.
    work.write("periods/2025-07/period.yaml", "as_of: 2025-07-31\n");
    work.run(&["generate", "periods/2025-07"]).expect_code(0);
}

#[test]
fn generate_with_a_period_yaml_without_as_of_asks_for_the_line() {
    let work = july_without_period_yaml();
    work.write(
        "periods/2025-07/period.yaml",
        "bulletin:\n  date: 2025-08-02\n",
    );
    let run = work.run(&["generate", "periods/2025-07"]).expect_code(1);
    assert!(
        run.stderr.contains(
            "periods/2025-07/period.yaml: 错误[missing-as-of] period.yaml 中没有统计截止日期 as_of，\
             无法判断是否逾期：请在其中加一行 as_of: 2025-07-31，或使用 --as-of 2025-07-31"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn validating_a_folder_without_period_yaml_warns_with_the_line_to_write() {
    let work = july_without_period_yaml();
    let run = work.run(&["validate", "periods/2025-07"]).expect_code(0);
    assert_eq!(
        run.stdout,
        "periods/2025-07/period.yaml: 警告[missing-as-of] period.yaml 不存在，\
         未检查完成日期是否晚于统计截止日期；生成通报前请在 periods/2025-07 中新建 period.yaml，\
         写一行 as_of: 2025-07-31（统计截止日期）\n\
         检查了 2 个表格、4 行：0 个错误，1 个警告\n"
    );
}

#[test]
fn one_sheet_checked_alone_says_its_dates_are_not_checked_against_a_cut_off() {
    let work = july_without_period_yaml();
    work.write(
        "mail/2025-07/东湖.csv",
        format!("{HEADER}东湖,1,已完成,2025-06-20,\n东湖,2,推进中,,\n"),
    );
    let run = work
        .run(&["validate", "mail/2025-07/东湖.csv"])
        .expect_code(0);
    assert_eq!(
        run.stdout,
        "mail/2025-07/period.yaml: 警告[missing-as-of] period.yaml 不存在，\
         完成日期未与统计截止日期核对；要核对，请加 --as-of 2025-07-31\n\
         检查了 1 个表格、2 行：0 个错误，1 个警告\n"
    );
    // With the date given, nothing to say.
    let run = work
        .run(&["validate", "mail/2025-07/东湖.csv", "--as-of", "2025-07-31"])
        .expect_code(0);
    assert!(!run.stdout.contains("missing-as-of"), "{}", run.stdout);
}

/// The plan as `bulletin init` writes the issuer: `issuer: ""`.
fn july_with_empty_issuer() -> Workdir {
    let work = july_without_period_yaml();
    work.write(
        "plan.yaml",
        PLAN.replace("issuer: 测试区安委办", "issuer: \"\""),
    );
    work.write("periods/2025-07/period.yaml", "as_of: 2025-07-31\n");
    work
}

const ISSUER_WARNING: &str = "警告[missing-issuer] 没有填写发文单位，通报末尾将没有落款：\
     请在 plan.yaml 的 bulletin: 下填写 issuer:，如 issuer: 城关县安全生产委员会办公室";

#[test]
fn checking_a_plan_with_an_empty_issuer_names_the_key_to_fill() {
    let work = july_with_empty_issuer();
    let run = work.run(&["validate", "plan.yaml"]).expect_code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], format!("plan.yaml: {ISSUER_WARNING}"));
    assert!(
        lines[1].starts_with("任务清单 plan.yaml 有 1 个警告："),
        "{}",
        run.stdout
    );
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    // Filled in, nothing to say.
    let work = july_without_period_yaml();
    let run = work.run(&["validate", "plan.yaml"]).expect_code(0);
    assert!(!run.stdout.contains("missing-issuer"), "{}", run.stdout);
}

#[test]
fn generate_with_an_empty_issuer_writes_the_bulletin_and_warns_naming_the_key() {
    let work = july_with_empty_issuer();
    let run = work.run(&["generate", "--format", "text"]).expect_code(0);
    assert_eq!(run.stderr, format!("plan.yaml: {ISSUER_WARNING}\n"));
    assert!(run.stdout.contains("2025年7月31日"), "{}", run.stdout);
    // A period.yaml that names the issuer for its month silences it; one that empties it is named.
    work.write(
        "periods/2025-07/period.yaml",
        "as_of: 2025-07-31\nbulletin:\n  issuer: 测试区安委办\n",
    );
    let run = work.run(&["generate", "--format", "text"]).expect_code(0);
    assert_eq!(run.stderr, "");
    assert!(run.stdout.contains("测试区安委办"), "{}", run.stdout);
    work.write("plan.yaml", PLAN);
    work.write(
        "periods/2025-07/period.yaml",
        "as_of: 2025-07-31\nbulletin:\n  issuer: \"\"\n",
    );
    let run = work
        .run(&["generate", "periods/2025-07", "--format", "text"])
        .expect_code(0);
    assert_eq!(
        run.stderr,
        "periods/2025-07/period.yaml: 警告[missing-issuer] 没有填写发文单位，通报末尾将没有落款：\
         请在 period.yaml 的 bulletin: 下填写 issuer:，如 issuer: 城关县安全生产委员会办公室\n"
    );
}

#[test]
fn a_document_number_not_in_the_standards_form_is_printed_as_written_and_the_form_given() {
    let work = july_without_period_yaml();
    work.write(
        "plan.yaml",
        PLAN.replace(
            "  issuer: 测试区安委办\n",
            "  issuer: 测试区安委办\n  number: 测安委办[2025]第07号\n",
        ),
    );
    work.write("periods/2025-07/period.yaml", "as_of: 2025-07-31\n");
    let warning = "警告[number-form] 发文字号“测安委办[2025]第07号”不合公文格式（GB/T 9704：\
         年份用六角括号〔〕，序号不编虚位、不加“第”字），通报按原样印出；建议改为 number: 测安委办〔2025〕7号";
    let run = work.run(&["validate", "plan.yaml"]).expect_code(0);
    assert_eq!(
        run.stdout.lines().next(),
        Some(format!("plan.yaml: {warning}").as_str())
    );
    let run = work.run(&["generate", "--format", "text"]).expect_code(0);
    assert_eq!(run.stderr, format!("plan.yaml: {warning}\n"));
    assert!(
        run.stdout.contains("测安委办[2025]第07号"),
        "{}",
        run.stdout
    );
    // Given for the month in period.yaml, in the form: nothing to say.
    work.write(
        "periods/2025-07/period.yaml",
        "as_of: 2025-07-31\nbulletin:\n  number: 测安委办〔2025〕7号\n",
    );
    let run = work.run(&["generate", "--format", "text"]).expect_code(0);
    assert_eq!(run.stderr, "");
    assert!(run.stdout.contains("测安委办〔2025〕7号"), "{}", run.stdout);
}

/// June (one warning: a blank row in 东湖's sheet) and July, both dated, for comparing.
fn june_and_july() -> Workdir {
    let work = july_without_period_yaml();
    work.write("periods/2025-07/period.yaml", "as_of: 2025-07-31\n");
    work.write("periods/2025-06/period.yaml", "as_of: 2025-06-30\n");
    work.write(
        "periods/2025-06/东湖.csv",
        format!("{HEADER}东湖,1,已完成,2025-06-20,\n,,,,\n东湖,2,推进中,,\n"),
    );
    work.write(
        "periods/2025-06/西岭.csv",
        format!("{HEADER}西岭,1,推进中,,\n西岭,2,未开始,,\n"),
    );
    work
}

/// `generate periods/2025-07 --previous periods/2025-06` with `extra`.
fn july_after_june(work: &Workdir, extra: &[&str]) -> Run {
    let mut args = vec![
        "generate",
        "periods/2025-07",
        "--previous",
        "periods/2025-06",
    ];
    args.extend_from_slice(extra);
    work.run(&args)
}

const JUNE_SUMMARY: &str =
    "上一期 periods/2025-06 有1个警告（bulletin validate periods/2025-06 可查看）\n";

#[test]
fn the_previous_periods_warnings_are_one_line_and_what_was_written_is_said() {
    let work = june_and_july();
    // The warning itself, as validate says it.
    let run = work.run(&["validate", "periods/2025-06"]).expect_code(0);
    assert!(run.stdout.contains("警告[blank-row]"), "{}", run.stdout);

    let run = july_after_june(&work, &["-o", "通报.md"]).expect_code(0);
    assert_eq!(run.stderr, format!("{JUNE_SUMMARY}已写入 通报.md\n"));
    assert!(work.path().join("通报.md").is_file());

    let run = work
        .run(&[
            "diff",
            "periods/2025-06",
            "periods/2025-07",
            "-o",
            "变化.md",
        ])
        .expect_code(0);
    assert_eq!(run.stderr, format!("{JUNE_SUMMARY}已写入 变化.md\n"));
    assert!(work.path().join("变化.md").is_file());

    let run = work
        .run(&["sheets", "--from", "periods/2025-06", "-o", "报表"])
        .expect_code(0);
    assert_eq!(
        run.stderr,
        format!("{JUNE_SUMMARY}已写入 2 个表格到 报表\n")
    );
}

#[test]
fn without_output_file_nothing_is_said_written_and_the_newer_periods_warnings_stay_in_full() {
    let work = june_and_july();
    work.write(
        "periods/2025-07/西岭.csv",
        format!("{HEADER}西岭,1,已完成,2025-06-20,\n,,,,\n西岭,2,推进中,,\n"),
    );
    let run = work
        .run(&[
            "generate",
            "periods/2025-07",
            "--previous",
            "periods/2025-06",
        ])
        .expect_code(0);
    assert!(run.stdout.contains("测试通报"), "{}", run.stdout);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stderr);
    assert!(
        lines[0].starts_with("periods/2025-07/西岭.csv:3: 警告[blank-row]"),
        "{}",
        run.stderr
    );
    assert_eq!(format!("{}\n", lines[1]), JUNE_SUMMARY);
}

#[test]
fn an_error_in_the_previous_period_is_still_said_in_full() {
    let work = june_and_july();
    work.write(
        "periods/2025-06/西岭.csv",
        format!("{HEADER}西岭,1,完成了吗,,\n西岭,2,未开始,,\n"),
    );
    for args in [
        &[
            "generate",
            "periods/2025-07",
            "--previous",
            "periods/2025-06",
        ][..],
        &["diff", "periods/2025-06", "periods/2025-07"][..],
        &["sheets", "--from", "periods/2025-06", "-o", "报表"][..],
    ] {
        let run = work.run(args).expect_code(1);
        assert!(
            run.stderr
                .contains("periods/2025-06/西岭.csv:2:3: 错误[invalid-status]"),
            "{args:?}\n{}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains("periods/2025-06/东湖.csv:3: 警告[blank-row]"),
            "{args:?}\n{}",
            run.stderr
        );
        assert!(!run.stderr.contains("上一期"), "{args:?}\n{}", run.stderr);
    }
}

#[test]
fn generate_previous_warns_for_each_unit_that_went_back_or_whose_date_moved_as_diff_flags_it() {
    let work = Workdir::new();
    work.write("plan.yaml", PLAN);
    work.write("periods/2025-06/period.yaml", "as_of: 2025-06-30\n");
    work.write(
        "periods/2025-06/东湖.csv",
        format!("{HEADER}东湖,1,已完成,2025-06-20,\n东湖,2,推进中,,\n"),
    );
    work.write(
        "periods/2025-06/西岭.csv",
        format!("{HEADER}西岭,1,已完成,2025-06-20,\n西岭,2,推进中,,\n"),
    );
    // July: 东湖 goes back on task 1, 西岭's date for it moves; task 2 moves forward.
    work.write("periods/2025-07/period.yaml", "as_of: 2025-07-31\n");
    work.write(
        "periods/2025-07/东湖.csv",
        format!("{HEADER}东湖,1,推进中,,\n东湖,2,已完成,2025-07-10,\n"),
    );
    work.write(
        "periods/2025-07/西岭.csv",
        format!("{HEADER}西岭,1,已完成,2025-06-22,\n西岭,2,推进中,,\n"),
    );
    let run = july_after_june(&work, &["--format", "text"]).expect_code(0);
    assert_eq!(
        run.stderr,
        "periods/2025-07/东湖.csv: 警告[went-back] 与上一期 periods/2025-06 相比，\
         第1项退回（可能填报有误，请与单位核实）：东湖（已完成 → 推进中）\n\
         periods/2025-07/西岭.csv: 警告[date-moved] 与上一期 periods/2025-06 相比，\
         第1项完成日期变动（请核实）：西岭（2025年6月20日 → 2025年6月22日）\n"
    );
    // The bulletin still says it, and diff flags the same units in the same words.
    assert!(
        run.stdout.contains("东湖由已完成改为推进中"),
        "{}",
        run.stdout
    );
    let run = work
        .run(&[
            "diff",
            "periods/2025-06",
            "periods/2025-07",
            "--format",
            "text",
        ])
        .expect_code(0);
    assert!(
        run.stdout
            .contains("退回（可能填报有误，请与单位核实）：东湖（已完成 → 推进中）"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("完成日期变动（请核实）：西岭（2025年6月20日 → 2025年6月22日）"),
        "{}",
        run.stdout
    );
    // A month alone has nothing to compare.
    let run = work
        .run(&["generate", "periods/2025-07", "--format", "text"])
        .expect_code(0);
    assert_eq!(run.stderr, "");
}
