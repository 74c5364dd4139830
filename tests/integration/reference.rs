//! The sample bulletin against the hand-written reference it was rebuilt from.

use crate::workdir::{repo, run_in_repo, section_one};

/// Punctuation width is ignored when the reference is compared with output.
fn full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            ',' => '，',
            ':' => '：',
            ';' => '；',
            '(' => '（',
            ')' => '）',
            other => other,
        })
        .collect()
}

fn reference() -> String {
    let path = repo().join("tests/fixtures/reference/yinzhou-2021-05-bulletin.txt");
    full_width(&std::fs::read_to_string(path).expect("the reference bulletin"))
}

fn sample_text() -> String {
    run_in_repo(&["generate", "--as-of", "2021-05-24", "--format", "text"])
        .expect_code(0)
        .stdout
}

/// The paragraph of the text output (or the reference) that starts with `start`.
fn paragraph<'t>(text: &'t str, start: &str) -> &'t str {
    text.lines()
        .map(|line| line.trim_start_matches('\u{3000}'))
        .find(|line| line.starts_with(start))
        .unwrap_or_else(|| panic!("no paragraph starts with {start:?} in:\n{text}"))
}

#[test]
fn section_one_of_the_sample_is_the_contracts_three_lines() {
    let text = sample_text();
    let lines = section_one(&text);
    assert_eq!(
        lines,
        [
            "（一）按期完成的，共12项，其中2020年12月完成的8、9、14、15、23、31项；2021年1月完成的36、37项；2021年3月完成的4、7、22、28项。",
            "（二）逾期未全部完成的，共5项，分别是第1、2、3、6、12项。",
            "（三）正在有序推进的，共21项，其中2021年6月完成的5、13、20、25、26、27项；2021年12月完成的16、17、21、24、29、30、35、38项；2022年12月完成的10、11、18、19、32、33、34项。",
        ]
    );
}

#[test]
fn section_one_differs_from_the_reference_only_by_its_two_slips() {
    let text = sample_text();
    let reference = reference();
    let ours = paragraph(&text, "（二）逾期未全部完成的");
    // The reference ends （二） with a semicolon and leaves 项 out at the end of （三）.
    assert_eq!(
        ours.replace('。', "；"),
        paragraph(&reference, "（二）逾期未全部完成的")
    );
    let ours = paragraph(&text, "（三）正在有序推进的");
    let theirs = paragraph(&reference, "（三）正在有序推进的");
    assert_eq!(
        ours.replace("项；", "；").replace("项。", "。"),
        theirs.replace("项；", "；").replace("项。", "。")
    );
    assert_eq!(
        paragraph(&text, "（一）按期完成的"),
        paragraph(&reference, "（一）按期完成的")
    );
}

#[test]
fn tasks_one_to_three_carry_the_references_towns_and_counts() {
    let text = sample_text();
    let reference = reference();
    // The reference leads task 1's sentence with 目前; the generated sentence does not.
    let cases = [
        ("1、建立基层应急管理委员会", "目前"),
        ("2、设立安全生产和消防安全委员会", ""),
        ("3、整合自然灾害领域", ""),
    ];
    for (start, lead) in cases {
        let theirs = paragraph(&reference, start);
        let theirs = if lead.is_empty() {
            theirs.to_string()
        } else {
            theirs.replacen(lead, "", 1)
        };
        assert_eq!(paragraph(&text, start), theirs);
    }
}

#[test]
fn the_section_two_headings_are_the_references() {
    let text = sample_text();
    for heading in [
        "（一）构建应急体系、厘清分工职责方面",
        "（二）夯实基层基础、推进重点工作方面",
    ] {
        assert_eq!(paragraph(&text, heading), heading);
    }
    // Task 4 is the reference's 均已 sentence, task 5 the police department's own note.
    assert!(
        paragraph(&text, "4、组建应急管理所").ends_with("各镇（街道）均已完成应急管理所组建工作。")
    );
    assert!(
        paragraph(&text, "5、公安部门督促派出所")
            .contains("2020年鄞州区公安分局出台实施派出所消防安全监管整治工作评估办法")
    );
}
