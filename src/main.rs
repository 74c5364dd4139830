use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    bulletin::quiet_panic::install_hook();
    let cli = bulletin::cli::Cli::parse();
    match bulletin::run(&cli) {
        Ok(bulletin::Outcome::Success) => ExitCode::SUCCESS,
        Ok(bulletin::Outcome::DataErrors) => ExitCode::from(1),
        // A reader that stopped early (`bulletin generate | head`) is not an error.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("错误：{error:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(|e| e.io_error_kind())
                == Some(std::io::ErrorKind::BrokenPipe)
    })
}
