//! The sheets towns send back, made as they make them, for the tests of issue 11
//! ("Sheets as towns send them"):
//!
//!     cargo run --example towns -- tests/fixtures/towns
//!
//! CSVs are written as Excel on a Chinese Windows saves them (GBK, CR LF), or as its "CSV UTF-8"
//! (a BOM) where GBK cannot hold the characters; workbooks are written with rust_xlsxwriter and
//! then saved again through LibreOffice (`soffice --headless --convert-to`), so the files the
//! tests read are LibreOffice's, not the library's. tests/fixtures/towns/README.md lists them.

use std::path::{Path, PathBuf};
use std::process::Command;

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

const HEADER: [&str; 5] = ["单位", "任务", "状态", "完成日期", "说明"];

/// One row of a sheet: 单位, 任务, 状态, 完成日期, 说明.
type Line = [String; 5];

/// The rows a town sends in May 2021: tasks 1–4 done in March, 5–8 in progress, 9–12 not
/// started (as the plan in plan.yaml of this folder assigns them).
fn rows(unit: &str) -> Vec<Line> {
    (1..=12)
        .map(|task| {
            let (status, date) = match task {
                1..=4 => ("已完成", format!("2021-03-{:02}", 10 + task)),
                5..=8 => ("推进中", String::new()),
                _ => ("未开始", String::new()),
            };
            [
                unit.to_string(),
                task.to_string(),
                status.to_string(),
                date,
                String::new(),
            ]
        })
        .collect()
}

/// The same rows with one column changed by task (1-based).
fn with(mut lines: Vec<Line>, column: usize, by_task: &[&str]) -> Vec<Line> {
    for (line, value) in lines.iter_mut().zip(by_task) {
        if let Some(cell) = line.get_mut(column) {
            *cell = value.to_string();
        }
    }
    lines
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "towns".into()));
    std::fs::create_dir_all(&out)?;
    let csv_gbk = |name: &str, lines: &[Line]| std::fs::write(out.join(name), gbk(&csv(lines)));

    // Statuses as clerks write them: each a warning once per sheet, with its rows.
    csv_gbk(
        "城关镇-状态别名.csv",
        &with(
            rows("城关镇"),
            2,
            &[
                "完成",
                "完成",
                "完成",
                "已办结",
                "进行中",
                "进行中",
                "正在推进",
                "在建",
                "未启动",
                "未启动",
                "没有开始",
                "未开始",
            ],
        ),
    )?;
    // Task ids as clerks write them.
    csv_gbk(
        "北塘镇-任务编号.csv",
        &with(
            rows("北塘镇"),
            1,
            &[
                "第一项",
                "第二项",
                "三",
                "四",
                "5.0",
                "6.0",
                "7、",
                "8、",
                "（9）",
                "(10)",
                "第十一项",
                "12",
            ],
        ),
    )?;
    // A unit written with its suffix on every row: one line naming rows 2–13.
    csv_gbk("慈城街道.csv", &rows("慈城街道"))?;
    // Names pasted from a web page or WeChat: a zero-width space after 邱隘 (rows 2–7), an
    // ideographic space inside it (rows 8–13). GBK has no zero-width space: saved as Excel's
    // "CSV UTF-8", with a BOM.
    let mut invisible = rows("邱隘\u{200B}");
    for line in invisible.iter_mut().skip(6) {
        line[0] = "邱\u{3000}隘".to_string();
    }
    let mut utf8 = b"\xEF\xBB\xBF".to_vec();
    utf8.extend_from_slice(csv(&invisible).as_bytes());
    std::fs::write(out.join("邱隘-看不见的字符.csv"), utf8)?;
    // One unit's rows in two sheets: a CSV and a workbook alike, and a workbook that differs
    // on task 5 (done on 10 May).
    csv_gbk("东岭乡.csv", &rows("东岭乡"))?;
    let mut differing = rows("东岭乡");
    differing[4][2] = "已完成".to_string();
    differing[4][3] = "2021-05-10".to_string();
    // Dates that cannot be right: 21/5/20 typed in a CSV (read as the year 21).
    let mut dates = rows("城关镇");
    dates[0][3] = "21/5/20".to_string();
    csv_gbk("城关镇-日期.csv", &dates)?;
    // Excel saves formatted-but-empty rows too; here 250 copies of task 1's row (a clerk filled
    // the column down): 250 warnings alike, one line, and no error.
    let mut repeated = rows("城关镇");
    for _ in 0..250 {
        repeated.push(repeated[0].clone());
    }
    csv_gbk("城关镇-重复行.csv", &repeated)?;
    // A sheet without its 状态 column, named 邱隘镇 (the unit is 邱隘).
    let missing_column: String = std::iter::once("单位,任务,完成日期,说明\r\n".to_string())
        .chain(
            rows("邱隘")
                .iter()
                .map(|l| format!("{},{},{},\r\n", l[0], l[1], l[3])),
        )
        .collect();
    std::fs::write(out.join("邱隘镇-缺列.csv"), gbk(&missing_column))?;
    // Text files: a clerk's note (GBK, Notepad's ANSI), Excel's "Unicode text" (UTF-16 LE,
    // tabs) and its "Text (Tab delimited)" (GBK, tabs).
    std::fs::write(
        out.join("说明.txt"),
        gbk("东岭乡的表周一补报，北塘镇联系人：张三。\r\n"),
    )?;
    let tabbed = tsv(&rows("北塘镇"));
    let mut unicode = vec![0xFF, 0xFE];
    for unit in tabbed.encode_utf16() {
        unicode.extend_from_slice(&unit.to_le_bytes());
    }
    std::fs::write(out.join("北塘镇-unicode.txt"), unicode)?;
    std::fs::write(out.join("北塘镇-制表符.txt"), gbk(&tsv(&rows("北塘镇"))))?;
    // period.yaml saved by Notepad in ANSI (GBK).
    std::fs::write(
        out.join("period-gbk.yaml"),
        gbk("# 2021年5月的报送期\r\nas_of: 2021-05-24\r\n"),
    )?;

    // Workbooks: written with rust_xlsxwriter, saved again by LibreOffice.
    let work = tempdir()?;
    let dates_book = work.join("城关镇-日期.xlsx");
    plain_workbook(&rows("城关镇"), |sheet| {
        // 5.2 typed into a cell formatted as a date: Excel shows 1900-01-05.
        let date = Format::new().set_num_format("yyyy-mm-dd");
        sheet.write_number_with_format(1, 3, 5.2, &date)?;
        Ok(())
    })?
    .save(&dates_book)?;
    resave(&dates_book, "xlsx", &out)?;
    let alike = work.join("东岭乡.xlsx");
    plain_workbook(&rows("东岭乡"), |_| Ok(()))?.save(&alike)?;
    resave(&alike, "xlsx", &out)?;
    let differs = work.join("东岭乡-不一致.xlsx");
    plain_workbook(&differing, |_| Ok(()))?.save(&differs)?;
    resave(&differs, "xlsx", &out)?;
    std::fs::remove_dir_all(&work)?;
    Ok(())
}

