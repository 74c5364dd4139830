//! The summary workbook (汇总表): read back with calamine and as the XML of its parts, every
//! figure checked against the bulletin's own JSON and annex, and printed by LibreOffice.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, StyleRange, Xlsx, open_workbook};
use serde_json::Value;

use crate::hostile_books::plan_of;
use crate::ooxml::{Element, parse};
use crate::workdir::Workdir;

const DONE: u32 = 0xC6EFCE;
const PENDING: u32 = 0xFFEB9C;
const OVERDUE: u32 = 0xFFC7CE;
const ABSENT: u32 = 0xD9D9D9;

/// The sample (both periods) in a folder of its own.
fn sample() -> Workdir {
    let work = Workdir::new();
    work.copy_sample("2021-04");
    work.copy_sample("2021-05");
    work
}

/// Generates `name` in `work` with the extra arguments, and returns its path.
fn generate(work: &Workdir, name: &str, extra: &[&str]) -> PathBuf {
    let mut args = vec!["generate", "data/periods/2021-05", "-o", name];
    args.extend_from_slice(extra);
    work.run(&args).expect_code(0);
    work.path().join(name)
}

fn json(work: &Workdir) -> Value {
    let path = generate(work, "通报.json", &[]);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn open(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(path).expect("calamine opens the workbook")
}

/// Every cell of a sheet as text, by absolute (row, column): numbers as Excel's value.
fn cells(path: &Path, sheet: &str) -> BTreeMap<(u32, u32), Data> {
    let range = open(path).worksheet_range(sheet).expect("the sheet");
    range
        .cells()
        .map(|(row, column, data)| {
            let (top, left) = range.start().unwrap();
            ((top + row as u32, left + column as u32), data.clone())
        })
        .collect()
}

fn text(data: Option<&Data>) -> String {
    match data {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::Int(i)) => i.to_string(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => format!("{other:?}"),
    }
}

fn number(data: Option<&Data>) -> f64 {
    match data {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// The fill colour of a cell (RGB), if it is filled.
fn fill(styles: &StyleRange, row: u32, column: u32) -> Option<u32> {
    let fill = styles.get((row, column))?.fill.as_ref()?;
    fill.is_visible()
        .then(|| fill.get_color().map(|c| c.to_argb() & 0xFF_FFFF))
        .flatten()
}

/// The rows of a Markdown table under `heading` in the bulletin's annex.
fn markdown_table<'a>(md: &'a str, heading: &str) -> Vec<Vec<&'a str>> {
    md.lines()
        .skip_while(|line| *line != heading)
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .map(|line| {
            line.trim_matches('|')
                .split('|')
                .map(str::trim)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The annex's ranking rows (rank, unit, due, done, share), header and rule dropped.
fn annex_ranking(md: &str) -> Vec<Vec<&str>> {
    markdown_table(md, "## 各镇（街道）到期任务完成情况排名")
        .into_iter()
        .skip(2)
        .collect()
}

fn markdown(work: &Workdir, period: &str) -> String {
    let run = work
        .run(&["generate", &format!("data/periods/{period}")])
        .expect_code(0);
    run.stdout
}

#[test]
fn the_tasks_sheet_and_the_counts_agree_with_the_bulletins_json() {
    let work = sample();
    let path = generate(&work, "汇总表.xlsx", &[]);
    let json = json(&work);
    assert_eq!(
        open(&path).sheet_names(),
        ["总览", "任务", "单位×任务", "排名"]
    );

    let tasks = cells(&path, "任务");
    let header: Vec<String> = (0..10).map(|c| text(tasks.get(&(0, c)))).collect();
    assert_eq!(
        header,
        [
            "序号",
            "类别",
            "任务内容",
            "完成时限",
            "完成情况",
            "已完成单位",
            "承担单位",
            "未完成的单位",
            "说明",
            ""
        ]
    );
    let json_tasks = json["tasks"].as_array().unwrap();
    assert_eq!(
        tasks.keys().map(|k| k.0).max(),
        Some(json_tasks.len() as u32)
    );
    for (row, task) in (1u32..).zip(json_tasks) {
        let at = |column: u32| tasks.get(&(row, column));
        assert_eq!(number(at(0)), task["id"].as_f64().unwrap());
        assert_eq!(text(at(1)), task["category"].as_str().unwrap());
        // The deadline is a date cell on the deadline's last day.
        let Some(Data::DateTime(deadline)) = at(3) else {
            panic!("row {row}: the deadline is not a date: {:?}", at(3));
        };
        let end =
            chrono::NaiveDate::parse_from_str(task["deadline_end"].as_str().unwrap(), "%Y-%m-%d");
        let excel_epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
        assert_eq!(
            deadline.as_f64(),
            (end.unwrap() - excel_epoch).num_days() as f64
        );
        assert_eq!(text(at(4)), task["class_label"].as_str().unwrap());
        let units = &task["units"];
        let count = |key: &str| units[key].as_array().unwrap().len();
        assert_eq!(number(at(5)) as usize, count("done"), "row {row}");
        let assigned = count("done") + count("in_progress") + count("not_started");
        assert_eq!(number(at(6)) as usize, assigned, "row {row}");
        // Every unit not done is named, by its status, a status a group of lines.
        let mut groups: BTreeMap<&str, String> = BTreeMap::new();
        let mut current = "";
        for line in text(at(7)).lines() {
            if let Some((label, names)) = line.split_once('：') {
                current = if label == "推进中" {
                    "in_progress"
                } else {
                    "not_started"
                };
                groups.insert(current, names.to_string());
            } else {
                groups.entry(current).or_default().push_str(line);
            }
        }
        for key in ["in_progress", "not_started"] {
            let names: Vec<&str> = units[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u.as_str().unwrap())
                .collect();
            let listed: Vec<&str> = groups
                .get(key)
                .map(|names| names.split('、').collect())
                .unwrap_or_default();
            assert_eq!(listed, names, "row {row}: {}", text(at(7)));
        }
        for note in task["notes"].as_array().unwrap() {
            let unit = note["unit"].as_str().unwrap();
            assert!(text(at(8)).contains(unit), "row {row}: {}", text(at(8)));
        }
    }

    // 总览's class table: section 一's counts, with the JSON's (滞后序时 is not in this plan).
    let overview = cells(&path, "总览");
    let counts = &json["counts"];
    let row_of = |label: &str| {
        overview
            .iter()
            .find(|(_, data)| text(Some(data)) == label)
            .map(|(&(row, _), _)| row)
            .unwrap_or_else(|| panic!("no {label} on 总览"))
    };
    for (label, key) in [
        ("按期完成", "on_time"),
        ("逾期完成", "late"),
        ("逾期未完成", "overdue"),
        ("正在推进", "in_progress"),
        ("合计", "total"),
    ] {
        let count = number(overview.get(&(row_of(label), 1)));
        assert_eq!(count, counts[key].as_f64().unwrap(), "{label}");
    }
    assert_eq!(
        text(overview.get(&(row_of("逾期未完成"), 2))),
        "1、2、3、6、12"
    );
    assert!(
        text(overview.get(&(1, 0))).contains("统计截止日期：2021年5月24日"),
        "{:?}",
        overview.get(&(1, 0))
    );
}

#[test]
fn the_grid_is_the_annexs_in_cells_filled_by_status_and_red_only_where_the_task_is_due() {
    let work = sample();
    let path = generate(&work, "汇总表.xlsx", &[]);
    let json = json(&work);
    let md = markdown(&work, "2021-05");
    let as_of = json["as_of"].as_str().unwrap();
    let annex = markdown_table(&md, "## 各单位任务推进情况表");
    let ids: Vec<&str> = annex[0][1..].to_vec();
    let grid = cells(&path, "单位×任务");
    let styles = open(&path).worksheet_style("单位×任务").unwrap();

    let units: Vec<String> = (2..)
        .map(|column| text(grid.get(&(0, column))))
        .take_while(|name| !name.is_empty())
        .collect();
    let annex_units: Vec<&str> = annex[2..].iter().map(|row| row[0]).collect();
    assert_eq!(units, annex_units, "the annex's units, in its order");
    let (mut red, mut yellow) = (0, 0);
    for (row, task) in (1u32..).zip(json["tasks"].as_array().unwrap()) {
        let id = task["id"].to_string();
        assert_eq!(text(grid.get(&(row, 0))), id);
        let position = ids.iter().position(|&i| i == id).unwrap() + 1;
        let due = task["deadline_end"].as_str().unwrap() <= as_of;
        for (column, annex_row) in (2u32..).zip(&annex[2..]) {
            let cell = text(grid.get(&(row, column)));
            let expected = match annex_row[position] {
                "●" => ("已完成", DONE),
                "△" if due => ("推进中", OVERDUE),
                "△" => ("推进中", PENDING),
                "○" if due => ("未开始", OVERDUE),
                "○" => ("未开始", PENDING),
                _ => ("", ABSENT),
            };
            let place = format!("task {id}, {}", annex_row[0]);
            assert_eq!(cell, expected.0, "{place}");
            assert_eq!(fill(&styles, row, column), Some(expected.1), "{place}");
            red += usize::from(expected.1 == OVERDUE);
            yellow += usize::from(expected.1 == PENDING);
        }
    }
    assert!(
        red > 0 && yellow > 0,
        "the sample has cells of both: {red}, {yellow}"
    );

    // The legend, under the grid: a sample cell of each fill and what it means.
    let first = json["tasks"].as_array().unwrap().len() as u32 + 2;
    assert_eq!(text(grid.get(&(first, 0))), "图例");
    let legend: Vec<(Option<u32>, String)> = (first..first + 4)
        .map(|row| (fill(&styles, row, 2), text(grid.get(&(row, 3)))))
        .collect();
    assert_eq!(
        legend,
        [
            (Some(DONE), "已完成".to_string()),
            (Some(PENDING), "推进中或未开始，未到期".to_string()),
            (Some(OVERDUE), "到期未完成（逾期）".to_string()),
            (Some(ABSENT), "不承担该项任务".to_string()),
        ]
    );
    // A red cell may read 推进中 or 未开始: its sample says 逾期, not one of them.
    assert_eq!(text(grid.get(&(first + 2, 2))), "逾期");
}

#[test]
fn the_ranking_is_the_annexs_with_the_previous_period_and_the_change_beside_it() {
    let work = sample();
    let path = generate(
        &work,
        "汇总表.xlsx",
        &["--previous", "data/periods/2021-04"],
    );
    let now = markdown(&work, "2021-05");
    let before = markdown(&work, "2021-04");
    // Each unit's share as the previous annex prints it.
    let previous: BTreeMap<&str, Option<f64>> = annex_ranking(&before)
        .into_iter()
        .map(|row| (row[1], printed_share(row[4])))
        .collect();
    let ranking = cells(&path, "排名");
    assert_eq!(text(ranking.get(&(0, 5))), "上期完成率\n（2021年4月26日）");
    let annex = annex_ranking(&now);
    assert!(annex.len() > 20);
    for (row, expected) in (1u32..).zip(&annex) {
        let at = |column: u32| ranking.get(&(row, column));
        let [rank, unit, due, done, printed] = expected[..] else {
            panic!("{expected:?}");
        };
        assert_eq!(text(at(0)), rank);
        assert_eq!(text(at(1)), unit);
        assert_eq!(text(at(2)), due);
        assert_eq!(text(at(3)), done);
        // The cell holds the share the annex prints (93.8%: 0.938), so they cannot disagree.
        let share = printed_share(printed);
        let (due, done): (f64, f64) = (due.parse().unwrap(), done.parse().unwrap());
        if let Some(share) = share {
            assert!((share - done / due).abs() <= 0.0005, "{unit}: {printed}");
        }
        match share {
            Some(share) => assert_eq!(number(at(4)), share, "{unit}"),
            None => assert_eq!(text(at(4)), "—", "{unit}"),
        }
        let before = previous.get(unit).copied().flatten();
        match before {
            Some(before) => assert_eq!(number(at(5)), before, "{unit}"),
            None => assert_eq!(text(at(5)), "—", "{unit}"),
        }
        match share.zip(before) {
            Some((now, before)) => {
                assert!(
                    (number(at(6)) - (now - before) * 100.0).abs() < 1e-9,
                    "{unit}: the change between the printed shares"
                )
            }
            None => assert_eq!(text(at(6)), "", "{unit}"),
        }
    }
    // 总览 carries the same three columns beside each unit.
    let overview = cells(&path, "总览");
    let header = overview
        .iter()
        .find(|(_, data)| text(Some(data)) == "排名")
        .map(|(&(row, _), _)| row)
        .unwrap();
    for (row, expected) in (header + 1..).zip(&annex) {
        assert_eq!(text(overview.get(&(row, 1))), expected[1]);
        assert_eq!(
            overview.get(&(row, 2)),
            ranking.get(&(row - header, 4)),
            "{}",
            expected[1]
        );
        assert_eq!(overview.get(&(row, 3)), ranking.get(&(row - header, 5)));
        assert_eq!(overview.get(&(row, 4)), ranking.get(&(row - header, 6)));
    }
}

/// A share as the annex prints it (93.8%, 100%) as a number (0.938, 1.0); none for "—".
fn printed_share(printed: &str) -> Option<f64> {
    let percent: f64 = printed.strip_suffix('%')?.parse().ok()?;
    Some((percent * 10.0).round() / 1000.0)
}

/// A part of the workbook, parsed.
fn part(path: &Path, name: &str) -> Element {
    parse(&part_text(path, name))
}

fn part_text(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("no part {name}"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The formula of a series' element (`c:cat` or `c:val`).
fn reference(series: &Element, name: &str) -> String {
    let holder = series.get(name);
    let reference = holder
        .child("c:strRef")
        .or_else(|| holder.child("c:numRef"))
        .expect("a reference to cells");
    reference.get("c:f").text.clone()
}

#[test]
fn the_overview_holds_a_bar_chart_of_every_ranked_unit_and_a_chart_of_the_classes() {
    let work = sample();
    let path = generate(&work, "汇总表.xlsx", &[]);
    let drawing_rels = part_text(&path, "xl/drawings/_rels/drawing1.xml.rels");
    assert!(
        drawing_rels.contains("../charts/chart1.xml"),
        "{drawing_rels}"
    );
    assert!(
        drawing_rels.contains("../charts/chart2.xml"),
        "{drawing_rels}"
    );
    let sheet_rels = part_text(&path, "xl/worksheets/_rels/sheet1.xml.rels");
    assert!(
        sheet_rels.contains("../drawings/drawing1.xml"),
        "总览 has the drawing"
    );

    let overview = cells(&path, "总览");
    let ranked = annex_ranking(&markdown(&work, "2021-05"))
        .into_iter()
        .filter(|row| row[0] != "—")
        .count();
    let first = overview
        .iter()
        .find(|(_, data)| text(Some(data)) == "排名")
        .map(|(&(row, _), _)| row + 2)
        .unwrap();
    let last = first + ranked as u32 - 1;

    let classes = part(&path, "xl/charts/chart1.xml");
    let plot = classes.get("c:chart").get("c:plotArea");
    let columns = plot.get("c:barChart");
    assert_eq!(columns.get("c:barDir").attr("val"), Some("col"));
    let series = columns.get("c:ser");
    assert_eq!(reference(series, "c:cat"), "总览!$A$5:$A$8");
    assert_eq!(reference(series, "c:val"), "总览!$B$5:$B$8");
    assert_eq!(series.all("c:dPt").len(), 4, "a colour for each class");

    let units = part(&path, "xl/charts/chart2.xml");
    let plot = units.get("c:chart").get("c:plotArea");
    let bars = plot.get("c:barChart");
    assert_eq!(bars.get("c:barDir").attr("val"), Some("bar"));
    let series = bars.get("c:ser");
    assert_eq!(
        reference(series, "c:cat"),
        format!("总览!$B${first}:$B${last}"),
        "the units' names are the categories"
    );
    assert_eq!(
        reference(series, "c:val"),
        format!("总览!$C${first}:$C${last}")
    );
    // The best first: the category axis runs top to bottom.
    let orientation = plot.get("c:catAx").get("c:scaling").get("c:orientation");
    assert_eq!(orientation.attr("val"), Some("maxMin"));
    let shares: Vec<f64> = (first - 1..last)
        .map(|row| number(overview.get(&(row, 2))))
        .collect();
    assert!(
        shares.windows(2).all(|w| w[0] >= w[1]),
        "sorted: {shares:?}"
    );
}

#[test]
fn every_sheet_prints_landscape_on_a4_one_page_wide_its_header_repeated_and_its_name_and_page_below()
 {
    let work = sample();
    let path = generate(&work, "汇总表.xlsx", &[]);
    let workbook = part(&path, "xl/workbook.xml");
    let titles: Vec<(String, String)> = workbook
        .get("definedNames")
        .all("definedName")
        .iter()
        .filter(|name| name.attr("name") == Some("_xlnm.Print_Titles"))
        .map(|name| {
            (
                name.attr("localSheetId").unwrap().to_string(),
                name.text.clone(),
            )
        })
        .collect();
    for (sheet, repeated) in [
        ("1", "任务!$1:$1"),
        ("2", "'单位×任务'!$A:$B,'单位×任务'!$1:$1"),
        ("3", "排名!$1:$1"),
    ] {
        assert!(
            titles.contains(&(sheet.to_string(), repeated.to_string())),
            "{titles:?}"
        );
    }
    for index in 1..=4 {
        let sheet = part(&path, &format!("xl/worksheets/sheet{index}.xml"));
        let setup = sheet.get("pageSetup");
        assert_eq!(setup.attr("paperSize"), Some("9"), "sheet {index}: A4");
        assert_eq!(setup.attr("orientation"), Some("landscape"));
        let fit = sheet.get("sheetPr").get("pageSetUpPr");
        assert_eq!(fit.attr("fitToPage"), Some("1"));
        assert_eq!(
            setup.attr("fitToWidth"),
            None,
            "one page wide (the default)"
        );
        // 总览 is one page; the tables run on as long as they are.
        let tall = if index == 1 { None } else { Some("0") };
        assert_eq!(setup.attr("fitToHeight"), tall, "sheet {index}");
        let footer = &sheet.get("headerFooter").get("oddFooter").text;
        assert!(footer.contains("&A") && footer.contains("&P"), "{footer}");
    }
}

#[test]
fn the_same_data_gives_the_same_bytes_and_every_entry_a_fixed_time() {
    let work = sample();
    let first = std::fs::read(generate(&work, "一.xlsx", &[])).unwrap();
    let again = Workdir::new();
    again.copy_sample("2021-05");
    let second = std::fs::read(generate(&again, "二.xlsx", &[])).unwrap();
    assert!(first == second, "two runs differ");

    let path = work.path().join("一.xlsx");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    assert!(zip.len() > 10);
    for index in 0..zip.len() {
        let entry = zip.by_index(index).unwrap();
        let time = entry.last_modified().expect("a time");
        assert_eq!(
            (
                time.year(),
                time.month(),
                time.day(),
                time.hour(),
                time.minute()
            ),
            (1980, 1, 1, 0, 0),
            "{:?}",
            entry.name()
        );
    }
    drop(zip);
    let core = part(&path, "docProps/core.xml");
    assert_eq!(core.get("dcterms:created").text, "2021-05-24T00:00:00Z");
    assert_eq!(core.get("dcterms:modified").text, "2021-05-24T00:00:00Z");
}

#[test]
fn the_workbook_is_written_for_its_extension_and_never_to_the_screen() {
    let work = sample();
    let run = work.run(&["generate", "--format", "xlsx"]).expect_code(2);
    assert!(run.stderr.contains("-o 汇总表.xlsx"), "{}", run.stderr);
    let path = generate(&work, "汇总表.XLSX", &[]);
    assert!(std::fs::read(path).unwrap().starts_with(b"PK\x03\x04"));
}

#[test]
fn libreoffice_prints_every_sheet_with_its_name_and_page_number() {
    let work = sample();
    let path = generate(&work, "汇总表.xlsx", &[]);
    let Some(pdf) = crate::docx::libreoffice_pdf(&work, &path) else {
        return;
    };
    let pages = crate::docx::pdf_pages(&pdf);
    assert!(pages.len() >= 4, "{} pages", pages.len());
    let total = pages.len();
    for (index, page) in pages.iter().enumerate() {
        let footer = format!("第{}页，共{total}页", index + 1);
        assert!(page.contains(&footer), "page {}: {page}", index + 1);
    }
    let named = |sheet: &str| pages.iter().filter(|p| p.contains(sheet)).count();
    for sheet in ["总览", "任务", "单位×任务", "排名"] {
        assert!(named(sheet) > 0, "no page of {sheet}");
    }
    assert!(
        pages[0].contains("各镇（街道）到期任务完成情况排名"),
        "the chart on page 1"
    );
    assert!(pages.iter().any(|p| p.contains("区财政局")));
    // Percentages print in the bulletin's one form: 100%, 93.8%, never 100.0%.
    for page in &pages {
        assert!(!page.contains(".0%"), "{page}");
    }
    assert!(pages.iter().any(|p| p.contains("100%")));

    // The pace sample: its grid of 完成率 and its ranking by score print too.
    let pace = work.path().join("民生汇总表.xlsx");
    crate::workdir::run_in_repo(&[
        "generate",
        "data/minsheng/periods/2025-09",
        "--plan",
        "data/minsheng/plan.yaml",
        "--previous",
        "data/minsheng/periods/2025-06",
        "-o",
        pace.to_str().unwrap(),
    ])
    .expect_code(0);
    let pages = crate::docx::pdf_pages(&crate::docx::libreoffice_pdf(&work, &pace).unwrap());
    assert!(pages.len() >= 4, "{} pages", pages.len());
    assert!(pages[0].contains("各县区综合排名") && pages[0].contains("滞后序时"));
    assert!(pages.iter().any(|p| p.contains("完成率低于序时进度")));
}

/// A plan with figures (序时进度): three counties, a target task due in December, a target task
/// due in June, and a task without figures; as of 30 September.
const PACE_PLAN: &str = "\
pace:
  start: 2025-01-01
ranking: progress
units:
  label: 县区
  towns: [甲县, 乙县, 丙县]
categories:
  - title: 住房保障
    lead: 市住建局
    tasks:
      - id: 1
        text: 城镇老旧小区改造开工。
        deadline: 2025-12
        target: 10
        measure: 个
      - id: 2
        text: 新建公办幼儿园。
        deadline: 2025-06
        target: 2
        measure: 所
      - id: 3
        text: 建立项目推进台账。
        deadline: 2025-12
";

const PACE_SHEET: &str = "\
单位,任务,状态,完成日期,进度
甲县,1,已完成,2025-09-01,10
乙县,1,推进中,,8
丙县,1,推进中,,3
甲县,2,已完成,2025-05-01,2
乙县,2,推进中,,1
丙县,2,已完成,2025-06-20,2
甲县,3,已完成,2025-03-01,
乙县,3,推进中,,
丙县,3,未开始,,
";

fn pace_sample() -> Workdir {
    let work = Workdir::new();
    work.write("plan.yaml", PACE_PLAN);
    work.write("periods/2025-09/period.yaml", "as_of: 2025-09-30\n");
    work.write("periods/2025-09/报表.csv", PACE_SHEET);
    work
}

/// A percentage as the JSON gives it (one decimal) from a cell's share.
fn tenths(share: f64) -> f64 {
    (share * 1000.0).round() / 10.0
}

#[test]
fn with_figures_the_workbook_shows_behind_pace_rates_pace_and_the_ranking_score() {
    let work = pace_sample();
    work.run(&["generate", "-o", "汇总表.xlsx"]).expect_code(0);
    let run = work.run(&["generate", "--format", "json"]).expect_code(0);
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    let path = work.path().join("汇总表.xlsx");

    // 总览: the 滞后序时 line of section 一, counted as the JSON counts it.
    let overview = cells(&path, "总览");
    let behind_row = overview
        .iter()
        .find(|(_, data)| text(Some(data)) == "滞后序时")
        .map(|(&(row, _), _)| row)
        .expect("a 滞后序时 row");
    assert_eq!(
        number(overview.get(&(behind_row, 1))),
        json["counts"]["behind_pace"].as_f64().unwrap()
    );
    assert!(json["counts"]["behind_pace"].as_u64().unwrap() > 0);

    // 任务: the task's 完成率 and 序时进度, and who is behind.
    let tasks = cells(&path, "任务");
    let header: Vec<String> = (0..14).map(|c| text(tasks.get(&(0, c)))).collect();
    let column = |title: &str| {
        header
            .iter()
            .position(|h| h == title)
            .unwrap_or_else(|| panic!("no {title}: {header:?}")) as u32
    };
    for (row, task) in (1u32..).zip(json["tasks"].as_array().unwrap()) {
        let pace = &task["pace"];
        if pace.is_null() {
            assert_eq!(text(tasks.get(&(row, column("完成率")))), "—");
            continue;
        }
        let rate = number(tasks.get(&(row, column("完成率"))));
        assert_eq!(
            tenths(rate),
            pace["completion"].as_f64().unwrap(),
            "task {row}"
        );
        let expected = number(tasks.get(&(row, column("序时进度"))));
        assert_eq!(
            tenths(expected),
            pace["expected"].as_f64().unwrap(),
            "task {row}"
        );
        // Past its deadline the bulletin says 逾期未完成, not 进度较慢: so does the sheet.
        let due = task["deadline_end"].as_str().unwrap() <= "2025-09-30";
        let behind: Vec<&str> = pace["units"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|u| u["behind"] == true && !due)
            .map(|u| u["unit"].as_str().unwrap())
            .collect();
        let names = text(tasks.get(&(row, column("未完成的单位"))));
        assert!(!due || !names.contains("严重滞后"), "task {row}: {names}");
        let listed = names
            .lines()
            .find_map(|line| line.strip_prefix("进度较慢："))
            .map(|names| names.split('、').collect::<Vec<_>>())
            .unwrap_or_default();
        assert_eq!(listed, behind, "task {row}: {names}");
    }
    assert_eq!(text(tasks.get(&(1, column("完成量／目标")))), "21／30个");

    // 单位×任务: a unit not done shows its 完成率, bold red when behind, red fill when due.
    let grid = cells(&path, "单位×任务");
    let styles = open(&path).worksheet_style("单位×任务").unwrap();
    let mut seen_behind = false;
    for (row, task) in (1u32..).zip(json["tasks"].as_array().unwrap()) {
        let due = task["deadline_end"].as_str().unwrap() <= "2025-09-30";
        let Some(units) = task["pace"]["units"].as_array() else {
            continue;
        };
        for (column, unit) in (2u32..).zip(units) {
            let place = format!("task {row}, {}", unit["unit"]);
            let style = styles.get((row, column)).unwrap();
            if unit["done"] == true {
                assert_eq!(text(grid.get(&(row, column))), "已完成", "{place}");
                assert_eq!(fill(&styles, row, column), Some(DONE), "{place}");
                continue;
            }
            let rate = number(grid.get(&(row, column)));
            assert_eq!(
                tenths(rate),
                unit["completion"].as_f64().unwrap(),
                "{place}"
            );
            let shade = if due { OVERDUE } else { PENDING };
            assert_eq!(fill(&styles, row, column), Some(shade), "{place}");
            let font = style.font.as_ref().unwrap();
            let red = font.color.map(|c| c.to_argb() & 0xFF_FFFF) == Some(0xC00000);
            let behind = unit["behind"] == true;
            assert_eq!(font.is_bold() && red, behind, "{place}");
            seen_behind |= behind && !due;
        }
    }
    assert!(
        seen_behind,
        "the fixture has a unit behind on a task not yet due"
    );

    // 排名: the units by their score, as section 一 ranks them; the chart is of the score.
    let ranking = cells(&path, "排名");
    assert_eq!(text(ranking.get(&(0, 4))), "综合完成率");
    let mut units: Vec<&Value> = json["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| !u["rank"].is_null())
        .collect();
    units.sort_by_key(|u| u["rank"].as_u64());
    assert_eq!(units.len(), 3);
    for (row, unit) in (1u32..).zip(&units) {
        assert_eq!(text(ranking.get(&(row, 0))), unit["rank"].to_string());
        assert_eq!(text(ranking.get(&(row, 1))), unit["unit"].as_str().unwrap());
        let score = number(ranking.get(&(row, 4)));
        assert_eq!(tenths(score), unit["score"].as_f64().unwrap());
    }
    let chart = part_text(&path, "xl/charts/chart2.xml");
    assert!(
        chart.contains("各县区综合排名"),
        "the chart is the ranking's"
    );
}

#[test]
fn with_nothing_due_there_is_no_completion_chart_and_notes_too_long_for_a_cell_are_cut() {
    let work = Workdir::new();
    work.write(
        "plan.yaml",
        "units:\n  towns: [城关镇, 西河镇]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n        text: 建立台账。\n        deadline: 2025-12\n",
    );
    work.write("periods/2025-09/period.yaml", "as_of: 2025-09-30\n");
    // Two notes of 20,000 characters: each fits a cell of a sheet, together not one of 任务.
    let note = "长".repeat(20_000);
    work.write(
        "periods/2025-09/报表.csv",
        format!("单位,任务,状态,说明\n城关镇,1,推进中,{note}\n西河镇,1,未开始,{note}\n"),
    );
    let run = work.run(&["generate", "-o", "汇总表.xlsx"]).expect_code(0);
    let path = work.path().join("汇总表.xlsx");
    assert!(
        run.stderr
            .contains("汇总表.xlsx:2:9: 警告[too-large] 工作表“任务”的单元格 I2 的文字有40009字"),
        "the cut is said: {}",
        run.stderr
    );

    let overview = cells(&path, "总览");
    assert!(
        overview
            .values()
            .any(|data| text(Some(data)) == "尚无到期任务，暂无完成率图"),
        "{overview:?}"
    );
    let rels = part_text(&path, "xl/drawings/_rels/drawing1.xml.rels");
    assert!(
        rels.contains("chart1.xml") && !rels.contains("chart2.xml"),
        "{rels}"
    );

    let tasks = cells(&path, "任务");
    let notes = text(tasks.get(&(1, 8)));
    assert_eq!(notes.chars().count(), 32_767);
    assert!(notes.starts_with("城关镇：长长"), "{}", &notes[..30]);
    assert!(notes.ends_with("……（超出 Excel 单元格容量，以下从略）"));
}

#[test]
fn a_grid_too_large_to_hold_is_streamed_and_reads_back_whole() {
    // 400 towns × 300 tasks: past the 100,000 cells the 单位×任务 sheet is written row by row.
    let (towns, tasks) = (400u32, 300u32);
    let plan = plan_of(towns as usize, tasks as usize);
    let work = Workdir::new();
    work.write("plan.yaml", plan);
    work.write("p/period.yaml", "as_of: 2025-06-30\n");
    let mut sheet =
        String::from("单位,任务,状态,完成日期\n镇00000,1,已完成,2025-06-01\n镇00000,2,推进中,\n");
    for task in 3..=tasks {
        sheet.push_str(&format!("镇00000,{task},未开始,\n"));
    }
    work.write("p/镇00000.csv", sheet);
    let path = work.path().join("汇总表.xlsx");
    work.run(&[
        "generate",
        "p",
        "--plan",
        "plan.yaml",
        "--allow-missing",
        "-o",
        "汇总表.xlsx",
    ])
    .expect_code(0);
    let grid = cells(&path, "单位×任务");
    // The header, a row a task, every town a column, and what each cell says.
    assert_eq!(text(grid.get(&(0, 2))), "镇00000");
    assert_eq!(text(grid.get(&(0, 1 + towns))), "镇00399");
    assert_eq!(text(grid.get(&(1, 2))), "已完成");
    assert_eq!(text(grid.get(&(2, 2))), "推进中");
    assert_eq!(text(grid.get(&(3, 2))), "未开始");
    assert_eq!(text(grid.get(&(tasks, 1 + towns))), "未报送");
    let filled = (1..=tasks)
        .flat_map(|row| (2..2 + towns).map(move |column| (row, column)))
        .filter(|place| !text(grid.get(place)).is_empty())
        .count();
    assert_eq!(filled, (towns * tasks) as usize);
}
