//! `bulletin generate`: check the period, classify every task, write the bulletin.

use std::path::Path;

use anyhow::bail;

use crate::cli::{BulletinFormat, GenerateArgs};
use crate::cmd::{self, Outcome};
use crate::model::diff::diff_periods;
use crate::output::emit;
use crate::provenance::Provenance;
use crate::render::context::{Classified, bulletin_view};
use crate::render::diff::since_previous;
use crate::render::{Templates, docx, json};

pub fn run(args: &GenerateArgs) -> anyhow::Result<Outcome> {
    if args.format == BulletinFormat::Docx && args.output.is_none() {
        bail!("Word 文档不能输出到屏幕：请用 -o 指定文件，如 -o 通报.docx");
    }
    // Templates first: a broken template is found before any work is done.
    let templates = Templates::new(args.templates.as_deref())?;
    let (plan, plan_digest) = match cmd::load_plan(&args.plan.plan)? {
        Ok(loaded) => loaded,
        Err(diagnostics) => {
            cmd::print_diagnostics(&mut std::io::stderr().lock(), &diagnostics)?;
            return Ok(Outcome::DataErrors);
        }
    };
    let folder = match &args.period {
        Some(folder) => folder.clone(),
        None => cmd::newest_period(&args.plan.plan)?,
    };
    let Some(checked) =
        cmd::ready_period(&plan, &folder, args.plan.as_of, false, cmd::Digests::Keep)?
    else {
        return Ok(Outcome::DataErrors);
    };
    let classified = Classified::new(&plan, &checked.checked.period);
    let provenance = Provenance::new(
        checked.checked.period.as_of,
        plan_digest,
        checked.digests.clone(),
    );
    let mut inputs: Vec<&Path> = checked.inputs.iter().map(|p| p.as_path()).collect();
    inputs.push(&args.plan.plan);

    let previous = match &args.previous {
        None => None,
        Some(old_folder) => {
            let Some(old) = cmd::ready_period(&plan, old_folder, None, true, cmd::Digests::Skip)?
            else {
                return Ok(Outcome::DataErrors);
            };
            let old_classified = Classified::new(&plan, &old.checked.period);
            let diff = diff_periods(
                &plan,
                (&old.checked.period, &old_classified.outcomes),
                (&checked.checked.period, &classified.outcomes),
            );
            Some(since_previous(&plan, &diff))
        }
    };

    let output = args.output.as_deref();
    if args.format == BulletinFormat::Json {
        emit(output, &inputs, |out| {
            json::render(&classified, &provenance, out)
        })?;
        return Ok(Outcome::Success);
    }
    let text = checked.overrides.apply(&plan.bulletin);
    let mut view = bulletin_view(&classified, &text);
    view.since_previous = previous;
    view.provenance = provenance.lines();
    if args.no_annex {
        view.annex = None;
    }
    let rendered: Vec<u8> = match args.format {
        BulletinFormat::Md => templates.render("bulletin.md", &view)?.into_bytes(),
        BulletinFormat::Text => templates.render("bulletin.txt", &view)?.into_bytes(),
        _ => docx::render(&view, &text.fonts, &text.issuer, &view.as_of)?,
    };
    emit(output, &inputs, |out| Ok(out.write_all(&rendered)?))?;
    Ok(Outcome::Success)
}
