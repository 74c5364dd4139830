use std::process::ExitCode;

fn main() -> ExitCode {
    bulletin::quiet_panic::install_hook();
    match bulletin::usage::parse(std::env::args_os()) {
        Ok(cli) => ExitCode::from(bulletin::run(&cli).code()),
        Err(ended) => {
            ended.print();
            ExitCode::from(ended.code)
        }
    }
}
