//! `bulletin validate`: check sheets or whole period folders and say exactly what to fix.

use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow};
use chrono::NaiveDate;

use crate::check::{Checked, Checker, Scope};
use crate::cli::ValidateArgs;
use crate::cmd::{self, AsOfNeed, Done, Failure, Findings, Outcome, discover};
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::model::Plan;
use crate::output::{Existing, write_folder};
use crate::render::feedback::{SentSheet, feedback};
use crate::render::numerals::chinese_date;

/// Everything one run checked.
#[derive(Default)]
struct Checks {
    diagnostics: Vec<Diagnostic>,
    /// Every sheet read, with the unit its file is named after (if any).
    sheets: Vec<SentSheet>,
    rows: usize,
    /// The period's date, when one was known (for the feedback's closing line).
    as_of: Option<NaiveDate>,
    inputs: Vec<PathBuf>,
}

impl Checks {
    /// Takes in what one check found.
    fn add(&mut self, checked: Checked) {
        let sheets = checked.sheet_paths.into_iter().zip(checked.sheet_units);
        self.sheets
            .extend(sheets.map(|(path, unit)| SentSheet { path, unit }));
        self.rows += checked.rows;
        self.diagnostics.extend(checked.diagnostics);
    }
}

pub fn run(args: &ValidateArgs) -> Outcome {
    if let Some(plan_file) = plan_named(&args.paths)? {
        let loaded = cmd::load_plan_file(&plan_file).map_err(plan_errors_counted)?;
        return Ok(plan_alone(&loaded, None));
    }
    let loaded = cmd::load_plan(&args.plan).map_err(plan_errors_counted)?;
    let Some(paths) = paths_to_check(&args.paths, &loaded)? else {
        // A new office checks its plan before any sheet has come back.
        let periods = loaded.location.folder().join("periods");
        return Ok(plan_alone(&loaded, Some(&periods)));
    };
    let mut checks = Checks::default();
    let mut loose_files: Vec<PathBuf> = Vec::new();
    for path in &paths {
        if path.is_dir() {
            checks.period(&loaded.plan, path, args.as_of)?;
        } else if path.exists() {
            loose_files.push(path.clone());
        } else {
            return Err(anyhow!("找不到 {}：请给出表格文件或报送期文件夹", path.display()).into());
        }
    }
    if !loose_files.is_empty() {
        checks.loose_files(&loaded.plan, loose_files, args.as_of)?;
    }
    diagnostic::sort(&mut checks.diagnostics);
    if let Some(dir) = &args.feedback {
        write_feedback(dir, &checks, &loaded.location.path)?;
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

/// What to check: the paths given (a period.yaml stands for its folder), else the period the
/// clerk is in or the newest; `None` when there is no period yet (the plan is checked alone).
fn paths_to_check(
    given: &[PathBuf],
    loaded: &cmd::LoadedPlan,
) -> anyhow::Result<Option<Vec<PathBuf>>> {
    if !given.is_empty() {
        let paths = given
            .iter()
            .map(|path| match path.file_name() {
                Some(name) if name == "period.yaml" => discover::plan_folder(path),
                _ => path.clone(),
            })
            .collect();
        return Ok(Some(paths));
    }
    if discover::periods_if_any(&loaded.location.path)?.is_empty() {
        return Ok(None);
    }
    Ok(Some(vec![discover::default_period(&loaded.location.path)?]))
}

impl Checks {
    /// Checks a period folder; without a date, its completion dates go unchecked (a warning).
    fn period(
        &mut self,
        plan: &Plan,
        folder: &Path,
        as_of: Option<NaiveDate>,
    ) -> anyhow::Result<()> {
        let checked = cmd::check_period(plan, folder, as_of, cmd::Digests::Skip)?;
        if checked.as_of.is_none() {
            self.diagnostics
                .push(cmd::missing_as_of(plan, folder, AsOfNeed::CheckFolder));
        }
        self.as_of = self.as_of.or(checked.as_of);
        self.inputs.extend(checked.inputs);
        self.add(checked.checked);
        Ok(())
    }

    /// Checks sheets named one by one, dated by `--as-of` or the period.yaml beside the first.
    fn loose_files(
        &mut self,
        plan: &Plan,
        mut files: Vec<PathBuf>,
        as_of: Option<NaiveDate>,
    ) -> anyhow::Result<()> {
        files.sort();
        let as_of = match as_of {
            Some(as_of) => Some(as_of),
            None => as_of_beside(&files)?,
        };
        if as_of.is_none() {
            let folder = files
                .first()
                .and_then(|f| f.parent())
                .unwrap_or(Path::new("."));
            self.diagnostics
                .push(cmd::missing_as_of(plan, folder, AsOfNeed::CheckSheets));
        }
        self.as_of = self.as_of.or(as_of);
        let mut checker = Checker::new(plan, as_of);
        for path in &files {
            cmd::check_sheet_file(&mut checker, path, cmd::Digests::Skip)?;
        }
        self.add(checker.finish(&Scope::Sheets));
        self.inputs.extend(files);
        Ok(())
    }
}

/// The plan file when the paths name one (a .yaml that is not a period.yaml): it is checked
/// alone. It must be the only path.
fn plan_named(paths: &[PathBuf]) -> Result<Option<PathBuf>, Failure> {
    let is_plan = |path: &PathBuf| {
        let yaml = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
        yaml && path.file_name().is_some_and(|n| n != "period.yaml") && !path.is_dir()
    };
    match paths {
        [only] if is_plan(only) => Ok(Some(only.clone())),
        _ if paths.iter().any(is_plan) => Err(Failure::Fatal(anyhow!(
            "任务清单要单独检查：bulletin validate plan.yaml；检查表格时用 --plan 指定任务清单"
        ))),
        _ => Ok(None),
    }
}

/// A plan with errors: the closing line counts them.
fn plan_errors_counted(failure: Failure) -> Failure {
    match failure {
        Failure::Data(mut findings) => {
            let count = findings.diagnostics.len();
            findings.closing.push(format!(
                "任务清单有 {count} 个错误，请按上面的提示改正后重试"
            ));
            Failure::Data(findings)
        }
        fatal => fatal,
    }
}

/// The plan checked alone: what it holds, and where the sheets go when none has come back yet.
fn plan_alone(loaded: &cmd::LoadedPlan, no_periods_in: Option<&Path>) -> Done {
    let plan = &loaded.plan;
    let towns = plan
        .units
        .iter()
        .filter(|u| u.kind == crate::model::UnitKind::Town)
        .count();
    let departments = plan.units.len() - towns;
    let diagnostics: Vec<Diagnostic> = cmd::bulletin_warnings(&loaded.location.path, plan, None);
    let verdict = if diagnostics.is_empty() {
        "没有发现问题".to_string()
    } else {
        format!("有 {} 个警告", diagnostics.len())
    };
    let mut closing = vec![format!(
        "任务清单 {} {verdict}：{towns} 个{}、{departments} 个部门，{} 类 {} 项任务",
        loaded.location.path.display(),
        plan.town_label,
        plan.categories.len(),
        plan.tasks.len()
    )];
    if let Some(periods) = no_periods_in {
        // The example is the month of the plan's first deadline.
        let first = plan
            .tasks
            .iter()
            .map(|task| task.deadline.year_month())
            .min()
            .and_then(|(year, month)| crate::model::Deadline::month(year, month))
            .map_or_else(
                || ("2025-06".to_string(), "2025-06-30".to_string()),
                |month| (month.plan_form(), month.end.to_string()),
            );
        closing.push(format!(
            "还没有报送期：把各单位报回的表格放进 {}（连同写有 as_of: {} 的 period.yaml），再运行 bulletin validate",
            periods.join(&first.0).display(),
            first.1
        ));
    }
    Done {
        findings: Findings {
            diagnostics,
            closing,
        },
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
        checks.sheets.len(),
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
    let bytes = std::fs::read(&period_path)
        .with_context(|| format!("无法读取 {}", period_path.display()))?;
    let display = period_path.display().to_string();
    Ok(crate::load::period::read_period_file(&display, &bytes)
        .0
        .as_of)
}

/// One report per unit that sent a sheet or nothing into `dir`, for the clerk to send: all
/// written, or none. Reports of an earlier run are replaced.
fn write_feedback(dir: &Path, checks: &Checks, plan: &Path) -> anyhow::Result<()> {
    let date = checks.as_of.map(chinese_date);
    let mut inputs: Vec<&Path> = checks.inputs.iter().map(PathBuf::as_path).collect();
    inputs.push(plan);
    let files: Vec<(String, Vec<u8>)> =
        feedback(&checks.sheets, &checks.diagnostics, date.as_deref())
            .into_iter()
            .map(|report| (report.file_name, report.text.into_bytes()))
            .collect();
    write_folder(dir, &files, &inputs, Existing::Replace)
}
