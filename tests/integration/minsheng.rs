//! The second sample (data/minsheng): a made-up city's 民生实事 with quantity targets, pace and
//! ranking. Every figure of the September bulletin is checked against numbers worked out here
//! by hand from the sheets' rows (data/minsheng/tools/make-sheets.py holds the same facts).

use serde_json::Value;

use crate::workdir::{run_in_repo, section_one};

const PLAN: &str = "data/minsheng/plan.yaml";
const JUNE: &str = "data/minsheng/periods/2025-06";
const SEPTEMBER: &str = "data/minsheng/periods/2025-09";

/// A percentage as the bulletin prints it: one decimal, rounded half up, a trailing .0 dropped.
fn percent(part: f64, whole: f64) -> String {
    let tenths = (part / whole * 1000.0).round() as i64;
    if tenths % 10 == 0 {
        format!("{}%", tenths / 10)
    } else {
        format!("{}.{}%", tenths / 10, tenths % 10)
    }
}

/// 序时进度 from 1 January 2025 to 30 September (day 273) for a deadline at the end of day
/// `deadline_day` of the year.
fn pace(deadline_day: f64) -> String {
    percent(273.0, deadline_day)
}

/// Days from 1 January to the end of the deadline month, 2025.
const OCTOBER: f64 = 304.0;
const NOVEMBER: f64 = 334.0;
const DECEMBER: f64 = 365.0;

fn september_text() -> String {
    run_in_repo(&["generate", SEPTEMBER, "--plan", PLAN, "--format", "text"])
        .expect_code(0)
        .stdout
}

/// Section 二's paragraph of the task whose text starts with `start`, without its marker.
fn paragraph<'t>(text: &'t str, start: &str) -> &'t str {
    text.lines()
        .map(|line| line.trim_start_matches('\u{3000}'))
        .filter_map(|line| line.split_once('、').map(|(_, rest)| rest))
        .find(|rest| rest.starts_with(start))
        .unwrap_or_else(|| panic!("no paragraph starting {start} in\n{text}"))
}

#[test]
fn both_periods_validate_clean_from_gbk_csv_a_sent_out_sheet_and_libreoffice_workbooks() {
    for period in [JUNE, SEPTEMBER] {
        let run = run_in_repo(&["validate", period, "--plan", PLAN]).expect_code(0);
        assert!(
            run.stdout.contains("9 个表格、59 行：0 个错误，0 个警告"),
            "{period}: {}",
            run.stdout
        );
    }
}

