//! One module per subcommand, each reading like the user's story; the steps they share here.

pub mod diff;
pub mod generate;
pub mod sheets;
pub mod validate;

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use chrono::NaiveDate;

use crate::check::{Checked, Checker, Scope};
use crate::diagnostic::{Code, Diagnostic};
use crate::load::period::{read_period_folder, read_sheet_file};
use crate::load::yaml::{self, BulletinOverrides};
use crate::model::Plan;
use crate::provenance::FileDigest;

/// How a command ended, when it did not fail outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0: done (warnings allowed).
    Success,
    /// Exit 1: the data has errors; the diagnostics were printed.
    DataErrors,
}

/// Reads the plan. Faults in it are diagnostics; a plan that cannot be read at all is an error.
pub fn load_plan(path: &Path) -> anyhow::Result<Result<(Plan, FileDigest), Vec<Diagnostic>>> {
    let source =
        std::fs::read(path).with_context(|| format!("无法读取任务清单 {}", path.display()))?;
    let display = path.display().to_string();
    let Ok(source) = String::from_utf8(source) else {
        let message = "任务清单必须用 UTF-8 编码保存（在编辑器中另存为 UTF-8）";
        return Ok(Err(vec![Diagnostic::error(
            display,
            Code::PlanSyntax,
            message,
        )]));
    };
    let digest = FileDigest::of(display.clone(), source.as_bytes());
    Ok(yaml::parse_plan(&display, &source).map(|plan| (plan, digest)))
}

/// The period folders under `periods/` beside the plan, oldest first (names like 2021-05
/// sort by date).
pub fn sample_periods(plan_path: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let base = plan_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let periods = base.join("periods");
    let entries = std::fs::read_dir(&periods).with_context(|| {
        format!(
            "没有指定报送期，也找不到 {}；请给出报送期文件夹，如 bulletin generate data/periods/2021-05",
            periods.display()
        )
    })?;
    let mut folders: Vec<PathBuf> = Vec::new();
    for entry in entries {
        let path = entry
            .with_context(|| format!("无法读取 {}", periods.display()))?
            .path();
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if path.is_dir() && !hidden {
            folders.push(path);
        }
    }
    folders.sort();
    if folders.is_empty() {
        bail!("{} 下没有报送期文件夹", periods.display());
    }
    Ok(folders)
}

/// The newest period under `periods/` beside the plan.
pub fn newest_period(plan_path: &Path) -> anyhow::Result<PathBuf> {
    let mut folders = sample_periods(plan_path)?;
    folders.pop().context("没有报送期文件夹")
}

/// A period folder checked against the plan.
pub struct CheckedPeriod {
    pub checked: Checked,
    pub as_of: Option<NaiveDate>,
    pub overrides: BulletinOverrides,
    /// Every file read, so that no output is written over one of them.
    pub inputs: Vec<PathBuf>,
    /// The digests of period.yaml and the sheets, for the bulletin's provenance.
    pub digests: Vec<FileDigest>,
}

/// Checks one sheet file, streamed; a file that cannot be read stops the program.
pub fn check_sheet_file(checker: &mut Checker, path: &Path) -> anyhow::Result<()> {
    let display = path.display().to_string();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    checker
        .add_sheet_file(&display, &stem, path)
        .with_context(|| format!("无法读取 {display}"))
}

/// Whether to keep the SHA-256 of each input: only a bulletin records them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digests {
    Keep,
    Skip,
}

/// Reads and checks a whole period folder. `as_of` from the command line wins over period.yaml.
pub fn check_period(
    plan: &Plan,
    folder: &Path,
    as_of: Option<NaiveDate>,
    digests: Digests,
) -> anyhow::Result<CheckedPeriod> {
    if !folder.is_dir() {
        bail!("报送期文件夹 {} 不存在或不是文件夹", folder.display());
    }
    let contents = read_period_folder(folder)?;
    let as_of = as_of.or(contents.period_file.as_of);
    let mut checker = Checker::new(plan, as_of);
    checker.extend(contents.diagnostics);
    let mut inputs = vec![folder.join("period.yaml")];
    let keep = digests == Digests::Keep;
    let mut digests: Vec<FileDigest> = contents
        .period_digest
        .into_iter()
        .filter(|_| keep)
        .collect();
    for path in &contents.sheets {
        if keep {
            // A bulletin records each input's digest, so it reads the file whole once.
            let sheet = read_sheet_file(path)?;
            checker.add_sheet(&sheet.display, &sheet.stem, &sheet.bytes);
            digests.push(FileDigest::of(sheet.display, &sheet.bytes));
        } else {
            check_sheet_file(&mut checker, path)?;
        }
        inputs.push(path.clone());
    }
    let checked = checker.finish(&Scope::Folder(folder.display().to_string()));
    Ok(CheckedPeriod {
        checked,
        as_of,
        overrides: contents.period_file.bulletin,
        inputs,
        digests,
    })
}

