//! Nothing read is ever written over, nothing is written outside the place asked for, and a
//! folder of outputs is written whole or not at all (the second half of the hostile catalogue).

use std::path::Path;

use crate::workdir::{Run, Workdir};

/// A plan whose units have names that are unsafe or that collide as file names.
fn plan_with_towns(towns: &str) -> String {
    format!(
        "units:\n  towns: [{towns}]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: 任务一。\n        deadline: 2021-03\n"
    )
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[track_caller]
fn refused(run: Run, says: &str) {
    let run = run.expect_code(2);
    assert!(
        run.stderr.contains(says),
        "expected {says:?} in {}",
        run.stderr
    );
}

#[test]
fn generate_refuses_to_write_over_a_sheet_of_the_previous_period() {
    let work = Workdir::new();
    work.copy_sample("2021-04");
    work.copy_sample("2021-05");
    let sheet = work.path().join("data/periods/2021-04/东吴.csv");
    let before = std::fs::read(&sheet).unwrap();
    let run = work.run(&[
        "generate",
        "data/periods/2021-05",
        "--previous",
        "data/periods/2021-04",
        // A format of its own: a .csv is no bulletin's extension.
        "--format",
        "text",
        "-o",
        "data/periods/2021-04/东吴.csv",
    ]);
    refused(run, "拒绝写入");
    assert_eq!(std::fs::read(&sheet).unwrap(), before);
}

#[test]
fn generate_and_diff_refuse_to_write_over_a_template_they_read() {
    let work = Workdir::new();
    work.copy_sample("2021-04");
    work.copy_sample("2021-05");
    let template = work.write("tpl/bulletin.md", "{{ title }}\n");
    let run = work.run(&["generate", "--templates", "tpl", "-o", "tpl/bulletin.md"]);
    refused(run, "拒绝写入");
    assert_eq!(std::fs::read_to_string(&template).unwrap(), "{{ title }}\n");
    let diff_template = work.write("tpl/diff.md", "{{ title }}\n");
    let run = work.run(&["diff", "--templates", "tpl", "-o", "tpl/diff.md"]);
    refused(run, "拒绝写入");
    assert_eq!(
        std::fs::read_to_string(&diff_template).unwrap(),
        "{{ title }}\n"
    );
}

#[test]
fn feedback_for_units_named_like_paths_stays_in_its_folder_and_is_written_whole() {
    let work = Workdir::new();
    work.write("plan.yaml", plan_with_towns("\"../../逃逸\", 乙/丙, 东湖"));
    work.write("p/period.yaml", "as_of: 2021-05-24\n");
    work.write(
        "p/东湖.csv",
        "单位,任务,状态,完成日期\n东湖,1,已完成,2021-03-01\n",
    );
    let run = work
        .run(&["validate", "p", "--plan", "plan.yaml", "--feedback", "fb"])
        .expect_code(1);
    assert!(run.stdout.contains("missing-report"), "{}", run.stdout);
    assert_eq!(
        files_in(&work.path().join("fb")),
        ["_.._.._逃逸-反馈.txt", "东湖-反馈.txt", "乙_丙-反馈.txt"]
    );
    assert!(!work.path().parent().unwrap().join("逃逸-反馈.txt").exists());
}

#[test]
fn two_sheets_of_one_unit_with_the_same_name_are_both_in_its_feedback() {
    let work = Workdir::new();
    work.write("plan.yaml", plan_with_towns("邱隘"));
    work.write("p/period.yaml", "as_of: 2021-05-24\n");
    work.write("p/邱隘.csv", "单位,任务,状态,完成日期\n邱隘,1,基本完成,\n");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (column, text) in ["单位", "任务", "状态", "完成日期"].iter().enumerate() {
        sheet.write_string(0, column as u16, *text).unwrap();
    }
    sheet.write_string(1, 0, "邱隘").unwrap();
    sheet.write_number(1, 1, 1.0).unwrap();
    sheet.write_string(1, 2, "已完成").unwrap();
    sheet.write_string(1, 3, "2021-03-01").unwrap();
    work.write("p/邱隘.xlsx", book.save_to_buffer().unwrap());
    work.run(&["validate", "p", "--plan", "plan.yaml", "--feedback", "fb"])
        .expect_code(1);
    assert_eq!(files_in(&work.path().join("fb")), ["邱隘-反馈.txt"]);
    let text = std::fs::read_to_string(work.path().join("fb/邱隘-反馈.txt")).unwrap();
    assert!(text.contains("《邱隘.csv》经检查有以下"), "{text}");
    assert!(text.contains("状态“基本完成”无法识别"), "{text}");
    assert!(text.contains("《邱隘.xlsx》经检查"), "{text}");
}

#[test]
fn sheets_refuses_names_that_would_be_one_file_before_writing_any() {
    for towns in ["东湖/西湖, 东湖_西湖", "东湖:1, 东湖*1", "Dong, dong"] {
        let work = Workdir::new();
        work.write("plan.yaml", plan_with_towns(&format!("{towns}, 南山")));
        let run = work.run(&["sheets", "--plan", "plan.yaml", "-o", "out"]);
        refused(run, "会写成同一个文件");
        assert_eq!(
            files_in(&work.path().join("out")),
            Vec::<String>::new(),
            "{towns}"
        );
    }
}

#[test]
fn sheets_names_both_units_of_every_file_two_would_share() {
    let work = Workdir::new();
    work.write(
        "plan.yaml",
        plan_with_towns("\"东湖:1\", \"东湖*1\", \"东湖/西湖\", \"东湖_西湖\", 南山"),
    );
    let run = work
        .run(&["sheets", "--plan", "plan.yaml", "-o", "out"])
        .expect_code(2);
    assert_eq!(
        run.stderr,
        "错误：单位“东湖:1”和“东湖*1”的表格会写成同一个文件 东湖_1.xlsx；单位“东湖/西湖”和“东湖_西湖”的表格会写成同一个文件 东湖_西湖.xlsx，什么都没有写入；请在任务清单中把单位名称改得能区分\n"
    );
    assert!(!work.path().join("out").exists());
}

#[test]
fn sheets_makes_hidden_looking_names_visible() {
    let work = Workdir::new();
    work.write("plan.yaml", plan_with_towns("\".东湖\", \"~$西湖\""));
    work.run(&[
        "sheets",
        "--plan",
        "plan.yaml",
        "-o",
        "out",
        "--format",
        "csv",
    ])
    .expect_code(0);
    assert_eq!(
        files_in(&work.path().join("out")),
        ["_.东湖.csv", "_~$西湖.csv"]
    );
}

#[test]
fn sheets_into_the_period_it_reads_writes_nothing_even_with_force() {
    let work = Workdir::new();
    work.copy_sample("2021-05");
    let folder = work.path().join("data/periods/2021-05");
    let before: Vec<(String, Vec<u8>)> = files_in(&folder)
        .into_iter()
        .map(|name| {
            let bytes = std::fs::read(folder.join(&name)).unwrap();
            (name, bytes)
        })
        .collect();
    let run = work.run(&[
        "sheets",
        "--from",
        "data/periods/2021-05",
        "-o",
        "data/periods/2021-05",
        "--format",
        "csv",
        "--force",
    ]);
    refused(run, "什么都没有写入");
    for (name, bytes) in before {
        assert_eq!(std::fs::read(folder.join(&name)).unwrap(), bytes, "{name}");
    }
    assert!(
        files_in(&folder).iter().all(|name| !name.ends_with(".tmp")),
        "no temporary file is left"
    );
}

#[test]
fn sheets_are_never_written_into_the_period_they_are_filled_from_whatever_their_names() {
    // As .xlsx beside the period's CSVs, no name clashes: validate would read them back as
    // a second sheet of every unit. Refused, however the folder is written.
    let work = Workdir::new();
    work.copy_sample("2021-05");
    let folder = work.path().join("data/periods/2021-05");
    let before = files_in(&folder);
    for output in [
        "data/periods/2021-05",
        "./data/periods/2021-05/",
        "data/periods/../periods/2021-05",
    ] {
        let run = work.run(&[
            "sheets",
            "--from",
            "data/periods/2021-05",
            "-o",
            output,
            "--force",
        ]);
        refused(run, "什么都没有写入；请用 -o 写到另一个文件夹");
        assert_eq!(files_in(&folder), before, "-o {output}");
    }
    // Into another folder, the same sheets are written.
    work.run(&["sheets", "--from", "data/periods/2021-05", "-o", "out"])
        .expect_code(0);
    assert!(!files_in(&work.path().join("out")).is_empty());
}

#[test]
fn a_unit_with_a_very_long_name_gets_a_sheet_and_feedback_all_the_same() {
    let long = "很长的单位名称".repeat(20);
    let work = Workdir::new();
    work.write("plan.yaml", plan_with_towns(&format!("{long}, 东湖")));
    work.run(&["sheets", "--plan", "plan.yaml", "-o", "out"])
        .expect_code(0);
    let names = files_in(&work.path().join("out"));
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.iter().all(|name| name.len() <= 255), "{names:?}");
    work.write("p/period.yaml", "as_of: 2021-05-24\n");
    work.write(
        "p/东湖.csv",
        "单位,任务,状态,完成日期\n东湖,1,已完成,2021-03-01\n",
    );
    work.run(&["validate", "p", "--plan", "plan.yaml", "--feedback", "fb"])
        .expect_code(1);
    assert_eq!(files_in(&work.path().join("fb")).len(), 2);
}
