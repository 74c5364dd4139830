//! `bulletin generate`: formats, output files, templates, and refusing bad data.

use crate::workdir::{Workdir, repo, run_in_repo};

const FORMATS: [&str; 3] = ["md", "text", "json"];

#[test]
fn the_sample_bulletin_in_every_format_matches_its_snapshot() {
    for format in FORMATS {
        let run =
            run_in_repo(&["generate", "--as-of", "2021-05-24", "--format", format]).expect_code(0);
        assert_eq!(run.stderr, "", "the sample data is clean");
        insta::assert_snapshot!(format!("sample_2021_05_{format}"), run.stdout);
    }
}

/// `examples/` holds the sample outputs for readers; BULLETIN_UPDATE_EXAMPLES=1 rewrites them.
#[test]
fn the_examples_folder_is_up_to_date() {
    let update = std::env::var_os("BULLETIN_UPDATE_EXAMPLES").is_some();
    let period = [
        "generate",
        "data/periods/2021-05",
        "--as-of",
        "2021-05-24",
        "--format",
    ];
    let diff = [
        "diff",
        "data/periods/2021-04",
        "data/periods/2021-05",
        "--format",
    ];
    let minsheng = [
        "generate",
        "data/minsheng/periods/2025-09",
        "--plan",
        "data/minsheng/plan.yaml",
        "--format",
    ];
    let minsheng_diff = [
        "diff",
        "data/minsheng/periods/2025-06",
        "data/minsheng/periods/2025-09",
        "--plan",
        "data/minsheng/plan.yaml",
        "--format",
    ];
    let cases = [
        (&minsheng[..], "md", "minsheng-2025-09.md"),
        (&minsheng[..], "text", "minsheng-2025-09.txt"),
        (&minsheng[..], "json", "minsheng-2025-09.json"),
        (&minsheng_diff[..], "md", "minsheng-diff-2025-06-2025-09.md"),
        (
            &minsheng_diff[..],
            "text",
            "minsheng-diff-2025-06-2025-09.txt",
        ),
        (
            &minsheng_diff[..],
            "json",
            "minsheng-diff-2025-06-2025-09.json",
        ),
        (&period[..], "md", "2021-05.md"),
        (&period[..], "text", "2021-05.txt"),
        (&period[..], "json", "2021-05.json"),
        (&diff[..], "md", "diff-2021-04-2021-05.md"),
        (&diff[..], "text", "diff-2021-04-2021-05.txt"),
        (&diff[..], "json", "diff-2021-04-2021-05.json"),
    ];
    for (command, format, file) in cases {
        let mut args = command.to_vec();
        args.push(format);
        let run = run_in_repo(&args).expect_code(0);
        let path = repo().join("examples").join(file);
        if update {
            std::fs::write(&path, &run.stdout).expect("write example");
        }
        let kept = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            kept == run.stdout,
            "{} is out of date: run BULLETIN_UPDATE_EXAMPLES=1 cargo test --test integration examples",
            path.display()
        );
    }
}

#[test]
fn with_no_period_the_newest_sample_period_is_used() {
    let newest = run_in_repo(&["generate"]).expect_code(0);
    let named = run_in_repo(&["generate", "data/periods/2021-05"]).expect_code(0);
    assert_eq!(newest.stdout, named.stdout);
    assert!(newest.stdout.contains("2021年5月24日"));
}

#[test]
fn text_is_ready_to_paste_one_paragraph_a_line_indented_with_two_ideographic_spaces() {
    let text = run_in_repo(&["generate", "--as-of", "2021-05-24", "--format", "text"])
        .expect_code(0)
        .stdout;
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.first(),
        Some(&"关于基层应急管理体系和能力建设工作推进情况的通报")
    );
    assert_eq!(
        lines.get(2),
        Some(&"各镇（街道）安委会，区安委会各成员单位：")
    );
    let body: Vec<&&str> = lines
        .iter()
        .skip(3)
        .take_while(|line| !line.is_empty())
        .collect();
    assert!(body.len() > 40, "every task is a paragraph");
    for line in body {
        assert!(
            line.starts_with("\u{3000}\u{3000}") && !line.starts_with("\u{3000}\u{3000}\u{3000}"),
            "{line}"
        );
        assert!(
            !line.contains(['#', '*', '`', '|']),
            "no Markdown marks: {line}"
        );
    }
    assert_eq!(
        &lines[lines.len() - 2..],
        ["鄞州区安全生产委员会办公室", "2021年5月24日"]
    );
}

