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
    // LibreOffice's macro takes whole paths.
    let out = std::path::absolute(&out)?;
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
    reader_fixtures(&out, &work)?;
    own_forms(&out, &work)?;
    std::fs::remove_dir_all(&work)?;
    Ok(())
}

/// The sheets of the reader's cases: title rows, merged cells, which worksheet, delimiters,
/// trailing junk, formulas, passwords, files named as what they are not.
fn reader_fixtures(out: &Path, work: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let each_format =
        |name: &str, workbook: &mut Workbook| -> Result<(), Box<dyn std::error::Error>> {
            let original = work.join(format!("{name}.xlsx"));
            workbook.save(&original)?;
            for format in ["xlsx", "xls", "ods"] {
                resave(&original, format, out)?;
            }
            Ok(())
        };
    // A title merged across, a subtitle, and a row of notes in two cells above the header; and
    // the same as Excel saves it as CSV (merged cells padded with commas).
    each_format("城关镇-标题行", &mut titled_workbook()?)?;
    std::fs::write(
        out.join("城关镇-标题行.csv"),
        gbk(&format!(
            "城关镇安全生产任务推进情况表,,,,\r\n（2021年5月）,,,,\r\n填报单位：城关镇（盖章）,,,填报日期：2021年5月24日,\r\n{}",
            csv(&rows("城关镇"))
        )),
    )?;
    // 慈城 merged down its twelve rows.
    each_format("慈城-合并单元格", &mut merged_workbook()?)?;
    // Tabs 4月 then 5月, saved with 5月 active.
    each_format("邱隘-4月5月", &mut months_workbook()?)?;
    // A hidden first sheet (a template with a header and no rows), the real one after it.
    each_format("北塘镇-隐藏首表", &mut hidden_first_workbook()?)?;
    // Excel keeps formatted rows under the table: 300 of them, formatted and empty.
    let formatted = work.join("城关镇-尾部格式.xlsx");
    plain_workbook(&rows("城关镇"), |sheet| {
        let yellow = Format::new().set_background_color("FFFF00");
        for row in 13..313 {
            sheet.set_row_format(row, &yellow)?;
        }
        Ok(())
    })?
    .save(&formatted)?;
    resave(&formatted, "xlsx", out)?;
    // Formulas saved without their results, as a program writes them (LibreOffice or Excel
    // would compute them on saving: this one is never opened).
    formulas_without_values(&out.join("东岭乡-公式.xlsx"))?;
    // A CSV renamed .xlsx, and a WPS .et (an OLE file like an .xls; refused by its name).
    std::fs::write(out.join("东岭乡-改名.xlsx"), gbk(&csv(&rows("东岭乡"))))?;
    std::fs::copy(out.join("城关镇-标题行.xls"), out.join("城关镇.et"))?;
    // Delimiters: semicolons (a European Excel), tabs in a .csv, Excel's sep= line, UTF-16
    // with commas.
    let lines = rows("城关镇");
    std::fs::write(
        out.join("城关镇-分号.csv"),
        gbk(&csv(&lines).replace(',', ";")),
    )?;
    std::fs::write(out.join("城关镇-制表符.csv"), gbk(&tsv(&lines)))?;
    std::fs::write(
        out.join("城关镇-sep.csv"),
        gbk(&format!("sep=;\r\n{}", csv(&lines).replace(',', ";"))),
    )?;
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(csv(&lines).encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(out.join("城关镇-utf16逗号.csv"), utf16)?;
    // Trailing junk Excel saves: 250 rows of commas, 300 rows of one space.
    let table = csv(&lines);
    std::fs::write(
        out.join("城关镇-尾部逗号.csv"),
        gbk(&format!("{table}{}", ",,,,\r\n".repeat(250))),
    )?;
    std::fs::write(
        out.join("城关镇-尾部空格.csv"),
        gbk(&format!("{table}{}", " \r\n".repeat(300))),
    )?;
    // Workbooks saved with a password (by LibreOffice, through a macro: its command line has no
    // password option).
    let source = work.join("密码.xlsx");
    plain_workbook(&rows("东岭乡"), |_| Ok(()))?.save(&source)?;
    with_password(
        &source,
        &out.join("东岭乡-密码.xlsx"),
        "Calc MS Excel 2007 XML",
    )?;
    with_password(&source, &out.join("东岭乡-密码.xls"), "MS Excel 97")?;
    with_password(&source, &out.join("东岭乡-密码.ods"), "calc8")?;
    Ok(())
}

/// Sheets a clerk made or kept herself (QA items 6, 9, 11), each as a workbook saved by
/// LibreOffice and as a CSV in GBK: a town's own form (序号, 工作任务, 完成情况, 进展情况, 备注,
/// no 单位 column), a signature line under the table, and last month's form (its title 截至
/// 30 April) in May's folder.
fn own_forms(out: &Path, work: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let save =
        |name: &str, cells: &[(u32, Vec<String>)]| -> Result<(), Box<dyn std::error::Error>> {
            let (workbook, csv_text) = laid_out(cells)?;
            let mut workbook = workbook;
            let original = work.join(format!("{name}.xlsx"));
            workbook.save(&original)?;
            resave(&original, "xlsx", out)?;
            std::fs::write(out.join(format!("{name}.csv")), gbk(&csv_text))?;
            Ok(())
        };
    let line = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<String>>();
    // 城关镇's own form: its tasks by 序号, statuses under 完成情况, dates written out, a note in
    // 进展情况 and in 备注 (task 5 both, task 6 only 备注).
    let mut form = vec![
        (0, line(&["城关镇2021年5月工作推进情况表"])),
        (
            1,
            line(&[
                "填报单位（盖章）：城关镇人民政府",
                "",
                "",
                "",
                "",
                "填报日期：2021年5月24日",
            ]),
        ),
        (
            2,
            line(&[
                "序号",
                "工作任务",
                "完成时限",
                "完成情况",
                "完成时间",
                "进展情况",
                "备注",
            ]),
        ),
    ];
    for (row, task) in (3..).zip(rows("城关镇")) {
        let id = &task[1];
        let done = task[3]
            .split('-')
            .map(|part| part.trim_start_matches('0').to_string())
            .collect::<Vec<_>>();
        let date = match done.as_slice() {
            [year, month, day] => format!("{year}年{month}月{day}日"),
            _ => String::new(),
        };
        let (progress, remark) = match id.as_str() {
            "5" => ("已完成选址", "资金已到位"),
            "6" => ("", "待验收"),
            _ => ("", ""),
        };
        form.push((
            row,
            vec![
                id.clone(),
                TITLES
                    .get(id.parse::<usize>().unwrap_or(0).wrapping_sub(1))
                    .unwrap_or(&"")
                    .to_string(),
                "2021-03".to_string(),
                task[2].clone(),
                date,
                progress.to_string(),
                remark.to_string(),
            ],
        ));
    }
    save("城关镇-自制表", &form)?;
    // 北塘镇's sheet with its signature lines under a blank row.
    let mut signed = vec![(0, line(&HEADER))];
    signed.extend((1..).zip(rows("北塘镇").into_iter().map(|l| l.to_vec())));
    signed.push((
        14,
        line(&[
            "填报人：张三",
            "",
            "审核人：李四",
            "",
            "联系电话：0574-87654321",
        ]),
    ));
    signed.push((15, line(&["填报日期：2021年5月24日"])));
    save("北塘镇-签名栏", &signed)?;
    // 东岭乡's April form, kept and sent again in May: its title says 截至2021年4月30日.
    let mut april = vec![
        (0, line(&["东岭乡工作任务推进情况表（截至2021年4月30日）"])),
        (1, line(&["报送时限：每月25日前"])),
        (2, line(&HEADER)),
    ];
    april.extend((3..).zip(rows("东岭乡").into_iter().map(|l| l.to_vec())));
    save("东岭乡-上月", &april)?;
    Ok(())
}

/// The tasks as a town's own form names them: the plan's texts (plan.yaml of this folder)
/// without their full stop.
const TITLES: [&str; 12] = [
    "成立应急管理委员会",
    "明确应急管理职责",
    "建立值班值守制度",
    "配备应急管理人员",
    "修订应急预案",
    "开展应急演练",
    "建设应急物资储备点",
    "组建应急救援队伍",
    "建设避灾安置场所",
    "开展隐患排查",
    "开展安全宣传",
    "建立考核制度",
];

/// A sheet laid out by hand — (0-based row, cells) — as a workbook (a row of one cell merged
/// across the table, as a title is) and as the CSV Excel saves from it.
fn laid_out(cells: &[(u32, Vec<String>)]) -> Result<(Workbook, String), XlsxError> {
    let width = cells.iter().map(|(_, c)| c.len()).max().unwrap_or(1).max(1);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Sheet1")?;
    let mut text = String::new();
    let mut next = 0;
    for (row, line) in cells {
        while next < *row {
            text.push_str(&",".repeat(width - 1));
            text.push_str("\r\n");
            next += 1;
        }
        next = row + 1;
        if line.len() == 1 && width > 1 {
            sheet.merge_range(*row, 0, *row, width as u16 - 1, &line[0], &Format::new())?;
        } else {
            for (column, value) in line.iter().enumerate() {
                if value.is_empty() {
                    continue;
                }
                match value.parse::<f64>() {
                    Ok(number) if column <= 1 => sheet.write_number(*row, column as u16, number)?,
                    _ => sheet.write_string(*row, column as u16, value)?,
                };
            }
        }
        let mut padded = line.clone();
        padded.resize(width, String::new());
        text.push_str(&padded.join(","));
        text.push_str("\r\n");
    }
    Ok((workbook, text))
}

/// 城关镇's sheet under a title merged across, a subtitle, and a row of notes in two cells.
fn titled_workbook() -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Sheet1")?;
    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(rust_xlsxwriter::FormatAlign::Center);
    sheet.merge_range(0, 0, 0, 4, "城关镇安全生产任务推进情况表", &title)?;
    sheet.merge_range(1, 0, 1, 4, "（2021年5月）", &Format::new())?;
    sheet.write_string(2, 0, "填报单位：城关镇（盖章）")?;
    sheet.write_string(2, 3, "填报日期：2021年5月24日")?;
    write_table(sheet, 3, &rows("城关镇"))?;
    Ok(workbook)
}