/// Checks a period for classifying: prints its findings on stderr and returns it only when
/// nothing stops the classification. With `tolerate_missing`, a unit that sent nothing is a
/// warning (a comparison can be made before every sheet is in).
pub fn ready_period(
    plan: &Plan,
    folder: &Path,
    as_of: Option<NaiveDate>,
    tolerate_missing: bool,
    digests: Digests,
) -> anyhow::Result<Option<CheckedPeriod>> {
    let checked = check_for_classifying(plan, folder, as_of, tolerate_missing, digests)?;
    report_for_classifying(folder, checked)
}

/// Two periods checked at once, one on each core, their findings printed old first.
pub fn ready_periods(
    plan: &Plan,
    old: &Path,
    new: &Path,
    tolerate_missing: bool,
) -> anyhow::Result<Option<(CheckedPeriod, CheckedPeriod)>> {
    let (old_checked, new_checked) = std::thread::scope(|scope| {
        let old_thread =
            scope.spawn(|| check_for_classifying(plan, old, None, tolerate_missing, Digests::Skip));
        let new_checked = check_for_classifying(plan, new, None, tolerate_missing, Digests::Skip);
        let old_checked = old_thread
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("读取 {} 时出错", old.display())));
        (old_checked, new_checked)
    });
    let old_ready = report_for_classifying(old, old_checked?)?;
    let new_ready = report_for_classifying(new, new_checked?)?;
    Ok(old_ready.zip(new_ready))
}

fn check_for_classifying(
    plan: &Plan,
    folder: &Path,
    as_of: Option<NaiveDate>,
    tolerate_missing: bool,
    digests: Digests,
) -> anyhow::Result<CheckedPeriod> {
    let mut checked = check_period(plan, folder, as_of, digests)?;
    if tolerate_missing {
        for diagnostic in &mut checked.checked.diagnostics {
            if diagnostic.code == Code::MissingReport {
                diagnostic.severity = crate::diagnostic::Severity::Warning;
            }
        }
    }
    if checked.as_of.is_none() {
        checked
            .checked
            .diagnostics
            .push(missing_as_of(folder, true));
        crate::diagnostic::sort(&mut checked.checked.diagnostics);
    }
    Ok(checked)
}

fn report_for_classifying(
    folder: &Path,
    checked: CheckedPeriod,
) -> anyhow::Result<Option<CheckedPeriod>> {
    let stderr = &mut std::io::stderr().lock();
    print_diagnostics(stderr, &checked.checked.diagnostics)?;
    if crate::diagnostic::has_errors(&checked.checked.diagnostics) {
        writeln!(
            stderr,
            "{} 的报表有错误，请按上面的提示改正后重试（bulletin validate {} 可单独检查）",
            folder.display(),
            folder.display()
        )?;
        return Ok(None);
    }
    Ok(Some(checked))
}

/// Prints diagnostics one a line.
pub fn print_diagnostics(out: &mut impl Write, diagnostics: &[Diagnostic]) -> anyhow::Result<()> {
    for diagnostic in diagnostics {
        writeln!(out, "{diagnostic}")?;
    }
    Ok(())
}

/// The diagnostic for a period that has no as_of date.
pub fn missing_as_of(folder: &Path, severity_error: bool) -> Diagnostic {
    let path = folder.join("period.yaml").display().to_string();
    if severity_error {
        let message = "没有统计截止日期，无法判断是否逾期：请在 period.yaml 中写 as_of: 2021-05-24，或使用 --as-of";
        Diagnostic::error(path, Code::MissingAsOf, message)
    } else {
        let message =
            "没有统计截止日期（period.yaml 的 as_of 或 --as-of），未检查完成日期是否晚于截止日期";
        Diagnostic::warning(path, Code::MissingAsOf, message)
    }
}
