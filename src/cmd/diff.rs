//! `bulletin diff`: what changed between two reporting periods of one plan.

use std::path::{Path, PathBuf};

use anyhow::bail;

use crate::cli::{DiffArgs, DiffFormat};
use crate::cmd::{self, Outcome};
use crate::model::diff::diff_periods;
use crate::output::emit;
use crate::render::Templates;
use crate::render::context::Classified;
use crate::render::diff::{diff_view, json};

pub fn run(args: &DiffArgs) -> anyhow::Result<Outcome> {
    let templates = Templates::new(args.templates.as_deref())?;
    let plan = match cmd::load_plan(&args.plan)? {
        Ok((plan, _)) => plan,
        Err(diagnostics) => {
            cmd::print_diagnostics(&mut std::io::stderr().lock(), &diagnostics)?;
            return Ok(Outcome::DataErrors);
        }
    };
    let (old_folder, new_folder) = match (&args.old, &args.new) {
        (Some(old), Some(new)) => (old.clone(), new.clone()),
        (None, None) => two_newest(&args.plan)?,
        _ => bail!("请给出两个报送期文件夹：bulletin diff 旧的一期 新的一期"),
    };
    // Both periods are checked first; a unit that sent nothing is listed, not an error.
    let Some((old, new)) = cmd::ready_periods(&plan, &old_folder, &new_folder, true)? else {
        return Ok(Outcome::DataErrors);
    };
    let old_classified = Classified::new(&plan, &old.checked.period);
    let new_classified = Classified::new(&plan, &new.checked.period);
    let diff = diff_periods(
        &plan,
        (&old.checked.period, &old_classified.outcomes),
        (&new.checked.period, &new_classified.outcomes),
    );
    let mut inputs: Vec<&Path> = old
        .inputs
        .iter()
        .chain(&new.inputs)
        .map(PathBuf::as_path)
        .collect();
    inputs.push(&args.plan);
    let output = args.output.as_deref();
    match args.format {
        DiffFormat::Json => emit(output, &inputs, |out| json(&plan, &diff, out))?,
        DiffFormat::Md | DiffFormat::Text => {
            let name = if args.format == DiffFormat::Md {
                "diff.md"
            } else {
                "diff.txt"
            };
            let rendered = templates.render(name, &diff_view(&plan, &diff))?;
            emit(output, &inputs, |out| {
                Ok(out.write_all(rendered.as_bytes())?)
            })?;
        }
    }
    Ok(Outcome::Success)
}

/// The two newest periods beside the plan, older first.
fn two_newest(plan: &Path) -> anyhow::Result<(PathBuf, PathBuf)> {
    let mut folders = cmd::sample_periods(plan)?;
    match (folders.pop(), folders.pop()) {
        (Some(new), Some(old)) => Ok((old, new)),
        _ => bail!("只找到一期报送期，无法对比：请给出两个报送期文件夹"),
    }
}
