//! Writing an output: whole or not at all, and never over an input.

use std::io::Write;
use std::path::Path;

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
    let temp_path = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| -> anyhow::Result<()> {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp_path)
            .with_context(|| format!("无法在 {} 中创建文件", folder.display()))?;
        let mut buffered = std::io::BufWriter::new(file);
        write(&mut buffered).with_context(|| format!("无法写入 {}", temp_path.display()))?;
        let file = buffered
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(|| format!("无法写入 {}", temp_path.display()))?;
        file.sync_all()
            .with_context(|| format!("无法写入 {}", temp_path.display()))?;
        std::fs::rename(&temp_path, path).with_context(|| format!("无法写入 {}", path.display()))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp_path);
    }
    result
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
    fn a_folder_that_does_not_exist_fails_without_writing() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write_atomic(&dir.path().join("no/such/out.md"), b"x", &[]).is_err());
    }
}
