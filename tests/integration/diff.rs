//! `bulletin diff` and `generate --previous`: the sample months, and a made-up district with
//! every kind of change.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::workdir::{Run, Workdir, run_in_repo};

/// (task id, unit) → status, from a period's generated JSON.
fn statuses(period: &str) -> BTreeMap<(u64, String), (String, Option<String>)> {
    let run = run_in_repo(&["generate", period, "--format", "json"]).expect_code(0);
    let value: Value = serde_json::from_str(&run.stdout).unwrap();
    let mut map = BTreeMap::new();
    for task in value["tasks"].as_array().unwrap() {
        let id = task["id"].as_u64().unwrap();
        for done in task["units"]["done"].as_array().unwrap() {
            map.insert(
                (id, done["unit"].as_str().unwrap().to_string()),
                ("done".into(), done["date"].as_str().map(String::from)),
            );
        }
        for key in ["in_progress", "not_started"] {
            for unit in task["units"][key].as_array().unwrap() {
                map.insert(
                    (id, unit.as_str().unwrap().to_string()),
                    (key.to_string(), None),
                );
            }
        }
    }
    map
}

#[test]
fn the_sample_diff_reports_every_change_and_nothing_else() {
    let run = run_in_repo(&[
        "diff",
        "data/periods/2021-04",
        "data/periods/2021-05",
        "--format",
        "json",
    ])
    .expect_code(0);
    let diff: Value = serde_json::from_str(&run.stdout).unwrap();
    // Every (task, unit) whose status or date differs between the two generated periods...
    let (old, new) = (
        statuses("data/periods/2021-04"),
        statuses("data/periods/2021-05"),
    );
    let expected: Vec<(u64, String)> = new
        .iter()
        .filter(|(key, value)| old.get(*key) != Some(*value))
        .map(|(key, _)| key.clone())
        .collect();
    // ...is in the diff, once, and nothing else is.
    let mut reported: Vec<(u64, String)> = diff["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|task| {
            let id = task["id"].as_u64().unwrap();
            task["units"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |u| (id, u["unit"].as_str().unwrap().to_string()))
        })
        .collect();
    reported.sort();
    assert_eq!(reported, expected);
    assert!(!expected.is_empty());
    // Each change names the status the unit had in each month.
    for task in diff["tasks"].as_array().unwrap() {
        let id = task["id"].as_u64().unwrap();
        for unit in task["units"].as_array().unwrap() {
            let key = (id, unit["unit"].as_str().unwrap().to_string());
            assert_eq!(
                unit["old_status"].as_str(),
                Some(old[&key].0.as_str()),
                "{unit}"
            );
            assert_eq!(
                unit["new_status"].as_str(),
                Some(new[&key].0.as_str()),
                "{unit}"
            );
        }
    }
    // The April deadlines passed between the two months.
    let overdue = &diff["classes"][2];
    assert_eq!(
        (overdue["label"].as_str(), &overdue["added"]),
        (Some("逾期未完成"), &json!([2, 3, 6, 12]))
    );
    let first: Vec<(&str, u64)> = diff["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .take(4)
        .map(|t| (t["kind"].as_str().unwrap(), t["id"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        first,
        [
            ("newly_overdue", 2),
            ("newly_overdue", 3),
            ("newly_overdue", 6),
            ("newly_overdue", 12)
        ]
    );
}

#[test]
fn with_no_arguments_diff_compares_the_two_newest_sample_periods() {
    let run = run_in_repo(&["diff"]).expect_code(0);
    assert!(
        run.stdout
            .starts_with("# 工作推进情况对比（2021年4月26日 → 2021年5月24日）\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("**第2项：正在推进 → 逾期未完成**"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("- 8 → 13 个镇（街道）已发文件成立安全生产和消防安全委员会\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn generate_with_previous_adds_one_sentence_after_section_one() {
    let run = run_in_repo(&[
        "generate",
        "--previous",
        "data/periods/2021-04",
        "--format",
        "text",
    ])
    .expect_code(0);
    let lines: Vec<&str> = run
        .stdout
        .lines()
        .map(|l| l.trim_start_matches('\u{3000}'))
        .collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("（三）正在有序推进的"))
        .unwrap();
    // The April tasks went overdue (no task was completed in May, no unit went back); the
    // units that moved forward are counted from the two months' statuses.
    let (old, new) = (
        statuses("data/periods/2021-04"),
        statuses("data/periods/2021-05"),
    );
    let moved = |from: &[&str], to: &str| {
        let pairs: Vec<&(u64, String)> = new
            .iter()
            .filter(|(key, (status, _))| {
                status == to
                    && old
                        .get(*key)
                        .is_some_and(|(was, _)| from.contains(&was.as_str()))
            })
            .map(|(key, _)| key)
            .collect();
        let tasks: std::collections::BTreeSet<u64> = pairs.iter().map(|(id, _)| *id).collect();
        (tasks.len(), pairs.len())
    };
    let (done_tasks, done) = moved(&["in_progress", "not_started"], "done");
    let (started_tasks, started) = moved(&["not_started"], "in_progress");
    assert!(done_tasks > 5 && started_tasks > 5);
    assert_eq!(
        lines[at + 1],
        format!(
            "与上期（2021年4月26日）相比，第2、3、6、12项转为逾期未完成；{done_tasks}项任务有{done}个单位次新完成，{started_tasks}项任务有{started}个单位次开始推进。"
        )
    );
    assert_eq!(lines[at + 2], "二、具体工作推进情况");
    // The three lines of section 一 are as they were.
    let plain = run_in_repo(&["generate", "--format", "text"]).expect_code(0);
    assert_eq!(
        run.stdout
            .replacen(&format!("\u{3000}\u{3000}{}\n", lines[at + 1]), "", 1),
        plain.stdout
    );
}

const PLAN: &str = "\
units:
  towns: [新碶, 小港, 大碶, 霞浦, 柴桥]
  departments: [区住建局]
categories:
  - title: 方面
    tasks:
      - id: 1
        text: 任务一。
        deadline: 2022-05
      - id: 2
        text: 任务二。
        deadline: 2022-12
        assigned: [新碶, 小港]
      - id: 3
        text: 任务三。
        deadline: 2022-12
        assigned: [新碶, 小港, 大碶, 霞浦]
      - id: 4
        text: 任务四。
        deadline: 2022-03
        assigned: [区住建局]
      - id: 5
        text: 任务五。
        deadline: 2023-06
";

/// (unit, task, status, date) of the old month, as of 2022-04-30.
const OLD: [(&str, u32, &str, &str); 17] = [
    ("新碶", 1, "推进中", ""),
    ("新碶", 2, "推进中", ""),
    ("新碶", 3, "已完成", "2022-03-01"),
    ("新碶", 5, "未开始", ""),
    ("小港", 1, "已完成", "2022-04-01"),
    ("小港", 2, "推进中", ""),
    ("小港", 3, "已完成", "2022-03-05"),
    ("小港", 5, "推进中", ""),
    ("大碶", 1, "推进中", ""),
    ("大碶", 3, "未开始", ""),
    ("大碶", 5, "推进中", ""),
    ("霞浦", 1, "未开始", ""),
    ("霞浦", 3, "推进中", ""),
    ("霞浦", 5, "未开始", ""),
    ("柴桥", 1, "推进中", ""),
    ("柴桥", 5, "推进中", ""),
    ("区住建局", 4, "已完成", "2022-03-20"),
];

/// The new month, as of 2022-06-30: the task 1 deadline passed; 新碶 finished 1 and 2 but went
/// back on 3; 小港's date for 3 moved; 大碶 started 3; 柴桥 sent nothing.
const NEW: [(&str, u32, &str, &str); 15] = [
    ("新碶", 1, "已完成", "2022-06-01"),
    ("新碶", 2, "已完成", "2022-06-10"),
    ("新碶", 3, "推进中", ""),
    ("新碶", 5, "未开始", ""),
    ("小港", 1, "已完成", "2022-04-01"),
    ("小港", 2, "已完成", "2022-05-20"),
    ("小港", 3, "已完成", "2022-03-06"),
    ("小港", 5, "推进中", ""),
    ("大碶", 1, "推进中", ""),
    ("大碶", 3, "推进中", ""),
    ("大碶", 5, "推进中", ""),
    ("霞浦", 1, "未开始", ""),
    ("霞浦", 3, "推进中", ""),
    ("霞浦", 5, "未开始", ""),
    ("区住建局", 4, "已完成", "2022-03-20"),
];

/// Writes a period folder with one sheet per unit of `rows`.
fn write_period(work: &Workdir, folder: &str, as_of: &str, rows: &[(&str, u32, &str, &str)]) {
    work.write(
        &format!("{folder}/period.yaml"),
        format!("as_of: {as_of}\n"),
    );
    let mut sheets: BTreeMap<&str, String> = BTreeMap::new();
    for (unit, task, status, date) in rows {
        let sheet = sheets
            .entry(unit)
            .or_insert_with(|| String::from("单位,任务,状态,完成日期\n"));
        sheet.push_str(&format!("{unit},{task},{status},{date}\n"));
    }
    for (unit, sheet) in sheets {
        work.write(&format!("{folder}/{unit}.csv"), sheet);
    }
}

/// The district's diff of its two months in `format`.
fn diff(work: &Workdir, format: &str) -> Run {
    work.run(&[
        "diff",
        "old",
        "new",
        "--plan",
        "plan.yaml",
        "--format",
        format,
    ])
    .expect_code(0)
}

/// Two months of a district where every kind of change happens.
fn beilun() -> Workdir {
    let work = Workdir::new();
    work.write("plan.yaml", PLAN);
    write_period(&work, "old", "2022-04-30", &OLD);
    write_period(&work, "new", "2022-06-30", &NEW);
    work
}

#[test]
fn a_district_with_every_kind_of_change_is_reported_as_worked_out_by_hand() {
    let work = beilun();
    let run = diff(&work, "text");
    // 柴桥 sent nothing this month: said once, as a warning, and in the report.
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("new: 警告[missing-report] 柴桥没有报送"),
        "{}",
        run.stderr
    );
    let expected = "\
工作推进情况对比（2022年4月30日 → 2022年6月30日）
　　分类变化
　　按期完成 1 → 2 项（新增第2项）
　　逾期完成 0 → 0 项
　　逾期未完成 0 → 1 项（新增第1项）
　　正在推进 4 → 2 项（减少第1、2项）
　　新逾期的任务
　　第1项：正在推进 → 逾期未完成　任务一。
　　新完成：新碶（2022年6月1日）
　　1 → 2 个镇（街道）已完成
　　新完成的任务
　　第2项：正在推进 → 按期完成　任务二。
　　新完成：新碶（2022年6月10日）、小港（2022年5月20日）
　　0 → 2 个镇（街道）已完成
　　分类未变、有单位进展的任务
　　第3项：正在推进（未变）　任务三。
　　新启动：大碶
　　退回（可能填报有误，请与单位核实）：新碶（已完成 → 推进中）
　　完成日期变动（请核实）：小港（2022年3月5日 → 2022年3月6日）
　　2 → 1 个镇（街道）已完成
　　未报送的单位
　　本期（2022年6月30日）未报送：柴桥
";
    assert_eq!(run.stdout, expected);
}

#[test]
fn the_districts_diff_as_json_flags_the_suspect_changes() {
    let work = beilun();
    let run = diff(&work, "json");
    let diff: Value = serde_json::from_str(&run.stdout).unwrap();
    let task3 = diff["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == 3)
        .unwrap();
    let units: Vec<(&str, &str, bool)> = task3["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["unit"].as_str().unwrap(),
                u["change"].as_str().unwrap(),
                u["suspect"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        units,
        [
            ("新碶", "went_back", true),
            ("小港", "date_moved", true),
            ("大碶", "newly_started", false)
        ]
    );
    assert_eq!(diff["silent"], json!({"old": [], "new": ["柴桥"]}));
}

#[test]
fn a_period_with_errors_stops_the_diff() {
    let work = beilun();
    work.write(
        "new/大碶.csv",
        "单位,任务,状态,完成日期\n大碶,1,差不多,\n大碶,3,推进中,\n大碶,5,推进中,\n",
    );
    let run = work
        .run(&["diff", "old", "new", "--plan", "plan.yaml", "-o", "diff.md"])
        .expect_code(1);
    assert!(
        run.stderr
            .contains("new/大碶.csv:2:3: 错误[invalid-status]"),
        "{}",
        run.stderr
    );
    assert!(!work.path().join("diff.md").exists());
}

#[test]
fn a_period_compared_with_itself_has_no_changes() {
    let work = beilun();
    let run = work
        .run(&["diff", "old", "old", "--plan", "plan.yaml"])
        .expect_code(0);
    assert!(run.stdout.contains("两期相比没有变化。"), "{}", run.stdout);
}

#[test]
fn one_period_alone_is_a_usage_error() {
    let work = beilun();
    let run = work
        .run(&["diff", "old", "--plan", "plan.yaml"])
        .expect_code(2);
    assert!(
        run.stderr.contains("请给出两个报送期文件夹"),
        "{}",
        run.stderr
    );
}
