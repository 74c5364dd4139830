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

/// What a file in a period folder is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    /// A sheet, read.
    Sheet,
    /// What bulletin writes (通报.md/.txt/.docx/.json, 东湖-反馈.txt) or a clerk's note: left
    /// alone without a word. An output of ours is never read back as input.
    NotASheet,
    /// Anything else (a .doc, a .pdf, a photo): skipped with a warning, since it may be a
    /// unit's report in a form that cannot be read.
    Unknown,
}

/// Extensions of the text bulletin writes: never a unit's report.
const TEXT_OUTPUTS: [&str; 3] = ["md", "txt", "json"];

/// A sheet by its extension; a `.txt` only when it is what Excel saves as text (its "Unicode
/// text", UTF-16, or "Text (Tab delimited)"), never a note or a text bulletin, which have no
/// tabs. Feedback files (`东湖-反馈.txt`) are never sheets.
fn kind_of_file(path: &Path, name: &str) -> anyhow::Result<FileKind> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_lowercase();
    if name.ends_with("-反馈.txt") {
        return Ok(FileKind::NotASheet);
    }
    if extension == "txt" {
        return Ok(if excel_text(path)? {
            FileKind::Sheet
        } else {
            FileKind::NotASheet
        });
    }
    // A bulletin's .docx (or a workbook bulletin wrote) says so in its properties; a unit's
    // Word document is not ours, and is warned about.
    if matches!(extension.as_str(), "docx" | "xlsx") && written_by_bulletin(path) {
        return Ok(FileKind::NotASheet);
    }
    if is_sheet_path(path) {
        return Ok(FileKind::Sheet);
    }
    Ok(if TEXT_OUTPUTS.contains(&extension.as_str()) {
        FileKind::NotASheet
    } else {
        FileKind::Unknown
    })
}

/// Whether an Office file says bulletin wrote it: the .docx in `docProps/app.xml`
/// (`<Application>bulletin …`), the summary workbook in `docProps/custom.xml` (`generator`).
fn written_by_bulletin(path: &Path) -> bool {
    said_in(path, "docProps/app.xml", b"<Application>bulletin ")
        || said_in(path, "docProps/custom.xml", b">bulletin ")
}

/// Whether part `part` of the zip at `path` holds `marker` in its first 64 KiB.
fn said_in(path: &Path, part: &str, marker: &[u8]) -> bool {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(mut archive) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return false;
    };
    let Ok(found) = archive.by_name(part) else {
        return false;
    };
    let mut text = Vec::new();
    if found.take(64 * 1024).read_to_end(&mut text).is_err() {
        return false;
    }
    text.windows(marker.len()).any(|window| window == marker)
}

/// Whether a text file is a table Excel saved: UTF-16 with a BOM ("Unicode text"), or a tab
/// in one of its first lines ("Text (Tab delimited)", in GBK or UTF-8).
fn excel_text(path: &Path) -> anyhow::Result<bool> {
    use std::io::Read;
    let file = std::fs::File::open(path).with_context(|| format!("无法读取 {}", path.display()))?;
    let mut head = Vec::new();
    file.take(64 * 1024)
        .read_to_end(&mut head)
        .with_context(|| format!("无法读取 {}", path.display()))?;
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Ok(true);
    }
    Ok(head
        .split(|&b| b == b'\n')
        .take(10)
        .any(|line| line.contains(&b'\t')))
}

/// Reads period.yaml from its bytes: text in another encoding than UTF-8 (Notepad's "ANSI",
/// which is GBK on a Chinese Windows) is said in Chinese, as the plan's is.
pub fn read_period_file(path: &str, bytes: &[u8]) -> (PeriodFile, Vec<Diagnostic>) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(source) => yaml::parse_period(path, source),
        Err(_) => {
            let message = "period.yaml 必须用 UTF-8 编码保存：在记事本中“另存为”，把“编码”选为 UTF-8 后保存（现在的编码像是 GBK/ANSI）";
            let diagnostic = Diagnostic::error(path, Code::PeriodSyntax, message);
            // Read as GBK all the same, so that the encoding is the one fault named (not a
            // missing as_of besides).
            let (text, _, unreadable) = encoding_rs::GB18030.decode(bytes);
            let (period_file, mut found) = if unreadable {
                (PeriodFile::default(), Vec::new())
            } else {
                yaml::parse_period(path, &text)
            };
            found.insert(0, diagnostic);
            (period_file, found)
        }
    }
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
        let bytes = std::fs::read(&period_path)
            .with_context(|| format!("无法读取 {}", period_path.display()))?;
        let display = period_path.display().to_string();
        period_digest = Some(FileDigest::of(display.clone(), &bytes));
        let (period_file, found) = read_period_file(&display, &bytes);
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
        match kind_of_file(&path, &name)? {
            FileKind::Sheet => sheets.push(path),
            FileKind::NotASheet => {}
            FileKind::Unknown => {
                let message = "不是表格文件（.csv、.xlsx、.xls 或 .ods），已跳过；如果这是某单位的报表，请另存为 .xlsx 或 CSV";
                diagnostics.push(Diagnostic::warning(
                    path.display().to_string(),
                    Code::UnknownFile,
                    message,
                ));
            }
        }
    }
    Ok(PeriodFolder {
        folder: folder.to_path_buf(),
        period_file,
        sheets,
        period_digest,
        diagnostics,
    })
}
