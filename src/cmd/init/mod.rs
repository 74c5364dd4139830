//! `bulletin init`: start an office — its plan.yaml from the task list it already has (or an
//! example to edit), and the periods/ folder the months go in. An existing plan is never
//! overwritten.

mod plan_yaml;

use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow};
use chrono::Datelike;

use crate::cli::InitArgs;
use crate::cmd::{Done, Failure, Findings, Outcome};
use crate::diagnostic::{self, Code, Diagnostic};
use crate::load::tasklist::{self, DraftCategory, DraftDeadline, DraftTask, Named, TaskList};
use crate::load::yaml;
use crate::model::Deadline;
use crate::output::write_atomic;
use plan_yaml::{Draft, TaskLines, plan_yaml};

pub fn run(args: &InitArgs) -> Outcome {
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let plan_path = dir.join("plan.yaml");
    refuse_existing_plan(&dir)?;
    let mut list = match &args.from {
        Some(file) => read_list(file)?,
        None => example(this_year()),
    };
    if let Some(towns) = &args.towns {
        put_towns_first(&mut list, towns);
    }
    let label = town_label(list.town_label.as_deref(), &list.towns);
    // Comments in the plan name the list's file, not where it was on the disk.
    let source = args.from.as_ref().map(|f| {
        f.file_name().map_or_else(
            || f.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    });
    // 各乡镇 in a list that names only some towns: the towns are those it happens to name.
    let towns_named_only =
        args.towns.is_none() && !list.towns.is_empty() && every_town_row(&list).is_some();
    let written = plan_yaml(&Draft {
        list: &list,
        source: source.as_deref(),
        label: &label,
        towns_named_only,
    });
    point_at_plan_lines(&mut list.diagnostics, &written.lines, &plan_path);
    // The plan is checked as every command will read it: the list's faults are left in it on
    // purpose (a deadline to write), anything else would be init's own mistake.
    let display = plan_path.display().to_string();
    let plan_faults = yaml::parse_plan(&display, &written.text)
        .err()
        .unwrap_or_default();

    std::fs::create_dir_all(dir.join("periods"))
        .with_context(|| format!("无法创建文件夹 {}", dir.join("periods").display()))?;
    let inputs: Vec<&Path> = args.from.iter().map(PathBuf::as_path).collect();
    write_atomic(&plan_path, written.text.as_bytes(), &inputs)?;

    // The plan's faults are told when the list has none of its own (they would repeat them).
    let mut diagnostics = std::mem::take(&mut list.diagnostics);
    if let (true, Some(from)) = (towns_named_only, &args.from) {
        let command = rerun_with_towns(&dir, from, &list.towns);
        let path = from.display().to_string();
        diagnostics.extend(towns_named_only_warning(&list, &label, &path, &command));
        diagnostic::sort(&mut diagnostics);
    }
    if !diagnostic::has_errors(&diagnostics) {
        diagnostics.extend(plan_faults.iter().cloned());
    }
    let from = args.from.as_ref().map(|f| f.display().to_string());
    let findings = Findings {
        closing: closing(
            &dir,
            &plan_path,
            &list,
            &label,
            from.as_deref(),
            &plan_faults,
        ),
        diagnostics,
    };
    if plan_faults.is_empty() {
        Ok(Done { findings })
    } else {
        Err(Failure::Data(findings))
    }
}

/// An office that has a plan keeps it: a plan under data/ is the office's plan too, and a new
/// one beside it would hide it.
fn refuse_existing_plan(dir: &Path) -> anyhow::Result<()> {
    match [dir.join("plan.yaml"), dir.join("data/plan.yaml")]
        .into_iter()
        .find(|p| p.exists())
    {
        Some(existing) => Err(anyhow!(
            "{} 已存在，没有改动它；要重新生成，请先把它改名或删除",
            existing.display()
        )),
        None => Ok(()),
    }
}

/// The office's task list; one without any task writes nothing and says why.
fn read_list(file: &Path) -> Result<TaskList, Failure> {
    let list = tasklist::read_task_list(file)
        .with_context(|| format!("无法读取任务清单 {}", file.display()))?;
    if list.categories.iter().all(|c| c.tasks.is_empty()) {
        return Err(Failure::Data(Findings {
            diagnostics: list.diagnostics,
            closing: vec![format!(
                "没有从 {} 读到任何任务，没有写入文件",
                file.display()
            )],
        }));
    }
    Ok(list)
}

/// A fault of the list is mended in plan.yaml: its message says on which line.
fn point_at_plan_lines(diagnostics: &mut [Diagnostic], lines: &[TaskLines], plan: &Path) {
    for diagnostic in diagnostics {
        let Some(task) = lines.iter().find(|l| Some(l.row) == diagnostic.row) else {
            continue;
        };
        let line = match diagnostic.code {
            Code::InvalidDeadline => task.deadline,
            Code::UnknownAssignee => task.assigned,
            _ => continue,
        };
        diagnostic.message.push_str(&format!(
            "。已照原样写入 {} 第{line}行，请在那里改",
            plan.display()
        ));
    }
}

/// What was written and what to do next.
fn closing(
    dir: &Path,
    plan_path: &Path,
    list: &TaskList,
    label: &str,
    source: Option<&str>,
    plan_faults: &[Diagnostic],
) -> Vec<String> {
    let tasks: usize = list.categories.iter().map(|c| c.tasks.len()).sum();
    let from = source
        .map(|s| format!("（来自 {s}）"))
        .unwrap_or_else(|| "（示例，请改为本单位的任务）".into());
    let mut lines = vec![format!(
        "已写入 {}：{} 个{label}、{} 个部门，{} 类 {tasks} 项任务{from}",
        plan_path.display(),
        list.towns.len(),
        list.departments.len(),
        list.categories.len()
    )];
    let enter = if dir == Path::new(".") {
        String::new()
    } else {
        format!("进入 {} 后，", dir.display())
    };
    if plan_faults.is_empty() {
        lines.push(format!(
            "下一步：{enter}打开 plan.yaml 核对单位和任务、填写发文单位（issuer）；bulletin validate 检查任务清单；bulletin sheets -o 报表 生成下发给各单位的报表"
        ));
    } else {
        lines.push(format!(
            "plan.yaml 中还有 {} 处要补（见上）：{enter}打开 plan.yaml 改好后，运行 bulletin validate 检查",
            plan_faults.len()
        ));
    }
    lines
}

/// The first row that gives a task to every town (`各乡镇`), and how it says so.
fn every_town_row(list: &TaskList) -> Option<(u64, String)> {
    list.categories
        .iter()
        .flat_map(|c| &c.tasks)
        .find_map(|task| {
            task.units.iter().find_map(|named| match named {
                Named::EveryTown(label) => Some((task.row, label.clone())),
                _ => None,
            })
        })
}

/// The warning for a list that says `各乡镇` but names only some towns: the plan's towns are
/// only those, so the others would get no sheet and 各乡镇均已完成 would count only these.
fn towns_named_only_warning(
    list: &TaskList,
    label: &str,
    path: &str,
    command: &str,
) -> Option<Diagnostic> {
    let (row, said) = every_town_row(list)?;
    let said = if said.is_empty() {
        label.to_string()
    } else {
        said
    };
    let count = list.towns.len();
    let message = format!(
        "任务清单写的是“各{said}”，但只提到了{}{count}个{label}：plan.yaml 的 towns 只有这{count}个，其余{label}收不到报表，“各{label}均已完成”也只算这{count}个；请在 plan.yaml 的 towns 中补全全部{label}，或删去 plan.yaml 后用 --towns 列出全部{label}重新生成：{command}",
        list.towns.join("、")
    );
    Some(Diagnostic::warning(path, Code::Guessed, message).at(row, None))
}

/// The init command again, with every town the list names in `--towns` and room for the rest.
fn rerun_with_towns(dir: &Path, from: &Path, towns: &[String]) -> String {
    let dir = if dir == Path::new(".") {
        String::new()
    } else {
        format!(" {}", dir.display())
    };
    format!(
        "bulletin init{dir} --from {} --towns {}、…",
        from.display(),
        towns.join("、")
    )
}

/// The towns given with `--towns`, in that order, then any other the list names.
fn put_towns_first(list: &mut TaskList, given: &str) {
    let mut towns: Vec<String> = tasklist::split_units(given)
        .into_iter()
        .filter_map(|named| match named {
            Named::Unit(name) => Some(name),
            _ => None,
        })
        .collect();
    for town in std::mem::take(&mut list.towns) {
        if !towns.contains(&town) {
            towns.push(town);
        }
    }
    list.towns = towns;
}

/// What to call the towns: what the list calls them (`各乡镇` → 乡镇) when that covers every
/// town's name (a 街道 is no 乡镇), else a label from how their names end.
fn town_label(said: Option<&str>, towns: &[String]) -> String {
    let covers = |label: &str| {
        towns.iter().all(|town| {
            if town.ends_with("街道") || town.ends_with("办事处") {
                label.contains("街道")
            } else if town.ends_with('镇') {
                label.contains('镇')
            } else if town.ends_with('乡') {
                label.contains('乡')
            } else {
                true
            }
        })
    };
    match said {
        Some(label) if covers(label) => label.to_string(),
        _ => label_of(towns),
    }
}

/// What to call the towns when the list never says `各…`: from how their names end.
fn label_of(towns: &[String]) -> String {
    let ends = |suffix: &str| towns.iter().any(|t| t.ends_with(suffix));
    match (ends("镇"), ends("乡"), ends("街道") || ends("办事处")) {
        (true, false, false) => "镇",
        (false, true, false) => "乡",
        (true, true, false) => "乡镇",
        (false, false, true) => "街道",
        (_, true, true) => "乡镇（街道）",
        _ => "镇（街道）",
    }
    .to_string()
}

/// This year, from the system clock: only the example plan's deadlines use it.
fn this_year() -> i32 {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    chrono::DateTime::from_timestamp(i64::try_from(seconds).unwrap_or(0), 0)
        .map_or(2025, |now| now.year())
}

/// The example plan: three towns, a department, two categories, three tasks due in `year`.
pub fn example(year: i32) -> TaskList {
    let town = |name: &str| name.to_string();
    let task = |id: u32, text: &str, deadline: Option<Deadline>, units: Vec<Named>| DraftTask {
        row: 0,
        id,
        text: text.to_string(),
        deadline: deadline.map_or_else(
            || DraftDeadline::Missing(String::new()),
            DraftDeadline::Known,
        ),
        units,
        lead: None,
    };
    let every_town = || vec![Named::EveryTown("乡镇".into())];
    TaskList {
        title: None,
        categories: vec![
            DraftCategory {
                title: "构建应急体系方面".into(),
                tasks: vec![
                    task(
                        1,
                        "建立乡镇应急管理委员会及办公室，明确职责。",
                        Deadline::month(year, 6),
                        every_town(),
                    ),
                    task(
                        2,
                        "修订县级突发事件总体应急预案。",
                        chrono::NaiveDate::from_ymd_opt(year, 9, 30).map(Deadline::day),
                        vec![Named::Unit("县应急管理局".into())],
                    ),
                ],
            },
            DraftCategory {
                title: "强化基础保障方面".into(),
                tasks: vec![task(
                    3,
                    "每个乡镇建成一支综合性应急救援队伍。",
                    Deadline::month(year, 12),
                    every_town(),
                )],
            },
        ],
        towns: vec![town("城关镇"), town("西河镇"), town("东岭乡")],
        departments: vec![town("县应急管理局")],
        town_label: Some("乡镇".into()),
        diagnostics: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plan.yaml `init` writes for the example list, tasks due in 2031.
    fn example_written() -> plan_yaml::Written {
        let list = example(2031);
        plan_yaml(&Draft {
            list: &list,
            source: None,
            label: "乡镇",
            towns_named_only: false,
        })
    }

    #[test]
    fn the_example_plan_loads() {
        let written = example_written();
        let plan = yaml::parse_plan("plan.yaml", &written.text).unwrap();
        assert_eq!(plan.tasks.len(), 3);
        assert_eq!(plan.units.len(), 4);
        assert_eq!(plan.tasks[1].deadline.plan_form(), "2031-09-30");
        assert_eq!(plan.town_label, "乡镇");
    }

    #[test]
    fn the_commented_wording_explains_in_progress_and_loads_when_uncommented() {
        let written = example_written();
        let comment = written
            .text
            .lines()
            .find(|line| line.trim_start().starts_with("# wording:"))
            .unwrap();
        assert!(
            comment.contains("in_progress: 正在推进")
                && comment.contains("不写 in_progress 时，推进中的单位也说成 not_started 的说法"),
            "{comment}"
        );
        let uncommented = written
            .text
            .replace("        # wording:", "        wording:");
        let plan = yaml::parse_plan("plan.yaml", &uncommented).unwrap();
        assert_eq!(
            plan.tasks[0].wording.in_progress.as_deref(),
            Some("正在推进")
        );
    }

    #[test]
    fn the_label_follows_the_towns_names() {
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(label_of(&names(&["城关镇", "西河镇"])), "镇");
        assert_eq!(label_of(&names(&["城关镇", "东岭乡"])), "乡镇");
        assert_eq!(label_of(&names(&["城关镇", "滨江街道"])), "镇（街道）");
        assert_eq!(label_of(&[]), "镇（街道）");
    }

    #[test]
    fn the_lists_label_is_kept_only_when_it_covers_every_town() {
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let towns = names(&["城关镇", "南湖乡", "白马街道"]);
        assert_eq!(town_label(Some("乡镇"), &towns), "乡镇（街道）");
        assert_eq!(town_label(Some("镇（街道）"), &towns), "乡镇（街道）");
        assert_eq!(town_label(Some("乡镇（街道）"), &towns), "乡镇（街道）");
        let towns = names(&["城关镇", "西河镇"]);
        assert_eq!(town_label(Some("乡镇"), &towns), "乡镇");
        assert_eq!(town_label(Some("镇（街道）"), &towns), "镇（街道）");
        assert_eq!(town_label(Some("街道"), &towns), "镇");
        assert_eq!(town_label(None, &towns), "镇");
        let counties = names(&["舒城县", "金安区"]);
        assert_eq!(town_label(Some("县区"), &counties), "县区");
    }
}