#[test]
fn each_tasks_figures_add_up_from_its_rows() {
    let text = september_text();
    // 1 老旧小区改造 (个, due November): 青山区 40 of 40 done, 江北区 26/30, 经开区 10 done,
    // 东河县 10/12, 西岭县 6/10, 南湖县 8 done, 北山县 7/10. Behind 81.7%: 西岭县 60% (more than
    // 20 points: serious), 北山县 70%.
    let reached = 40.0 + 26.0 + 10.0 + 10.0 + 6.0 + 8.0 + 7.0;
    let target = 40.0 + 30.0 + 10.0 + 12.0 + 10.0 + 8.0 + 10.0;
    assert_eq!(
        paragraph(&text, "城镇老旧小区改造开工。"),
        format!(
            "城镇老旧小区改造开工。已完成{reached}个，完成率{}（序时进度{}）。进度较慢的为西岭县、北山县。其中严重滞后的为西岭县。",
            percent(reached, target),
            pace(NOVEMBER)
        )
    );
    // 2 保障性租赁住房 (套): targets 800, 600, 400 for the districts, 200 for the four counties.
    // 江北区 430/600 = 71.7% and 西岭县 110/200 = 55% are behind 74.8% (55% is within 20 points).
    let reached = 620.0 + 430.0 + 330.0 + 160.0 + 110.0 + 200.0 + 150.0;
    let target = 800.0 + 600.0 + 400.0 + 4.0 * 200.0;
    assert_eq!(
        paragraph(&text, "新增保障性租赁住房。"),
        format!(
            "新增保障性租赁住房。已完成{reached}套，完成率{}（序时进度{}）。进度较慢的为江北区、西岭县。",
            percent(reached, target),
            pace(DECEMBER)
        )
    );
    // 3 公办幼儿园 (所, due August, so overdue): 2 each, 青山区 3; only 西岭县 (1) not done. Past
    // its deadline the task is not behind the calendar: it names who has not finished.
    let reached = 3.0 + 2.0 + 2.0 + 2.0 + 1.0 + 2.0 + 2.0;
    assert_eq!(
        paragraph(&text, "新建、改扩建公办幼儿园。"),
        format!(
            "新建、改扩建公办幼儿园。已完成{reached}所，完成率{}。逾期未完成的为西岭县。",
            percent(reached, 3.0 + 6.0 * 2.0)
        )
    );
    // 4 县域医共体 (percentages): 东河县 done (100), 西岭县 60, 南湖县 65, 北山县 70.
    assert_eq!(
        paragraph(&text, "推进紧密型县域医共体建设"),
        format!(
            "推进紧密型县域医共体建设，实现县域内检查检验结果互认（牵头单位：市卫健委）。完成率{}（序时进度{}）。进度较慢的为西岭县、南湖县、北山县。",
            percent(100.0 + 60.0 + 65.0 + 70.0, 400.0),
            pace(DECEMBER)
        )
    );
    // 5 城市书房: 15 of 20 = 75%, just ahead of 74.8%.
    assert_eq!(
        paragraph(&text, "建设城市书房20家"),
        format!(
            "建设城市书房20家（牵头单位：市文旅局）。已完成15家，完成率{}（序时进度{}）。市文旅局按序时推进。已建成城市书房15家，其余5家正在选址。",
            percent(15.0, 20.0),
            pace(DECEMBER)
        )
    );
    // 6 城镇新增就业 (人): every county above 74.8%.
    let reached = 4700.0 + 3800.0 + 2300.0 + 1900.0 + 1500.0 + 1150.0 + 1520.0;
    let target = 6000.0 + 5000.0 + 3000.0 + 2500.0 + 2000.0 + 1500.0 + 2000.0;
    assert_eq!(
        paragraph(&text, "城镇新增就业。"),
        format!(
            "城镇新增就业。已完成{reached}人，完成率{}（序时进度{}）。各县区均按序时推进。",
            percent(reached, target),
            pace(DECEMBER)
        )
    );
    // 7 职业技能培训 (1500 人次 each, due November): 东河县 1200 = 80% behind 81.7%, 西岭县
    // 900 = 60% seriously behind.
    let reached = 1500.0 + 1300.0 + 1250.0 + 1200.0 + 900.0 + 1240.0 + 1230.0;
    assert_eq!(
        paragraph(&text, "开展职业技能培训。"),
        format!(
            "开展职业技能培训。已完成{reached}人次，完成率{}（序时进度{}）。进度较慢的为东河县、西岭县。其中严重滞后的为西岭县。",
            percent(reached, 7.0 * 1500.0),
            pace(NOVEMBER)
        )
    );
    // 8 养老服务床位 (张, due October: 89.8%): 东河县 130/150 = 86.7%, 西岭县 120/150 = 80%.
    let reached = 300.0 + 230.0 + 100.0 + 130.0 + 120.0 + 100.0 + 140.0;
    let target = 300.0 + 250.0 + 100.0 + 150.0 + 150.0 + 100.0 + 150.0;
    assert_eq!(
        paragraph(&text, "新增养老服务床位"),
        format!(
            "新增养老服务床位（牵头单位：市民政局）。已完成{reached}张，完成率{}（序时进度{}）。进度较慢的为东河县、西岭县。",
            percent(reached, target),
            pace(OCTOBER)
        )
    );
    // 9 农村公路 (公里, decimals): 44.5 + 25 + 29 + 33.5 of 55.5 + 48 + 36 + 42.5.
    let reached = 44.5 + 25.0 + 29.0 + 33.5;
    assert_eq!(
        paragraph(&text, "新改建农村公路。"),
        format!(
            "新改建农村公路。已完成{reached}公里，完成率{}（序时进度{}）。进度较慢的为西岭县，严重滞后。",
            percent(reached, 55.5 + 48.0 + 36.0 + 42.5),
            pace(DECEMBER)
        )
    );
    // 11 has no figures: the deadline wording, the rest named (name_all).
    assert_eq!(
        paragraph(&text, "建立民生实事项目推进台账"),
        "建立民生实事项目推进台账，实行周调度、月通报。青山区、江北区、经开区、东河县、西岭县、南湖县6个县区已建立推进台账，北山县1个县区尚未建立。"
    );
    assert!(
        text.contains("（一）住房保障（牵头单位：市住建局）"),
        "{text}"
    );
}

