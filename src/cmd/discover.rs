//! Where a command finds its plan and its periods when it is not told, as cargo finds
//! Cargo.toml: `./plan.yaml`, else `./data/plan.yaml`, else the same in each parent folder; the
//! period folders under `periods/` beside the plan, ordered by their as_of date, not by name.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use chrono::NaiveDate;

use crate::load::date;

/// Where the plan is looked for in each folder, in this order.
const PLAN_PLACES: [&str; 2] = ["plan.yaml", "data/plan.yaml"];

/// The plan a command reads: the one given, else the one found from the current folder up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanPath {
    /// As messages print it: relative to the current folder (`plan.yaml`, `../../plan.yaml`), so
    /// a command printed in a hint works as printed.
    pub path: PathBuf,
    /// True when the user named it with `--plan`.
    pub given: bool,
}

impl PlanPath {
    /// The plan given with `--plan`, or the one found from the current folder up.
    pub fn resolve(given: Option<&Path>) -> anyhow::Result<Self> {
        if let Some(path) = given {
            return Ok(Self {
                path: path.to_path_buf(),
                given: true,
            });
        }
        let here = std::env::current_dir().context("无法确定当前文件夹")?;
        match find_plan(&here) {
            Some(path) => Ok(Self { path, given: false }),
            None => bail!(
                "找不到任务清单：当前文件夹 {} 及其上级文件夹中都没有 plan.yaml 或 data/plan.yaml。\
                 请在办公室的文件夹中运行，或用 --plan 指定任务清单；还没有任务清单的，先运行 bulletin init",
                here.display()
            ),
        }
    }

    /// The folder the plan is in (`.` for a plan in the current folder).
    pub fn folder(&self) -> PathBuf {
        plan_folder(&self.path)
    }

    /// The `--plan` to repeat in a command printed for the user: only when it was given.
    pub fn flag(&self) -> String {
        if self.given {
            format!(" --plan {}", self.path.display())
        } else {
            String::new()
        }
    }
}

/// The plan found from `start` up: `plan.yaml`, then `data/plan.yaml`, in `start` and then in
/// each parent folder; as a path relative to `start` (`../plan.yaml`).
pub fn find_plan(start: &Path) -> Option<PathBuf> {
    let mut up = PathBuf::new();
    for folder in start.ancestors() {
        for place in PLAN_PLACES {
            if folder.join(place).is_file() {
                return Some(up.join(place));
            }
        }
        up.push("..");
    }
    None
}

