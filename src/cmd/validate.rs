//! `bulletin validate`: check sheets or whole period folders and say exactly what to fix.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use chrono::NaiveDate;

use crate::check::{Checker, Scope};
use crate::cli::{ReportFormat, ValidateArgs};
use crate::cmd::{self, Outcome};
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::load::yaml;
use crate::model::numerals::chinese_date;
use crate::output::write_atomic;
use crate::render::feedback::feedback;

/// Everything one run checked.
#[derive(Default)]
struct Findings {
    diagnostics: Vec<Diagnostic>,
    sheet_paths: Vec<String>,
    rows: usize,
    /// The period's date, when one was known (for the feedback's closing line).
    as_of: Option<NaiveDate>,
    inputs: Vec<PathBuf>,
}

pub fn run(args: &ValidateArgs) -> anyhow::Result<Outcome> {
    let plan = match cmd::load_plan(&args.plan.plan)? {
        Ok((plan, _)) => plan,
        Err(diagnostics) => {
            report(
                args.format,
                &Findings {
                    diagnostics,
                    ..Findings::default()
                },
            )?;
            return Ok(Outcome::DataErrors);
        }
    };
    let paths = if args.paths.is_empty() {
        vec![cmd::newest_period(&args.plan.plan)?]
    } else {
        args.paths.clone()
    };

    let mut findings = Findings::default();
    let mut loose_files: Vec<PathBuf> = Vec::new();
    for path in &paths {
        if path.is_dir() {
            let checked = cmd::check_period(&plan, path, args.plan.as_of, cmd::Digests::Skip)?;
            if checked.as_of.is_none() {
                findings.diagnostics.push(cmd::missing_as_of(path, false));
            }
            findings.as_of = findings.as_of.or(checked.as_of);
            findings.inputs.extend(checked.inputs);
            findings.sheet_paths.extend(checked.checked.sheet_paths);
            findings.rows += checked.checked.rows;
            findings.diagnostics.extend(checked.checked.diagnostics);
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
            findings.diagnostics.push(cmd::missing_as_of(folder, false));
        }
        findings.as_of = findings.as_of.or(as_of);
        let mut checker = Checker::new(&plan, as_of);
        for path in &loose_files {
            cmd::check_sheet_file(&mut checker, path)?;
        }
        let checked = checker.finish(&Scope::Sheets);
        findings.inputs.extend(loose_files.iter().cloned());
        findings.sheet_paths.extend(checked.sheet_paths);
        findings.rows += checked.rows;
        findings.diagnostics.extend(checked.diagnostics);
    }
    diagnostic::sort(&mut findings.diagnostics);
    report(args.format, &findings)?;
    if let Some(dir) = &args.feedback {
        write_feedback(dir, &findings, &args.plan.plan)?;
    }
    Ok(if diagnostic::has_errors(&findings.diagnostics) {
        Outcome::DataErrors
    } else {
        Outcome::Success
    })
}

/// The as_of of the period.yaml beside the first loose sheet, if there is one.
fn as_of_beside(files: &[PathBuf]) -> anyhow::Result<Option<NaiveDate>> {
    let Some(folder) = files.first().and_then(|f| f.parent()) else {
        return Ok(None);
    };
    let period_path = folder.join("period.yaml");
    if !period_path.is_file() {
        return Ok(None);
    }
    let source = std::fs::read_to_string(&period_path)
        .with_context(|| format!("无法读取 {}", period_path.display()))?;
    let display = period_path.display().to_string();
    Ok(yaml::parse_period(&display, &source)
        .ok()
        .and_then(|p| p.as_of))
}

fn report(format: ReportFormat, findings: &Findings) -> anyhow::Result<()> {
    let out = &mut std::io::stdout().lock();
    let diagnostics = &findings.diagnostics;
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
            let verdict = if diagnostics.is_empty() {
                "，没有发现问题"
            } else {
                ""
            };
            writeln!(
                out,
                "检查了 {} 个表格、{} 行：{errors} 个错误，{warnings} 个警告{verdict}",
                findings.sheet_paths.len(),
                findings.rows
            )?;
        }
    }
    Ok(())
}

/// One report per sheet (and per unit that sent nothing) into `dir`, for the clerk to send.
fn write_feedback(dir: &Path, findings: &Findings, plan: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("无法创建文件夹 {}", dir.display()))?;
    let date = findings.as_of.map(chinese_date);
    let mut inputs: Vec<&Path> = findings.inputs.iter().map(PathBuf::as_path).collect();
    inputs.push(plan);
    for report in feedback(
        &findings.sheet_paths,
        &findings.diagnostics,
        date.as_deref(),
    ) {
        write_atomic(
            &dir.join(&report.file_name),
            report.text.as_bytes(),
            &inputs,
        )?;
    }
    Ok(())
}
