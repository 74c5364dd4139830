//! A period folder on disk: its period.yaml and its sheets, read in name order.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::diagnostic::{Code, Diagnostic};
use crate::load::sheet::is_sheet_path;
use crate::load::yaml::{self, PeriodFile};
use crate::provenance::FileDigest;

/// What a period folder holds.
#[derive(Debug, Clone)]
pub struct PeriodFolder {
    pub folder: PathBuf,
    pub period_file: PeriodFile,
    /// The sheets' paths, in name order; each is read only when it is checked, so a period
    /// is never held in memory whole.
    pub sheets: Vec<PathBuf>,
    /// period.yaml's digest, when there is one.
    pub period_digest: Option<FileDigest>,
    /// Findings about the folder itself (period.yaml, stray files).
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads a period folder. Its files are taken in name order, so the result never depends on
/// the order the file system lists them in.
pub fn read_period_folder(folder: &Path) -> anyhow::Result<PeriodFolder> {
    let entries = std::fs::read_dir(folder)
        .with_context(|| format!("无法读取报送期文件夹 {}", folder.display()))?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("无法读取报送期文件夹 {}", folder.display()))?;
        paths.push(entry.path());
    }
    paths.sort();

    let mut diagnostics = Vec::new();
    let period_path = folder.join("period.yaml");
    let mut period_digest = None;
    let period_file = if period_path.is_file() {
        let source = std::fs::read_to_string(&period_path)
            .with_context(|| format!("无法读取 {}", period_path.display()))?;
        period_digest = Some(FileDigest::of(
            period_path.display().to_string(),
            source.as_bytes(),
        ));
        let (period_file, found) = yaml::parse_period(&period_path.display().to_string(), &source);
        diagnostics.extend(found);
        period_file
    } else {
        PeriodFile::default()
    };

    let mut sheets = Vec::new();
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Hidden files, Excel's lock files (~$瞻岐.xlsx), folders and notes are not sheets.
        if name.starts_with('.') || name.starts_with("~$") || path.is_dir() || name == "period.yaml"
        {
            continue;
        }
        if !is_sheet_path(&path) {
            if !name.to_lowercase().ends_with(".md") {
                let message = "不是表格文件（.csv 或 .xlsx），已跳过；如果这是某单位的报表，请另存为 CSV 或 .xlsx";
                diagnostics.push(Diagnostic::warning(
                    path.display().to_string(),
                    Code::UnknownFile,
                    message,
                ));
            }
            continue;
        }
        sheets.push(path);
    }
    Ok(PeriodFolder {
        folder: folder.to_path_buf(),
        period_file,
        sheets,
        period_digest,
        diagnostics,
    })
}
