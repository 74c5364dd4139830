//! Writing an output: whole or not at all, never over an input, never outside the folder asked
//! for. A file, or a folder of files (sheets, feedback) written as one.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

/// Writes `bytes` to `path` through a temporary file in the same folder, renamed into place,
/// so an interrupted run never leaves half a file. Refuses to write over any of `inputs`.
pub fn write_atomic(path: &Path, bytes: &[u8], inputs: &[&Path]) -> anyhow::Result<()> {
    write_atomic_with(path, inputs, |out| Ok(out.write_all(bytes)?))
}

/// Writes an output to `path` (as [`write_atomic`]) or, without a path, to stdout, streaming
/// it through `write` so a large output is never held whole in memory.
pub fn emit(
    path: Option<&Path>,
    inputs: &[&Path],
    write: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    match path {
        Some(path) => write_atomic_with(path, inputs, write),
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut out)?;
            Ok(out.flush()?)
        }
    }
}

/// [`write_atomic`] with the content streamed by `write`.
pub fn write_atomic_with(
    path: &Path,
    inputs: &[&Path],
    write: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    if let Ok(target) = path.canonicalize() {
        for input in inputs {
            if input.canonicalize().is_ok_and(|input| input == target) {
                bail!(
                    "拒绝写入 {}：它是本次读取的输入文件，请换一个输出文件名",
                    path.display()
                );
            }
        }
        if target.is_dir() {
            bail!("无法写入 {}：这是一个文件夹", path.display());
        }
    }
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = temp_path(folder, &name);
    let result = write_temp(&temp, write)
        .with_context(|| format!("无法写入 {}", path.display()))
        .and_then(|()| {
            std::fs::rename(&temp, path).with_context(|| format!("无法写入 {}", path.display()))
        });
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// A file name made from a name a user chose (a unit's name): characters no file system allows
/// and path separators become `_`, so the file stays in its folder; a name that would be hidden
/// (`.x`) or taken for an Office lock file (`~$x`) is made visible; Windows' reserved names and
/// trailing dots and spaces are avoided; never empty.
pub fn safe_file_name(name: &str) -> String {
    let mut safe = String::new();
    for c in name.trim().chars() {
        // File systems allow 255 bytes a name; keep room for a suffix such as -反馈.txt.
        if safe.len() + c.len_utf8() > MAX_NAME_BYTES {
            break;
        }
        if "/\\:*?\"<>|".contains(c) || c.is_control() {
            safe.push('_');
        } else {
            safe.push(c);
        }
    }
    while safe.ends_with(['.', ' ']) {
        safe.pop();
        safe.push('_');
    }
    if safe.starts_with('.') || safe.starts_with("~$") || safe.is_empty() {
        safe.insert(0, '_');
    }
    let stem = safe.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = ["CON", "PRN", "AUX", "NUL"].contains(&stem.as_str())
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.ends_with(|c: char| c.is_ascii_digit()));
    if reserved {
        safe.insert(0, '_');
    }
    safe
}

/// The longest file name (in UTF-8 bytes) made from a unit's name, before its suffix.
const MAX_NAME_BYTES: usize = 180;

/// Whether to replace files already in the folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Refuse, naming them, before anything is written.
    Keep,
    /// Replace them (`--force`, or reports the program itself wrote before).
    Replace,
}

