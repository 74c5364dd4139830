//! The one place a command's end is printed: its findings (on stderr, or validate's report on
//! stdout in the format asked for) and a fatal error, then the exit status.

use std::io::Write;

use crate::cli::ReportFormat;
use crate::cmd::{Failure, Findings, Outcome};

/// Where a command's findings go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportTo {
    /// On stderr, one a line: the output on stdout stays clean.
    Stderr,
    /// On stdout in the given format: the findings are the command's output (validate).
    Stdout(ReportFormat),
}

/// How the program ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: done, warnings allowed.
    Success,
    /// 1: the data has errors.
    DataErrors,
    /// 2: misuse, or a file that cannot be read or written.
    Fatal,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::DataErrors => 1,
            Exit::Fatal => 2,
        }
    }
}

/// Prints how a command ended and says how the program exits.
pub fn finish(outcome: Outcome, to: ReportTo) -> Exit {
    let (findings, exit) = match outcome {
        Ok(done) => (done.findings, Exit::Success),
        Err(Failure::Data(findings)) => (findings, Exit::DataErrors),
        Err(Failure::Fatal(error)) => {
            // A reader that stopped early (`bulletin generate | head`) is not an error.
            if is_broken_pipe(&error) {
                return Exit::Success;
            }
            eprintln!("错误：{error:#}");
            return Exit::Fatal;
        }
    };
    // A report that cannot be printed has nowhere left to go; the exit status still tells.
    let _ = match to {
        ReportTo::Stderr => print_human(&mut std::io::stderr().lock(), &findings),
        ReportTo::Stdout(ReportFormat::Human) => {
            print_human(&mut std::io::stdout().lock(), &findings)
        }
        ReportTo::Stdout(ReportFormat::Json) => print_json(&findings),
    };
    exit
}

/// Findings one a line, then the closing lines.
pub fn print_human(out: &mut impl Write, findings: &Findings) -> std::io::Result<()> {
    for diagnostic in &findings.diagnostics {
        writeln!(out, "{diagnostic}")?;
    }
    for line in &findings.closing {
        writeln!(out, "{line}")?;
    }
    out.flush()
}

fn print_json(findings: &Findings) -> std::io::Result<()> {
    let out = &mut std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut *out, &findings.diagnostics)?;
    writeln!(out)?;
    out.flush()
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