#[test]
fn section_one_tells_the_tasks_behind_pace_and_ranks_the_counties_by_their_mean_rate() {
    let text = september_text();
    // Each county's 完成率 on its tasks with figures (tasks 1, 2, 3, 6, 7, 8; and 4, 9 for the
    // four counties), done counting 100.
    let mean = |rates: &[f64]| rates.iter().sum::<f64>() / rates.len() as f64;
    let mut scores = [
        (
            "青山区",
            mean(&[1.0, 620.0 / 800.0, 1.0, 4700.0 / 6000.0, 1.0, 1.0]),
        ),
        (
            "江北区",
            mean(&[
                26.0 / 30.0,
                430.0 / 600.0,
                1.0,
                3800.0 / 5000.0,
                1300.0 / 1500.0,
                230.0 / 250.0,
            ]),
        ),
        (
            "经开区",
            mean(&[
                1.0,
                330.0 / 400.0,
                1.0,
                2300.0 / 3000.0,
                1250.0 / 1500.0,
                1.0,
            ]),
        ),
        (
            "东河县",
            mean(&[
                10.0 / 12.0,
                160.0 / 200.0,
                1.0,
                1.0,
                1900.0 / 2500.0,
                1200.0 / 1500.0,
                130.0 / 150.0,
                44.5 / 55.5,
            ]),
        ),
        (
            "西岭县",
            mean(&[
                6.0 / 10.0,
                110.0 / 200.0,
                0.5,
                0.6,
                1500.0 / 2000.0,
                900.0 / 1500.0,
                120.0 / 150.0,
                25.0 / 48.0,
            ]),
        ),
        (
            "南湖县",
            mean(&[
                1.0,
                1.0,
                1.0,
                0.65,
                1150.0 / 1500.0,
                1240.0 / 1500.0,
                1.0,
                29.0 / 36.0,
            ]),
        ),
        (
            "北山县",
            mean(&[
                7.0 / 10.0,
                150.0 / 200.0,
                1.0,
                0.7,
                1520.0 / 2000.0,
                1230.0 / 1500.0,
                140.0 / 150.0,
                33.5 / 42.5,
            ]),
        ),
    ];
    scores.sort_by(|a, b| b.1.total_cmp(&a.1));
    let ranking: Vec<String> = scores
        .iter()
        .enumerate()
        .map(|(place, (county, _))| format!("{}、{county}", place + 1))
        .collect();
    assert_eq!(
        section_one(&text),
        [
            "（一）逾期未全部完成的，共2项，分别是第3、11项。".to_string(),
            // 4: 73.8% below 74.8%; 9: 132/182 = 72.5% below 74.8%.
            "（二）滞后序时的，共2项，分别是第4、9项。".to_string(),
            "（三）正在有序推进的，共7项，其中2025年10月完成的第8项；2025年11月完成的1、7项；2025年12月完成的2、5、6、10项。".to_string(),
            format!("（四）各县区综合排名：{}。", ranking.join("；")),
        ]
    );
    // The annex ranks by the same scores, printed to one decimal.
    let md = run_in_repo(&["generate", SEPTEMBER, "--plan", PLAN, "--format", "md"])
        .expect_code(0)
        .stdout;
    let (first, score) = scores[0];
    assert!(
        md.contains(&format!(
            "| 1 | {first} | 6 | 4 | {} |",
            percent(score, 1.0)
        )),
        "{md}"
    );
    assert!(
        md.contains("| 西岭县 | 60% | 55% | 50% | 60% |  | 75% | 60% | 80% | 52.1% |  | ● |"),
        "{md}"
    );
}

