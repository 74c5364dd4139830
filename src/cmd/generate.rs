//! `bulletin generate`: check the period, classify every task, write the bulletin.

use std::path::{Path, PathBuf};

use crate::cli::{BulletinFormat, GenerateArgs};
use crate::cmd::{self, Digests, Done, Findings, Missing, Outcome, discover, formats};
use crate::model::diff::diff_periods;
use crate::output::emit;
use crate::provenance::Provenance;
use crate::render::context::bulletin_view;
use crate::render::diff::since_previous;
use crate::render::xlsx::{self, Previous, Summary};
use crate::render::{Templates, docx, json};

pub fn run(args: &GenerateArgs) -> Outcome {
    let format = formats::bulletin_format(args.format, args.output.as_deref())?;
    // Templates first: a broken template is found before any work is done.
    let templates = Templates::new(args.templates.as_deref())?;
    let loaded = cmd::load_plan(&args.plan)?;
    let plan = &loaded.plan;
    let folder = match &args.period {
        Some(folder) => folder.clone(),
        None => discover::default_period(&loaded.location.path)?,
    };
    if let Some(old_folder) = &args.previous {
        cmd::check_order(old_folder, &folder, args.as_of, |_, _| {
            "--previous 应为本期之前的一期".to_string()
        })?;
    }
    let mut findings = Findings::default();
    // With --allow-missing a unit that sent nothing is a warning, and the bulletin says so.
    let missing = if args.allow_missing {
        Missing::Tolerate
    } else {
        Missing::Refuse
    };
    let checked = cmd::ready_period(
        &loaded,
        &folder,
        args.as_of,
        missing,
        Digests::Keep,
        &mut findings,
    )?;
    let classified = checked.classify(plan);
    let provenance = Provenance::new(
        checked.checked.period.as_of,
        loaded.digest.clone(),
        checked.digests.clone(),
    );
    let old = match &args.previous {
        None => None,
        Some(old_folder) => Some(cmd::ready_period(
            &loaded,
            old_folder,
            None,
            Missing::Tolerate,
            Digests::Skip,
            &mut findings,
        )?),
    };
    let old_classified = old.as_ref().map(|old| old.classify(plan));
    let previous = old_classified.as_ref().map(|old| {
        let diff = diff_periods(plan, old, &classified);
        since_previous(plan, &diff)
    });
    // Every file read is an input, never to be written over: the plan, both periods' sheets
    // and period.yaml, the user's templates.
    let inputs: Vec<&Path> = std::iter::once(loaded.location.path.as_path())
        .chain(checked.inputs.iter().map(PathBuf::as_path))
        .chain(
            old.iter()
                .flat_map(|old| old.inputs.iter().map(PathBuf::as_path)),
        )
        .chain(templates.files().iter().map(PathBuf::as_path))
        .collect();

    let output = args.output.as_deref();
    let text = checked.overrides.apply(&plan.bulletin);
    let view = || {
        let mut view = bulletin_view(&classified, &text);
        view.since_previous = previous.clone();
        view.provenance = provenance.lines();
        if args.no_annex {
            view.annex = None;
        }
        view
    };
    match format {
        BulletinFormat::Json => emit(output, &inputs, |out| {
            json::render(&classified, &text, &provenance, out)
        })?,
        BulletinFormat::Md => {
            let rendered = templates.render("bulletin.md", &view())?;
            emit(output, &inputs, |out| {
                Ok(out.write_all(rendered.as_bytes())?)
            })?;
        }
        BulletinFormat::Text => {
            let rendered = templates.render("bulletin.txt", &view())?;
            emit(output, &inputs, |out| {
                Ok(out.write_all(rendered.as_bytes())?)
            })?;
        }
        BulletinFormat::Xlsx => {
            let period_name = discover::period_name(&folder);
            let rendered = xlsx::render(&Summary {
                classified: &classified,
                view: &view(),
                period: &period_name,
                previous: old_classified.as_ref().map(Previous::of),
            })?;
            emit(output, &inputs, |out| Ok(out.write_all(&rendered)?))?;
        }
        BulletinFormat::Docx => {
            let rendered = docx::render(&view())?;
            emit(output, &inputs, |out| Ok(out.write_all(&rendered)?))?;
        }
    }
    Ok(Done { findings })
}
