//! One module per subcommand, each reading like the user's story; the steps they share here,
//! and the one way a command ends: [`Done`] with its findings, or a [`Failure`].

pub mod diff;
pub mod discover;
pub mod formats;
pub mod generate;
pub mod init;
pub mod sheets;
pub mod validate;

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::cli::PlanArgs;
use chrono::NaiveDate;
use discover::PlanPath;

use crate::check::{Checked, Checker, Scope};
use crate::diagnostic::{self, Code, Diagnostic, Severity};
use crate::load::period::read_period_folder;
use crate::load::yaml;
use crate::model::plan::BulletinOverrides;
use crate::model::{Classified, Plan, classify_period};
pub use crate::provenance::Digests;
use crate::provenance::FileDigest;
use crate::render::numerals::chinese_date;

/// What a command found in the user's files: every finding (warnings too), sorted per input,
/// and the lines that close the report (validate's count, what to do next).
#[derive(Debug, Default)]
pub struct Findings {
    pub diagnostics: Vec<Diagnostic>,
    pub closing: Vec<String>,
}

impl Findings {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        diagnostic::has_errors(&self.diagnostics)
    }

    /// Adds another input's findings after these.
    pub fn append(&mut self, mut other: Findings) {
        self.diagnostics.append(&mut other.diagnostics);
        self.closing.append(&mut other.closing);
    }
}

/// A command that ran to its end (exit 0), with what it found on the way (warnings).
#[derive(Debug, Default)]
pub struct Done {
    pub findings: Findings,
}

/// How a command fails.
#[derive(Debug)]
pub enum Failure {
    /// The user's data has errors (exit 1); the findings say where and how to fix them.
    Data(Findings),
    /// What stops the program (exit 2): a file that cannot be read or written, a broken
    /// template, a command line that cannot be carried out.
    Fatal(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Self {
        Failure::Fatal(error)
    }
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        Failure::Fatal(error.into())
    }
}

/// The result of a command.
pub type Outcome = Result<Done, Failure>;

/// What was written, said on stderr as `sheets` says it: `已写入 通报.docx`; nothing when the
/// output went to stdout.
pub fn written(output: Option<&Path>) -> Option<String> {
    output.map(|path| format!("已写入 {}", path.display()))
}

/// Stops with the findings when any is an error; otherwise hands them back.
pub fn stop_on_errors(findings: Findings) -> Result<Findings, Failure> {
    if findings.has_errors() {
        Err(Failure::Data(findings))
    } else {
        Ok(findings)
    }
}

/// The plan, read and checked, with its digest for the bulletin's provenance.
pub struct LoadedPlan {
    pub plan: Plan,
    /// Where it was found, and whether the user named it.
    pub location: PlanPath,
    pub digest: FileDigest,
}

/// Finds the plan (`--plan`, else from the current folder up) and reads it.
pub fn load_plan(args: &PlanArgs) -> Result<LoadedPlan, Failure> {
    let location = PlanPath::resolve(args.plan.as_deref())?;
    let mut loaded = load_plan_file(&location.path)?;
    loaded.location = location;
    Ok(loaded)
}

/// Reads the plan. Faults in it are data errors; a plan that cannot be read at all is fatal.
pub fn load_plan_file(path: &Path) -> Result<LoadedPlan, Failure> {
    let source =
        std::fs::read(path).with_context(|| format!("无法读取任务清单 {}", path.display()))?;
    let display = path.display().to_string();
    let Ok(source) = String::from_utf8(source) else {
        let message = "任务清单必须用 UTF-8 编码保存（在编辑器中另存为 UTF-8）";
        return Err(Failure::Data(Findings {
            diagnostics: vec![Diagnostic::error(display, Code::PlanSyntax, message)],
            closing: Vec::new(),
        }));
    };
    let digest = FileDigest::of(display.clone(), source.as_bytes());
    match yaml::parse_plan(&display, &source) {
        Ok(plan) => Ok(LoadedPlan {
            plan,
            location: PlanPath {
                path: path.to_path_buf(),
                given: true,
            },
            digest,
        }),
        Err(diagnostics) => Err(Failure::Data(Findings {
            diagnostics,
            closing: Vec::new(),
        })),
    }
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

impl CheckedPeriod {
    /// The period's tasks classified against the plan.
    pub fn classify<'a>(&'a self, plan: &'a Plan) -> Classified<'a> {
        classify_period(plan, &self.checked.period)
    }
}

/// Checks one sheet file in one pass, with its digest when `digests` says so; a file that
/// cannot be read stops the program.
pub fn check_sheet_file(
    checker: &mut Checker,
    path: &Path,
    digests: Digests,
) -> anyhow::Result<Option<FileDigest>> {
    let display = path.display().to_string();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    checker
        .add_sheet_file(&display, &stem, path, digests)
        .with_context(|| format!("无法读取 {display}"))
}

/// What to make of a unit that sent nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// An error: the bulletin cannot be made without it.
    Refuse,
    /// A warning: a comparison or a prefilled sheet can be made before every sheet is in.
    Tolerate,
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
    let mut kept: Vec<FileDigest> = contents
        .period_digest
        .into_iter()
        .filter(|_| digests == Digests::Keep)
        .collect();
    for path in &contents.sheets {
        kept.extend(check_sheet_file(&mut checker, path, digests)?);
        inputs.push(path.clone());
    }
    let checked = checker.finish(&Scope::Folder(folder.display().to_string()));
    Ok(CheckedPeriod {
        checked,
        as_of,
        overrides: contents.period_file.bulletin,
        inputs,
        digests: kept,
    })
}