/// 慈城's sheet with its name merged down the twelve rows.
fn merged_workbook() -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Sheet1")?;
    let mut lines = rows("慈城");
    for line in lines.iter_mut().skip(1) {
        line[0].clear();
    }
    write_table(sheet, 0, &lines)?;
    let centred = Format::new().set_align(rust_xlsxwriter::FormatAlign::VerticalCenter);
    sheet.merge_range(1, 0, 12, 0, "慈城", &centred)?;
    Ok(workbook)
}

/// 邱隘's April and May, May active.
fn months_workbook() -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let april = workbook.add_worksheet();
    april.set_name("4月")?;
    let mut april_rows = rows("邱隘");
    for line in april_rows.iter_mut().take(4) {
        line[2] = "推进中".to_string();
        line[3].clear();
    }
    write_table(april, 0, &april_rows)?;
    let may = workbook.add_worksheet();
    may.set_name("5月")?;
    write_table(may, 0, &rows("邱隘"))?;
    may.set_active(true);
    Ok(workbook)
}

/// A hidden template sheet first (its header, no rows), 北塘镇's sheet after it.
fn hidden_first_workbook() -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let template = workbook.add_worksheet();
    template.set_name("模板")?;
    write_table(template, 0, &[])?;
    template.set_hidden(true);
    let sheet = workbook.add_worksheet();
    sheet.set_name("Sheet1")?;
    write_table(sheet, 0, &rows("北塘镇"))?;
    sheet.set_active(true);
    Ok(workbook)
}

