//! An office's first two months, from its Excel task list to the second bulletin and the
//! comparison, run as a clerk types it. The transcript is `examples/walkthrough.md` and the
//! README's walk-through; both are kept in step here (BULLETIN_UPDATE_EXAMPLES=1 rewrites them).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use calamine::{Data, DataType, Reader};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use crate::workdir::{Workdir, repo};

/// What a town writes into one row of its sheet: status, completion date, note.
type Filled = (&'static str, Option<(u16, u8, u8)>, &'static str);

/// A transcript being written, and the folder the clerk is in.
struct Clerk {
    root: Workdir,
    here: PathBuf,
    transcript: String,
}

impl Clerk {
    fn say(&mut self, text: &str) {
        self.transcript.push_str(text);
        self.transcript.push_str("\n\n");
    }

    /// Runs `bulletin args` where the clerk is, and writes it down with what it printed.
    fn run(&mut self, args: &[&str], code: i32) {
        let run = Workdir::at(self.here.clone()).run(args).expect_code(code);
        self.transcript
            .push_str(&format!("```\n$ bulletin {}\n", args.join(" ")));
        self.transcript.push_str(&run.stdout);
        self.transcript.push_str(&run.stderr);
        self.transcript.push_str("```\n\n");
    }

    fn cd(&mut self, folder: &str) {
        self.here = self.here.join(folder);
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.here.join(relative)
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// A town fills in the sheet it was sent and sends it back: the same workbook, its 状态,
/// 完成日期 and 说明 filled for the tasks in `filled`.
fn fill(sent: &Path, returned: &Path, filled: &HashMap<u32, Filled>) {
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(sent).unwrap();
    let range = workbook.worksheet_range_at(0).unwrap().unwrap();
    let mut out = Workbook::new();
    let sheet = out.add_worksheet();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let mut header_seen = false;
    for (r, row) in range.rows().enumerate() {
        let r = r as u32;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Data::String(text) => {
                    sheet.write_string(r, c, text).unwrap();
                }
                Data::Float(n) => {
                    sheet.write_number(r, c, *n).unwrap();
                }
                _ => {}
            }
        }
        if !header_seen {
            header_seen = row.first().is_some_and(|c| *c == "单位");
            continue;
        }
        let task = row.get(1).and_then(|c| c.get_float()).unwrap_or(0.0) as u32;
        if let Some((status, date, note)) = filled.get(&task) {
            sheet.write_string(r, 4, *status).unwrap();
            if let Some((y, m, d)) = date {
                let day = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                sheet
                    .write_datetime_with_format(r, 5, &day, &date_format)
                    .unwrap();
            }
            if !note.is_empty() {
                sheet.write_string(r, 6, *note).unwrap();
            }
        }
    }
    out.save(returned).unwrap();
}

/// Every unit's sheet sent in `sent`, filled as `month` says, into `period`.
fn send_back(
    clerk: &Clerk,
    sent: &str,
    period: &str,
    month: &dyn Fn(&str) -> HashMap<u32, Filled>,
) {
    let sent = clerk.path(sent);
    let mut names: Vec<String> = std::fs::read_dir(&sent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        let unit = name.trim_end_matches(".xlsx");
        fill(
            &sent.join(&name),
            &clerk.path(period).join(&name),
            &month(unit),
        );
    }
}

const DONE: &str = "已完成";
const GOING: &str = "推进中";
const NOT_YET: &str = "未开始";

fn june(unit: &str) -> HashMap<u32, Filled> {
    let mut rows: HashMap<u32, Filled> = HashMap::new();
    for task in [3, 4, 5, 6, 7, 8, 12] {
        rows.insert(task, (GOING, None, ""));
    }
    rows.insert(1, (DONE, Some((2025, 6, 12)), ""));
    rows.insert(10, (DONE, Some((2025, 6, 16)), ""));
    match unit {
        "北塘镇" => {
            rows.insert(1, (GOING, None, "委员会组成人员待党委会研究"));
        }
        "西河镇" => {
            // Typed by hand: a status the sheet does not know, and a date left out.
            rows.insert(10, ("办好了", None, ""));
            rows.insert(1, (DONE, None, ""));
        }
        "青山镇" => {
            rows.insert(5, (NOT_YET, None, ""));
        }
        "县应急管理局" => {
            rows.insert(2, (DONE, Some((2025, 6, 20)), "县政府常务会议审议通过"));
            rows.insert(9, (NOT_YET, None, ""));
        }
        "县住建局" => {
            rows.insert(11, (GOING, None, "已排查燃气用户1.2万户"));
        }
        _ => {}
    }
    rows
}

fn july(unit: &str) -> HashMap<u32, Filled> {
    let mut rows = june(unit);
    rows.insert(1, (DONE, Some((2025, 6, 12)), ""));
    rows.insert(4, (DONE, Some((2025, 7, 18)), ""));
    match unit {
        "北塘镇" => {
            rows.insert(1, (DONE, Some((2025, 7, 8)), ""));
        }
        "西河镇" => {
            rows.insert(10, (DONE, Some((2025, 6, 16)), ""));
        }
        "县应急管理局" => {
            rows.insert(9, (GOING, None, "已举办第一期培训班"));
        }
        _ => {}
    }
    rows
}

