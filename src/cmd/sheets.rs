//! `bulletin sheets`: the sheets to send out, blank or prefilled from a period.

use std::path::{Path, PathBuf};

use crate::cli::{SheetFormat, SheetsArgs};
use crate::cmd::{self, Digests, Done, Findings, Missing, Outcome};
use crate::output::{Existing, safe_file_name, write_folder};
use crate::render::sheets::{csv_bytes, sheet_rows, xlsx_bytes};

pub fn run(args: &SheetsArgs) -> Outcome {
    let loaded = cmd::load_plan(&args.plan)?;
    let plan = &loaded.plan;
    let mut findings = Findings::default();
    // A unit that sent nothing gets a blank sheet; any other error stops it.
    let from = match &args.from {
        None => None,
        Some(folder) => Some(cmd::ready_period(
            &loaded,
            folder,
            None,
            Missing::Tolerate,
            Digests::Skip,
            &mut findings,
        )?),
    };
    let sheets = sheet_rows(plan, from.as_ref().map(|f| &f.checked.period));
    let mut files = Vec::new();
    for (unit, rows) in &sheets {
        let (extension, bytes) = match args.format {
            SheetFormat::Csv => ("csv", csv_bytes(rows)?),
            SheetFormat::Xlsx => ("xlsx", xlsx_bytes(unit, rows)?),
        };
        files.push((format!("{}.{extension}", safe_file_name(unit)), bytes));
    }
    let mut inputs: Vec<&Path> = vec![loaded.path.as_path()];
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
    findings.closing.push(format!(
        "已写入 {} 个表格到 {}",
        files.len(),
        args.output.display()
    ));
    Ok(Done { findings })
}
