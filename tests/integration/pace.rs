//! Pace and targets end to end on a small plan: the 进度 column in the sheets that go out and
//! come back, and what validate says of the figures.

use calamine::{Data, Reader, Xlsx};

use crate::workdir::Workdir;

const PLAN: &str = "\
plan:
  title: 某市2025年民生实事项目
  issued: 2025-01-10
pace:
  start: 2025-01-01
units:
  label: 县区
  towns: [东城区, 西城区, 南山县]
  departments: [市教育局]
categories:
  - title: 住房保障
    lead: 市住建局
    tasks:
      - id: 1
        text: 棚户区改造新开工。
        deadline: 2025-12
        target: 1000
        measure: 套
        targets: {南山县: 500}
      - id: 2
        text: 建设城市书房。
        deadline: 2025-10
        assigned: [市教育局]
      - id: 3
        text: 开展健康义诊。
        deadline: 2025-12
";

/// One period: every unit's rows, with figures.
fn period(work: &Workdir) {
    work.write("data/plan.yaml", PLAN);
    work.write("data/periods/2025-09/period.yaml", "as_of: 2025-09-30\n");
    work.write(
        "data/periods/2025-09/东城区.csv",
        "单位,任务,状态,完成日期,进度\n东城区,1,推进中,,860套\n东城区,3,推进中,,60%\n",
    );
    work.write(
        "data/periods/2025-09/西城区.csv",
        "单位,任务,状态,完成日期,进度\n西城区,1,已完成,2025-08-31,1000\n西城区,3,推进中,,80\n",
    );
    work.write(
        "data/periods/2025-09/南山县.csv",
        "单位,任务,状态,完成日期,完成量\n南山县,1,推进中,,200\n南山县,3,未开始,,\n",
    );
    work.write(
        "data/periods/2025-09/市教育局.csv",
        "单位,任务,状态,完成日期,说明\n市教育局,2,推进中,,已建成12家城市书房。\n",
    );
}

#[test]
fn sheets_carry_the_target_beside_an_empty_progress_column() {
    let work = Workdir::new();
    work.write("data/plan.yaml", PLAN);
    work.run(&["sheets", "--format", "csv", "-o", "out"])
        .expect_code(0);
    let read = |name: &str| {
        let bytes = std::fs::read(work.path().join("out").join(name)).unwrap();
        String::from_utf8(bytes[3..].to_vec()).unwrap()
    };
    let east = read("东城区.csv");
    let lines: Vec<&str> = east.split("\r\n").collect();
    assert_eq!(
        lines[..3],
        [
            "单位,任务,任务内容,完成时限,目标,进度,状态,完成日期,说明",
            "东城区,1,棚户区改造新开工。,2025年12月,1000套,,,,",
            "东城区,3,开展健康义诊。,2025年12月,百分比,,,,",
        ]
    );
    assert!(read("南山县.csv").contains("南山县,1,棚户区改造新开工。,2025年12月,500套,,,,"));
    // A department's task without a target still gets the column: the plan asked for pace.
    assert!(read("市教育局.csv").contains("市教育局,2,建设城市书房。,2025年10月,百分比,,,,"));
}

