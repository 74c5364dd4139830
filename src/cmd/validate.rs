//! `bulletin validate`: check sheets or whole period folders and say exactly what to fix.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::bail;

use crate::check::{Checker, Scope};
use crate::cli::{ReportFormat, ValidateArgs};
use crate::cmd::{self, Outcome};
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::load::period::read_sheet_file;
use crate::load::yaml;

pub fn run(args: &ValidateArgs) -> anyhow::Result<Outcome> {
    let plan = match cmd::load_plan(&args.plan.plan)? {
        Ok(plan) => plan,
        Err(diagnostics) => {
            report(args.format, &diagnostics, 0, 0)?;
            return Ok(Outcome::DataErrors);
        }
    };
    let paths = if args.paths.is_empty() {
        vec![cmd::newest_period(&args.plan.plan)?]
    } else {
        args.paths.clone()
    };

    let mut diagnostics = Vec::new();
    let (mut sheets, mut rows) = (0, 0);
    let mut loose_files: Vec<PathBuf> = Vec::new();
    for path in &paths {
        if path.is_dir() {
            let checked = cmd::check_period(&plan, path, args.plan.as_of)?;
            if checked.as_of.is_none() {
                diagnostics.push(cmd::missing_as_of(path, false));
            }
            sheets += checked.checked.sheets;
            rows += checked.checked.rows;
            diagnostics.extend(checked.checked.diagnostics);
        } else if path.exists() {
            loose_files.push(path.clone());
        } else {
            bail!("找不到 {}：请给出表格文件或报送期文件夹", path.display());
        }
    }
    if !loose_files.is_empty() {
        loose_files.sort();
        let as_of = match args.plan.as_of {
            Some(as_of) => Some(as_of),
            None => as_of_beside(&loose_files)?,
        };
        if as_of.is_none() {
            let folder = loose_files
                .first()
                .and_then(|f| f.parent())
                .unwrap_or(Path::new("."));
            diagnostics.push(cmd::missing_as_of(folder, false));
        }
        let mut checker = Checker::new(&plan, as_of);
        for path in &loose_files {
            let sheet = read_sheet_file(path)?;
            checker.add_sheet(&sheet.display, &sheet.stem, &sheet.bytes);
        }
        let checked = checker.finish(&Scope::Sheets);
        sheets += checked.sheets;
        rows += checked.rows;
        diagnostics.extend(checked.diagnostics);
    }
    diagnostic::sort(&mut diagnostics);
    report(args.format, &diagnostics, sheets, rows)?;
    Ok(if diagnostic::has_errors(&diagnostics) {
        Outcome::DataErrors
    } else {
        Outcome::Success
    })
}

/// The as_of of the period.yaml beside the first loose sheet, if there is one.
fn as_of_beside(files: &[PathBuf]) -> anyhow::Result<Option<chrono::NaiveDate>> {
    let Some(folder) = files.first().and_then(|f| f.parent()) else {
        return Ok(None);
    };
    let period_path = folder.join("period.yaml");
    if !period_path.is_file() {
        return Ok(None);
    }
    let source = std::fs::read_to_string(&period_path)?;
    Ok(
        yaml::parse_period(&period_path.display().to_string(), &source)
            .ok()
            .and_then(|p| p.as_of),
    )
}

fn report(
    format: ReportFormat,
    diagnostics: &[Diagnostic],
    sheets: usize,
    rows: usize,
) -> anyhow::Result<()> {
    let out = &mut std::io::stdout().lock();
    match format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, diagnostics)?;
            writeln!(out)?;
        }
        ReportFormat::Human => {
            cmd::print_diagnostics(out, diagnostics)?;
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            let warnings = diagnostics.len() - errors;
            let verdict = if errors == 0 && warnings == 0 {
                "，没有发现问题"
            } else {
                ""
            };
            writeln!(
                out,
                "检查了 {sheets} 个表格、{rows} 行：{errors} 个错误，{warnings} 个警告{verdict}"
            )?;
        }
    }
    Ok(())
}
