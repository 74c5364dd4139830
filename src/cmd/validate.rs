//! `bulletin validate`: check sheets or whole period folders and say exactly what to fix.

use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow};
use chrono::NaiveDate;

use crate::check::{Checker, Scope};
use crate::cli::ValidateArgs;
use crate::cmd::{self, Done, Failure, Findings, Outcome};
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::load::yaml;
use crate::output::{Existing, write_folder};
use crate::render::feedback::feedback;
use crate::render::numerals::chinese_date;

/// Everything one run checked.
#[derive(Default)]
struct Checks {
    diagnostics: Vec<Diagnostic>,
    sheet_paths: Vec<String>,
    rows: usize,
    /// The period's date, when one was known (for the feedback's closing line).
    as_of: Option<NaiveDate>,
    inputs: Vec<PathBuf>,
}

pub fn run(args: &ValidateArgs) -> Outcome {
    let loaded = cmd::load_plan(&args.plan.plan)?;
    let plan = &loaded.plan;
    let paths = if args.paths.is_empty() {
        vec![cmd::newest_period(&args.plan.plan)?]
    } else {
        args.paths.clone()
    };

    let mut checks = Checks::default();
    let mut loose_files: Vec<PathBuf> = Vec::new();
    for path in &paths {
        if path.is_dir() {
            let checked = cmd::check_period(plan, path, args.as_of, cmd::Digests::Skip)?;
            if checked.as_of.is_none() {
                checks
                    .diagnostics
                    .push(cmd::missing_as_of(path, Severity::Warning));
            }
            checks.as_of = checks.as_of.or(checked.as_of);
            checks.inputs.extend(checked.inputs);
            checks.sheet_paths.extend(checked.checked.sheet_paths);
            checks.rows += checked.checked.rows;
            checks.diagnostics.extend(checked.checked.diagnostics);
        } else if path.exists() {
            loose_files.push(path.clone());
        } else {
            return Err(anyhow!("找不到 {}：请给出表格文件或报送期文件夹", path.display()).into());
        }
    }
    if !loose_files.is_empty() {
        loose_files.sort();
        let as_of = match args.as_of {
            Some(as_of) => Some(as_of),
            None => as_of_beside(&loose_files)?,
        };
        if as_of.is_none() {
            let folder = loose_files
                .first()
                .and_then(|f| f.parent())
                .unwrap_or(Path::new("."));
            checks
                .diagnostics
                .push(cmd::missing_as_of(folder, Severity::Warning));
        }
        checks.as_of = checks.as_of.or(as_of);
        let mut checker = Checker::new(plan, as_of);
        for path in &loose_files {
            cmd::check_sheet_file(&mut checker, path)?;
        }
        let checked = checker.finish(&Scope::Sheets);
        checks.inputs.extend(loose_files.iter().cloned());
        checks.sheet_paths.extend(checked.sheet_paths);
        checks.rows += checked.rows;
        checks.diagnostics.extend(checked.diagnostics);
    }
    diagnostic::sort(&mut checks.diagnostics);
    if let Some(dir) = &args.feedback {
        write_feedback(dir, &checks, &loaded.path)?;
    }
    let findings = Findings {
        closing: vec![summary(&checks)],
        diagnostics: checks.diagnostics,
    };
    if findings.has_errors() {
        Err(Failure::Data(findings))
    } else {
        Ok(Done { findings })
    }
}

/// "检查了 26 个表格、625 行：0 个错误，0 个警告，没有发现问题"
fn summary(checks: &Checks) -> String {
    let errors = checks
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = checks.diagnostics.len() - errors;
    let verdict = if checks.diagnostics.is_empty() {
        "，没有发现问题"
    } else {
        ""
    };
    format!(
        "检查了 {} 个表格、{} 行：{errors} 个错误，{warnings} 个警告{verdict}",
        checks.sheet_paths.len(),
        checks.rows
    )
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

/// One report per unit that sent a sheet or nothing into `dir`, for the clerk to send: all
/// written, or none. Reports of an earlier run are replaced.
fn write_feedback(dir: &Path, checks: &Checks, plan: &Path) -> anyhow::Result<()> {
    let date = checks.as_of.map(chinese_date);
    let mut inputs: Vec<&Path> = checks.inputs.iter().map(PathBuf::as_path).collect();
    inputs.push(plan);
    let files: Vec<(String, Vec<u8>)> =
        feedback(&checks.sheet_paths, &checks.diagnostics, date.as_deref())
            .into_iter()
            .map(|report| (report.file_name, report.text.into_bytes()))
            .collect();
    write_folder(dir, &files, &inputs, Existing::Replace)
}
