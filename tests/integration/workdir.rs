//! A temporary folder to run the real binary in, with fixtures written into it.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// The repository's root, where the sample data lives.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The real binary, run in the repository's root.
pub fn bulletin() -> Command {
    let mut command = assert_cmd::cargo::cargo_bin_cmd!("bulletin");
    command.current_dir(repo());
    command
}

/// What a run printed and how it ended; shows everything when an assertion fails.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn of(output: Output) -> Self {
        Self {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Panics, showing the whole run, unless it ended with `code`.
    #[track_caller]
    pub fn expect_code(self, code: i32) -> Self {
        assert_eq!(
            self.code, code,
            "exit status\n--- stdout:\n{}\n--- stderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// Runs the binary in the repository's root.
pub fn run_in_repo(args: &[&str]) -> Run {
    Run::of(bulletin().args(args).output().expect("the binary runs"))
}

/// Section 一's lines of a text-format bulletin, without their indent.
pub fn section_one(text: &str) -> Vec<&str> {
    text.lines()
        .map(|line| line.trim_start_matches('\u{3000}'))
        .skip_while(|line| *line != "一、总体情况")
        .skip(1)
        .take_while(|line| !line.starts_with("二、"))
        .collect()
}

/// A temporary folder for one test (or a folder inside another test's, to run in).
pub struct Workdir {
    path: PathBuf,
    _dir: Option<tempfile::TempDir>,
}

impl Workdir {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder");
        Self {
            path: dir.path().to_path_buf(),
            _dir: Some(dir),
        }
    }

    /// A folder that already exists (inside another Workdir, which must outlive this one).
    pub fn at(path: PathBuf) -> Self {
        Self { path, _dir: None }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes a file (creating its folders) and returns its path.
    pub fn write(&self, relative: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(&path, bytes).expect("write fixture");
        path
    }

    /// Copies the repository's sample plan and one sample period into this folder.
    pub fn copy_sample(&self, period: &str) {
        self.write(
            "data/plan.yaml",
            std::fs::read(repo().join("data/plan.yaml")).expect("sample plan"),
        );
        let from = repo().join("data/periods").join(period);
        for entry in std::fs::read_dir(&from).expect("sample period") {
            let path = entry.expect("entry").path();
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            self.write(
                &format!("data/periods/{period}/{name}"),
                std::fs::read(&path).expect("read"),
            );
        }
    }

    /// Runs the binary in this folder.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::of(
            bulletin()
                .current_dir(self.path())
                .args(args)
                .output()
                .expect("the binary runs"),
        )
    }
}
