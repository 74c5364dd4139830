//! The task lists `bulletin init` is tested on, made as offices make them:
//!
//!     cargo run --example tasklists -- tests/fixtures/tasklist
//!
//! writes `任务清单-原始.xlsx` with rust_xlsxwriter — a title row merged across, category rows
//! merged across, 责任单位 and 完成时限 merged down two tasks, `2025.9` typed as a number — then
//! saves it again through LibreOffice as `任务清单.xlsx`, `任务清单.xls` and `任务清单.ods`
//! (`soffice --headless --convert-to`), the same table as `任务清单-gbk.csv` in GBK (what Excel on
//! a Chinese Windows saves), and `问题清单-gbk.csv`: a list with the faults init must report
//! (长期坚持, an empty 责任单位, numbers restarting in each category, a month without a year).

use std::path::{Path, PathBuf};
use std::process::Command;

use rust_xlsxwriter::{Format, FormatAlign, Workbook};

/// A cell of the table: text, or a number as Excel stores `2025.9`.
#[derive(Clone, Copy)]
enum Value {
    Text(&'static str),
    Number(f64),
}

use Value::{Number, Text};

const TITLE: &str = "城关县2025年安全生产重点工作任务清单";
const HEADER: [&str; 5] = [
    "序号",
    "工作任务（任务内容）",
    "责任单位（牵头单位）",
    "完成时限",
    "备注",
];

/// A row: a category heading, or a task (序号, 工作任务, 责任单位, 完成时限).
enum Line {
    Category(&'static str),
    Task(u32, &'static str, Value, Value),
}

use Line::{Category, Task};

fn clean() -> Vec<Line> {
    vec![
        Category("一、构建应急体系方面"),
        Task(
            1,
            "建立乡镇应急管理委员会及办公室，明确职责，厘清边界。",
            Text("各乡镇"),
            Text("2025年6月底前"),
        ),
        Task(
            2,
            "修订县级突发事件总体应急预案。",
            Text("县应急管理局"),
            Text("2025年6月30日前"),
        ),
        Task(
            3,
            "制定乡镇应急预案，组织开展应急演练。",
            Text("县应急管理局、各乡镇"),
            Number(2025.9),
        ),
        Task(
            4,
            "落实乡镇应急管理专职人员。",
            Text("城关镇，西河镇"),
            Text("2025年7月"),
        ),
        Category("二、强化基础保障方面"),
        Task(
            5,
            "建设标准化应急物资储备库。",
            Text("城关镇、西河镇、青山镇"),
            Text("2025年10月底前"),
        ),
        // 6 and 7 share a 责任单位 and a 完成时限, merged down in the workbook.
        Task(
            6,
            "每个乡镇建成一支综合性应急救援队伍。",
            Text("各乡镇"),
            Text("2025年12月底前"),
        ),
        Task(
            7,
            "配齐基层应急救援装备。",
            Text("各乡镇"),
            Text("2025年12月底前"),
        ),
        Task(
            8,
            "开展自然灾害风险隐患排查。",
            Text("县住建局、各乡镇"),
            Text("2025年8月"),
        ),
        Category("三、提升应急能力方面"),
        Task(
            9,
            "组织基层应急管理人员培训。",
            Text("县应急管理局"),
            Text("2025年11月"),
        ),
        Task(
            10,
            "开展安全生产月宣传活动。",
            Text("各乡镇"),
            Text("2025年6月"),
        ),
        Task(
            11,
            "推进城镇燃气安全专项整治。",
            Text("县住建局"),
            Text("2025年9月30日前"),
        ),
        Task(
            12,
            "开展防灾减灾宣传进社区活动。",
            Text("南湖街道，东岭乡，北塘镇"),
            Text("2025年12月底前"),
        ),
    ]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "tasklists".into()),
    );
    std::fs::create_dir_all(&out)?;
    let original = out.join("任务清单-原始.xlsx");
    workbook(&clean()).save(&original)?;
    for format in ["xlsx", "xls", "ods"] {
        resave(&original, format, &out)?;
    }
    std::fs::write(out.join("任务清单-gbk.csv"), gbk(&csv(&clean())))?;
    std::fs::write(out.join("问题清单-gbk.csv"), gbk(FAULTY))?;
    std::fs::remove_file(&original)?;
    Ok(())
}

/// The list as an office keeps it in Excel: merged title and headings, merged cells down.
fn workbook(lines: &[Line]) -> Workbook {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center);
    let bold = Format::new().set_bold();
    let plain = Format::new().set_text_wrap();
    let result = (|| -> Result<(), rust_xlsxwriter::XlsxError> {
        sheet.set_name("任务清单")?;
        sheet.merge_range(0, 0, 0, 4, TITLE, &title)?;
        for (column, name) in HEADER.iter().enumerate() {
            sheet.write_string_with_format(1, column as u16, *name, &bold)?;
        }
        sheet.set_column_width(1, 50)?;
        sheet.set_column_width(2, 24)?;
        sheet.set_column_width(3, 16)?;
        let mut merged_with_previous = false;
        for (row, line) in (2u32..).zip(lines) {
            match line {
                Category(text) => sheet.merge_range(row, 0, row, 4, text, &bold).map(|_| ())?,
                Task(id, text, units, deadline) => {
                    sheet.write_number(row, 0, f64::from(*id))?;
                    sheet.write_string_with_format(row, 1, *text, &plain)?;
                    if *id == 6 {
                        // 6 and 7: one cell each for 责任单位 and 完成时限, spanning both rows.
                        write_merged(sheet, row, 2, *units, &plain)?;
                        write_merged(sheet, row, 3, *deadline, &plain)?;
                        merged_with_previous = true;
                    } else if merged_with_previous {
                        merged_with_previous = false;
                    } else {
                        write(sheet, row, 2, *units, &plain)?;
                        write(sheet, row, 3, *deadline, &plain)?;
                    }
                }
            }
        }
        Ok(())
    })();
    if let Err(error) = result {
        panic!("the fixture workbook: {error}");
    }
    workbook
}

