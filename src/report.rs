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
            eprintln!("错误：{}", in_chinese(&error));
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

/// A fatal error with its causes, every one in Chinese: our own messages as they are, a
/// system error by its kind (找不到文件, 没有权限, …), never the system's English.
pub fn in_chinese(error: &anyhow::Error) -> String {
    let causes: Vec<String> = error
        .chain()
        .map(|cause| {
            if let Some(io) = cause.downcast_ref::<std::io::Error>() {
                io_in_chinese(io)
            } else if let Some(xlsx) = cause.downcast_ref::<rust_xlsxwriter::XlsxError>() {
                // The workbooks' writers say what they were writing; this is the net under them.
                crate::render::excel::in_chinese(xlsx)
            } else {
                cause.to_string()
            }
        })
        .collect();
    causes.join("：")
}

/// What a system error means to a clerk.
fn io_in_chinese(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    // A message of ours wrapped in an io::Error is already Chinese.
    if error.raw_os_error().is_none()
        && let Some(inner) = error.get_ref()
    {
        return inner.to_string();
    }
    let what = match error.kind() {
        ErrorKind::NotFound => "找不到该文件或文件夹",
        ErrorKind::PermissionDenied => "没有权限（文件可能正被 Excel/WPS 打开，或文件夹是只读的）",
        ErrorKind::AlreadyExists => "已经存在",
        ErrorKind::IsADirectory => "这是一个文件夹，不是文件",
        ErrorKind::NotADirectory => "路径中有一段不是文件夹",
        ErrorKind::DirectoryNotEmpty => "文件夹不是空的",
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => "磁盘已满",
        ErrorKind::ReadOnlyFilesystem => "磁盘是只读的",
        ErrorKind::FileTooLarge => "文件太大",
        ErrorKind::InvalidFilename => "文件名不合法",
        ErrorKind::InvalidData => "文件内容无法读取",
        ErrorKind::UnexpectedEof => "文件不完整（读到一半就结束了）",
        ErrorKind::Interrupted => "读写被中断",
        ErrorKind::CrossesDevices => "不能跨磁盘移动文件",
        _ => {
            return match error.raw_os_error() {
                Some(code) => format!("读写出错（系统错误代码 {code}）"),
                None => "读写出错".to_string(),
            };
        }
    };
    what.to_string()
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

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn a_system_error_is_said_in_chinese_after_our_own_words() {
        let missing = std::fs::read("/no/such/file")
            .context("无法读取任务清单 plan.yaml")
            .unwrap_err();
        assert_eq!(
            in_chinese(&missing),
            "无法读取任务清单 plan.yaml：找不到该文件或文件夹"
        );
        let denied = anyhow::Error::from(std::io::Error::from_raw_os_error(13));
        assert!(in_chinese(&denied).starts_with("没有权限"));
        let odd = anyhow::Error::from(std::io::Error::from_raw_os_error(5));
        assert_eq!(in_chinese(&odd), "读写出错（系统错误代码 5）");
        let refused = anyhow::Error::from(rust_xlsxwriter::XlsxError::MaxStringLengthExceeded);
        assert_eq!(
            in_chinese(&refused),
            "一格的文字超过 Excel 的上限（32767字）"
        );
    }
}
