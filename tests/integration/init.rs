//! `bulletin init`: an office starts from the task list it already has — .xlsx, .xls and .ods
//! saved through LibreOffice (title row, category rows and cells merged across and down), a CSV
//! in GBK — and the plan it writes loads and gives sheets at once.

use crate::workdir::{Workdir, repo};

/// A task list fixture (made by `cargo run --example tasklists`), copied into `work`.
fn fixture(work: &Workdir, name: &str) {
    let bytes = std::fs::read(repo().join("tests/fixtures/tasklist").join(name)).unwrap();
    work.write(name, bytes);
}

/// The plan init wrote into `office/`, without its first line (which names the list's file).
fn plan_body(work: &Workdir) -> String {
    let text = std::fs::read_to_string(work.path().join("office/plan.yaml")).unwrap();
    text.lines().skip(1).collect::<Vec<_>>().join("\n")
}

#[test]
fn a_workbook_saved_through_libreoffice_becomes_a_plan_that_gives_sheets_at_once() {
    let work = Workdir::new();
    fixture(&work, "任务清单.xlsx");
    let run = work
        .run(&["init", "office", "--from", "任务清单.xlsx"])
        .expect_code(0);
    assert_eq!(
        run.stderr,
        "任务清单.xlsx:4: 警告[guessed] 任务清单写的是“各乡镇”，但只提到了城关镇、西河镇、青山镇、南湖街道、东岭乡、北塘镇6个乡镇（街道）：plan.yaml 的 towns 只有这6个，其余乡镇（街道）收不到报表，“各乡镇（街道）均已完成”也只算这6个；请在 plan.yaml 的 towns 中补全全部乡镇（街道），或删去 plan.yaml 后用 --towns 列出全部乡镇（街道）重新生成：bulletin init office --from 任务清单.xlsx --towns 城关镇、西河镇、青山镇、南湖街道、东岭乡、北塘镇、…\n\
         任务清单.xlsx:11:3: 警告[guessed] 责任单位为空，按上一项任务的责任单位读取（合并单元格）：各乡镇\n\
         任务清单.xlsx:11:4: 警告[guessed] 完成时限为空，按上一项任务的完成时限读取（合并单元格）：2025年12月底前\n\
         已写入 office/plan.yaml：6 个乡镇（街道）、2 个部门，3 类 12 项任务（来自 任务清单.xlsx）\n\
         下一步：进入 office 后，打开 plan.yaml 核对单位和任务、填写发文单位（issuer）；bulletin validate 检查任务清单；bulletin sheets -o 报表 生成下发给各单位的报表\n"
    );
    assert!(work.path().join("office/periods").is_dir());
    let plan = plan_body(&work);
    for line in [
        "  title: 城关县2025年安全生产重点工作任务清单",
        "  title: 关于城关县2025年安全生产重点工作推进情况的通报",
        "  towns: [城关镇, 西河镇, 青山镇, 南湖街道, 东岭乡, 北塘镇]      # 各乡镇（街道）",
        "  departments: [县应急管理局, 县住建局]      # 部门",
        "  - title: 构建应急体系方面",
        "  - title: 强化基础保障方面",
        "        deadline: 2025-06-30",
        "        assigned: [县应急管理局, towns]",
        "        assigned: [城关镇, 西河镇]",
    ] {
        assert!(plan.lines().any(|l| l == line), "{line}\n{plan}");
    }
    // 2025.9, typed as a number, is September; 7 has the merged 责任单位 and 完成时限 of 6.
    assert!(
        plan.contains("制定乡镇应急预案，组织开展应急演练。\n        deadline: 2025-09\n"),
        "{plan}"
    );
    assert!(
        plan.contains(
            "配齐基层应急救援装备。\n        deadline: 2025-12\n        assigned: towns\n"
        ),
        "{plan}"
    );

    let office = Workdir::at(work.path().join("office"));
    let run = office.run(&["validate"]).expect_code(0);
    assert!(
        // init leaves the issuer for the clerk to fill in, and checking the plan says so.
        run.stdout.starts_with(
            "plan.yaml: 警告[missing-issuer] 没有填写发文单位，通报末尾将没有落款：请在 plan.yaml 的 bulletin: 下填写 issuer:，如 issuer: 城关县安全生产委员会办公室\n\
             任务清单 plan.yaml 有 1 个警告：6 个乡镇（街道）、2 个部门，3 类 12 项任务\n"
        ),
        "{}",
        run.stdout
    );
    let run = office.run(&["sheets", "-o", "报表"]).expect_code(0);
    assert_eq!(run.stderr, "已写入 8 个表格到 报表\n");
}