/// Checks a period for classifying: it must have an as_of date and no errors. Its findings
/// (warnings) are added to `findings`; with errors, they are the failure.
pub fn ready_period(
    loaded: &LoadedPlan,
    folder: &Path,
    as_of: Option<NaiveDate>,
    missing: Missing,
    digests: Digests,
    findings: &mut Findings,
) -> Result<CheckedPeriod, Failure> {
    let (checked, own) = check_for_classifying(loaded, folder, as_of, missing, digests)?;
    let own = stop_on_errors(own).map_err(|failure| with_earlier(findings, failure))?;
    findings.append(own);
    Ok(checked)
}

/// The period before, checked for comparing with this one (`generate --previous`, `sheets
/// --from`): a unit that sent nothing is only listed; its errors stop the command as they are,
/// its warnings are one line (they were said when it was checked).
pub fn ready_previous(
    loaded: &LoadedPlan,
    folder: &Path,
    findings: &mut Findings,
) -> Result<CheckedPeriod, Failure> {
    let (checked, own) =
        check_for_classifying(loaded, folder, None, Missing::Tolerate, Digests::Skip)?;
    let own = stop_on_errors(own).map_err(|failure| with_earlier(findings, failure))?;
    findings.append(previous_summarised(loaded, folder, own));
    Ok(checked)
}

/// The previous period's findings: as they are when one is an error; else its warnings counted
/// in one line, `上一期 periods/2025-06 有3个警告（bulletin validate periods/2025-06 可查看）`.
fn previous_summarised(loaded: &LoadedPlan, folder: &Path, own: Findings) -> Findings {
    if own.has_errors() || own.diagnostics.is_empty() {
        return own;
    }
    let mut closing = vec![format!(
        "上一期 {} 有{}个警告（bulletin validate {}{} 可查看）",
        folder.display(),
        own.diagnostics.len(),
        folder.display(),
        loaded.location.flag()
    )];
    closing.extend(own.closing);
    Findings {
        diagnostics: Vec::new(),
        closing,
    }
}

/// Two periods checked at once, one on each core, their findings old first (the old one's
/// warnings in one line).
pub fn ready_periods(
    loaded: &LoadedPlan,
    old: &Path,
    new: &Path,
    missing: Missing,
    findings: &mut Findings,
) -> Result<(CheckedPeriod, CheckedPeriod), Failure> {
    let (old_checked, new_checked) = std::thread::scope(|scope| {
        let old_thread =
            scope.spawn(|| check_for_classifying(loaded, old, None, missing, Digests::Skip));
        let new_checked = check_for_classifying(loaded, new, None, missing, Digests::Skip);
        let old_checked = old_thread
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("读取 {} 时出错", old.display())));
        (old_checked, new_checked)
    });
    let (old_checked, old_findings) = old_checked?;
    let mut both = previous_summarised(loaded, old, old_findings);
    let (new_checked, new_findings) = new_checked?;
    both.append(new_findings);
    let both = stop_on_errors(both).map_err(|failure| with_earlier(findings, failure))?;
    findings.append(both);
    Ok((old_checked, new_checked))
}

/// A data failure that also carries the findings made before it.
fn with_earlier(earlier: &mut Findings, failure: Failure) -> Failure {
    match failure {
        Failure::Data(later) => {
            let mut all = std::mem::take(earlier);
            all.append(later);
            Failure::Data(all)
        }
        fatal => fatal,
    }
}

/// How many units that sent nothing `--allow-missing` names, one line each; one more line says
/// how many were left out, as a sheet's warnings are capped.
pub const MAX_MISSING_LISTED: usize = 20;

