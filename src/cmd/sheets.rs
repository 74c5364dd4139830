//! `bulletin sheets`: the sheets to send out, blank or prefilled from a period.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::cli::{SheetFormat, SheetsArgs};
use crate::cmd::{self, Done, Findings, Outcome};
use crate::model::Plan;
use crate::output::{Existing, safe_file_name, write_folder};
use crate::render::sheets::{Heading, csv_bytes, sheet_rows, xlsx_bytes};

pub fn run(args: &SheetsArgs) -> Outcome {
    let loaded = cmd::load_plan(&args.plan)?;
    let plan = &loaded.plan;
    if let Some(folder) = &args.from {
        refuse_period_as_output(folder, &args.output)?;
    }
    let mut findings = Findings::default();
    // A unit that sent nothing gets a blank sheet; any other error stops it.
    let from = match &args.from {
        None => None,
        Some(folder) => Some(cmd::ready_previous(&loaded, folder, &mut findings)?),
    };
    let sheets = sheet_rows(plan, from.as_ref().map(|f| &f.checked.period));
    let extension = match args.format {
        SheetFormat::Csv => "csv",
        SheetFormat::Xlsx => "xlsx",
    };
    refuse_one_file_for_two(sheets.iter().map(|(unit, _)| unit.as_str()), extension)?;
    let heading = heading(plan, args.as_of, from.as_ref().and_then(|f| f.as_of));
    let mut files = Vec::new();
    let mut cut = Vec::new();
    for (unit, rows) in &sheets {
        let (extension, bytes) = match args.format {
            SheetFormat::Csv => ("csv", csv_bytes(rows)?),
            SheetFormat::Xlsx => {
                let written = xlsx_bytes(unit, rows, &heading)?;
                cut.push((safe_file_name(unit), written.cuts));
                ("xlsx", written.bytes)
            }
        };
        files.push((format!("{}.{extension}", safe_file_name(unit)), bytes));
    }
    let mut inputs: Vec<&Path> = vec![loaded.location.path.as_path()];
    if let Some(from) = &from {
        inputs.extend(from.inputs.iter().map(PathBuf::as_path));
    }
    let existing = if args.force {
        Existing::Replace
    } else {
        Existing::Keep
    };
    // Every sheet is written, or none: a folder is never left half replaced.
    write_folder(&args.output, &files, &inputs, existing)?;
    // A text longer than a cell holds was cut: said once the sheets are written.
    for (name, cuts) in cut {
        let file = args
            .output
            .join(format!("{name}.xlsx"))
            .display()
            .to_string();
        let warnings = cuts.iter().map(|cut| cut.warning(&file));
        findings.diagnostics.extend(warnings);
    }
    findings.closing.push(format!(
        "已写入 {} 个表格到 {}",
        files.len(),
        args.output.display()
    ));
    Ok(Done { findings })
}

/// Sheets written into the period folder they are filled from would be read back as the
/// units' own sheets the next time it is checked (东岭乡.xlsx beside 东岭乡.csv), whatever
/// their names: refused before anything is read or written.
fn refuse_period_as_output(from: &Path, output: &Path) -> anyhow::Result<()> {
    let same = match (from.canonicalize(), output.canonicalize()) {
        (Ok(from), Ok(output)) => from == output,
        _ => false,
    };
    if same {
        anyhow::bail!(
            "拒绝把表格写入 {}：它就是 --from 读取的这一期的文件夹，写进去的表格下次检查时会被当作各单位报送的表读取，什么都没有写入；请用 -o 写到另一个文件夹",
            output.display()
        );
    }
    Ok(())
}

/// Units whose sheets would be one file (东湖:1 and 东湖*1 are both 东湖_1.xlsx; Dong and
/// dong one file on Windows): every such group named, by its units, before anything is written.
fn refuse_one_file_for_two<'u>(
    units: impl Iterator<Item = &'u str>,
    extension: &str,
) -> anyhow::Result<()> {
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    let mut by_file: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for unit in units {
        let file = format!("{}.{extension}", safe_file_name(unit));
        match by_file.get(&file.to_lowercase()) {
            Some(&index) => {
                if let Some((_, names)) = groups.get_mut(index) {
                    names.push(unit);
                }
            }
            None => {
                by_file.insert(file.to_lowercase(), groups.len());
                groups.push((file, vec![unit]));
            }
        }
    }
    let clashes: Vec<String> = groups
        .iter()
        .filter(|(_, names)| names.len() > 1)
        .map(|(file, names)| {
            let names: Vec<String> = names.iter().map(|name| format!("“{name}”")).collect();
            format!("{}的表格会写成同一个文件 {file}", names.join("和"))
        })
        .collect();
    if !clashes.is_empty() {
        anyhow::bail!(
            "单位{}，什么都没有写入；请在任务清单中把单位名称改得能区分",
            clashes.join("；单位")
        );
    }
    Ok(())
}

/// What the sheets say above their tables. The example of a completion date is in the period's
/// year: the date given, else the period filled from, else the plan's year of issue or of its
/// first deadline (never the clock, so the same command gives the same sheets).
fn heading(plan: &Plan, as_of: Option<NaiveDate>, from: Option<NaiveDate>) -> Heading {
    let year = as_of
        .or(from)
        .map(|d| d.year())
        .or_else(|| plan.document.issued.map(|d| d.year()))
        .or_else(|| plan.tasks.iter().map(|t| t.deadline.end.year()).min())
        .unwrap_or(2025);
    let month = as_of.map_or(3, |d| d.month());
    Heading {
        title: plan.sheets.title.clone(),
        as_of,
        due: plan.sheets.due.clone(),
        contact: plan.sheets.contact.clone(),
        example_date: NaiveDate::from_ymd_opt(year, month, 15).unwrap_or_default(),
    }
}
