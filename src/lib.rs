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
pub mod suggest;

pub use cmd::Outcome;

/// Runs one command. `Err` is for what stops the program (exit 2): a file that cannot be read
/// or written, a broken template.
pub fn run(cli: &cli::Cli) -> anyhow::Result<Outcome> {
    match &cli.command {
        cli::Command::Generate(args) => cmd::generate::run(args),
        cli::Command::Validate(args) => cmd::validate::run(args),
        cli::Command::Diff(args) => cmd::diff::run(args),
        cli::Command::Sheets(args) => cmd::sheets::run(args),
    }
}