#[test]
fn an_office_runs_its_first_two_months_from_its_excel_task_list() {
    let root = Workdir::new();
    let list = std::fs::read(repo().join("tests/fixtures/tasklist/任务清单.xlsx")).unwrap();
    root.write("任务清单.xlsx", list);
    let here = root.path().to_path_buf();
    let mut clerk = Clerk {
        root,
        here,
        transcript: String::new(),
    };

    clerk.say("办公室已有的任务清单 `任务清单.xlsx`（标题行、分类行、合并的单元格，和大多数单位的一样）就是起点：");
    clerk.run(&["init", "城关县", "--from", "任务清单.xlsx"], 0);
    clerk.say("`cd 城关县`。打开 `plan.yaml` 核对单位和任务（每个键都有中文说明；本县正好是清单中提到的6个乡镇，towns 不用补），填上发文单位、报表上的报送时限和联系人：");
    clerk.cd("城关县");
    let plan = std::fs::read_to_string(clerk.path("plan.yaml")).unwrap();
    let edits = [
        ("  issuer: \"\"", "  issuer: 城关县安全生产委员会办公室"),
        ("  due: \"\"", "  due: 每月25日前"),
        (
            "  contact: \"\"",
            "  contact: 县应急管理局 李明 0551-1234567",
        ),
    ];
    let mut edited = plan.clone();
    let mut shown = String::from("```yaml\n");
    for (from, to) in edits {
        let line = plan.lines().find(|l| l.starts_with(from)).unwrap();
        edited = edited.replace(line, to);
        shown.push_str(to);
        shown.push('\n');
    }
    shown.push_str("```");
    clerk.write("plan.yaml", &edited);
    clerk.say(&shown);
    clerk.say("还没有报表时，`validate` 只检查任务清单：");
    clerk.run(&["validate"], 0);
    clerk
        .say("六月的报表，每个单位一个 Excel 文件，标题写明单位和统计截止日期，可直接打印或发送：");
    clerk.run(
        &["sheets", "--as-of", "2025-06-30", "-o", "报表/2025-06"],
        0,
    );
    clerk.say("各单位填好报回。把报回的表格放进 `periods/2025-06/`，在同一文件夹新建 `period.yaml`，写一行 `as_of: 2025-06-30`：");
    clerk.write("periods/2025-06/period.yaml", "as_of: 2025-06-30\n");
    send_back(&clerk, "报表/2025-06", "periods/2025-06", &june);
    clerk.run(&["validate"], 1);
    clerk.say("`--feedback 反馈` 会给每个单位写一份改什么、在哪一行的说明。西河镇改好重发后：");
    let mut fixed = june("西河镇");
    fixed.insert(10, (DONE, Some((2025, 6, 16)), ""));
    fixed.insert(1, (DONE, Some((2025, 6, 12)), ""));
    fill(
        &clerk.path("报表/2025-06/西河镇.xlsx"),
        &clerk.path("periods/2025-06/西河镇.xlsx"),
        &fixed,
    );
    clerk.run(&["validate"], 0);
    clerk.say("第一期通报，按公文格式排好的 Word 文档（`-o` 的扩展名决定格式）；要粘贴到已有文件里，用文本格式：");
    clerk.run(&["generate", "-o", "通报-2025年6月.docx"], 0);
    clerk.run(&["generate", "--format", "text", "--no-annex"], 0);
    clerk.say("七月：报表按六月的情况预填，各单位只改有变化的行；报回后放进 `periods/2025-07/`（`period.yaml`：`as_of: 2025-07-31`）：");
    clerk.run(
        &[
            "sheets",
            "--from",
            "periods/2025-06",
            "--as-of",
            "2025-07-31",
            "-o",
            "报表/2025-07",
        ],
        0,
    );
    clerk.write("periods/2025-07/period.yaml", "as_of: 2025-07-31\n");
    send_back(&clerk, "报表/2025-07", "periods/2025-07", &july);
    clerk.run(&["validate"], 0);
    clerk.run(
        &[
            "generate",
            "--previous",
            "periods/2025-06",
            "-o",
            "通报-2025年7月.docx",
        ],
        0,
    );
    clerk.say("与上月相比（不带参数即最新的两期，按统计截止日期排序）：");
    clerk.run(&["diff", "--format", "text"], 0);

    assert!(clerk.path("通报-2025年6月.docx").is_file());
    assert!(clerk.path("通报-2025年7月.docx").is_file());
    let transcript = std::mem::take(&mut clerk.transcript);
    assert!(
        !transcript.contains(&clerk.root.path().display().to_string()),
        "the transcript names no temporary folder"
    );
    keep_in_step(&transcript);
}

/// The README's walk-through and `examples/walkthrough.md` are this transcript.
fn keep_in_step(transcript: &str) {
    let update = std::env::var_os("BULLETIN_UPDATE_EXAMPLES").is_some();
    let example = repo().join("examples/walkthrough.md");
    let readme = repo().join("README.md");
    let (start, end) = ("<!-- walkthrough -->\n", "<!-- /walkthrough -->");
    let text = std::fs::read_to_string(&readme).unwrap();
    let (before, rest) = text
        .split_once(start)
        .expect("the README marks its walk-through");
    let (_, after) = rest
        .split_once(end)
        .expect("the walk-through's end is marked");
    let readme_now = format!("{before}{start}{transcript}{end}{after}");
    if update {
        std::fs::write(&example, transcript).unwrap();
        std::fs::write(&readme, &readme_now).unwrap();
    }
    let kept = std::fs::read_to_string(&example).unwrap_or_default();
    let hint = "run BULLETIN_UPDATE_EXAMPLES=1 cargo test --test integration walkthrough";
    assert!(
        kept == transcript,
        "examples/walkthrough.md is out of date: {hint}"
    );
    let readme_kept = std::fs::read_to_string(&readme).unwrap();
    assert!(
        readme_kept == readme_now,
        "the README's walk-through is out of date: {hint}"
    );
}
