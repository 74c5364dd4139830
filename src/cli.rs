//! The command line: one argument struct per subcommand. Clap stops here; commands turn these
//! into typed options.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// 按任务清单和各单位报表，生成工作推进情况通报。
#[derive(Debug, Parser)]
#[command(name = "bulletin", version, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The commands, in the order an office uses them in a month.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 新建办公室文件夹：根据本单位的任务清单（Excel/CSV）生成 plan.yaml，并建 periods/ 文件夹
    Init(InitArgs),
    /// 生成下发给各单位的报表（空白，或按某一期预填）
    Sheets(SheetsArgs),
    /// 检查各单位报送的表格（或只检查任务清单），指出哪个单元格有误、如何改正
    Validate(ValidateArgs),
    /// 生成一期通报（Word 文档、可粘贴到 Word/WPS 的文本、Markdown、JSON）或汇总表（Excel）
    Generate(GenerateArgs),
    /// 对比两期：哪些任务分类变了、哪些单位有进展或退回
    Diff(DiffArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// 办公室文件夹（默认：当前文件夹）；其中写入 plan.yaml 和 periods/
    #[arg(value_name = "文件夹")]
    pub dir: Option<PathBuf>,
    /// 本单位已有的任务清单（.xlsx、.xls、.ods 或 .csv）：表头如 序号、工作任务、责任单位、完成时限
    #[arg(long, value_name = "任务清单")]
    pub from: Option<PathBuf>,
    /// 所有乡镇（街道），按通报中的顺序，用逗号或顿号分开（任务清单只写“各乡镇”时需要）
    #[arg(long, value_name = "单位")]
    pub towns: Option<String>,
}

/// The flag every command that reads a plan shares.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// 任务清单文件（默认：当前文件夹或上级文件夹中的 plan.yaml 或 data/plan.yaml）
    #[arg(long, value_name = "文件")]
    pub plan: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// 报送期文件夹（默认：任务清单旁 periods/ 下最新的一期）
    #[arg(value_name = "报送期")]
    pub period: Option<PathBuf>,
    #[command(flatten)]
    pub plan: PlanArgs,
    /// 统计截止日期（如 2025-07-31 或 20250731），代替报送期 period.yaml 中的 as_of
    #[arg(long, value_name = "日期", value_parser = parse_as_of)]
    pub as_of: Option<NaiveDate>,
    /// 输出格式：md、text、json、docx、xlsx（不写时按 -o 文件的扩展名，如 -o 通报.docx、-o 汇总表.xlsx；都没有则为 md）
    #[arg(long, value_enum, value_name = "格式", hide_possible_values = true)]
    pub format: Option<BulletinFormat>,
    /// 写入文件（默认输出到屏幕）
    #[arg(short, long, value_name = "文件")]
    pub output: Option<PathBuf>,
    /// 自定义模板文件夹：其中与内置模板同名的文件替换内置模板
    #[arg(long, value_name = "文件夹")]
    pub templates: Option<PathBuf>,
    /// 不附“各单位任务推进情况表”（附件）
    #[arg(long)]
    pub no_annex: bool,
    /// 上一期的报送期文件夹：在“总体情况”后加一句与上期相比的变化（汇总表：各单位上期完成率和变化）
    #[arg(long, value_name = "上一期")]
    pub previous: Option<PathBuf>,
    /// 有单位未报送时仍生成通报：其任务按未完成统计，通报中写明哪些单位未按时报送
    #[arg(long)]
    pub allow_missing: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BulletinFormat {
    /// Markdown
    Md,
    /// 纯文本，每段一行，段首两个全角空格，可直接粘贴到 Word/WPS
    Text,
    /// 分类结果（供其他程序使用）
    Json,
    /// 按 GB/T 9704 版式排好的 Word 文档（需用 -o 指定文件）
    Docx,
    /// 汇总表：总览和图表、任务、单位×任务、排名（Excel 工作簿，需用 -o 指定文件）
    Xlsx,
}