#[test]
fn the_annex_is_named_after_the_body_in_the_text_as_in_the_markdown_and_the_docx() {
    let text = run_in_repo(&["generate", "--as-of", "2021-05-24", "--format", "text"])
        .expect_code(0)
        .stdout;
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        &lines[lines.len() - 5..],
        [
            "",
            "\u{3000}\u{3000}附件：各单位任务推进情况表",
            "",
            "鄞州区安全生产委员会办公室",
            "2021年5月24日"
        ]
    );
    let md = run_in_repo(&["generate", "--as-of", "2021-05-24"])
        .expect_code(0)
        .stdout;
    assert!(md.contains("\n附件：各单位任务推进情况表\n"), "{md}");
    let without = run_in_repo(&["generate", "--format", "text", "--no-annex"])
        .expect_code(0)
        .stdout;
    assert!(!without.contains("附件"), "{without}");
}

#[test]
fn json_counts_add_up_and_every_task_has_its_class() {
    let json = run_in_repo(&["generate", "--as-of", "2021-05-24", "--format", "json"])
        .expect_code(0)
        .stdout;
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    let counts = &value["counts"];
    assert_eq!(
        (
            counts["on_time"].as_u64(),
            counts["overdue"].as_u64(),
            counts["in_progress"].as_u64()
        ),
        (Some(12), Some(5), Some(21))
    );
    let tasks = value["tasks"].as_array().expect("tasks");
    assert_eq!(tasks.len(), 38);
    let task1 = &tasks[0];
    assert_eq!(task1["class"], "overdue");
    assert_eq!(task1["units"]["done"].as_array().map(Vec::len), Some(13));
    assert_eq!(
        task1["units"]["not_started"].as_array().map(Vec::len),
        Some(8)
    );
    // Some towns set up the committee after the 15 April deadline.
    assert!(
        !task1["late_units"]
            .as_array()
            .expect("late units")
            .is_empty()
    );
}

#[test]
fn dash_o_writes_the_whole_file_and_nothing_on_stdout() {
    let work = Workdir::new();
    work.copy_sample("2021-05");
    let run = work
        .run(&["generate", "--format", "md", "-o", "bulletin.md"])
        .expect_code(0);
    assert_eq!(run.stdout, "");
    let written = std::fs::read_to_string(work.path().join("bulletin.md")).expect("written");
    assert!(written.starts_with("# 关于基层应急管理体系和能力建设工作推进情况的通报"));
    let names: Vec<String> = std::fs::read_dir(work.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.ends_with(".tmp")),
        "no temporary file left: {names:?}"
    );
}