/// With `--allow-missing` a unit that sent nothing is a warning, not an error; past
/// [`MAX_MISSING_LISTED`] of them, one line counts the rest (a plan of 2,000 units with one
/// sheet in printed 1,999 lines, each listing every task: 26 MB).
fn tolerate_missing(diagnostics: &mut Vec<Diagnostic>, folder: &Path) {
    let mut listed = 0;
    diagnostics.retain_mut(|diagnostic| {
        if diagnostic.code != Code::MissingReport {
            return true;
        }
        diagnostic.severity = Severity::Warning;
        listed += 1;
        listed <= MAX_MISSING_LISTED
    });
    if listed > MAX_MISSING_LISTED {
        diagnostics.push(Diagnostic::warning(
            folder.display().to_string(),
            Code::MissingReport,
            format!(
                "没有报送的单位太多，只列出了前{MAX_MISSING_LISTED}个，另有{}个未列出（通报中写明了全部未报送单位；bulletin validate {} 可查看每一个）",
                listed - MAX_MISSING_LISTED,
                folder.display()
            ),
        ));
        diagnostic::sort(diagnostics);
    }
}

fn check_for_classifying(
    loaded: &LoadedPlan,
    folder: &Path,
    as_of: Option<NaiveDate>,
    missing: Missing,
    digests: Digests,
) -> anyhow::Result<(CheckedPeriod, Findings)> {
    let mut checked = check_period(&loaded.plan, folder, as_of, digests)?;
    let mut diagnostics = std::mem::take(&mut checked.checked.diagnostics);
    if missing == Missing::Tolerate {
        tolerate_missing(&mut diagnostics, folder);
    }
    if checked.as_of.is_none() {
        diagnostics.push(missing_as_of(&loaded.plan, folder, AsOfNeed::Classify));
        diagnostic::sort(&mut diagnostics);
    }
    let mut closing = Vec::new();
    if diagnostic::has_errors(&diagnostics) {
        closing.push(format!(
            "{} 的报表有错误，请按上面的提示改正后重试（bulletin validate {}{} 可单独检查）",
            discover::period_name(folder),
            folder.display(),
            loaded.location.flag()
        ));
    }
    let unsent = diagnostics
        .iter()
        .any(|d| d.code == Code::MissingReport && d.is_error());
    if unsent {
        closing.push(
            "等不齐各单位的表时，可加 --allow-missing 先生成通报：未报送单位的任务按未完成统计，通报中写明哪些单位未按时报送"
                .to_string(),
        );
    }
    Ok((
        checked,
        Findings {
            diagnostics,
            closing,
        },
    ))
}

/// Refuses two periods the wrong way round: the older must not be dated after the newer (their
/// as_of dates; `new_as_of` is the newer's date given on the command line, if any). Periods
/// without a date are let through: checking them says what is missing. `retry` says what to do
/// with the paths as the user gave them, so that a command it prints works as printed.
pub fn check_order(
    old: &Path,
    new: &Path,
    new_as_of: Option<NaiveDate>,
    retry: impl FnOnce(&Path, &Path) -> String,
) -> Result<(), Failure> {
    let old_as_of = discover::period_as_of(old);
    let new_as_of = new_as_of.or_else(|| discover::period_as_of(new));
    if let (Some(old_date), Some(new_date)) = (old_as_of, new_as_of)
        && old_date > new_date
    {
        return Err(Failure::Fatal(anyhow::anyhow!(
            "两期的先后顺序反了：上一期 {} 的统计截止日期是{}，晚于本期 {} 的{}；{}",
            discover::period_name(old),
            chinese_date(old_date),
            discover::period_name(new),
            chinese_date(new_date),
            retry(new, old)
        )));
    }
    Ok(())
}

/// What a missing as_of date costs the command that meets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsOfNeed {
    /// The classes depend on it (generate, diff, sheets --from): an error.
    Classify,
    /// A period folder validated: its completion dates go unchecked (a warning).
    CheckFolder,
    /// Sheets validated one by one: their dates go unchecked (a warning).
    CheckSheets,
}

