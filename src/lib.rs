//! bulletin: monthly progress bulletins (通报) from a numbered work plan and the status sheets
//! the units send back. Data flows one way: load → check → classify → view model → render → write.

pub mod check;
pub mod cli;
pub mod cmd;
pub mod diagnostic;
pub mod load;
pub mod model;
pub mod output;
pub mod provenance;
pub mod quiet_panic;
pub mod render;
pub mod report;
pub mod suggest;
pub mod usage;

use report::{Exit, ReportTo};

/// Runs one command and prints how it ended: findings, or what stopped it.
pub fn run(cli: &cli::Cli) -> Exit {
    use cli::Command;
    let (outcome, report_to) = match &cli.command {
        Command::Init(args) => (cmd::init::run(args), ReportTo::Stderr),
        Command::Generate(args) => (cmd::generate::run(args), ReportTo::Stderr),
        Command::Validate(args) => (cmd::validate::run(args), ReportTo::Stdout(args.format)),
        Command::Diff(args) => (cmd::diff::run(args), ReportTo::Stderr),
        Command::Sheets(args) => (cmd::sheets::run(args), ReportTo::Stderr),
    };
    report::finish(outcome, report_to)
}