#[test]
fn xls_ods_and_gbk_csv_give_the_same_plan_as_the_workbook() {
    let plans: Vec<String> = [
        "任务清单.xlsx",
        "任务清单.xls",
        "任务清单.ods",
        "任务清单-gbk.csv",
    ]
    .into_iter()
    .map(|name| {
        let work = Workdir::new();
        fixture(&work, name);
        work.run(&["init", "office", "--from", name]).expect_code(0);
        plan_body(&work)
    })
    .collect();
    for (name, plan) in ["xls", "ods", "csv"].iter().zip(&plans[1..]) {
        assert!(
            *plan == plans[0],
            "{name} differs:\n{plan}\n---\n{}",
            plans[0]
        );
    }
}

#[test]
fn what_the_list_cannot_say_is_reported_by_row_and_left_in_the_plan_to_mend() {
    let work = Workdir::new();
    fixture(&work, "问题清单-gbk.csv");
    let run = work
        .run(&["init", "--from", "问题清单-gbk.csv"])
        .expect_code(1);
    assert_eq!(
        run.stderr,
        "问题清单-gbk.csv:4: 警告[guessed] 任务清单写的是“各镇（街道）”，但只提到了城关镇、西河镇2个镇（街道）：plan.yaml 的 towns 只有这2个，其余镇（街道）收不到报表，“各镇（街道）均已完成”也只算这2个；请在 plan.yaml 的 towns 中补全全部镇（街道），或删去 plan.yaml 后用 --towns 列出全部镇（街道）重新生成：bulletin init --from 问题清单-gbk.csv --towns 城关镇、西河镇、…\n\
         问题清单-gbk.csv:6:4: 错误[invalid-deadline] 完成时限“长期坚持”不是日期：是否逾期要按日期判断，请改为具体日期，如 2025-12（12月底前）；长期坚持的任务可写本年年底。已照原样写入 ./plan.yaml 第49行，请在那里改\n\
         问题清单-gbk.csv:7:3: 错误[unknown-assignee] 责任单位为空：请写上这项任务的责任单位，如 [县应急管理局]。已照原样写入 ./plan.yaml 第55行，请在那里改\n\
         问题清单-gbk.csv:9: 警告[guessed] 序号有重复（可能每类重新编号）：已按顺序统一编为第1–6项，通报中的“第N项”即此编号\n\
         问题清单-gbk.csv:10:4: 错误[invalid-deadline] 完成时限“9月底前”没有年份，任务清单的标题中也没有：请改为带年份的日期，如 2025-06（6月底前）。已照原样写入 ./plan.yaml 第65行，请在那里改\n\
         已写入 ./plan.yaml：2 个镇（街道）、1 个部门，2 类 6 项任务（来自 问题清单-gbk.csv）\n\
         plan.yaml 中还有 3 处要补（见上）：打开 plan.yaml 改好后，运行 bulletin validate 检查\n"
    );
    let plan = std::fs::read_to_string(work.path().join("plan.yaml")).unwrap();
    let lines: Vec<&str> = plan.lines().collect();
    assert_eq!(
        lines[47],
        "        # ↓ 问题清单-gbk.csv 第6行的完成时限“长期坚持”不是带年份的日期，请改为具体日期，如 2025-12（12月底前）"
    );
    assert_eq!(lines[48], "        deadline: 长期坚持");
    // The plan says the same at its own lines.
    let run = work.run(&["validate"]).expect_code(1);
    assert_eq!(
        run.stdout,
        "plan.yaml:49:19: 错误[invalid-deadline] 第3项的完成时限“长期坚持”不是日期：是否逾期要按日期判断，请写成年月（如 2025-12，即12月底前）或日期（如 2025-06-30）；长期坚持的任务可写本年年底\n\
         plan.yaml:55:19: 错误[plan-invalid] 第4项没有分配给任何单位：请写上责任单位，如 assigned: [县应急管理局]，或 assigned: towns\n\
         plan.yaml:65:19: 错误[invalid-deadline] 第6项的完成时限“9月底前”无法识别，应写作 2025-06（该月月底）或 2025-06-30，也可写 2025年6月、2025/6\n\
         任务清单有 3 个错误，请按上面的提示改正后重试\n"
    );
    // Mended as the messages say, it loads.
    let mended = plan
        .replace("deadline: 长期坚持", "deadline: 2025-12")
        .replace("assigned: []", "assigned: [县应急管理局]")
        .replace("deadline: 9月底前", "deadline: 2025年9月");
    work.write("plan.yaml", mended);
    work.run(&["validate"]).expect_code(0);
}

