//! A second, made-up district: different towns, departments, deadlines and as_of, all four
//! classes, and sheets in GBK, UTF-8 with a BOM and .xlsx. Nothing of the sample is reused.

use crate::workdir::{Run, Workdir, section_one};

const PLAN: &str = "\
plan:
  title: 海曙区防汛防台能力提升三年行动方案
  number: 海党办〔2022〕7号
  issued: 2022-02-10
bulletin:
  issuer: 海曙区防汛防旱指挥部办公室
  title: 关于防汛防台能力提升工作推进情况的通报
  addressees: 各镇（街道）防指，区防指各成员单位
  preamble: 现将今年以来防汛防台能力提升工作推进情况通报如下：
units:
  label: 镇（街道）
  towns: [石碶, 集士港, 古林, 高桥, 横街, 章水]
  departments: [区水利局, 区民政局]
categories:
  - title: 健全组织体系方面
    tasks:
      - id: 1
        text: 调整镇（街道）防汛防台工作领导小组。
        deadline: 2022-03
        wording:
          done: 已调整领导小组
      - id: 2
        text: 修订镇（街道）防汛防台应急预案。
        deadline: 2022-06-15
        wording:
          done: 已完成预案修订
      - id: 3
        text: 落实村（社区）防汛责任人。
        deadline: 2022-06
        wording:
          done: 已落实责任人
          not_started: 尚未落实
  - title: 提升基础能力方面
    tasks:
      - id: 4
        text: 建设标准化防汛物资仓库。
        deadline: 2022-12
        wording:
          done: 已建成
          in_progress: 正在建设
          not_started: 尚未开工
      - id: 5
        text: 完成主要河道堤防隐患排查。
        deadline: 2022-08
        assigned: [区水利局]
      - id: 6
        text: 沿江镇落实江堤巡查队伍。
        deadline: 2023-06
        assigned: [集士港, 石碶]
        wording:
          done: 已组建巡查队伍
          in_progress: 正在组建
      - id: 7
        text: 开展防汛防台综合演练。
        deadline: 2022-09-30
        wording:
          done: 已完成演练
          in_progress: 正在筹备
";

/// (unit, task, status, date) as each unit would fill its sheet.
const FACTS: [(&str, u32, &str, &str); 33] = [
    ("石碶", 1, "已完成", "2022/3/1"),
    ("石碶", 2, "已完成", "2022/6/1"),
    ("石碶", 3, "已完成", "2022/6/20"),
    ("石碶", 4, "已完成", "2022/9/1"),
    ("石碶", 6, "推进中", ""),
    ("石碶", 7, "推进中", ""),
    ("集士港", 1, "已完成", "2022-03-31"),
    ("集士港", 2, "已完成", "2022-06-15"),
    ("集士港", 3, "未开始", ""),
    ("集士港", 4, "推进中", ""),
    ("集士港", 6, "推进中", ""),
    ("集士港", 7, "已完成", "2022-09-20"),
    ("古林", 1, "已完成", "2022-03-02"),
    ("古林", 2, "已完成", "2022-06-16"),
    ("古林", 3, "已完成", "2022-05-06"),
    ("古林", 4, "未开始", ""),
    ("古林", 7, "推进中", ""),
    ("高桥", 1, "done", "2022-02-28"),
    ("高桥", 2, "done", "2022-05-30"),
    ("高桥", 3, "done", "2022-06-30"),
    ("高桥", 4, "in_progress", ""),
    ("高桥", 7, "in_progress", ""),
    ("横街", 1, "已完成", "2022年3月9日"),
    ("横街", 2, "已完成", "2022年4月9日"),
    ("横街", 3, "推进中", ""),
    ("横街", 4, "未开始", ""),
    ("横街", 7, "推进中", ""),
    ("章水", 1, "已完成", "2022.3.18"),
    ("章水", 2, "已完成", "2022.6.2"),
    ("章水", 3, "已完成", "2022.6.3"),
    ("章水", 4, "推进中", ""),
    ("章水", 7, "推进中", ""),
    ("区水利局", 5, "已完成", "2022-08-01"),
];

fn csv_rows(units: &[&str], english: bool) -> String {
    let mut text = if english {
        "unit,task,status,date,note\r\n".to_string()
    } else {
        "单位,任务,状态,完成日期,说明\r\n".to_string()
    };
    for (unit, task, status, date) in FACTS.iter().filter(|fact| units.contains(&fact.0)) {
        let note = if *unit == "区水利局" {
            "区水利局已完成全区42公里主要河道堤防隐患排查，发现隐患11处，已全部整改"
        } else {
            ""
        };
        let task = if english {
            task.to_string()
        } else {
            format!("第{task}项")
        };
        text.push_str(&format!("{unit},{task},{status},{date},{note}\r\n"));
    }
    text
}

