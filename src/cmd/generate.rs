//! `bulletin generate`: check the period, classify every task, write the bulletin.

use std::path::{Path, PathBuf};

use crate::cli::{BulletinFormat, GenerateArgs};
use crate::cmd::{
    self, CheckedPeriod, Digests, Done, Findings, LoadedPlan, Missing, Outcome, discover, formats,
};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Classified;
use crate::model::Plan;
use crate::model::diff::{PeriodDiff, diff_periods};
use crate::model::plan::BulletinText;
use crate::output::emit;
use crate::provenance::Provenance;
use crate::render::annex::{MAX_GRID_CELLS, MAX_GRID_COLUMNS, grid_left_out};
use crate::render::context::{BulletinView, bulletin_view};
use crate::render::diff::{since_previous, suspect_moves};
use crate::render::excel::Cut;
use crate::render::xlsx::{self, Previous, Summary};
use crate::render::{Templates, docx, json};

pub fn run(args: &GenerateArgs) -> Outcome {
    let format = formats::bulletin_format(args.format, args.output.as_deref())?;
    // Templates first: a broken template is found before any work is done.
    let templates = Templates::new(args.templates.as_deref())?;
    let loaded = cmd::load_plan(&args.plan)?;
    let plan = &loaded.plan;
    let folder = this_period(args, &loaded)?;
    let mut findings = Findings::default();
    let (checked, old) = read_periods(args, &loaded, &folder, &mut findings)?;
    // An empty issuer is written as it is (a draft may be shown before it is known), and a
    // document number as it is written, but each is said.
    findings.diagnostics.extend(cmd::bulletin_warnings(
        &loaded.location.path,
        plan,
        Some((&folder, &checked.overrides)),
    ));
    let classified = checked.classify(plan);
    let old_classified = old.as_ref().map(|old| old.classify(plan));
    let since = old_classified
        .as_ref()
        .map(|old| diff_periods(plan, old, &classified));
    if let (Some(diff), Some(old_folder)) = (&since, &args.previous) {
        findings
            .diagnostics
            .extend(suspect_warnings(plan, diff, &checked, &folder, old_folder));
    }
    let bulletin = Bulletin {
        classified: &classified,
        previous: old_classified.as_ref(),
        since,
        text: checked.overrides.apply(&plan.bulletin),
        provenance: Provenance::new(
            checked.checked.period.as_of,
            loaded.digest.clone(),
            checked.digests.clone(),
        ),
        period_name: discover::period_name(&folder),
        annex: !args.no_annex,
    };
    // Every file read is an input, never to be written over: the plan, both periods' sheets
    // and period.yaml, the user's templates.
    let inputs: Vec<&Path> = std::iter::once(&loaded.location.path)
        .chain(&checked.inputs)
        .chain(old.iter().flat_map(|old| &old.inputs))
        .chain(templates.files())
        .map(PathBuf::as_path)
        .collect();
    let output = args.output.as_deref();
    let cuts = write(&bulletin, format, &templates, output, &inputs)?;
    // The annex's table, too large to print, is left out: said once, with where to find it.
    let shows_grid = matches!(format, BulletinFormat::Docx | BulletinFormat::Md);
    if let Some((units, tasks)) =
        grid_left_out(&classified).filter(|_| shows_grid && bulletin.annex)
    {
        findings.diagnostics.push(Diagnostic::warning(
            loaded.location.path.display().to_string(),
            Code::TooLarge,
            format!(
                "任务清单有{units}个单位、{tasks}项任务，附件的各单位任务推进情况表一页排不下（超过{MAX_GRID_COLUMNS}项任务或{MAX_GRID_CELLS}格），已从略，只列排名；各单位各项任务的情况请生成汇总表查看：bulletin generate {}{} -o 汇总表.xlsx",
                folder.display(),
                loaded.location.flag()
            ),
        ));
    }
    // A text longer than a workbook's cell holds was cut: said once the file is written.
    let file = output.map_or_else(String::new, |path| path.display().to_string());
    findings
        .diagnostics
        .extend(cuts.iter().map(|cut| cut.warning(&file)));
    findings.closing.extend(cmd::written(output));
    Ok(Done { findings })
}

