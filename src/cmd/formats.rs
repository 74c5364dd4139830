//! The output's format: `--format`, else the extension of `-o` (`通报.docx` writes Word); an
//! extension that disagrees with `--format` is refused rather than writing one format under
//! another's name.

use std::path::Path;

use anyhow::bail;

use crate::cli::{BulletinFormat, DiffFormat};

/// The extension of an output file, in lower case.
fn extension(output: &Path) -> Option<String> {
    output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase)
}

/// A command's output formats: named by `--format`, chosen by an extension.
trait Format: Copy + PartialEq {
    fn name(self) -> &'static str;
    fn extension(self) -> &'static str;
    /// The format an extension (in lower case) stands for.
    fn of_extension(extension: &str) -> Option<Self>;
    /// What the command can write, for a message about an extension it cannot.
    const CHOICES: &'static str;
}

impl Format for BulletinFormat {
    fn name(self) -> &'static str {
        BulletinFormat::name(self)
    }
    fn extension(self) -> &'static str {
        BulletinFormat::extension(self)
    }
    fn of_extension(extension: &str) -> Option<Self> {
        match extension {
            "docx" => Some(BulletinFormat::Docx),
            "md" | "markdown" => Some(BulletinFormat::Md),
            "txt" | "text" => Some(BulletinFormat::Text),
            "json" => Some(BulletinFormat::Json),
            "xlsx" => Some(BulletinFormat::Xlsx),
            _ => None,
        }
    }
    const CHOICES: &'static str =
        "通报可写成 .docx（Word）、.md、.txt 或 .json，汇总表写成 .xlsx（Excel）";
}

impl Format for DiffFormat {
    fn name(self) -> &'static str {
        DiffFormat::name(self)
    }
    fn extension(self) -> &'static str {
        DiffFormat::extension(self)
    }
    fn of_extension(extension: &str) -> Option<Self> {
        match extension {
            "md" | "markdown" => Some(DiffFormat::Md),
            "txt" | "text" => Some(DiffFormat::Text),
            "json" => Some(DiffFormat::Json),
            _ => None,
        }
    }
    const CHOICES: &'static str = "对比结果可写成 .md、.txt 或 .json";
}

/// The format `--format` gives, else the one `-o`'s extension stands for, else `default`; an
/// extension that disagrees with `--format`, or stands for nothing the command writes, is
/// refused.
fn choose<F: Format>(given: Option<F>, output: Option<&Path>, default: F) -> anyhow::Result<F> {
    let Some((path, ext)) = output.and_then(|path| Some((path, extension(path)?))) else {
        return Ok(given.unwrap_or(default));
    };
    match (given, F::of_extension(&ext)) {
        (Some(given), Some(named)) if given != named => bail!(
            "输出文件 {} 的扩展名 .{ext} 与 --format {} 不一致：请去掉 --format，或把文件名改为 .{}",
            path.display(),
            given.name(),
            given.extension()
        ),
        (Some(given), _) => Ok(given),
        (None, Some(named)) => Ok(named),
        (None, None) => bail!(
            "不知道 {} 该写成什么格式（.{ext}）：{}，或用 --format 指定",
            path.display(),
            F::CHOICES
        ),
    }
}

/// The bulletin's format for `--format` and `-o`.
pub fn bulletin_format(
    given: Option<BulletinFormat>,
    output: Option<&Path>,
) -> anyhow::Result<BulletinFormat> {
    match choose(given, output, BulletinFormat::Md)? {
        BulletinFormat::Docx if output.is_none() => {
            bail!("Word 文档不能输出到屏幕：请用 -o 指定文件，如 -o 通报.docx")
        }
        BulletinFormat::Xlsx if output.is_none() => {
            bail!("Excel 汇总表不能输出到屏幕：请用 -o 指定文件，如 -o 汇总表.xlsx")
        }
        format => Ok(format),
    }
}

/// The comparison's format for `--format` and `-o`.
pub fn diff_format(given: Option<DiffFormat>, output: Option<&Path>) -> anyhow::Result<DiffFormat> {
    choose(given, output, DiffFormat::Md)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_chooses_the_format_and_must_agree_with_format() {
        let docx = Some(Path::new("通报.DOCX"));
        assert_eq!(bulletin_format(None, docx).unwrap(), BulletinFormat::Docx);
        assert_eq!(
            bulletin_format(None, Some(Path::new("a.txt"))).unwrap(),
            BulletinFormat::Text
        );
        assert_eq!(bulletin_format(None, None).unwrap(), BulletinFormat::Md);
        assert_eq!(
            bulletin_format(None, Some(Path::new("通报"))).unwrap(),
            BulletinFormat::Md
        );
        let error = bulletin_format(Some(BulletinFormat::Md), docx).unwrap_err();
        assert_eq!(
            error.to_string(),
            "输出文件 通报.DOCX 的扩展名 .docx 与 --format md 不一致：请去掉 --format，或把文件名改为 .md"
        );
        assert!(bulletin_format(None, Some(Path::new("a.pdf"))).is_err());
        assert!(bulletin_format(Some(BulletinFormat::Text), Some(Path::new("a.log"))).is_ok());
        assert!(bulletin_format(Some(BulletinFormat::Docx), None).is_err());
        assert_eq!(
            bulletin_format(None, Some(Path::new("汇总表.XLSX"))).unwrap(),
            BulletinFormat::Xlsx
        );
        let error = bulletin_format(Some(BulletinFormat::Xlsx), None).unwrap_err();
        assert!(error.to_string().contains("-o 汇总表.xlsx"), "{error}");
        assert_eq!(
            diff_format(None, Some(Path::new("变化.json"))).unwrap(),
            DiffFormat::Json
        );
        assert!(diff_format(Some(DiffFormat::Text), Some(Path::new("变化.md"))).is_err());
        let error = diff_format(None, Some(Path::new("变化.docx"))).unwrap_err();
        assert_eq!(
            error.to_string(),
            "不知道 变化.docx 该写成什么格式（.docx）：对比结果可写成 .md、.txt 或 .json，或用 --format 指定"
        );
    }
}