/// A workbook of one sheet with the header and `lines`, as a clerk types them (task ids as
/// numbers, dates as text), then `more` done to it.
fn plain_workbook(
    lines: &[Line],
    more: impl FnOnce(&mut Worksheet) -> Result<(), XlsxError>,
) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Sheet1")?;
    for (column, name) in HEADER.iter().enumerate() {
        sheet.write_string(0, column as u16, *name)?;
    }
    for (row, line) in (1u32..).zip(lines) {
        for (column, value) in line.iter().enumerate() {
            if value.is_empty() {
                continue;
            }
            match (column, value.parse::<f64>()) {
                (1, Ok(number)) => sheet.write_number(row, column as u16, number)?,
                _ => sheet.write_string(row, column as u16, value)?,
            };
        }
    }
    more(sheet)?;
    Ok(workbook)
}

/// Saves `file` again through LibreOffice as `format`, under the same name, into `out`.
fn resave(file: &Path, format: &str, out: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let work = tempdir()?.join("soffice");
    let profile = format!("-env:UserInstallation=file://{}/profile", work.display());
    let converted = work.join("converted");
    let status = Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            format,
            "--outdir",
        ])
        .arg(&converted)
        .arg(file)
        .status()?;
    let stem = file
        .file_stem()
        .and_then(|s| s.to_str())
        .ok_or("a file name")?;
    let made = converted.join(format!("{stem}.{format}"));
    if !status.success() || !made.is_file() {
        return Err(format!("soffice could not convert {} to {format}", file.display()).into());
    }
    std::fs::copy(&made, out.join(format!("{stem}.{format}")))?;
    std::fs::remove_dir_all(&work)?;
    Ok(())
}

fn tempdir() -> std::io::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("towns-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// A CSV as Excel writes it: CR LF, a cell quoted when it holds a comma, a quote or a line end.
fn csv(lines: &[Line]) -> String {
    let quote = |cell: &str| {
        if cell.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", cell.replace('"', "\"\""))
        } else {
            cell.to_string()
        }
    };
    let mut text = format!("{}\r\n", HEADER.join(","));
    for line in lines {
        let cells: Vec<String> = line.iter().map(|cell| quote(cell)).collect();
        text.push_str(&cells.join(","));
        text.push_str("\r\n");
    }
    text
}

/// Tab-separated text as Excel's text exports write it.
fn tsv(lines: &[Line]) -> String {
    let mut text = format!("{}\r\n", HEADER.join("\t"));
    for line in lines {
        text.push_str(&line.join("\t"));
        text.push_str("\r\n");
    }
    text
}

/// Text in GBK, as Excel on a Chinese Windows saves it; panics on a character GBK lacks, so a
/// fixture never silently holds a `&#…;` in its place.
fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable, "GBK cannot hold {text:?}");
    bytes.into_owned()
}
