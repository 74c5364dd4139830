//! The catalogue of hostile inputs (tests/fixtures/hostile/): each ends in its expected exit
//! status and diagnostic, with nothing written (bench/hostile.sh measures how quickly).

use crate::workdir::{Run, Workdir, repo};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(repo().join("tests/fixtures/hostile").join(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A folder with the hostile plan and period.yaml, and `sheet` as 东湖's sheet.
pub fn period_with(sheet_name: &str, bytes: &[u8]) -> Workdir {
    let work = Workdir::new();
    work.write("plan.yaml", fixture("plan.yaml"));
    work.write("p/period.yaml", fixture("period.yaml"));
    work.write("p/西岭.csv", "单位,任务,状态,完成日期\n西岭,1,推进中,\n");
    work.write(&format!("p/{sheet_name}"), bytes);
    work
}

/// Runs and checks the exit status and a line of output (bench/hostile.sh measures the time).
/// With `BULLETIN_HOSTILE_KEEP=DIR`, the case's folder and command are kept in DIR (for
/// bench/hostile.sh, which measures the release build on them).
#[track_caller]
pub fn expect(work: &Workdir, args: &[&str], code: i32, says: &str) -> Run {
    if let Some(keep) = std::env::var_os("BULLETIN_HOSTILE_KEEP") {
        keep_case(std::path::Path::new(&keep), work, args, code);
    }
    let run = work.run(args).expect_code(code);
    let output = format!("{}{}", run.stdout, run.stderr);
    assert!(output.contains(says), "expected {says:?} in:\n{output}");
    assert!(!output.contains("panicked"), "{output}");
    run
}

/// Copies the case into `keep`, named after the test (and numbered when it has several).
fn keep_case(keep: &std::path::Path, work: &Workdir, args: &[&str], code: i32) {
    let test = std::thread::current()
        .name()
        .unwrap_or("case")
        .rsplit("::")
        .next()
        .unwrap_or("case")
        .to_string();
    std::fs::create_dir_all(keep).expect("create the folder for kept cases");
    let mut folder = keep.join(&test);
    for n in 2.. {
        if !folder.exists() {
            break;
        }
        folder = keep.join(format!("{test}-{n}"));
    }
    // A case that cannot be copied (a file no one may read) is not kept.
    let copied = std::process::Command::new("cp")
        .arg("-r")
        .arg(work.path())
        .arg(&folder)
        .status()
        .is_ok_and(|status| status.success());
    if !copied {
        return;
    }
    let command = format!("{code}\n{}\n", args.join("\n"));
    std::fs::write(folder.join(".case"), command).expect("write the case");
}

pub const VALIDATE: [&str; 4] = ["validate", "p", "--plan", "plan.yaml"];

#[test]
fn random_bytes() {
    let work = period_with("东湖.csv", &fixture("random.csv"));
    expect(&work, &VALIDATE, 1, "p/东湖.csv:");
}

#[test]
fn a_50_mb_file_of_one_character() {
    let work = period_with("东湖.csv", &vec![b'A'; 50 * 1024 * 1024]);
    expect(
        &work,
        &VALIDATE,
        1,
        "错误[too-large] 单元格超过 32767 个字符",
    );
}

#[test]
fn a_10_mb_cell() {
    let mut sheet = "\u{feff}单位,任务,状态,说明\n".as_bytes().to_vec();
    sheet.extend_from_slice("东湖,1,推进中,".as_bytes());
    sheet.extend(std::iter::repeat_n(b'x', 10 * 1024 * 1024));
    sheet.push(b'\n');
    let work = period_with("东湖.csv", &sheet);
    let run = expect(&work, &VALIDATE, 1, "p/东湖.csv:2:4: 错误[too-large]");
    assert_eq!(run.stdout.lines().count(), 2, "{}", run.stdout);
}

#[test]
fn a_sheet_of_100_000_bad_rows_is_capped_to_a_readable_report() {
    let mut sheet = String::from("单位,任务,状态\n");
    for _ in 0..100_000 {
        sheet.push_str("东湖,1,基本完成\n");
    }
    let work = period_with("东湖.csv", sheet.as_bytes());
    let run = expect(
        &work,
        &VALIDATE,
        1,
        "错误[too-many-findings] 这个表格的问题太多，只列出了前200个",
    );
    assert!(
        run.stdout.lines().count() < 210,
        "{} lines",
        run.stdout.lines().count()
    );
}

#[test]
fn an_alias_bomb_plan() {
    let work = period_with("东湖.csv", "单位,任务,状态\n东湖,1,推进中\n".as_bytes());
    work.write("plan.yaml", fixture("alias-bomb.yaml"));
    // The budget stops it where the aliases are replayed, not at some unrelated fault.
    let run = expect(
        &work,
        &VALIDATE,
        1,
        "错误[plan-syntax] 文件过大或嵌套、别名（& 与 *）过多",
    );
    assert!(!run.stdout.contains("duplicate-task"), "{}", run.stdout);
}

#[test]
fn a_deeply_nested_plan() {
    let work = period_with("东湖.csv", "单位,任务,状态\n东湖,1,推进中\n".as_bytes());
    work.write("plan.yaml", fixture("deep.yaml"));
    expect(&work, &VALIDATE, 1, "plan.yaml:3:");
    expect(&work, &VALIDATE, 1, "错误[plan-syntax] 嵌套的层数过多");
}

#[test]
fn a_template_that_loops_forever_is_stopped_and_writes_nothing() {
    let work = period_with(
        "东湖.csv",
        "单位,任务,状态,完成日期\n东湖,1,已完成,2021-03-01\n".as_bytes(),
    );
    work.write("tpl/bulletin.md", fixture("templates-forever/bulletin.md"));
    expect(
        &work,
        &[
            "generate",
            "p",
            "--plan",
            "plan.yaml",
            "--templates",
            "tpl",
            "-o",
            "out.md",
        ],
        2,
        "模板出错",
    );
    assert!(!work.path().join("out.md").exists());
}

#[test]
fn a_template_that_reads_an_undefined_name() {
    let work = period_with(
        "东湖.csv",
        "单位,任务,状态,完成日期\n东湖,1,已完成,2021-03-01\n".as_bytes(),
    );
    work.write(
        "tpl/bulletin.md",
        fixture("templates-undefined/bulletin.md"),
    );
    expect(
        &work,
        &["generate", "p", "--plan", "plan.yaml", "--templates", "tpl"],
        2,
        "bulletin.md 第3行",
    );
}

#[test]
fn a_folder_where_a_file_belongs() {
    let work = period_with(
        "东湖.csv",
        "单位,任务,状态,完成日期\n东湖,1,已完成,2021-03-01\n".as_bytes(),
    );
    std::fs::create_dir(work.path().join("folder.yaml")).unwrap();
    expect(
        &work,
        &["validate", "p", "--plan", "folder.yaml"],
        2,
        "无法读取任务清单 folder.yaml",
    );
    std::fs::create_dir(work.path().join("out.md")).unwrap();
    expect(
        &work,
        &["generate", "p", "--plan", "plan.yaml", "-o", "out.md"],
        2,
        "这是一个文件夹",
    );
    // A folder named like a sheet inside a period is not a sheet.
    std::fs::create_dir(work.path().join("p/南山.csv")).unwrap();
    expect(&work, &VALIDATE, 0, "0 个错误");
}

#[test]
fn a_file_without_read_permission() {
    use std::os::unix::fs::PermissionsExt;
    let work = period_with(
        "东湖.csv",
        "单位,任务,状态,完成日期\n东湖,1,已完成,2021-03-01\n".as_bytes(),
    );
    let sheet = work.path().join("p/东湖.csv");
    std::fs::set_permissions(&sheet, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&sheet).is_ok() {
        // Root reads it anyway (CI runs as root): then it is simply a good sheet.
        expect(&work, &VALIDATE, 0, "0 个错误");
    } else {
        expect(&work, &VALIDATE, 2, "无法读取 p/东湖.csv");
    }
}

#[test]
fn a_sheet_with_nul_bytes() {
    let work = period_with("东湖.csv", &fixture("nul.csv"));
    expect(
        &work,
        &VALIDATE,
        1,
        "p/东湖.csv:3: 错误[encoding] 这一行含有空字符（NUL）",
    );
}

#[test]
fn a_csv_with_an_unbalanced_quote() {
    let work = period_with("东湖.csv", &fixture("unbalanced.csv"));
    expect(&work, &VALIDATE, 1, "p/东湖.csv:2: 错误[unbalanced-quote]");
}

/// Found by fuzzing the .xlsx reader: calamine overflows on a cell reference (a panic where
/// overflow checks are on, as in the tests' build). It must end as a diagnostic.
#[test]
fn a_workbook_that_makes_the_xlsx_reader_panic() {
    let work = period_with("东湖.xlsx", &fixture("calamine-overflow.xlsx"));
    let run = expect(&work, &VALIDATE, 1, "p/东湖.xlsx: 错误[unreadable-sheet]");
    assert!(
        !run.stderr.contains("panicked"),
        "no crash report: {}",
        run.stderr
    );
}