#[test]
fn the_json_carries_each_tasks_and_each_countys_figures() {
    let run =
        run_in_repo(&["generate", SEPTEMBER, "--plan", PLAN, "--format", "json"]).expect_code(0);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["counts"]["behind_pace"], 2);
    assert_eq!(json["counts"]["in_progress"], 9);
    let roads = &json["tasks"][8];
    assert_eq!(roads["id"], 9);
    assert_eq!(roads["class"], "in_progress");
    assert_eq!(roads["lead"], "市交通运输局");
    let pace = &roads["pace"];
    assert_eq!(
        (
            &pace["behind_pace"],
            &pace["reached"],
            &pace["target"],
            &pace["measure"]
        ),
        (
            &Value::Bool(true),
            &Value::from(132),
            &Value::from(182),
            &Value::from("公里")
        )
    );
    assert_eq!(
        (&pace["expected"], &pace["completion"]),
        (&Value::from(74.8), &Value::from(72.5))
    );
    let west = &pace["units"][1];
    assert_eq!(west["unit"], "西岭县");
    assert_eq!(
        (&west["figure"], &west["target"]),
        (&Value::from(25), &Value::from(48))
    );
    assert_eq!(
        (&west["behind"], &west["serious"]),
        (&Value::Bool(true), &Value::Bool(true))
    );
    let units = json["units"].as_array().unwrap();
    let ranks: Vec<(&str, i64)> = units
        .iter()
        .filter_map(|u| Some((u["unit"].as_str()?, u["rank"].as_i64()?)))
        .collect();
    assert_eq!(
        ranks.len(),
        7,
        "the departments have scores but no rank: {units:#?}"
    );
    assert!(
        units
            .iter()
            .any(|u| u["unit"] == "市文旅局" && u["rank"].is_null())
    );
}

#[test]
fn the_quarter_between_the_periods_is_told_in_the_diff_and_the_bulletin() {
    let diff = run_in_repo(&["diff", JUNE, SEPTEMBER, "--plan", PLAN, "--format", "text"])
        .expect_code(0)
        .stdout;
    // 30 June is day 181: 49.6% of the year, 54.2% of a November task. Task 1 went from 64 of
    // 120 to 107.
    for line in [
        "滞后序时 6 → 2 项（新增第4项；减少第1、3、5、7、10项）",
        "第4项：正在推进 → 滞后序时　推进紧密型县域医共体建设，实现县域内检查检验结果互认。",
        &format!(
            "完成率 {} → {}（序时进度 {} → {}）",
            percent(64.0, 120.0),
            percent(107.0, 120.0),
            percent(181.0, NOVEMBER),
            pace(NOVEMBER)
        ),
        "已完成 64 → 107 个",
        "新增进度较慢：南湖县、北山县",
    ] {
        assert!(
            diff.lines()
                .any(|l| l.trim_start_matches('\u{3000}') == line),
            "{line}\n{diff}"
        );
    }
    let text = run_in_repo(&[
        "generate",
        SEPTEMBER,
        "--plan",
        PLAN,
        "--previous",
        JUNE,
        "--format",
        "text",
    ])
    .expect_code(0)
    .stdout;
    let since = section_one(&text)[4];
    assert!(
        since.contains("第4项转为滞后序时，第1、5、7、10项已赶上序时进度")
            && since.contains("县域医共体建设进度较慢的新增南湖县、北山县，养老服务床位进度较慢的新增东河县、西岭县"),
        "{since}"
    );
}

