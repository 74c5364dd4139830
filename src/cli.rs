//! The command line: one argument struct per subcommand. Clap stops here; commands turn these
//! into typed options.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// 按任务清单和各单位报表，生成工作推进情况通报。
#[derive(Debug, Parser)]
#[command(name = "bulletin", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 生成一期通报（Markdown、可粘贴到 Word/WPS 的文本、JSON）
    Generate(GenerateArgs),
    /// 检查各单位报送的表格，指出哪个单元格有误、如何改正
    Validate(ValidateArgs),
    /// 对比两期：哪些任务分类变了、哪些单位有进展或退回
    Diff(DiffArgs),
}

/// Flags every command that reads a plan shares.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// 任务清单文件
    #[arg(long, value_name = "FILE", default_value = "data/plan.yaml")]
    pub plan: PathBuf,
    /// 统计截止日期（如 2021-05-24），代替报送期 period.yaml 中的 as_of
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// 报送期文件夹（默认：任务清单旁 periods/ 下最新的一期）
    pub period: Option<PathBuf>,
    #[command(flatten)]
    pub plan: PlanArgs,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = BulletinFormat::Md)]
    pub format: BulletinFormat,
    /// 写入文件（默认输出到屏幕）
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// 自定义模板文件夹：其中与内置模板同名的文件替换内置模板
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// 上一期的报送期文件夹：在“总体情况”后加一句与上期相比的变化
    #[arg(long, value_name = "OLD")]
    pub previous: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BulletinFormat {
    /// Markdown
    Md,
    /// 纯文本，每段一行，段首两个全角空格，可直接粘贴到 Word/WPS
    Text,
    /// 分类结果（供其他程序使用）
    Json,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// 旧的一期（默认：任务清单旁 periods/ 下较新的两期）
    pub old: Option<PathBuf>,
    /// 新的一期
    pub new: Option<PathBuf>,
    /// 任务清单文件
    #[arg(long, value_name = "FILE", default_value = "data/plan.yaml")]
    pub plan: PathBuf,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = DiffFormat::Md)]
    pub format: DiffFormat,
    /// 写入文件（默认输出到屏幕）
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// 自定义模板文件夹（diff.md、diff.txt）
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Markdown
    Md,
    /// 纯文本，可直接粘贴
    Text,
    /// 结构化结果（供其他程序使用）
    Json,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// 要检查的表格文件或报送期文件夹（默认：最新的一期）
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub plan: PlanArgs,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,
    /// 为每个表格写一份给报送单位的反馈（改什么、在哪一行、怎么改），放入此文件夹
    #[arg(long, value_name = "DIR")]
    pub feedback: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// 每个问题一行
    Human,
    /// JSON 数组
    Json,
}

fn parse_as_of(text: &str) -> Result<NaiveDate, String> {
    crate::load::date::parse_date(text)
        .ok_or_else(|| format!("“{text}”不是日期，应写作 2021-05-24"))
}
