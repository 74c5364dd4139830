use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    bulletin::quiet_panic::install_hook();
    let cli = bulletin::cli::Cli::parse();
    ExitCode::from(bulletin::run(&cli).code())
}
