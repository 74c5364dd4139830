//! An office's own folder: the plan found without `--plan`, its periods ordered by date, and
//! two periods the wrong way round refused.

use crate::workdir::Workdir;

pub const PLAN: &str = "\
units:
  label: 乡镇
  towns: [城关镇, 西河镇]
  departments: [县应急管理局]
categories:
  - title: 构建应急体系方面
    tasks:
      - id: 1
        text: 建立乡镇应急管理委员会。
        deadline: 2025-06
      - id: 2
        text: 修订县级应急预案。
        deadline: 2025-10
        assigned: [县应急管理局]
";

/// An office folder with plan.yaml at its root and two periods, 2025-9 and 2025-10, whose
/// names sort the wrong way round.
pub fn office() -> Workdir {
    let work = Workdir::new();
    work.write("plan.yaml", PLAN);
    work.write("periods/2025-9/period.yaml", "as_of: 2025-09-30\n");
    work.write(
        "periods/2025-9/报表.csv",
        "单位,任务,状态,完成日期\n城关镇,1,已完成,2025-06-20\n西河镇,1,推进中,\n县应急管理局,2,推进中,\n",
    );
    work.write("periods/2025-10/period.yaml", "as_of: 2025-10-31\n");
    work.write(
        "periods/2025-10/报表.csv",
        "单位,任务,状态,完成日期\n城关镇,1,已完成,2025-06-20\n西河镇,1,已完成,2025-10-15\n县应急管理局,2,已完成,2025-10-20\n",
    );
    work
}

#[test]
fn inside_an_office_folder_every_command_finds_its_plan_and_the_newest_period_by_date() {
    let work = office();
    let run = work.run(&["generate", "--format", "text"]).expect_code(0);
    assert!(run.stdout.contains("2025年10月31日"), "{}", run.stdout);
    let run = work.run(&["validate"]).expect_code(0);
    assert_eq!(
        run.stdout,
        "检查了 1 个表格、3 行：0 个错误，0 个警告，没有发现问题\n"
    );
    let run = work.run(&["diff", "--format", "text"]).expect_code(0);
    assert!(
        run.stdout
            .starts_with("工作推进情况对比（2025年9月30日 → 2025年10月31日）\n"),
        "{}",
        run.stdout
    );
    let run = work.run(&["sheets", "-o", "报表"]).expect_code(0);
    assert_eq!(run.stderr, "已写入 3 个表格到 报表\n");
}

