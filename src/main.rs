use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = bulletin::cli::Cli::parse();
    match bulletin::run(&cli) {
        Ok(bulletin::Outcome::Success) => ExitCode::SUCCESS,
        Ok(bulletin::Outcome::DataErrors) => ExitCode::from(1),
        Err(error) => {
            eprintln!("错误：{error:#}");
            ExitCode::from(2)
        }
    }
}