/// Writes several files into `dir` as one: every name is checked first (two names that would be
/// the same file, a file that exists when `existing` is [`Existing::Keep`], a file that is one of
/// `inputs`), then every file is written to a temporary file, and only when all are written are
/// they renamed into place. A failure before the renames leaves the folder as it was; a rename
/// that fails (the folder changed since the check) leaves no temporary file and says which
/// files were already replaced.
pub fn write_folder(
    dir: &Path,
    files: &[(String, Vec<u8>)],
    inputs: &[&Path],
    existing: Existing,
) -> anyhow::Result<()> {
    // Names that differ only in case are one file on Windows and macOS.
    let mut seen: HashMap<String, &str> = HashMap::new();
    for (name, _) in files {
        if let Some(first) = seen.insert(name.to_lowercase(), name) {
            bail!(
                "“{first}”与“{name}”会写成同一个文件，什么都没有写入；请在任务清单中把单位名称改得能区分"
            );
        }
    }
    std::fs::create_dir_all(dir).with_context(|| format!("无法创建文件夹 {}", dir.display()))?;
    let targets: Vec<PathBuf> = files.iter().map(|(name, _)| dir.join(name)).collect();
    let canonical_inputs: Vec<PathBuf> = inputs
        .iter()
        .filter_map(|i| i.canonicalize().ok())
        .collect();
    let mut present = Vec::new();
    for target in &targets {
        let Ok(canonical) = target.canonicalize() else {
            continue;
        };
        if canonical_inputs.contains(&canonical) {
            bail!(
                "拒绝写入 {}：它是本次读取的输入文件，什么都没有写入；请换一个输出文件夹",
                target.display()
            );
        }
        if canonical.is_dir() {
            bail!(
                "无法写入 {}：这是一个文件夹，什么都没有写入",
                target.display()
            );
        }
        present.push(target.display().to_string());
    }
    if existing == Existing::Keep && !present.is_empty() {
        bail!(
            "{} 个文件已存在（{}），什么都没有写入；确认要覆盖请加 --force，或换一个文件夹",
            present.len(),
            present.join("、")
        );
    }
    let mut temps: Vec<PathBuf> = Vec::new();
    let written = (|| -> anyhow::Result<()> {
        for ((name, bytes), target) in files.iter().zip(&targets) {
            let temp = temp_path(dir, name);
            temps.push(temp.clone());
            write_temp(&temp, |out| Ok(out.write_all(bytes)?))
                .with_context(|| format!("无法写入 {}，什么都没有写入", target.display()))?;
        }
        Ok(())
    })();
    if let Err(error) = written {
        for temp in &temps {
            let _ = std::fs::remove_file(temp);
        }
        return Err(error);
    }
    rename_all(&temps, &targets)
}

/// Renames every temporary file onto its target, in order. When one cannot be renamed (a folder
/// made under its name since the names were checked, a file locked by Excel), the temporary
/// files left are removed and the error names the files already replaced.
fn rename_all(temps: &[PathBuf], targets: &[PathBuf]) -> anyhow::Result<()> {
    for (index, (temp, target)) in temps.iter().zip(targets).enumerate() {
        let Err(error) = std::fs::rename(temp, target) else {
            continue;
        };
        for left in temps.iter().skip(index) {
            let _ = std::fs::remove_file(left);
        }
        let replaced: Vec<String> = targets
            .iter()
            .take(index)
            .map(|t| t.display().to_string())
            .collect();
        let state = if replaced.is_empty() {
            "，什么都没有写入".to_string()
        } else {
            format!(
                "（已写入 {} 个文件：{}；其余 {} 个没有写入）",
                replaced.len(),
                replaced.join("、"),
                targets.len() - index
            )
        };
        return Err(
            anyhow::Error::new(error).context(format!("无法写入 {}{state}", target.display()))
        );
    }
    Ok(())
}

fn temp_path(folder: &Path, name: &str) -> PathBuf {
    folder.join(format!(".{name}.{}.tmp", std::process::id()))
}