#[test]
fn a_plan_in_a_parent_folder_or_under_data_is_found() {
    let work = office();
    // Inside a period's folder, that period is the one meant.
    let inside = Workdir::at(work.path().join("periods/2025-9"));
    let run = inside.run(&["validate"]).expect_code(0);
    assert!(run.stdout.contains("0 个错误"), "{}", run.stdout);
    let run = inside.run(&["generate", "--format", "text"]).expect_code(0);
    assert!(run.stdout.contains("2025年9月30日"), "{}", run.stdout);
    // A period.yaml named stands for its folder.
    let run = work
        .run(&["validate", "periods/2025-10/period.yaml"])
        .expect_code(0);
    assert_eq!(
        run.stdout,
        "检查了 1 个表格、3 行：0 个错误，0 个警告，没有发现问题
"
    );

    let data = Workdir::new();
    data.write("data/plan.yaml", PLAN);
    data.write("data/periods/2025-10/period.yaml", "as_of: 2025-10-31\n");
    let run = data.run(&["validate"]).expect_code(1);
    assert!(
        run.stdout.contains(
            "data/periods/2025-10: 错误[missing-report] 城关镇没有报送（应填报第1项，共1项）"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn without_a_plan_anywhere_up_the_folders_the_message_says_what_to_do() {
    let work = Workdir::new();
    let run = work.run(&["validate"]).expect_code(2);
    assert!(
        run.stderr.starts_with("错误：找不到任务清单：当前文件夹 "),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with(
            " 及其上级文件夹中都没有 plan.yaml 或 data/plan.yaml。请在办公室的文件夹中运行，或用 --plan 指定任务清单；还没有任务清单的，先运行 bulletin init\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn the_hint_generate_prints_works_as_printed() {
    let work = office();
    work.write(
        "periods/2025-10/报表.csv",
        "单位,任务,状态,完成日期\n城关镇,1,已完成,2025-06-20\n西河镇,1,基本完成,\n县应急管理局,2,已完成,2025-10-20\n",
    );
    let run = work.run(&["generate"]).expect_code(1);
    let hint = "2025-10 的报表有错误，请按上面的提示改正后重试（bulletin validate ./periods/2025-10 可单独检查）\n";
    assert!(run.stderr.ends_with(hint), "{}", run.stderr);
    let run = work.run(&["validate", "./periods/2025-10"]).expect_code(1);
    assert!(
        run.stdout
            .contains("./periods/2025-10/报表.csv:3:3: 错误[invalid-status]"),
        "{}",
        run.stdout
    );
}

#[test]
fn periods_the_wrong_way_round_are_refused_naming_both_dates() {
    let work = office();
    let run = work
        .run(&["diff", "periods/2025-10", "periods/2025-9"])
        .expect_code(2);
    assert_eq!(
        run.stderr,
        "错误：两期的先后顺序反了：上一期 2025-10 的统计截止日期是2025年10月31日，晚于本期 2025-9 的2025年9月30日；请把早的一期写在前面：bulletin diff periods/2025-9 periods/2025-10\n"
    );
    assert_eq!(run.stdout, "");
    let run = work
        .run(&[
            "generate",
            "periods/2025-9",
            "--previous",
            "periods/2025-10",
        ])
        .expect_code(2);
    assert_eq!(
        run.stderr,
        "错误：两期的先后顺序反了：上一期 2025-10 的统计截止日期是2025年10月31日，晚于本期 2025-9 的2025年9月30日；--previous 应为本期之前的一期\n"
    );
    // The date on the command line is the new period's date.
    work.run(&[
        "generate",
        "periods/2025-9",
        "--previous",
        "periods/2025-10",
        "--as-of",
        "20251130",
    ])
    .expect_code(0);
}

#[test]
fn the_plan_is_checked_alone_before_any_sheet_exists() {
    let work = Workdir::new();
    work.write("plan.yaml", PLAN);
    let run = work.run(&["validate"]).expect_code(0);
    assert_eq!(
        run.stdout,
        // The plan gives no issuer: said first.
        "plan.yaml: 警告[missing-issuer] 没有填写发文单位，通报末尾将没有落款：请在 plan.yaml 的 bulletin: 下填写 issuer:，如 issuer: 城关县安全生产委员会办公室\n\
         任务清单 plan.yaml 有 1 个警告：2 个乡镇、1 个部门，1 类 2 项任务\n\
         还没有报送期：把各单位报回的表格放进 ./periods/2025-06（连同写有 as_of: 2025-06-30 的 period.yaml），再运行 bulletin validate\n"
    );
    let run = office().run(&["validate", "plan.yaml"]).expect_code(0);
    assert_eq!(
        run.stdout,
        "plan.yaml: 警告[missing-issuer] 没有填写发文单位，通报末尾将没有落款：请在 plan.yaml 的 bulletin: 下填写 issuer:，如 issuer: 城关县安全生产委员会办公室\n\
         任务清单 plan.yaml 有 1 个警告：2 个乡镇、1 个部门，1 类 2 项任务\n"
    );
    work.write(
        "plan.yaml",
        PLAN.replace("deadline: 2025-10", "deadline: 十月"),
    );
    let run = work.run(&["validate", "plan.yaml"]).expect_code(1);
    assert_eq!(
        run.stdout,
        "plan.yaml:13:19: 错误[invalid-deadline] 第2项的完成时限“十月”无法识别，应写作 2025-06（该月月底）或 2025-06-30，也可写 2025年6月、2025/6\n\
         任务清单有 1 个错误，请按上面的提示改正后重试\n"
    );
}

/// What `bulletin validate plan.yaml` says of the plan with `from` replaced by `to`.
fn plan_check(from: &str, to: &str) -> String {
    let work = Workdir::new();
    assert!(PLAN.contains(from), "{from}");
    work.write("plan.yaml", PLAN.replacen(from, to, 1));
    let run = work.run(&["validate", "plan.yaml"]).expect_code(1);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    run.stdout
}

#[test]
fn the_clerks_yaml_mistakes_are_named_at_their_line_with_what_to_type() {
    let closing = "任务清单有 1 个错误，请按上面的提示改正后重试\n";
    for (from, to, expected) in [
        (
            "        text: 修订县级应急预案。",
            "\ttext: 修订县级应急预案。",
            "plan.yaml:12:1: 错误[plan-syntax] 这一行用了 Tab 键（制表符）缩进：YAML 只能用空格缩进，请删掉 Tab，改用空格与同一级的行对齐\n",
        ),
        (
            "        deadline: 2025-10",
            "        deadline： 2025-10",
            "plan.yaml:13:17: 错误[plan-syntax] “deadline：”用了中文冒号：键名后要用英文冒号加一个空格，请改为“deadline: 2025-10”\n",
        ),
        (
            "        text: 修订县级应急预案。",
            "        text: 修订县级应急预案: 年底前印发。",
            "plan.yaml:12:23: 错误[plan-syntax] 这段文字里有英文冒号“:”（修订县级应急预案: 年底前印发。），YAML 会把它读成新的键：请改用中文冒号“：”（修订县级应急预案：年底前印发。），或把整段文字用英文双引号括起来\n",
        ),
        (
            "assigned: [县应急管理局]",
            "assigned: [县应急管理局，城关镇]",
            "plan.yaml:14:20: 错误[unknown-assignee] 第2项的“县应急管理局，城关镇”中用了中文逗号：单位之间要用英文逗号加空格分开，请改为 [县应急管理局, 城关镇]\n",
        ),
        (
            "  towns: [城关镇, 西河镇]",
            "  towns: [城关镇，西河镇]",
            "plan.yaml:3:11: 错误[plan-syntax] “城关镇，西河镇”中用了中文逗号：单位之间要用英文逗号加空格分开，请改为 [城关镇, 西河镇]\n",
        ),
    ] {
        assert_eq!(plan_check(from, to), format!("{expected}{closing}"), "{to}");
    }
}

#[test]
fn a_department_and_every_town_may_share_a_task() {
    let work = Workdir::new();
    work.write(
        "plan.yaml",
        PLAN.replace(
            "assigned: [县应急管理局]",
            "assigned: [县应急管理局, towns]",
        ),
    );
    work.run(&["sheets", "--format", "csv", "-o", "out"])
        .expect_code(0);
    let sheet = std::fs::read_to_string(work.path().join("out/西河镇.csv")).unwrap();
    assert!(sheet.contains("西河镇,2,修订县级应急预案。"), "{sheet}");
}

#[test]
fn inside_a_period_folder_the_period_is_named_by_its_folder_and_the_hint_works_from_there() {
    let work = office();
    work.write(
        "periods/2025-10/报表.csv",
        "单位,任务,状态,完成日期\n城关镇,1,已完成,2025-06-20\n西河镇,1,基本完成,\n县应急管理局,2,已完成,2025-10-20\n",
    );
    let inside = Workdir::at(work.path().join("periods/2025-10"));
    let run = inside.run(&["generate"]).expect_code(1);
    let hint =
        "\n2025-10 的报表有错误，请按上面的提示改正后重试（bulletin validate . 可单独检查）\n";
    assert!(run.stderr.ends_with(hint), "{}", run.stderr);
    inside.run(&["validate", "."]).expect_code(1);
    work.write(
        "periods/2025-10/报表.csv",
        "单位,任务,状态,完成日期\n城关镇,1,已完成,2025-06-20\n西河镇,1,已完成,2025-10-15\n县应急管理局,2,已完成,2025-10-20\n",
    );

    // Two periods named from inside one of them, the wrong way round: both by name.
    let inside = Workdir::at(work.path().join("periods/2025-9"));
    let run = inside
        .run(&["generate", ".", "--previous", "../2025-10/"])
        .expect_code(2);
    assert_eq!(
        run.stderr,
        "错误：两期的先后顺序反了：上一期 2025-10 的统计截止日期是2025年10月31日，晚于本期 2025-9 的2025年9月30日；--previous 应为本期之前的一期\n"
    );
    let run = inside.run(&["diff", "../2025-10", "."]).expect_code(2);
    assert!(
        run.stderr
            .ends_with("；请把早的一期写在前面：bulletin diff . ../2025-10\n"),
        "{}",
        run.stderr
    );
    inside.run(&["diff", ".", "../2025-10"]).expect_code(0);

    // The summary workbook names the period it was made in.
    inside
        .run(&["generate", "-o", "汇总表.xlsx"])
        .expect_code(0);
    use calamine::{Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(inside.path().join("汇总表.xlsx")).unwrap();
    let first = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&first).unwrap();
    let line = range
        .cells()
        .map(|(_, _, data)| data.to_string())
        .find(|text| text.starts_with("统计截止日期"))
        .unwrap();
    assert_eq!(line, "统计截止日期：2025年9月30日　报送期：2025-9");
}
