//! `bulletin sheets`: the sheets to send out, blank or prefilled from a period.

use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow};

use crate::cli::{SheetFormat, SheetsArgs};
use crate::cmd::{self, Digests, Done, Findings, Missing, Outcome};
use crate::output::write_atomic;
use crate::render::sheets::{csv_bytes, file_stem, sheet_rows, xlsx_bytes};

pub fn run(args: &SheetsArgs) -> Outcome {
    let loaded = cmd::load_plan(&args.plan.plan)?;
    let plan = &loaded.plan;
    let mut findings = Findings::default();
    // A unit that sent nothing gets a blank sheet; any other error stops it.
    let from = match &args.from {
        None => None,
        Some(folder) => Some(cmd::ready_period(
            plan,
            folder,
            None,
            Missing::Tolerate,
            Digests::Skip,
            &mut findings,
        )?),
    };
    let sheets = sheet_rows(plan, from.as_ref().map(|f| &f.checked.period));
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
            return Err(anyhow!(
                "{} 个表格已存在（{}）；确认要覆盖请加 --force，或换一个文件夹",
                existing.len(),
                existing.join("、")
            )
            .into());
        }
    }
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("无法创建文件夹 {}", args.output.display()))?;
    let mut inputs: Vec<&Path> = vec![loaded.path.as_path()];
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
    findings.closing.push(format!(
        "已写入 {} 个表格到 {}",
        targets.len(),
        args.output.display()
    ));
    Ok(Done { findings })
}