/// The header at `top` (0-based) and the rows under it, task ids as numbers.
fn write_table(sheet: &mut Worksheet, top: u32, lines: &[Line]) -> Result<(), XlsxError> {
    for (column, name) in HEADER.iter().enumerate() {
        sheet.write_string(top, column as u16, *name)?;
    }
    for (row, line) in (top + 1..).zip(lines) {
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
    Ok(())
}

/// 东岭乡's sheet whose 状态 cells are formulas saved without their results, as a program
/// (openpyxl, a reporting system) writes them: rust_xlsxwriter always writes a result, so the
/// results are taken out of the worksheet's XML afterwards.
fn formulas_without_values(target: &Path) -> Result<(), Box<dyn std::error::Error>> {
    use std::io::{Read, Write};
    const NO_VALUE: &str = "NO_VALUE";
    let mut workbook = plain_workbook(&rows("东岭乡"), |sheet| {
        for row in 1..=12u32 {
            let formula = rust_xlsxwriter::Formula::new(format!(
                "=IF(D{}<>\"\",\"已完成\",\"推进中\")",
                row + 1
            ))
            .set_result(NO_VALUE);
            sheet.write_formula(row, 2, formula)?;
        }
        Ok(())
    })?;
    let bytes = workbook.save_to_buffer()?;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut written = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let mut part = archive.by_index(index)?;
        let name = part.name()?.into_owned();
        let mut content = Vec::new();
        part.read_to_end(&mut content)?;
        if name == "xl/worksheets/sheet1.xml" {
            let text = String::from_utf8(content)?;
            content = text
                .replace(&format!("<v>{NO_VALUE}</v>"), "")
                .replace(" t=\"str\"><f>", "><f>")
                .into_bytes();
        }
        written.start_file(name, zip::write::SimpleFileOptions::default())?;
        written.write_all(&content)?;
    }
    std::fs::write(target, written.finish()?.into_inner())?;
    Ok(())
}