fn xlsx_of(unit: &str) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let date_format = rust_xlsxwriter::Format::new().set_num_format("yyyy年m月d日");
    // Columns in another order than the other sheets: 任务, 状态, 单位, 完成日期.
    for (column, name) in ["任务", "状态", "单位", "完成日期"].iter().enumerate() {
        sheet.write_string(0, column as u16, *name).unwrap();
    }
    for (row, (_, task, status, date)) in FACTS.iter().filter(|fact| fact.0 == unit).enumerate() {
        let row = row as u32 + 1;
        sheet.write_number(row, 0, f64::from(*task)).unwrap();
        sheet.write_string(row, 1, *status).unwrap();
        sheet.write_string(row, 2, unit).unwrap();
        if let Some(day) = bulletin::load::date::parse_date(date) {
            use chrono::Datelike;
            let cell = rust_xlsxwriter::ExcelDateTime::from_ymd(
                day.year() as u16,
                day.month() as u8,
                day.day() as u8,
            )
            .unwrap();
            sheet
                .write_datetime_with_format(row, 3, &cell, &date_format)
                .unwrap();
        }
    }
    workbook.save_to_buffer().unwrap()
}

fn district() -> Workdir {
    let work = Workdir::new();
    work.write("haishu/plan.yaml", PLAN);
    work.write("haishu/periods/2022-09/period.yaml", "as_of: 2022-09-30\n");
    work.write(
        "haishu/periods/2022-09/石碶.csv",
        encoding_rs::GBK.encode(&csv_rows(&["石碶"], false)).0,
    );
    work.write(
        "haishu/periods/2022-09/集士港.csv",
        format!("\u{feff}{}", csv_rows(&["集士港"], false)),
    );
    work.write("haishu/periods/2022-09/古林.xlsx", xlsx_of("古林"));
    // One combined sheet for three towns, as a clerk might collect them by phone.
    work.write(
        "haishu/periods/2022-09/汇总.csv",
        format!("\u{feff}{}", csv_rows(&["高桥", "横街", "章水"], false)),
    );
    work.write(
        "haishu/periods/2022-09/区水利局.csv",
        csv_rows(&["区水利局"], true),
    );
    work
}

/// The district's bulletin for 2022-09 in `format`.
fn generate(work: &Workdir, format: &str) -> Run {
    let args = [
        "generate",
        "haishu/periods/2022-09",
        "--plan",
        "haishu/plan.yaml",
        "--format",
        format,
    ];
    work.run(&args).expect_code(0)
}

#[test]
fn the_second_districts_bulletin_has_all_four_classes_worked_out_by_hand() {
    let work = district();
    let run = generate(&work, "text");
    assert_eq!(run.stderr, "");
    let overview = section_one(&run.stdout);
    // 1: all done by 31 March. 2: 古林 finished on 16 June, a day late. 3: due in June, two
    // towns not done. 4: due December. 5: the water bureau, done 1 August. 6: two towns, due
    // 2023. 7: due 30 September, which is as_of itself: the figures are as of the end of
    // that day, so five towns not done make it overdue.
    assert_eq!(
        overview,
        [
            "（一）按期完成的，共2项，其中2022年3月完成的第1项；2022年8月完成的第5项。",
            "（二）逾期完成的，共1项，为第2项。",
            "（三）逾期未全部完成的，共2项，分别是第3、7项。",
            "（四）正在有序推进的，共2项，其中2022年12月完成的第4项；2023年6月完成的第6项。",
        ]
    );
    let expected_paragraphs = [
        "（一）健全组织体系方面",
        "1、调整镇（街道）防汛防台工作领导小组。各镇（街道）均已调整领导小组。",
        "3、落实村（社区）防汛责任人。石碶、古林、高桥、章水4个镇（街道）已落实责任人，其余2个镇（街道）尚未落实。",
        "（二）提升基础能力方面",
        "1、建设标准化防汛物资仓库。石碶1个镇（街道）已建成，集士港、高桥、章水3个镇（街道）正在建设，古林、横街2个镇（街道）尚未开工。",
        "2、完成主要河道堤防隐患排查。区水利局已完成全区42公里主要河道堤防隐患排查，发现隐患11处，已全部整改。",
        "3、沿江镇落实江堤巡查队伍。石碶、集士港2个镇（街道）均正在组建。",
        "4、开展防汛防台综合演练。集士港1个镇（街道）已完成演练，其余5个镇（街道）正在筹备。",
    ];
    for paragraph in expected_paragraphs {
        assert!(
            run.stdout
                .contains(&format!("\u{3000}\u{3000}{paragraph}\n")),
            "missing {paragraph}\n{}",
            run.stdout
        );
    }
    assert!(
        run.stdout
            .ends_with("海曙区防汛防旱指挥部办公室\n2022年9月30日\n")
    );
}

#[test]
fn the_second_districts_json_names_the_late_unit() {
    let work = district();
    let run = generate(&work, "json");
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let task2 = &value["tasks"][1];
    assert_eq!(task2["class"], "late");
    assert_eq!(task2["late_units"], serde_json::json!(["古林"]));
    assert_eq!(value["counts"]["total"], 7);
}

#[test]
fn the_second_district_validates_clean_and_a_department_without_tasks_owes_no_sheet() {
    let work = district();
    let run = work
        .run(&[
            "validate",
            "haishu/periods/2022-09",
            "--plan",
            "haishu/plan.yaml",
        ])
        .expect_code(0);
    assert!(
        run.stdout
            .contains("检查了 5 个表格、33 行：0 个错误，0 个警告"),
        "{}",
        run.stdout
    );
}