#[test]
fn a_county_that_sent_nothing_is_not_called_behind_nor_ranked_but_said_apart() {
    // QA item 19 with figures: 东河县 sent nothing (`--allow-missing`); its figures count as 0,
    // so it read 严重滞后 on every task and stood last in the ranking.
    let work = crate::workdir::Workdir::new();
    work.write(
        "plan.yaml",
        std::fs::read(crate::workdir::repo().join(PLAN)).unwrap(),
    );
    for entry in std::fs::read_dir(crate::workdir::repo().join(SEPTEMBER)).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("东河县") {
            work.write(&format!("p/{name}"), std::fs::read(&path).unwrap());
        }
    }
    let generate = |format: &str| {
        work.run(&[
            "generate",
            "p",
            "--plan",
            "plan.yaml",
            "--allow-missing",
            "--format",
            format,
        ])
        .expect_code(0)
        .stdout
    };
    let text = generate("text");
    assert_eq!(
        paragraph(&text, "城镇老旧小区改造开工"),
        "城镇老旧小区改造开工。已完成97个，完成率80.8%（序时进度81.7%）。进度较慢的为西岭县、北山县。其中严重滞后的为西岭县。东河县未报送，按未完成统计。"
    );
    assert_eq!(
        paragraph(&text, "城镇新增就业"),
        "城镇新增就业。已完成14970人，完成率68%（序时进度74.8%）。东河县未报送，按未完成统计；其余6个县区均按序时推进。"
    );
    let ranking = section_one(&text)
        .into_iter()
        .find(|line| line.contains("综合排名"))
        .unwrap();
    assert!(!ranking.contains("东河县"), "{ranking}");
    let json: Value = serde_json::from_str(&generate("json")).unwrap();
    let unit = json["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit"] == "东河县")
        .unwrap();
    assert_eq!(
        (&unit["rank"], &unit["not_reported"]),
        (&Value::Null, &Value::Bool(true))
    );
    let paced = json["tasks"][0]["pace"]["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit"] == "东河县")
        .unwrap();
    assert_eq!(paced["not_reported"], true);
    let md = generate("md");
    assert!(md.contains("| — | 东河县 | 8 | 0 | 未报送 |"), "{md}");
}

#[test]
fn the_mean_completion_of_the_tasks_with_figures_in_both_periods_is_told_as_it_moved() {
    // Each task's 完成率 as each period's own bulletin gives it.
    let rates = |period: &str| -> Vec<(u64, f64)> {
        let run = run_in_repo(&["generate", period, "--plan", PLAN, "--format", "json"]);
        let value: Value = serde_json::from_str(&run.expect_code(0).stdout).unwrap();
        value["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|t| Some((t["id"].as_u64()?, t["pace"]["completion"].as_f64()?)))
            .collect()
    };
    let (june, september) = (rates(JUNE), rates(SEPTEMBER));
    let both: Vec<(f64, f64)> = june
        .iter()
        .filter_map(|&(id, old)| {
            let new = september.iter().find(|&&(other, _)| other == id)?.1;
            Some((old, new))
        })
        .collect();
    assert!(both.len() > 1);
    let mean =
        |pick: fn(&(f64, f64)) -> f64| both.iter().map(pick).sum::<f64>() / both.len() as f64;
    let run = run_in_repo(&["diff", JUNE, SEPTEMBER, "--plan", PLAN, "--format", "json"]);
    let diff: Value = serde_json::from_str(&run.expect_code(0).stdout).unwrap();
    let told = &diff["mean_completion"];
    assert_eq!(told["tasks"].as_u64(), Some(both.len() as u64));
    let (old, new) = (&told["completion"][0], &told["completion"][1]);
    // The tasks' rates are rounded to a tenth before this mean is taken; the tool's is exact.
    assert!(
        (old.as_f64().unwrap() - mean(|b| b.0)).abs() < 0.1,
        "{told}"
    );
    assert!(
        (new.as_f64().unwrap() - mean(|b| b.1)).abs() < 0.1,
        "{told}"
    );
    let text = run_in_repo(&[
        "generate",
        SEPTEMBER,
        "--plan",
        PLAN,
        "--previous",
        JUNE,
        "--format",
        "text",
    ])
    .expect_code(0)
    .stdout;
    let moved = format!("{}项任务平均完成率由{old}%提高到{new}%", both.len());
    assert!(section_one(&text)[4].contains(&moved), "{moved}\n{text}");
}