#[test]
fn an_existing_plan_is_never_overwritten() {
    let work = Workdir::new();
    fixture(&work, "任务清单-gbk.csv");
    work.write("plan.yaml", "units: {towns: [甲]}\n");
    let run = work
        .run(&["init", "--from", "任务清单-gbk.csv"])
        .expect_code(2);
    assert_eq!(
        run.stderr,
        "错误：./plan.yaml 已存在，没有改动它；要重新生成，请先把它改名或删除\n"
    );
    assert_eq!(
        std::fs::read_to_string(work.path().join("plan.yaml")).unwrap(),
        "units: {towns: [甲]}\n"
    );
    let sample = Workdir::new();
    sample.copy_sample("2021-05");
    let run = sample.run(&["init"]).expect_code(2);
    assert_eq!(
        run.stderr,
        "错误：./data/plan.yaml 已存在，没有改动它；要重新生成，请先把它改名或删除\n"
    );
    assert!(!sample.path().join("plan.yaml").exists());
}

#[test]
fn without_a_list_init_writes_an_example_that_loads_and_gives_sheets() {
    let work = Workdir::new();
    let run = work.run(&["init"]).expect_code(0);
    assert!(
        run.stderr.starts_with(
            "已写入 ./plan.yaml：3 个乡镇、1 个部门，2 类 3 项任务（示例，请改为本单位的任务）\n"
        ),
        "{}",
        run.stderr
    );
    work.run(&["validate", "plan.yaml"]).expect_code(0);
    let run = work
        .run(&["sheets", "--format", "csv", "-o", "报表"])
        .expect_code(0);
    assert_eq!(run.stderr, "已写入 4 个表格到 报表\n");
}

#[test]
fn towns_given_on_the_command_line_come_first_and_in_their_order() {
    let work = Workdir::new();
    work.write(
        "清单.csv",
        "序号,工作任务,责任单位,完成时限\n1,成立专班。,各乡镇,2025年6月\n2,制定方案。,西河镇,2025年7月\n",
    );
    let run = work
        .run(&[
            "init",
            "--from",
            "清单.csv",
            "--towns",
            "东岭乡、城关镇、西河镇",
        ])
        .expect_code(0);
    assert!(run.stderr.contains("3 个乡镇"), "{}", run.stderr);
    let plan = std::fs::read_to_string(work.path().join("plan.yaml")).unwrap();
    assert!(plan.contains("  towns: [东岭乡, 城关镇, 西河镇]"), "{plan}");
    work.run(&["validate"]).expect_code(0);
}

#[test]
fn a_list_that_names_no_town_leaves_the_towns_to_fill_in() {
    let work = Workdir::new();
    work.write(
        "清单.csv",
        "序号,工作任务,责任单位,完成时限\n1,成立专班。,各乡镇,2025年6月\n2,制定方案。,县应急管理局,2025年7月\n",
    );
    let run = work.run(&["init", "--from", "清单.csv"]).expect_code(1);
    assert!(
        run.stderr.contains(
            "./plan.yaml:28:10: 错误[plan-invalid] 第1项分配给了各乡镇（没写 assigned 的任务即分配给各乡镇），但 units 的 towns 中没有列出任何乡镇：请列出，如 towns: [城关镇, 西河镇]"
        ),
        "{}",
        run.stderr
    );
    let plan = std::fs::read_to_string(work.path().join("plan.yaml")).unwrap();
    assert!(
        plan.contains("  # ↓ 任务清单只写了“各乡镇”，没有列出是哪些：请列出全部乡镇，如 [城关镇, 西河镇]\n  towns: []"),
        "{plan}"
    );
}

