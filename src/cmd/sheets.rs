//! `bulletin sheets`: the sheets to send out, blank or prefilled from a period.

use std::path::PathBuf;

use anyhow::{Context, bail};

use crate::cli::{SheetFormat, SheetsArgs};
use crate::cmd::{self, Outcome};
use crate::output::write_atomic;
use crate::render::sheets::{csv_bytes, file_stem, sheet_rows, xlsx_bytes};

pub fn run(args: &SheetsArgs) -> anyhow::Result<Outcome> {
    let plan = match cmd::load_plan(&args.plan)? {
        Ok((plan, _)) => plan,
        Err(diagnostics) => {
            cmd::print_diagnostics(&mut std::io::stderr().lock(), &diagnostics)?;
            return Ok(Outcome::DataErrors);
        }
    };
    let from = match &args.from {
        None => None,
        // A unit that sent nothing gets a blank sheet; any other error stops it.
        Some(folder) => match cmd::ready_period(&plan, folder, None, true, cmd::Digests::Skip)? {
            Some(checked) => Some(checked),
            None => return Ok(Outcome::DataErrors),
        },
    };
    let sheets = sheet_rows(&plan, from.as_ref().map(|f| &f.checked.period));
    let extension = match args.format {
        SheetFormat::Csv => "csv",
        SheetFormat::Xlsx => "xlsx",
    };
    let targets: Vec<PathBuf> = sheets
        .iter()
        .map(|(unit, _)| args.output.join(format!("{}.{extension}", file_stem(unit))))
        .collect();
    // Refuse before writing anything, so a folder is never left half replaced.
    if !args.force {
        let existing: Vec<String> = targets
            .iter()
            .filter(|p| p.exists())
            .map(|p| p.display().to_string())
            .collect();
        if !existing.is_empty() {
            bail!(
                "{} 个表格已存在（{}）；确认要覆盖请加 --force，或换一个文件夹",
                existing.len(),
                existing.join("、")
            );
        }
    }
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("无法创建文件夹 {}", args.output.display()))?;
    let mut inputs: Vec<&std::path::Path> = vec![args.plan.as_path()];
    if let Some(from) = &from {
        inputs.extend(from.inputs.iter().map(PathBuf::as_path));
    }
    for ((unit, rows), target) in sheets.iter().zip(&targets) {
        let bytes = match args.format {
            SheetFormat::Csv => csv_bytes(rows)?,
            SheetFormat::Xlsx => xlsx_bytes(unit, rows)?,
        };
        write_atomic(target, &bytes, &inputs)?;
    }
    eprintln!(
        "已写入 {} 个表格到 {}",
        targets.len(),
        args.output.display()
    );
    Ok(Outcome::Success)
}