fn write(
    sheet: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    column: u16,
    value: Value,
    format: &Format,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    match value {
        Text(text) => sheet.write_string_with_format(row, column, text, format)?,
        Number(n) => sheet.write_number_with_format(row, column, n, format)?,
    };
    Ok(())
}

fn write_merged(
    sheet: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    column: u16,
    value: Value,
    format: &Format,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let Text(text) = value else {
        panic!("merged cells hold text here");
    };
    sheet.merge_range(row, column, row + 1, column, text, format)?;
    Ok(())
}

/// Saves `file` again through LibreOffice as `任务清单.{format}` in `out`.
fn resave(file: &Path, format: &str, out: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let work = tempdir()?;
    let copy = work.join(format!(
        "任务清单-lo.{}",
        file.extension().and_then(|e| e.to_str()).unwrap_or("xlsx")
    ));
    std::fs::copy(file, &copy)?;
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
        .arg(&copy)
        .status()?;
    if !status.success() {
        return Err(format!("soffice could not convert to {format}").into());
    }
    std::fs::copy(
        converted.join(format!("任务清单-lo.{format}")),
        out.join(format!("任务清单.{format}")),
    )?;
    std::fs::remove_dir_all(&work)?;
    Ok(())
}

fn tempdir() -> std::io::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("tasklists-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

fn csv(lines: &[Line]) -> String {
    let mut text = format!("{TITLE},,,,\r\n{}\r\n", HEADER.join(","));
    for line in lines {
        match line {
            Category(title) => text.push_str(&format!("{title},,,,\r\n")),
            Task(id, task, units, deadline) => {
                let cell = |value: &Value| match value {
                    Text(t) => t.to_string(),
                    Number(n) => n.to_string(),
                };
                text.push_str(&format!(
                    "{id},{task},{},{},\r\n",
                    cell(units),
                    cell(deadline)
                ));
            }
        }
    }
    text
}

fn gbk(text: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(text).0.into_owned()
}

/// A list with what init must report: 长期坚持 (row 6), an empty 责任单位 (row 7), numbers that
/// restart in the second category (row 9), a month without a year (row 10: the title has
/// none either).
const FAULTY: &str = "\
西河镇重点工作任务分解表,,,\r
序号,主要任务,责任单位,完成时间\r
一、组织领导,,,\r
1,成立工作专班。,各镇（街道）,2025年6月底前\r
2,制定实施方案。,县应急管理局,2025年6月30日前\r
3,开展经常性检查。,各镇（街道）,长期坚持\r
4,建立工作台账。,,2025年8月\r
二、工作措施,,,\r
1,完善应急物资储备。,城关镇，西河镇,2025.6\r
2,组织应急演练。,各镇（街道）,9月底前\r
";