#[test]
fn a_file_that_is_no_task_list_writes_nothing_and_says_why_once() {
    let work = Workdir::new();
    work.write("清单.xlsx", b"PK\x03\x04 not a workbook");
    let run = work.run(&["init", "--from", "清单.xlsx"]).expect_code(1);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stderr);
    assert!(
        lines[0].starts_with("清单.xlsx: 错误[unreadable-sheet] "),
        "{}",
        run.stderr
    );
    assert_eq!(lines[1], "没有从 清单.xlsx 读到任何任务，没有写入文件");
    work.write("空.csv", "");
    let run = work.run(&["init", "--from", "空.csv"]).expect_code(1);
    assert_eq!(
        run.stderr,
        "空.csv: 错误[empty-file] 任务清单是空的：请确认选对了文件\n没有从 空.csv 读到任何任务，没有写入文件\n"
    );
    work.write("表.csv", "单位,任务,状态\n城关镇,1,已完成\n");
    let run = work.run(&["init", "--from", "表.csv"]).expect_code(1);
    assert!(
        run.stderr.starts_with(
            "表.csv: 错误[missing-column] 这是各单位报回的报表（有“状态”一列），不是任务清单"
        ),
        "{}",
        run.stderr
    );
    assert!(!work.path().join("plan.yaml").exists());
    assert!(!work.path().join("periods").exists());
}

/// The `deadline:` of each task of a plan, in order.
fn deadlines(plan: &str) -> Vec<&str> {
    plan.lines()
        .filter_map(|line| line.trim_start().strip_prefix("deadline: "))
        .map(|value| value.split("   #").next().unwrap_or(value).trim())
        .collect()
}

#[test]
fn a_quarter_is_due_at_the_end_of_its_last_month() {
    let work = Workdir::new();
    fixture(&work, "时限.csv");
    let run = work
        .run(&["init", "office", "--from", "时限.csv"])
        .expect_code(0);
    assert!(
        run.stderr
            .starts_with("时限.csv:11:4: 警告[guessed] 完成时限“年底前”没有写年份，按任务清单标题中的2025年读取\n"),
        "{}",
        run.stderr
    );
    // 3季度, 第三季度, 三季度末, 9月中旬, 6月15日前, 7月至12月, 第二季度, 4季度, 年底前, 10月前,
    // 5月-6月, 一季度.
    assert_eq!(
        deadlines(&plan_body(&work)),
        [
            "2025-09",
            "2025-09",
            "2025-09",
            "2025-09-20",
            "2025-06-15",
            "2025-12",
            "2025-06",
            "2025-12",
            "2025-12",
            "2025-10",
            "2025-06",
            "2025-03",
        ]
    );
}

#[test]
fn a_quarter_that_does_not_exist_is_an_error_naming_its_row() {
    let work = Workdir::new();
    work.write(
        "清单.csv",
        "序号,工作任务,责任单位,完成时限\n1,成立专班。,城关镇,2025年5季度\n",
    );
    let run = work.run(&["init", "--from", "清单.csv"]).expect_code(1);
    assert!(
        run.stderr
            .starts_with("清单.csv:2:4: 错误[invalid-deadline] 完成时限“2025年5季度”不是日期："),
        "{}",
        run.stderr
    );
}

