//! The command line a clerk types: the output's format from its file name, and every mistake
//! answered in Chinese (clap's, the system's), never in English.

use crate::workdir::Workdir;

fn sample() -> Workdir {
    let work = Workdir::new();
    work.copy_sample("2021-05");
    work
}

#[test]
fn the_output_files_extension_chooses_its_format() {
    let work = sample();
    work.run(&["generate", "-o", "通报.docx"]).expect_code(0);
    let docx = std::fs::read(work.path().join("通报.docx")).unwrap();
    assert!(docx.starts_with(b"PK\x03\x04"), "not a zip");
    work.run(&["generate", "-o", "通报.txt"]).expect_code(0);
    let text = std::fs::read_to_string(work.path().join("通报.txt")).unwrap();
    assert!(text.contains("\u{3000}\u{3000}一、总体情况"), "{text}");
    work.run(&["generate", "-o", "通报.json"]).expect_code(0);
    let json = std::fs::read_to_string(work.path().join("通报.json")).unwrap();
    assert!(json.starts_with('{'), "{json}");
    work.run(&["diff", "--help"]).expect_code(0);
}

#[test]
fn an_extension_that_disagrees_with_format_is_refused_and_nothing_is_written() {
    let work = sample();
    let run = work
        .run(&["generate", "--format", "md", "-o", "通报.docx"])
        .expect_code(2);
    assert_eq!(
        run.stderr,
        "错误：输出文件 通报.docx 的扩展名 .docx 与 --format md 不一致：请去掉 --format，或把文件名改为 .md\n"
    );
    assert!(!work.path().join("通报.docx").exists());
    let run = work
        .run(&["generate", "--format", "xlsx", "-o", "通报.docx"])
        .expect_code(2);
    assert!(
        run.stderr.contains("与 --format xlsx 不一致"),
        "{}",
        run.stderr
    );
    assert!(!work.path().join("通报.docx").exists());
    let run = work.run(&["generate", "-o", "通报.pdf"]).expect_code(2);
    assert_eq!(
        run.stderr,
        "错误：不知道 通报.pdf 该写成什么格式（.pdf）：通报可写成 .docx（Word）、.md、.txt 或 .json，汇总表写成 .xlsx（Excel），或用 --format 指定\n"
    );
}

#[test]
fn clap_mistakes_are_said_in_chinese_with_the_usage() {
    let work = sample();
    let run = work.run(&["generate", "--format", "doc"]).expect_code(2);
    assert_eq!(
        run.stderr,
        "错误：--format 的值“doc”无效，是否为“docx”？（可用的值：md、text、json、docx、xlsx）\n\
         用法：bulletin generate [选项] [报送期]\n\
         查看帮助：bulletin generate --help\n"
    );
    let run = work.run(&["sheets"]).expect_code(2);
    assert_eq!(
        run.stderr,
        "错误：缺少必需的参数：--output <文件夹>\n\
         用法：bulletin sheets [选项] --output <文件夹>\n\
         查看帮助：bulletin sheets --help\n"
    );
    let run = work
        .run(&["generate", "--as-of", "2025-02-30"])
        .expect_code(2);
    assert_eq!(
        run.stderr,
        "错误：--as-of 的值“2025-02-30”无效：“2025-02-30”不是日期，应写作 2025-07-31 或 20250731\n\
         用法：bulletin generate [选项] [报送期]\n\
         查看帮助：bulletin generate --help\n"
    );
}

#[test]
fn an_as_of_of_eight_digits_is_the_same_day() {
    let work = sample();
    let dashed = work
        .run(&["generate", "--as-of", "2021-05-24", "--format", "text"])
        .expect_code(0);
    let digits = work
        .run(&["generate", "--as-of", "20210524", "--format", "text"])
        .expect_code(0);
    assert_eq!(dashed.stdout, digits.stdout);
}

#[test]
fn no_english_reaches_the_clerk() {
    let work = sample();
    for args in [
        vec!["generate", "--format", "doc"],
        vec!["gen"],
        vec!["validate", "--plan", "没有.yaml"],
        vec!["validate", "没有.csv"],
        vec!["generate", "没有的一期"],
        vec!["diff", "data/periods/2021-05"],
        vec!["generate", "--frmat", "md"],
        vec!["sheets", "-o"],
        vec![],
    ] {
        let run = work.run(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        for english in [
            "error", "Usage", "For more", "os error", "tip:", "No such", "invalid", "Options",
            "Print",
        ] {
            assert!(
                !run.stderr.contains(english),
                "{args:?} says “{english}”: {}",
                run.stderr
            );
        }
    }
    let run = work.run(&["validate", "--plan", "没有.yaml"]);
    assert_eq!(
        run.stderr,
        "错误：无法读取任务清单 没有.yaml：找不到该文件或文件夹\n"
    );
}