impl BulletinFormat {
    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            BulletinFormat::Md => "md",
            BulletinFormat::Text => "text",
            BulletinFormat::Json => "json",
            BulletinFormat::Docx => "docx",
            BulletinFormat::Xlsx => "xlsx",
        }
    }

    /// The extension of a file in this format.
    pub fn extension(self) -> &'static str {
        match self {
            BulletinFormat::Text => "txt",
            other => other.name(),
        }
    }
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// 旧的一期（默认：任务清单旁 periods/ 下最新的两期）
    #[arg(value_name = "旧的一期")]
    pub old: Option<PathBuf>,
    /// 新的一期
    #[arg(value_name = "新的一期")]
    pub new: Option<PathBuf>,
    #[command(flatten)]
    pub plan: PlanArgs,
    /// 输出格式：md、text、json（不写时按 -o 文件的扩展名；都没有则为 md）
    #[arg(long, value_enum, value_name = "格式", hide_possible_values = true)]
    pub format: Option<DiffFormat>,
    /// 写入文件（默认输出到屏幕）
    #[arg(short, long, value_name = "文件")]
    pub output: Option<PathBuf>,
    /// 自定义模板文件夹（diff.md、diff.txt）
    #[arg(long, value_name = "文件夹")]
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

impl DiffFormat {
    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            DiffFormat::Md => "md",
            DiffFormat::Text => "text",
            DiffFormat::Json => "json",
        }
    }

    /// The extension of a file in this format.
    pub fn extension(self) -> &'static str {
        match self {
            DiffFormat::Text => "txt",
            other => other.name(),
        }
    }
}

#[derive(Debug, Args)]
pub struct SheetsArgs {
    /// 按这一期的报送情况预填状态、完成日期和说明，各单位只需改有变化的行
    #[arg(long, value_name = "报送期")]
    pub from: Option<PathBuf>,
    #[command(flatten)]
    pub plan: PlanArgs,
    /// 本期的统计截止日期（如 2025-06-30），印在报表标题中
    #[arg(long, value_name = "日期", value_parser = parse_as_of)]
    pub as_of: Option<NaiveDate>,
    /// 表格格式：xlsx（默认，Excel 工作簿，可直接打印）或 csv
    #[arg(
        long,
        value_enum,
        value_name = "格式",
        default_value_t = SheetFormat::Xlsx,
        hide_default_value = true,
        hide_possible_values = true
    )]
    pub format: SheetFormat,
    /// 输出文件夹（每个单位一个文件）
    #[arg(short, long, value_name = "文件夹")]
    pub output: PathBuf,
    /// 覆盖文件夹中已有的同名表格
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SheetFormat {
    /// CSV（UTF-8 带 BOM，Excel 可直接打开）
    Csv,
    /// Excel 工作簿（状态下拉选择、日期单元格）
    Xlsx,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// 要检查的表格文件或报送期文件夹（默认：最新的一期；还没有报送期时只检查任务清单）；给出 plan.yaml 则只检查任务清单
    #[arg(value_name = "路径")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub plan: PlanArgs,
    /// 统计截止日期（如 2025-07-31 或 20250731），代替报送期 period.yaml 中的 as_of
    #[arg(long, value_name = "日期", value_parser = parse_as_of)]
    pub as_of: Option<NaiveDate>,
    /// 输出格式：human（默认，每个问题一行）或 json
    #[arg(
        long,
        value_enum,
        value_name = "格式",
        default_value_t = ReportFormat::Human,
        hide_default_value = true,
        hide_possible_values = true
    )]
    pub format: ReportFormat,
    /// 为每个表格写一份给报送单位的反馈（改什么、在哪一行、怎么改），放入此文件夹
    #[arg(long, value_name = "文件夹")]
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
    crate::load::date::parse_day(text)
        .ok_or_else(|| format!("“{text}”不是日期，应写作 2025-07-31 或 20250731"))
}