#[test]
fn a_list_that_says_every_town_but_names_some_says_the_towns_are_only_those() {
    let work = Workdir::new();
    fixture(&work, "安平县清单-gbk.csv");
    let run = work
        .run(&["init", "office", "--from", "安平县清单-gbk.csv"])
        .expect_code(1);
    assert!(
        run.stderr.starts_with(
            "安平县清单-gbk.csv:4: 警告[guessed] 任务清单写的是“各乡镇”，但只提到了城关镇、西河镇、青山镇3个乡镇：\
             plan.yaml 的 towns 只有这3个，其余乡镇收不到报表，“各乡镇均已完成”也只算这3个；\
             请在 plan.yaml 的 towns 中补全全部乡镇，或删去 plan.yaml 后用 --towns 列出全部乡镇重新生成：\
             bulletin init office --from 安平县清单-gbk.csv --towns 城关镇、西河镇、青山镇、…\n"
        ),
        "{}",
        run.stderr
    );
    let plan = plan_body(&work);
    assert!(
        plan.contains(
            "  # ↓ 任务清单写的是“各乡镇”，这里只有清单中提到的3个乡镇：请补全全部乡镇；报表只发给列出的单位，“各乡镇均已完成”也只算列出的\n  towns: [城关镇, 西河镇, 青山镇]"
        ),
        "{plan}"
    );

    // With every town given, nothing is left to complete.
    let work = Workdir::new();
    fixture(&work, "安平县清单-gbk.csv");
    let run = work
        .run(&[
            "init",
            "office",
            "--from",
            "安平县清单-gbk.csv",
            "--towns",
            "城关镇、西河镇、青山镇、南湖乡、东岭乡、北塘镇",
        ])
        .expect_code(1);
    assert!(!run.stderr.contains("只提到了"), "{}", run.stderr);
    assert!(!plan_body(&work).contains("只有清单中提到的"));
}

#[test]
fn a_street_among_the_towns_given_makes_the_label_name_streets_too() {
    let work = Workdir::new();
    fixture(&work, "安平县清单-gbk.csv");
    work.run(&[
        "init",
        "office",
        "--from",
        "安平县清单-gbk.csv",
        "--towns",
        "城关镇、西河镇、青山镇、南湖乡、东岭乡、北塘镇、白马街道",
    ])
    .expect_code(1);
    let plan = plan_body(&work);
    for line in [
        "  label: 乡镇（街道）              # 通报中“6个乡镇（街道）”的称呼",
        "  addressees: 各乡镇（街道），各有关单位     # 主送单位",
    ] {
        assert!(plan.lines().any(|l| l == line), "{line}\n{plan}");
    }
}

#[test]
fn the_unit_a_list_marks_as_lead_becomes_the_tasks_lead() {
    let work = Workdir::new();
    work.write(
        "清单.csv",
        "序号,工作任务,责任单位,完成时限\n1,整治燃气。,县住建局牵头，各乡镇配合,2025年8月\n2,制定方案。,县应急管理局、城关镇,2025年7月\n",
    );
    work.run(&["init", "--from", "清单.csv"]).expect_code(0);
    let plan = std::fs::read_to_string(work.path().join("plan.yaml")).unwrap();
    let task = |id: &str| {
        plan.split("- id: ")
            .find(|block| block.starts_with(id))
            .unwrap()
            .to_string()
    };
    assert!(task("1").contains("        lead: 县住建局"), "{plan}");
    assert!(!task("2").contains("\n        lead:"), "{plan}");
    // The plan reads it back: the bulletin names the lead with the task.
    work.write("periods/2025-08/period.yaml", "as_of: 2025-08-31\n");
    let run = work
        .run(&["generate", "--allow-missing", "--format", "json"])
        .expect_code(0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["tasks"][0]["lead"], "县住建局", "{}", run.stdout);
}

#[test]
fn a_department_written_two_ways_is_said_once() {
    let work = Workdir::new();
    work.write(
        "清单.csv",
        "序号,工作任务,责任单位,完成时限\n1,成立专班。,县应急管理局,2025年6月\n2,制定方案。,县应急局、城关镇,2025年7月\n",
    );
    let run = work.run(&["init", "--from", "清单.csv"]).expect_code(0);
    let said: Vec<&str> = run
        .stderr
        .lines()
        .filter(|line| line.contains("像是同一个部门"))
        .collect();
    assert_eq!(
        said,
        [
            "清单.csv: 警告[guessed] “县应急局”和“县应急管理局”像是同一个部门的两种写法：若是，请在 plan.yaml 的 departments 中只留一个，并把各任务 assigned 中的另一个改成它"
        ],
        "{}",
        run.stderr
    );
}
