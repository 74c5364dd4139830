//! `bulletin diff`: what changed between two reporting periods of one plan.

use std::path::{Path, PathBuf};

use crate::cli::{DiffArgs, DiffFormat};
use crate::cmd::{self, Done, Findings, Missing, Outcome, discover, formats};
use crate::model::diff::diff_periods;
use crate::output::emit;
use crate::render::Templates;
use crate::render::diff::{diff_view, json};

pub fn run(args: &DiffArgs) -> Outcome {
    let format = formats::diff_format(args.format, args.output.as_deref())?;
    let templates = Templates::new(args.templates.as_deref())?;
    let loaded = cmd::load_plan(&args.plan)?;
    let plan = &loaded.plan;
    let (old_folder, new_folder) = match (&args.old, &args.new) {
        (Some(old), Some(new)) => (old.clone(), new.clone()),
        (None, None) => discover::two_newest(&loaded.location.path)?,
        _ => {
            return Err(
                anyhow::anyhow!("请给出两个报送期文件夹：bulletin diff 旧的一期 新的一期").into(),
            );
        }
    };
    cmd::check_order(&old_folder, &new_folder, None, |earlier, later| {
        format!(
            "请把早的一期写在前面：bulletin diff {} {}{}",
            earlier.display(),
            later.display(),
            loaded.location.flag()
        )
    })?;
    // Both periods are checked first; a unit that sent nothing is listed, not an error.
    let mut findings = Findings::default();
    let (old, new) = cmd::ready_periods(
        &loaded,
        &old_folder,
        &new_folder,
        Missing::Tolerate,
        &mut findings,
    )?;
    let diff = diff_periods(plan, &old.classify(plan), &new.classify(plan));
    let inputs: Vec<&Path> = std::iter::once(&loaded.location.path)
        .chain(&old.inputs)
        .chain(&new.inputs)
        .chain(templates.files())
        .map(PathBuf::as_path)
        .collect();
    let output = args.output.as_deref();
    let template = match format {
        DiffFormat::Json => {
            emit(output, &inputs, |out| json(plan, &diff, out))?;
            findings.closing.extend(cmd::written(output));
            return Ok(Done { findings });
        }
        DiffFormat::Md => "diff.md",
        DiffFormat::Text => "diff.txt",
    };
    let rendered = templates.render(template, &diff_view(plan, &diff))?;
    emit(output, &inputs, |out| {
        Ok(out.write_all(rendered.as_bytes())?)
    })?;
    findings.closing.extend(cmd::written(output));
    Ok(Done { findings })
}