/// Saves `source` as `target` with the password 1234, by LibreOffice running a Basic macro
/// (its command line cannot set a password).
fn with_password(
    source: &Path,
    target: &Path,
    filter: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let work = tempdir()?.join("password");
    let profile = format!("-env:UserInstallation=file://{}/profile", work.display());
    // A first run makes the profile; the macro is then put in its Standard library.
    Command::new("soffice")
        .args([profile.as_str(), "--headless", "--terminate_after_init"])
        .status()?;
    let module = work.join("profile/user/basic/Standard/Module1.xba");
    std::fs::write(&module, PASSWORD_MACRO)?;
    let call = format!(
        "macro:///Standard.Module1.SaveWithPassword(\"{}\",\"{}\",\"{filter}\")",
        source.display(),
        target.display()
    );
    let status = Command::new("soffice")
        .args([profile.as_str(), "--headless", call.as_str()])
        .status()?;
    if !status.success() || !target.is_file() {
        return Err(format!(
            "soffice could not save {} with a password",
            target.display()
        )
        .into());
    }
    std::fs::remove_dir_all(&work)?;
    Ok(())
}

/// The macro: ODF and .xls take a `Password`, OOXML its `EncryptionData` (`OOXPassword`).
const PASSWORD_MACRO: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub SaveWithPassword(source As String, target As String, filter As String)
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = &quot;Hidden&quot;
  load(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(source), &quot;_blank&quot;, 0, load())
  Dim store(1) As New com.sun.star.beans.PropertyValue
  store(0).Name = &quot;FilterName&quot;
  store(0).Value = filter
  If filter = &quot;Calc MS Excel 2007 XML&quot; Then
    Dim secret(1) As New com.sun.star.beans.NamedValue
    secret(0).Name = &quot;OOXPassword&quot;
    secret(0).Value = &quot;1234&quot;
    secret(1).Name = &quot;CryptoType&quot;
    secret(1).Value = &quot;Standard&quot;
    store(1).Name = &quot;EncryptionData&quot;
    store(1).Value = secret()
  Else
    store(1).Name = &quot;Password&quot;
    store(1).Value = &quot;1234&quot;
  End If
  doc.storeToURL(ConvertToURL(target), store())
  doc.close(True)
End Sub
</script:module>
"#;

/// A workbook of one sheet with the header and `lines`, as a clerk types them (task ids as
/// numbers, dates as text), then `more` done to it.
fn plain_workbook(
    lines: &[Line],
    more: impl FnOnce(&mut Worksheet) -> Result<(), XlsxError>,
) -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Sheet1")?;
    write_table(sheet, 0, lines)?;
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