#[test]
fn a_period_with_figures_validates_clean_and_prefills_its_sheets_both_ways() {
    let work = Workdir::new();
    period(&work);
    let run = work.run(&["validate"]).expect_code(0);
    assert!(run.stdout.contains("0 个错误，0 个警告"), "{}", run.stdout);
    work.run(&[
        "sheets",
        "--from",
        "data/periods/2025-09",
        "--format",
        "csv",
        "-o",
        "csv",
    ])
    .expect_code(0);
    let bytes = std::fs::read(work.path().join("csv/东城区.csv")).unwrap();
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(
        text.contains("东城区,1,棚户区改造新开工。,2025年12月,1000套,860,推进中,,"),
        "{text}"
    );
    assert!(
        text.contains("东城区,3,开展健康义诊。,2025年12月,百分比,60%,推进中,,"),
        "{text}"
    );
    // A task nobody gave a figure for last month still asks for one, as the blank sheet does.
    let bytes = std::fs::read(work.path().join("csv/市教育局.csv")).unwrap();
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(
        text.contains("市教育局,2,建设城市书房。,2025年10月,百分比,,推进中,,已建成12家城市书房。"),
        "{text}"
    );

    work.run(&[
        "sheets",
        "--from",
        "data/periods/2025-09",
        "--format",
        "xlsx",
        "-o",
        "xlsx",
    ])
    .expect_code(0);
    let mut workbook: Xlsx<_> =
        calamine::open_workbook(work.path().join("xlsx/西城区.xlsx")).unwrap();
    let range = workbook.worksheet_range_at(0).unwrap().unwrap();
    let cell = |row: u32, column: u32| range.get_value((row, column)).cloned();
    // Row 1 is the sheet's title; the header is row 2.
    assert_eq!(cell(1, 5), Some(Data::String("进度".into())));
    assert_eq!(cell(2, 4), Some(Data::String("1000套".into())));
    assert_eq!(cell(2, 5), Some(Data::Float(1000.0)));
    assert_eq!(cell(3, 5), Some(Data::String("80%".into())));
    assert_eq!(cell(3, 6), Some(Data::String("推进中".into())));

    // The prefilled sheets, sent back unchanged, are the same period.
    for folder in ["csv", "xlsx"] {
        std::fs::copy(
            work.path().join("data/periods/2025-09/period.yaml"),
            work.path().join(folder).join("period.yaml"),
        )
        .unwrap();
        let run = work.run(&["validate", folder]).expect_code(0);
        assert!(
            run.stdout.contains("0 个错误，0 个警告"),
            "{folder}: {}",
            run.stdout
        );
        let again = work
            .run(&["generate", folder, "--format", "json"])
            .expect_code(0);
        let first = work.run(&["generate", "--format", "json"]).expect_code(0);
        let tasks =
            |json: &str| serde_json::from_str::<serde_json::Value>(json).unwrap()["tasks"].clone();
        assert_eq!(tasks(&again.stdout), tasks(&first.stdout), "{folder}");
    }
}

#[test]
fn validate_names_each_fault_of_a_figure_in_its_cell() {
    let work = Workdir::new();
    period(&work);
    work.write(
        "data/periods/2025-09/东城区.csv",
        "单位,任务,状态,完成日期,进度\n东城区,1,推进中,,-20\n东城区,3,推进中,,百分之六十\n",
    );
    work.write(
        "data/periods/2025-09/西城区.csv",
        "单位,任务,状态,完成日期,进度\n西城区,1,推进中,,1000套\n西城区,3,推进中,,\n",
    );
    // 南山县's percentage makes task 3 one with figures, so 西城区's empty cell is told.
    work.write(
        "data/periods/2025-09/南山县.csv",
        "单位,任务,状态,完成日期,进度\n南山县,1,推进中,,200\n南山县,3,推进中,,10%\n",
    );
    let run = work.run(&["validate", "--format", "json"]).expect_code(1);
    let findings: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    let found: Vec<(String, String, i64, i64)> = findings
        .iter()
        .map(|f| {
            (
                f["path"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string(),
                f["code"].as_str().unwrap().to_string(),
                f["row"].as_i64().unwrap_or(0),
                f["column"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    let at =
        |file: &str, code: &str, row, column| (file.to_string(), code.to_string(), row, column);
    assert_eq!(
        found,
        [
            at("东城区.csv", "invalid-progress", 2, 5),
            at("东城区.csv", "invalid-progress", 3, 5),
            at("西城区.csv", "progress-reached", 2, 5),
            at("西城区.csv", "missing-progress", 3, 0),
        ]
    );
}