#[test]
fn bad_data_gets_exit_1_the_diagnostics_and_no_file() {
    let work = Workdir::new();
    work.copy_sample("2021-05");
    let sheet = work.path().join("data/periods/2021-05/瞻岐.csv");
    let text = std::fs::read_to_string(&sheet)
        .unwrap()
        .replacen("已完成", "基本完成", 1);
    std::fs::write(&sheet, text).unwrap();
    work.write("old.md", "the last good bulletin");
    let run = work.run(&["generate", "-o", "old.md"]).expect_code(1);
    assert!(
        run.stderr.contains("data/periods/2021-05/瞻岐.csv:2:5: 错误[invalid-status] 状态“基本完成”无法识别，应为：已完成、推进中、未开始"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(work.path().join("old.md")).unwrap(),
        "the last good bulletin"
    );
}

#[test]
fn a_unit_that_sent_nothing_stops_the_bulletin() {
    let work = Workdir::new();
    work.copy_sample("2021-05");
    std::fs::remove_file(work.path().join("data/periods/2021-05/东郊.csv")).unwrap();
    let run = work.run(&["generate"]).expect_code(1);
    assert!(
        run.stderr
            .contains("data/periods/2021-05: 错误[missing-report] 东郊没有报送"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn writing_over_an_input_is_refused_with_exit_2() {
    let work = Workdir::new();
    work.copy_sample("2021-05");
    let plan_before = std::fs::read(work.path().join("data/plan.yaml")).unwrap();
    let run = work
        .run(&["generate", "--format", "md", "-o", "data/plan.yaml"])
        .expect_code(2);
    assert!(run.stderr.contains("拒绝写入"), "{}", run.stderr);
    assert_eq!(
        std::fs::read(work.path().join("data/plan.yaml")).unwrap(),
        plan_before
    );
    work.run(&["generate", "-o", "data/periods/2021-05/瞻岐.csv"])
        .expect_code(2);
}

/// The sample's plan and May period, with `period_yaml` as its period.yaml.
fn sample_with_period_yaml(period_yaml: &str) -> Workdir {
    let work = Workdir::new();
    work.copy_sample("2021-05");
    work.write("data/periods/2021-05/period.yaml", period_yaml);
    work
}

#[test]
fn a_period_without_as_of_needs_one_from_the_command_line() {
    let work = sample_with_period_yaml("");
    let run = work.run(&["generate"]).expect_code(1);
    assert!(run.stderr.contains("错误[missing-as-of]"), "{}", run.stderr);
    work.run(&["generate", "--as-of", "2021-05-24"])
        .expect_code(0);
}

#[test]
fn a_misspelt_key_beside_a_good_as_of_is_the_only_fault_named() {
    let work =
        sample_with_period_yaml("as_of: 2021-05-24\nbulletn:\n  number: 鄞安委办〔2021〕5号\n");
    let run = work.run(&["generate"]).expect_code(1);
    let faults: Vec<&str> = run
        .stderr
        .lines()
        .filter(|line| line.contains("错误["))
        .collect();
    assert_eq!(faults.len(), 1, "{}", run.stderr);
    assert!(
        faults[0].starts_with("data/periods/2021-05/period.yaml:2:1: 错误[period-syntax] 未知的键“bulletn”，是否为“bulletin”？"),
        "{}",
        run.stderr
    );
    // validate reads the as_of too: no warning that it is missing.
    let run = work.run(&["validate"]).expect_code(1);
    assert!(!run.stdout.contains("missing-as-of"), "{}", run.stdout);
}

#[test]
fn the_date_under_the_issuer_is_period_yamls_bulletin_date_in_every_format() {
    let work = sample_with_period_yaml("as_of: 2021-05-24\nbulletin:\n  date: 2021-05-27\n");
    let text = work
        .run(&["generate", "--format", "text"])
        .expect_code(0)
        .stdout;
    assert!(
        text.ends_with("鄞州区安全生产委员会办公室\n2021年5月27日\n"),
        "{text}"
    );
    let md = work.run(&["generate", "--no-annex"]).expect_code(0).stdout;
    assert!(
        md.contains("\n鄞州区安全生产委员会办公室\n\n2021年5月27日\n"),
        "{md}"
    );
    // The cut-off stays as_of: the annex's note and the classes are as of 24 May.
    let md = work.run(&["generate"]).expect_code(0).stdout;
    assert!(md.contains("统计截止日期（2021年5月24日）"), "{md}");
    let json = work
        .run(&["generate", "--format", "json"])
        .expect_code(0)
        .stdout;
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        (value["as_of"].as_str(), value["date"].as_str()),
        (Some("2021-05-24"), Some("2021-05-27"))
    );
    work.run(&["generate", "--format", "docx", "-o", "通报.docx"])
        .expect_code(0);
    let document = crate::ooxml::part_text(&work.path().join("通报.docx"), "word/document.xml");
    assert!(document.contains(">2021年5月27日<"), "{document}");
    assert!(!document.contains(">2021年5月24日<"));
    // Without it, the date is the as_of.
    work.write("data/periods/2021-05/period.yaml", "as_of: 2021-05-24\n");
    let text = work
        .run(&["generate", "--format", "text"])
        .expect_code(0)
        .stdout;
    assert!(text.ends_with("\n2021年5月24日\n"), "{text}");
}

#[test]
fn no_addressees_leave_no_blank_line_under_the_title() {
    let work = sample_with_period_yaml("as_of: 2021-05-24\nbulletin:\n  addressees: \"\"\n");
    let title = "关于基层应急管理体系和能力建设工作推进情况的通报";
    let text = work
        .run(&["generate", "--format", "text"])
        .expect_code(0)
        .stdout;
    assert!(
        text.starts_with(&format!("{title}\n\n\u{3000}\u{3000}3月31日")),
        "{text}"
    );
    let md = work.run(&["generate"]).expect_code(0).stdout;
    assert!(md.starts_with(&format!("# {title}\n\n3月31日")), "{md}");
}

#[test]
fn as_of_from_the_command_line_wins_over_period_yaml() {
    let overdue = |as_of: &str| {
        let run = run_in_repo(&["generate", "--as-of", as_of, "--format", "json"]).expect_code(0);
        let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(value["as_of"], as_of);
        value["counts"]["overdue"].as_u64().unwrap()
    };
    // The day before the last of June the six June tasks (5, 13, 20, 25, 26, 27) are still in
    // time; at a 30 June cut-off (the end of that day) they are overdue.
    assert_eq!(overdue("2021-06-29"), 5);
    assert_eq!(overdue("2021-06-30"), 11);
}

#[test]
fn a_users_template_replaces_the_built_in_one_of_the_same_name() {
    let work = Workdir::new();
    work.copy_sample("2021-05");
    work.write(
        "tpl/bulletin.md",
        "{{ title }}|{{ overview | length }}|{{ date }}\n",
    );
    let run = work.run(&["generate", "--templates", "tpl"]).expect_code(0);
    assert_eq!(
        run.stdout,
        "关于基层应急管理体系和能力建设工作推进情况的通报|3|2021年5月24日\n"
    );
    // bulletin.txt was not replaced, so text still comes from the built-in template.
    let text = work
        .run(&["generate", "--templates", "tpl", "--format", "text"])
        .expect_code(0);
    assert!(text.stdout.contains("一、总体情况"));
}

#[test]
fn a_misspelt_variable_in_a_template_names_the_template_and_line() {
    let work = Workdir::new();
    work.copy_sample("2021-05");
    work.write("tpl/bulletin.md", "{{ title }}\n{{ titel }}\n");
    work.write("out.md", "kept");
    let run = work
        .run(&["generate", "--templates", "tpl", "-o", "out.md"])
        .expect_code(2);
    assert!(run.stderr.contains("bulletin.md 第2行"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(work.path().join("out.md")).unwrap(),
        "kept"
    );
    // The variable is named, with the one the clerk likely meant; minijinja's English and its
    // dump of the variables stay out.
    assert!(
        run.stderr.contains("变量“titel”不存在") && run.stderr.contains("“title”"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("{{ titel }}"),
        "the line: {}",
        run.stderr
    );
    assert_no_english(&run.stderr);
}

/// Whether a message a clerk reads has English words in it: a run of four or more ASCII
/// letters outside the template text it quotes (`{{ … }}`, `{% … %}`, “…”) and the templates'
/// names.
fn assert_no_english(stderr: &str) {
    for line in stderr.lines() {
        let mut quoted = line.to_string();
        for (open, close) in [("{{", "}}"), ("{%", "%}"), ("“", "”")] {
            while let (Some(start), Some(end)) = (quoted.find(open), quoted.find(close)) {
                if end < start {
                    break;
                }
                quoted.replace_range(start..end + close.len(), " ");
            }
        }
        let words = quoted
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|word| word.len() >= 4 && !["bulletin", "templates", "diff"].contains(word))
            .collect::<Vec<_>>();
        assert!(words.is_empty(), "English in {line:?}: {words:?}\n{stderr}");
    }
}

#[test]
fn every_kind_of_template_fault_is_told_in_chinese_with_what_to_change() {
    let work = Workdir::new();
    work.copy_sample("2021-05");
    for (template, expected) in [
        (
            "{{ annex.titel }}\n",
            "变量“annex.titel”不存在，是否应为“annex.title”",
        ),
        ("{% for x in overview %}\n{{ x }\n{% endfor %}\n", "第2行"),
        ("{% if title %}\n{{ title }}\n", "缺少"),
        ("{{ title | upcase }}\n", "过滤器“upcase”不存在"),
        ("{{ foo() }}\n", "函数“foo”不存在"),
        ("{{ title + 1 }}\n", "无法计算“title + 1”"),
        ("{% include \"x.md\" %}\n", "找不到模板“x.md”"),
        (
            "{% macro f(n) %}{% for i in range(100000) %}{{ f(n) }}{% endfor %}{% endmacro %}{{ f(1) }}",
            "没有尽头",
        ),
    ] {
        work.write("tpl/bulletin.md", template);
        let run = work.run(&["generate", "--templates", "tpl"]).expect_code(2);
        assert!(run.stderr.starts_with("错误：模板出错（"), "{}", run.stderr);
        assert!(run.stderr.contains(expected), "{template}: {}", run.stderr);
        assert_no_english(&run.stderr);
    }
}

#[test]
fn a_template_that_never_ends_is_stopped() {
    let work = Workdir::new();
    work.copy_sample("2021-05");
    work.write("tpl/bulletin.md", "{% macro f(n) %}{% for i in range(100000) %}{{ f(n) }}{% endfor %}{% endmacro %}{{ f(1) }}");
    let run = work.run(&["generate", "--templates", "tpl"]).expect_code(2);
    assert!(run.stderr.contains("模板出错"), "{}", run.stderr);
}

#[test]
fn a_plan_fault_is_shown_with_file_line_and_column() {
    let work = Workdir::new();
    work.copy_sample("2021-05");
    let plan = std::fs::read_to_string(work.path().join("data/plan.yaml")).unwrap();
    work.write(
        "data/plan.yaml",
        plan.replacen(
            "        deadline: 2021-03\n",
            "        deadline: 2021-3x\n",
            1,
        ),
    );
    let run = work.run(&["generate"]).expect_code(1);
    let line = plan
        .lines()
        .position(|l| l == "        deadline: 2021-03")
        .unwrap()
        + 1;
    assert!(
        run.stderr
            .contains(&format!("data/plan.yaml:{line}:19: 错误[invalid-deadline]")),
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_plan_is_exit_2() {
    let run = run_in_repo(&["generate", "--plan", "no/such/plan.yaml"]).expect_code(2);
    assert!(
        run.stderr.contains("无法读取任务清单 no/such/plan.yaml"),
        "{}",
        run.stderr
    );
}

#[test]
fn json_and_markdown_record_every_input_with_its_sha256() {
    use sha2::Digest;
    let json = run_in_repo(&["generate", "--format", "json"])
        .expect_code(0)
        .stdout;
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let inputs = &value["inputs"];
    assert_eq!(inputs["as_of"], "2021-05-24");
    assert_eq!(
        inputs["generator"],
        format!("bulletin {}", env!("CARGO_PKG_VERSION"))
    );
    let hex = |path: &str| {
        let bytes = std::fs::read(repo().join(path)).unwrap();
        sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    assert_eq!(inputs["plan"]["sha256"], hex("data/plan.yaml"));
    let period = inputs["period"].as_array().unwrap();
    // period.yaml and the 26 sheets, each with the digest of its bytes.
    assert_eq!(period.len(), 27);
    for file in period {
        let path = file["path"].as_str().unwrap();
        assert_eq!(file["sha256"], hex(path), "{path}");
    }
    let md = run_in_repo(&["generate"]).expect_code(0).stdout;
    let comment = &md[md.rfind("<!--").unwrap()..];
    assert!(comment.contains(&format!(
        "data/periods/2021-05/瞻岐.csv  sha256:{}",
        hex("data/periods/2021-05/瞻岐.csv")
    )));
}
