//! The command line as a clerk meets it: help with Chinese headings, and every mistake clap
//! finds said in Chinese — what is wrong, the usage, where to get help — never clap's English.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, CommandFactory, FromArgMatches};

use crate::cli::Cli;

/// How parsing the command line ended when no command is to run: the text to print, where,
/// and the exit status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ended {
    pub text: String,
    pub to_stdout: bool,
    pub code: u8,
}

impl Ended {
    pub fn print(&self) {
        if self.to_stdout {
            print!("{}", self.text);
        } else {
            eprint!("{}", self.text);
        }
    }
}

/// The commands, in the order an office uses them.
const COMMANDS: &str = "init、sheets、validate、generate、diff";

const TEMPLATE: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// The command line, parsed; or what to print instead (help, version, a mistake).
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Cli, Ended> {
    let mut args: Vec<OsString> = args.into_iter().collect();
    // `bulletin help [命令]` is `bulletin [命令] --help`.
    if args.get(1).is_some_and(|a| a == "help") {
        args.remove(1);
        args.push("--help".into());
    }
    // The subcommand typed, for the usage and help printed with a mistake.
    let mut full = command();
    full.build();
    let typed = args
        .iter()
        .skip(1)
        .filter_map(|a| a.to_str())
        .find_map(|a| {
            full.find_subcommand(a)
                .map(|sub| sub.get_name().to_string())
        });
    let usage = match &typed {
        Some(name) => full
            .find_subcommand_mut(name)
            .map(|sub| sub.render_usage().to_string()),
        None => Some(full.render_usage().to_string()),
    }
    .unwrap_or_default();
    let help = match &typed {
        Some(name) => format!("bulletin {name} --help"),
        None => "bulletin --help".to_string(),
    };
    let matches = command()
        .try_get_matches_from(args)
        .map_err(|error| ended(&error, &usage, &help))?;
    Cli::from_arg_matches(&matches).map_err(|error| ended(&error, &usage, &help))
}

/// The derived command with Chinese headings and help flags, in every subcommand.
pub fn command() -> clap::Command {
    let help = Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .help("显示帮助")
        .help_heading("选项")
        .display_order(1000);
    localize(Cli::command())
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_subcommand(true)
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本")
                .help_heading("选项")
                .display_order(1001),
        )
        .arg(help.clone())
        .mut_subcommands(move |sub| localize(sub).arg(help.clone()))
}

fn localize(command: clap::Command) -> clap::Command {
    // Listed in the order they are defined (a heading of our own would sort them by name).
    let mut order = 0;
    command
        .help_template(TEMPLATE)
        .disable_help_flag(true)
        .mut_args(|arg| {
            order += 1;
            let heading = if arg.is_positional() {
                "参数"
            } else {
                "选项"
            };
            arg.help_heading(heading).display_order(order)
        })
}

/// A clap error (or help, or version) as what to print and how to exit; a mistake is followed
/// by the usage of the command typed and how to get its help.
fn ended(error: &clap::Error, usage: &str, help: &str) -> Ended {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => Ended {
            text: plain(&error.render().to_string()),
            to_stdout: true,
            code: 0,
        },
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => Ended {
            text: plain(&error.render().to_string()),
            to_stdout: false,
            code: 2,
        },
        _ => {
            let text = format!(
                "错误：{}\n{}查看帮助：{help}\n",
                mistake(error),
                plain(usage.trim_end())
            );
            Ended {
                text,
                to_stdout: false,
                code: 2,
            }
        }
    }
}