/// Writes a new temporary file whole and flushes it to disk.
fn write_temp(
    temp: &Path,
    write: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(temp)?;
    let mut buffered = std::io::BufWriter::new(file);
    write(&mut buffered)?;
    let file = buffered.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_replaces_the_old_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.md");
        std::fs::write(&path, "old").unwrap();
        write_atomic(&path, b"new", &[]).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file is left"
        );
    }

    #[test]
    fn an_input_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("plan.yaml");
        std::fs::write(&input, "plan").unwrap();
        let same = dir.path().join(".").join("plan.yaml");
        assert!(write_atomic(&same, b"x", &[&input]).is_err());
        assert_eq!(std::fs::read_to_string(&input).unwrap(), "plan");
    }

    #[test]
    fn a_name_from_a_plan_cannot_leave_its_folder_or_hide() {
        assert_eq!(safe_file_name("../../逃逸"), "_.._.._逃逸");
        assert_eq!(safe_file_name("乙/丙"), "乙_丙");
        assert_eq!(safe_file_name(".东湖"), "_.东湖");
        assert_eq!(safe_file_name("~$东湖"), "_~$东湖");
        assert_eq!(safe_file_name("东湖:1"), "东湖_1");
        assert_eq!(safe_file_name("东湖."), "东湖_");
        assert_eq!(safe_file_name("con"), "_con");
        assert_eq!(safe_file_name("COM1.csv"), "_COM1.csv");
        assert_eq!(safe_file_name(""), "_");
        assert_eq!(safe_file_name("瞻岐"), "瞻岐");
        let long = "很".repeat(100);
        assert_eq!(safe_file_name(&long), "很".repeat(60));
    }

    #[test]
    fn a_folder_is_written_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let files = vec![
            ("东湖.csv".to_string(), b"a".to_vec()),
            ("西湖.csv".to_string(), b"b".to_vec()),
        ];
        write_folder(dir.path(), &files, &[], Existing::Keep).unwrap();
        // A second time without replacing: refused, nothing changed.
        std::fs::write(dir.path().join("东湖.csv"), "kept").unwrap();
        assert!(write_folder(dir.path(), &files, &[], Existing::Keep).is_err());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("东湖.csv")).unwrap(),
            "kept"
        );
        // One of the targets is an input: refused before anything is written.
        let input = dir.path().join("西湖.csv");
        assert!(write_folder(dir.path(), &files, &[&input], Existing::Replace).is_err());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("东湖.csv")).unwrap(),
            "kept"
        );
        // Two names that are one file on a case-blind file system.
        let clash = vec![
            ("Dong.csv".to_string(), Vec::new()),
            ("dong.csv".to_string(), Vec::new()),
        ];
        assert!(write_folder(dir.path(), &clash, &[], Existing::Replace).is_err());
        assert!(!dir.path().join("Dong.csv").exists());
        write_folder(dir.path(), &files, &[], Existing::Replace).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("东湖.csv")).unwrap(),
            "a"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "no temporary file is left: {names:?}");
    }

    #[test]
    fn a_rename_that_fails_leaves_no_temporary_file_and_says_what_was_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let names = ["东湖.csv", "西湖.csv", "南湖.csv"];
        let targets: Vec<PathBuf> = names.iter().map(|name| dir.path().join(name)).collect();
        let temps: Vec<PathBuf> = names
            .iter()
            .map(|name| {
                let temp = temp_path(dir.path(), name);
                write_temp(&temp, |out| Ok(out.write_all(b"new")?)).unwrap();
                temp
            })
            .collect();
        std::fs::write(&targets[0], "old").unwrap();
        std::fs::write(&targets[2], "old").unwrap();
        // A folder made under the second name after the names were checked.
        std::fs::create_dir(&targets[1]).unwrap();
        std::fs::write(targets[1].join("里面.txt"), "").unwrap();
        let error = rename_all(&temps, &targets).unwrap_err();
        let message = crate::report::in_chinese(&error);
        assert_eq!(
            message,
            format!(
                "无法写入 {}（已写入 1 个文件：{}；其余 2 个没有写入）：这是一个文件夹，不是文件",
                targets[1].display(),
                targets[0].display()
            )
        );
        assert_eq!(std::fs::read_to_string(&targets[0]).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(&targets[2]).unwrap(), "old");
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            ["东湖.csv", "南湖.csv", "西湖.csv"],
            "no temporary file is left"
        );
    }

    #[test]
    fn a_folder_that_does_not_exist_fails_without_writing() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write_atomic(&dir.path().join("no/such/out.md"), b"x", &[]).is_err());
    }
}
