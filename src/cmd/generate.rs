//! `bulletin generate`: check the period, classify every task, write the bulletin.

use std::io::Write;

use crate::cli::{BulletinFormat, GenerateArgs};
use crate::cmd::{self, Outcome};
use crate::diagnostic::{self, has_errors};
use crate::output::write_atomic;
use crate::render::context::{Classified, bulletin_view};
use crate::render::{Templates, json};

pub fn run(args: &GenerateArgs) -> anyhow::Result<Outcome> {
    let stderr = &mut std::io::stderr().lock();
    // Templates first: a broken template is found before any work is done.
    let templates = Templates::new(args.templates.as_deref())?;
    let plan = match cmd::load_plan(&args.plan.plan)? {
        Ok(plan) => plan,
        Err(diagnostics) => {
            cmd::print_diagnostics(stderr, &diagnostics)?;
            return Ok(Outcome::DataErrors);
        }
    };
    let folder = match &args.period {
        Some(folder) => folder.clone(),
        None => cmd::newest_period(&args.plan.plan)?,
    };
    let mut checked = cmd::check_period(&plan, &folder, args.plan.as_of)?;
    let Some(as_of) = checked.as_of else {
        checked
            .checked
            .diagnostics
            .push(cmd::missing_as_of(&folder, true));
        diagnostic::sort(&mut checked.checked.diagnostics);
        cmd::print_diagnostics(stderr, &checked.checked.diagnostics)?;
        return Ok(Outcome::DataErrors);
    };
    cmd::print_diagnostics(stderr, &checked.checked.diagnostics)?;
    if has_errors(&checked.checked.diagnostics) {
        writeln!(
            stderr,
            "报表有错误，未生成通报；请按上面的提示改正后重试（bulletin validate {} 可单独检查）",
            folder.display()
        )?;
        return Ok(Outcome::DataErrors);
    }

    // The checker built the period at the same as_of.
    debug_assert_eq!(checked.checked.period.as_of, as_of);
    let classified = Classified::new(&plan, &checked.checked.period);
    let rendered = match args.format {
        BulletinFormat::Json => json::render(&classified)?,
        BulletinFormat::Md | BulletinFormat::Text => {
            let text = checked.overrides.apply(&plan.bulletin);
            let view = bulletin_view(&classified, &text);
            let name = if args.format == BulletinFormat::Md {
                "bulletin.md"
            } else {
                "bulletin.txt"
            };
            templates.render(name, &view)?
        }
    };
    match &args.output {
        Some(path) => {
            let mut inputs: Vec<&std::path::Path> =
                checked.inputs.iter().map(|p| p.as_path()).collect();
            inputs.push(&args.plan.plan);
            write_atomic(path, rendered.as_bytes(), &inputs)?;
        }
        None => std::io::stdout().lock().write_all(rendered.as_bytes())?,
    }
    Ok(Outcome::Success)
}