/// The folder a plan is in, `.` for a bare file name.
pub fn plan_folder(plan: &Path) -> PathBuf {
    match plan.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A period folder and the date it is ordered by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedPeriod {
    pub folder: PathBuf,
    /// Its as_of from period.yaml, else the last day of the month its name gives (`2025-9`).
    pub date: NaiveDate,
}

/// The period folders under `periods/` beside the plan, oldest first by date (by name on the
/// same date). A folder whose date cannot be told is an error: taking the wrong month silently
/// would write the wrong bulletin.
pub fn periods(plan: &Path) -> anyhow::Result<Vec<DatedPeriod>> {
    let periods = plan_folder(plan).join("periods");
    if !periods.is_dir() {
        bail!(
            "没有指定报送期，也找不到报送期文件夹 {}；请给出报送期文件夹，如 {}",
            periods.display(),
            periods.join("2025-06").display()
        );
    }
    let found = periods_if_any(plan)?;
    if found.is_empty() {
        bail!(
            "{} 下还没有报送期文件夹：请新建一个（如 {}），在其中放入 period.yaml（as_of: 2025-06-30）和各单位报回的表格",
            periods.display(),
            periods.join("2025-06").display()
        );
    }
    Ok(found)
}

/// The period folders beside the plan, oldest first, as [`periods`]; none when there is no
/// `periods/` folder yet.
pub fn periods_if_any(plan: &Path) -> anyhow::Result<Vec<DatedPeriod>> {
    let periods = plan_folder(plan).join("periods");
    if !periods.is_dir() {
        return Ok(Vec::new());
    }
    let entries =
        std::fs::read_dir(&periods).with_context(|| format!("无法读取 {}", periods.display()))?;
    let mut found = Vec::new();
    for entry in entries {
        let folder = entry
            .with_context(|| format!("无法读取 {}", periods.display()))?
            .path();
        let hidden = folder
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if !folder.is_dir() || hidden {
            continue;
        }
        let Some(date) = period_as_of(&folder).or_else(|| date_of_name(&folder)) else {
            bail!(
                "无法确定报送期 {} 的日期：请在 {} 中写上统计截止日期（如 as_of: 2025-06-30），\
                 或把文件夹命名为年月（如 2025-06）",
                folder.display(),
                folder.join("period.yaml").display()
            );
        };
        found.push(DatedPeriod { folder, date });
    }
    found.sort_by(|a, b| (a.date, &a.folder).cmp(&(b.date, &b.folder)));
    Ok(found)
}

/// The period a command takes when none is given: the one the clerk is in (`.` inside
/// `periods/2025-08/`), else the newest beside the plan.
pub fn default_period(plan: &Path) -> anyhow::Result<PathBuf> {
    if let Some(here) = current_period(plan) {
        return Ok(here);
    }
    let mut all = periods(plan)?;
    all.pop().map(|p| p.folder).context("没有报送期文件夹")
}

/// `.` when the current folder is a period folder under the plan's `periods/`.
fn current_period(plan: &Path) -> Option<PathBuf> {
    let periods = plan_folder(plan).join("periods").canonicalize().ok()?;
    let here = std::env::current_dir().ok()?.canonicalize().ok()?;
    (here.parent() == Some(periods.as_path())).then(|| PathBuf::from("."))
}

/// The two newest periods beside the plan, older first.
pub fn two_newest(plan: &Path) -> anyhow::Result<(PathBuf, PathBuf)> {
    let mut all = periods(plan)?;
    match (all.pop(), all.pop()) {
        (Some(new), Some(old)) => Ok((old.folder, new.folder)),
        _ => bail!(
            "只找到一期报送期，无法对比：请给出两个报送期文件夹，如 bulletin diff 旧的一期 新的一期"
        ),
    }
}

/// A period as messages name it: its folder's own name (`2025-10`), also when the command was
/// given `.` or `../2025-10/`; the path as given when the folder cannot be found.
pub fn period_name(folder: &Path) -> String {
    folder
        .canonicalize()
        .ok()
        .and_then(|real| real.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| folder.display().to_string())
}

/// The as_of of a period folder's period.yaml, when it has one that reads.
pub fn period_as_of(folder: &Path) -> Option<NaiveDate> {
    let path = folder.join("period.yaml");
    let bytes = std::fs::read(&path).ok()?;
    crate::load::period::read_period_file(&path.display().to_string(), &bytes)
        .0
        .as_of
}

/// The date a folder's name gives: `2025-06-30`, or a month (`2025-06`, `2025-6`, `2025年6月`)
/// read as its last day.
pub fn date_of_name(folder: &Path) -> Option<NaiveDate> {
    let name = folder.file_name()?.to_str()?;
    date::parse_date(name).or_else(|| date::parse_month(name).map(|deadline| deadline.end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_is_found_here_then_in_data_then_in_each_parent() {
        let dir = tempfile::tempdir().unwrap();
        let office = dir.path().join("office");
        let deep = office.join("periods/2025-08");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(find_plan(&deep), None);
        std::fs::create_dir_all(office.join("data")).unwrap();
        std::fs::write(office.join("data/plan.yaml"), "").unwrap();
        assert_eq!(
            find_plan(&deep),
            Some(PathBuf::from("../../data/plan.yaml"))
        );
        assert_eq!(find_plan(&office), Some(PathBuf::from("data/plan.yaml")));
        std::fs::write(office.join("plan.yaml"), "").unwrap();
        assert_eq!(find_plan(&office), Some(PathBuf::from("plan.yaml")));
        assert_eq!(find_plan(&deep), Some(PathBuf::from("../../plan.yaml")));
    }

    #[test]
    fn periods_are_ordered_by_as_of_then_by_the_month_their_name_gives() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan.yaml");
        let write = |name: &str, as_of: Option<&str>| {
            let folder = dir.path().join("periods").join(name);
            std::fs::create_dir_all(&folder).unwrap();
            if let Some(as_of) = as_of {
                std::fs::write(folder.join("period.yaml"), format!("as_of: {as_of}\n")).unwrap();
            }
        };
        write("2025-10", Some("2025-10-31"));
        write("2025-9", Some("2025-09-30"));
        write("2025-11", None);
        write("初报", Some("2025-08-31"));
        write(".hidden", None);
        let names: Vec<String> = periods(&plan)
            .unwrap()
            .iter()
            .map(|p| p.folder.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["初报", "2025-9", "2025-10", "2025-11"]);
        write("九月", None);
        let error = periods(&plan).unwrap_err().to_string();
        assert!(error.contains("无法确定报送期"), "{error}");
        assert!(error.contains("九月"), "{error}");
    }
}