/// With `--previous`, a warning for each unit that went back or whose completion date moved,
/// in the words `diff` flags it with, at the unit's sheet of this period (else the folder):
/// a likely slip that would otherwise be published without a word.
fn suspect_warnings(
    plan: &Plan,
    diff: &PeriodDiff,
    checked: &CheckedPeriod,
    folder: &Path,
    old_folder: &Path,
) -> Vec<Diagnostic> {
    suspect_moves(plan, diff)
        .into_iter()
        .map(|suspect| {
            let name = plan.unit_name(suspect.unit);
            let path = checked
                .checked
                .sheet_paths
                .iter()
                .zip(&checked.checked.sheet_units)
                .find(|(_, unit)| unit.as_deref() == Some(name))
                .map_or_else(|| folder.display().to_string(), |(path, _)| path.clone());
            let code = if suspect.went_back {
                Code::WentBack
            } else {
                Code::DateMoved
            };
            let message = format!("与上一期 {} 相比，{}", old_folder.display(), suspect.line);
            Diagnostic::warning(path, code, message)
        })
        .collect()
}

/// The period to write: the one given, else the one the clerk is in, else the newest; refused
/// when `--previous` is dated after it.
fn this_period(args: &GenerateArgs, loaded: &LoadedPlan) -> Result<PathBuf, cmd::Failure> {
    let folder = match &args.period {
        Some(folder) => folder.clone(),
        None => discover::default_period(&loaded.location.path)?,
    };
    if let Some(old_folder) = &args.previous {
        cmd::check_order(old_folder, &folder, args.as_of, |_, _| {
            "--previous 应为本期之前的一期".to_string()
        })?;
    }
    Ok(folder)
}

/// The period checked (it must have no errors), and with `--previous` the period before it
/// (a unit missing there is only listed).
fn read_periods(
    args: &GenerateArgs,
    loaded: &LoadedPlan,
    folder: &Path,
    findings: &mut Findings,
) -> Result<(CheckedPeriod, Option<CheckedPeriod>), cmd::Failure> {
    // With --allow-missing a unit that sent nothing is a warning, and the bulletin says so.
    let missing = if args.allow_missing {
        Missing::Tolerate
    } else {
        Missing::Refuse
    };
    let checked = cmd::ready_period(loaded, folder, args.as_of, missing, Digests::Keep, findings)?;
    let old = match &args.previous {
        None => None,
        Some(old_folder) => Some(cmd::ready_previous(loaded, old_folder, findings)?),
    };
    Ok((checked, old))
}

/// Everything a bulletin is written from, in any format.
struct Bulletin<'a> {
    classified: &'a Classified<'a>,
    /// With `--previous`: the period before, classified, and what changed since.
    previous: Option<&'a Classified<'a>>,
    since: Option<PeriodDiff>,
    /// The plan's fixed text with the period's overrides.
    text: BulletinText,
    provenance: Provenance,
    /// The period folder's own name, for the workbook.
    period_name: String,
    /// False with `--no-annex`.
    annex: bool,
}

impl Bulletin<'_> {
    /// The view the templates, the .docx and the workbook lay out.
    fn view(&self) -> BulletinView {
        let plan = self.classified.plan;
        let mut view = bulletin_view(self.classified, &self.text);
        view.since_previous = self.since.as_ref().map(|diff| since_previous(plan, diff));
        view.provenance = self.provenance.lines();
        if !self.annex {
            view.annex = None;
        }
        view
    }
}

/// Writes the bulletin in `format` to `output` (stdout without one), never over an input;
/// returns the texts the workbook cut to fit its cells.
fn write(
    bulletin: &Bulletin,
    format: BulletinFormat,
    templates: &Templates,
    output: Option<&Path>,
    inputs: &[&Path],
) -> anyhow::Result<Vec<Cut>> {
    let (bytes, cuts) = match format {
        BulletinFormat::Json => {
            emit(output, inputs, |out| {
                json::render(
                    bulletin.classified,
                    &bulletin.text,
                    &bulletin.provenance,
                    out,
                )
            })?;
            return Ok(Vec::new());
        }
        BulletinFormat::Md => (
            templates
                .render("bulletin.md", &bulletin.view())?
                .into_bytes(),
            Vec::new(),
        ),
        BulletinFormat::Text => (
            templates
                .render("bulletin.txt", &bulletin.view())?
                .into_bytes(),
            Vec::new(),
        ),
        BulletinFormat::Xlsx => {
            let written = xlsx::render(&Summary {
                classified: bulletin.classified,
                view: &bulletin.view(),
                period: &bulletin.period_name,
                previous: bulletin.previous.map(Previous::of),
            })?;
            (written.bytes, written.cuts)
        }
        BulletinFormat::Docx => (docx::render(&bulletin.view())?, Vec::new()),
    };
    emit(output, inputs, |out| Ok(out.write_all(&bytes)?))?;
    Ok(cuts)
}