/// clap's usage and help without its English words.
fn plain(text: &str) -> String {
    let mut text = text
        .replace("Usage: ", "用法：")
        .replace("[OPTIONS]", "[选项]");
    for heading in ["命令", "参数", "选项"] {
        text = text.replace(&format!("{heading}:\n"), &format!("{heading}：\n"));
    }
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

fn string(error: &clap::Error, kind: ContextKind) -> Option<String> {
    match error.get(kind)? {
        ContextValue::String(text) => Some(text.clone()),
        ContextValue::StyledStr(text) => Some(text.to_string()),
        ContextValue::Strings(list) => Some(list.join("、")),
        ContextValue::StyledStrs(list) => Some(
            list.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("、"),
        ),
        _ => None,
    }
}

/// The argument as the user typed it: `--format`, not `--format <格式>`.
fn flag(error: &clap::Error) -> String {
    let arg = string(error, ContextKind::InvalidArg).unwrap_or_default();
    arg.split([' ', '=']).next().unwrap_or_default().to_string()
}

/// What is wrong, in Chinese.
fn mistake(error: &clap::Error) -> String {
    let value = string(error, ContextKind::InvalidValue).unwrap_or_default();
    let did_you_mean = |kind| {
        string(error, kind)
            .map(|close| format!("，是否为“{close}”？"))
            .unwrap_or_default()
    };
    match error.kind() {
        ErrorKind::InvalidValue => {
            let valid = string(error, ContextKind::ValidValue)
                .filter(|valid| !valid.is_empty())
                .map(|valid| format!("（可用的值：{valid}）"))
                .unwrap_or_default();
            let hint = did_you_mean(ContextKind::SuggestedValue);
            if value.is_empty() {
                format!("{} 后面缺少值{valid}", flag(error))
            } else {
                format!("{} 的值“{value}”无效{hint}{valid}", flag(error))
            }
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(error)
                .map(|source| format!("：{source}"))
                .unwrap_or_default();
            format!("{} 的值“{value}”无效{why}", flag(error))
        }
        ErrorKind::UnknownArgument => {
            let arg = flag(error);
            let hint = did_you_mean(ContextKind::SuggestedArg);
            if arg.starts_with('-') {
                format!("没有“{arg}”这个选项{hint}")
            } else {
                format!("多余的参数“{arg}”{hint}")
            }
        }
        ErrorKind::InvalidSubcommand => {
            let name = string(error, ContextKind::InvalidSubcommand).unwrap_or_default();
            let hint = did_you_mean(ContextKind::SuggestedSubcommand);
            format!("没有“{name}”这个命令{hint}（可用的命令：{COMMANDS}）")
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = string(error, ContextKind::InvalidArg).unwrap_or_default();
            format!("缺少必需的参数：{missing}")
        }
        ErrorKind::MissingSubcommand => {
            format!("缺少命令：{COMMANDS} 选一个")
        }
        ErrorKind::ArgumentConflict => {
            let other = string(error, ContextKind::PriorArg).unwrap_or_default();
            format!("{} 不能与 {other} 同时使用", flag(error))
        }
        ErrorKind::TooManyValues => format!("多余的值“{value}”"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{} 的值的个数不对", flag(error))
        }
        ErrorKind::NoEquals => format!("{} 要写成 {}=值", flag(error), flag(error)),
        ErrorKind::InvalidUtf8 => "参数中有无法识别的字符".to_string(),
        _ => "命令行有误".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Ended {
        let args = std::iter::once("bulletin").chain(args.iter().copied());
        parse(args.map(OsString::from)).unwrap_err()
    }

    #[test]
    fn a_mistake_is_said_in_chinese_with_the_usage_and_where_to_get_help() {
        let ended = run(&["generate", "--format", "doc"]);
        assert_eq!(ended.code, 2);
        assert!(!ended.to_stdout);
        assert_eq!(
            ended.text,
            "错误：--format 的值“doc”无效，是否为“docx”？（可用的值：md、text、json、docx、xlsx）\n\
             用法：bulletin generate [选项] [报送期]\n\
             查看帮助：bulletin generate --help\n"
        );
        let ended = run(&["gen"]);
        assert!(
            ended
                .text
                .starts_with("错误：没有“gen”这个命令，是否为“generate”？"),
            "{}",
            ended.text
        );
        assert!(
            run(&["generate", "--as-of", "明天"])
                .text
                .starts_with("错误：--as-of 的值“明天”无效：“明天”不是日期"),
        );
    }

    #[test]
    fn help_is_in_chinese_and_on_stdout() {
        let ended = run(&["generate", "--help"]);
        assert_eq!((ended.code, ended.to_stdout), (0, true));
        for english in [
            "Usage",
            "Options",
            "Arguments",
            "Print",
            "[default",
            "possible",
        ] {
            assert!(!ended.text.contains(english), "{english}: {}", ended.text);
        }
        assert!(
            ended.text.contains("用法：bulletin generate"),
            "{}",
            ended.text
        );
        assert_eq!(run(&["help", "generate"]), ended);
        let top = run(&["--help"]);
        assert!(top.text.contains("命令："), "{}", top.text);
        assert!(!top.text.contains("Print"), "{}", top.text);
    }
}