/// The diagnostic for a period that has no as_of date, at the period.yaml that would give it:
/// whether that file is there at all, and the line to write in it, dated from the folder's
/// name (`2025-07` → `as_of: 2025-07-31`), else from the plan's first deadline.
pub fn missing_as_of(plan: &Plan, folder: &Path, need: AsOfNeed) -> Diagnostic {
    let file = folder.join("period.yaml");
    let path = file.display().to_string();
    let example = example_as_of(plan, folder);
    let exists = file.is_file();
    let absent = if exists {
        "period.yaml 中没有统计截止日期 as_of"
    } else {
        "period.yaml 不存在"
    };
    let write = if exists {
        format!("请在其中加一行 as_of: {example}")
    } else {
        format!(
            "请在 {} 中新建 period.yaml，写一行 as_of: {example}（统计截止日期）",
            shown_folder(folder)
        )
    };
    match need {
        AsOfNeed::Classify => Diagnostic::error(
            path,
            Code::MissingAsOf,
            format!("{absent}，无法判断是否逾期：{write}，或使用 --as-of {example}"),
        ),
        AsOfNeed::CheckFolder => Diagnostic::warning(
            path,
            Code::MissingAsOf,
            format!("{absent}，未检查完成日期是否晚于统计截止日期；生成通报前{write}"),
        ),
        AsOfNeed::CheckSheets => Diagnostic::warning(
            path,
            Code::MissingAsOf,
            format!("{absent}，完成日期未与统计截止日期核对；要核对，请加 --as-of {example}"),
        ),
    }
}

/// A folder as a clerk would type it (`.` for the current one).
fn shown_folder(folder: &Path) -> String {
    if folder.as_os_str().is_empty() {
        ".".to_string()
    } else {
        folder.display().to_string()
    }
}

/// The as_of to show in an example: the last day of the month the folder's name gives, else
/// of the month of the plan's first deadline.
fn example_as_of(plan: &Plan, folder: &Path) -> NaiveDate {
    let named = if folder.as_os_str().is_empty() || folder == Path::new(".") {
        std::env::current_dir()
            .ok()
            .and_then(|here| discover::date_of_name(&here))
    } else {
        discover::date_of_name(folder)
    };
    named
        .or_else(|| {
            let (year, month) = plan.tasks.iter().map(|t| t.deadline.year_month()).min()?;
            crate::model::Deadline::month(year, month).map(|m| m.end)
        })
        .unwrap_or_default()
}

/// What the plan's (or the period's) bulletin keys would print wrong, said before it is
/// printed: an empty issuer ([`missing_issuer`]) and a 发文字号 not in the standard's form.
pub fn bulletin_warnings(
    plan_path: &Path,
    plan: &Plan,
    period: Option<(&Path, &BulletinOverrides)>,
) -> Vec<Diagnostic> {
    let mut warnings: Vec<Diagnostic> = missing_issuer(plan_path, plan, period)
        .into_iter()
        .collect();
    warnings.extend(number_form(plan_path, plan, period));
    warnings
}

/// A 发文字号 written otherwise than GB/T 9704 writes it (`鄞安委办[2021]第05号`): printed as
/// written, with a warning giving the standard's form to write instead, in the file it is in.
fn number_form(
    plan_path: &Path,
    plan: &Plan,
    period: Option<(&Path, &BulletinOverrides)>,
) -> Option<Diagnostic> {
    let (path, number) = match period.and_then(|(folder, o)| Some((folder, o.number.as_deref()?))) {
        Some((folder, number)) => (folder.join("period.yaml"), number),
        None => (plan_path.to_path_buf(), plan.bulletin.number.as_deref()?),
    };
    let formed = crate::render::official::number_form(number)?;
    let message = format!(
        "发文字号“{}”不合公文格式（GB/T 9704：年份用六角括号〔〕，序号不编虚位、不加“第”字），\
         通报按原样印出；建议改为 number: {formed}",
        number.trim()
    );
    Some(Diagnostic::warning(
        path.display().to_string(),
        Code::NumberForm,
        message,
    ))
}

/// A bulletin without its issuer ends with a date and no 落款: a warning naming the key to fill,
/// in the period's period.yaml when that is where the issuer was emptied, else in the plan.
pub fn missing_issuer(
    plan_path: &Path,
    plan: &Plan,
    period: Option<(&Path, &BulletinOverrides)>,
) -> Option<Diagnostic> {
    let emptied_in_period = period.and_then(|(folder, overrides)| {
        let issuer = overrides.issuer.as_deref()?;
        Some((folder, issuer.trim().is_empty()))
    });
    let (path, empty) = match emptied_in_period {
        Some((folder, empty)) => (folder.join("period.yaml"), empty),
        None => (
            plan_path.to_path_buf(),
            plan.bulletin.issuer.trim().is_empty(),
        ),
    };
    if !empty {
        return None;
    }
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let message = format!(
        "没有填写发文单位，通报末尾将没有落款：请在 {file} 的 bulletin: 下填写 issuer:，\
         如 issuer: 城关县安全生产委员会办公室"
    );
    Some(Diagnostic::warning(
        path.display().to_string(),
        Code::MissingIssuer,
        message,
    ))
}
