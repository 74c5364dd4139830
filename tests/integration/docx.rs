//! `generate --format docx`: the GB/T 9704 layout in the XML, reproducible bytes, and the
//! document read back through a real renderer (LibreOffice).

use std::io::Read;
use std::path::Path;
use std::process::Command;

use crate::workdir::{Workdir, run_in_repo};

/// The text of one part of a .docx.
fn part(docx: &Path, name: &str) -> String {
    let file = std::fs::File::open(docx).expect("docx written");
    let mut archive = zip::ZipArchive::new(file).expect("a zip");
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn sample_docx(work: &Workdir, extra: &[&str]) -> std::path::PathBuf {
    work.copy_sample("2021-05");
    let mut args = vec!["generate", "--format", "docx", "-o", "通报.docx"];
    args.extend_from_slice(extra);
    work.run(&args).expect_code(0);
    work.path().join("通报.docx")
}

#[test]
fn the_document_has_the_official_page_fonts_and_spacing() {
    let work = Workdir::new();
    let docx = sample_docx(&work, &[]);
    let document = part(&docx, "word/document.xml");
    for expected in [
        r#"<w:pgSz w:w="11906" w:h="16838"/>"#,
        r#"<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587""#,
        r#"<w:spacing w:line="579" w:lineRule="exact"/>"#,
        r#"<w:docGrid w:type="lines" w:linePitch="579"/>"#,
        r#"<w:ind w:firstLineChars="200" w:firstLine="640"/>"#,
        r#"w:eastAsia="方正小标宋简体""#,
        r#"w:eastAsia="仿宋_GB2312""#,
        r#"w:eastAsia="黑体""#,
        r#"w:eastAsia="楷体_GB2312""#,
        r#"w:ascii="Times New Roman""#,
        r#"<w:sz w:val="44"/>"#,
        "关于基层应急管理体系和能力建设工作推进情况的通报",
        "各镇（街道）安委会，区安委会各成员单位：",
        "（一）按期完成的，共12项，其中2020年12月完成的8、9、14、15、23、31项；2021年1月完成的36、37项；2021年3月完成的4、7、22、28项。",
        "2021年5月24日",
    ] {
        assert!(document.contains(expected), "document.xml lacks {expected}");
    }
    // The level-1 heading is set in 黑体, the level-2 heading in 楷体.
    let heading1 = document.find("一、总体情况").unwrap();
    assert!(
        document[..heading1].rfind("w:eastAsia=\"黑体\"").unwrap()
            > document[..heading1].rfind("<w:p>").unwrap()
    );
    let heading2 = document.find("（一）构建应急体系").unwrap();
    assert!(
        document[..heading2]
            .rfind("w:eastAsia=\"楷体_GB2312\"")
            .unwrap()
            > document[..heading2].rfind("<w:p>").unwrap()
    );
    let settings = part(&docx, "word/settings.xml");
    assert!(settings.contains("<w:evenAndOddHeaders/>"));
    let odd = part(&docx, "word/footer1.xml");
    let even = part(&docx, "word/footer2.xml");
    for (footer, side) in [(&odd, "right"), (&even, "left")] {
        assert!(footer.contains(" PAGE "), "{footer}");
        assert!(
            footer.contains(&format!(r#"<w:jc w:val="{side}"/>"#)),
            "{footer}"
        );
        assert!(
            footer.contains(r#"w:eastAsia="宋体""#) && footer.contains(r#"<w:sz w:val="28"/>"#)
        );
        assert!(footer.contains("— ") && footer.contains(" —"));
    }
}

#[test]
fn the_same_data_gives_the_same_bytes() {
    let first = Workdir::new();
    let second = Workdir::new();
    let a = std::fs::read(sample_docx(&first, &[])).unwrap();
    let b = std::fs::read(sample_docx(&second, &[])).unwrap();
    assert!(a == b, "two runs gave different .docx bytes");
}

#[test]
fn the_annex_has_the_table_and_the_ranking_and_no_annex_leaves_it_out() {
    let work = Workdir::new();
    let docx = sample_docx(&work, &[]);
    let document = part(&docx, "word/document.xml");
    assert!(document.contains("附件：各单位任务推进情况表"));
    assert!(document.contains("各单位到期任务完成情况排名"));
    assert_eq!(document.matches("<w:tbl>").count(), 2);
    assert!(document.contains(r#"w:orient="landscape""#));
    let docx = sample_docx(&work, &["--no-annex"]);
    let document = part(&docx, "word/document.xml");
    assert!(!document.contains("附件") && !document.contains("<w:tbl>"));
    let md = work.run(&["generate", "--no-annex"]).expect_code(0).stdout;
    assert!(!md.contains("各单位任务推进情况表"));
}

#[test]
fn fonts_and_the_document_number_come_from_the_plan_and_period() {
    let work = Workdir::new();
    work.copy_sample("2021-05");
    let plan = std::fs::read_to_string(work.path().join("data/plan.yaml")).unwrap();
    let plan = plan.replacen(
        "bulletin:\n",
        "bulletin:\n  fonts:\n    body: 仿宋\n    title: 华文中宋\n",
        1,
    );
    work.write("data/plan.yaml", plan);
    work.write(
        "data/periods/2021-05/period.yaml",
        "as_of: 2021-05-24\nbulletin:\n  number: 鄞安委办〔2021〕5号\n",
    );
    work.run(&["generate", "--format", "docx", "-o", "out.docx"])
        .expect_code(0);
    let document = part(&work.path().join("out.docx"), "word/document.xml");
    assert!(document.contains(r#"w:eastAsia="仿宋""#) && !document.contains("仿宋_GB2312"));
    assert!(document.contains(r#"w:eastAsia="华文中宋""#));
    assert!(document.contains("鄞安委办〔2021〕5号"));
    let md = work.run(&["generate"]).expect_code(0).stdout;
    assert!(md.starts_with("鄞安委办〔2021〕5号\n\n# 关于"), "{md}");
}

#[test]
fn docx_needs_an_output_file() {
    let run = run_in_repo(&["generate", "--format", "docx"]).expect_code(2);
    assert!(run.stderr.contains("请用 -o 指定文件"), "{}", run.stderr);
}

/// Whether LibreOffice and pdftotext are here. On CI (`CI` set) they must be: `.ci/run`
/// installs them, and a renderer test that silently did nothing would prove nothing.
fn renderer_available() -> bool {
    // pdftotext answers -v, not --version.
    let found = |program: &str, flag: &str| {
        Command::new(program)
            .arg(flag)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let available = found("soffice", "--version") && found("pdftotext", "-v");
    if !available {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install libreoffice-writer-nogui and poppler-utils"
        );
        eprintln!(
            "skipped: soffice or pdftotext not installed (apt-get install libreoffice-writer-nogui poppler-utils)"
        );
    }
    available
}

#[test]
fn libreoffice_renders_the_document_with_section_one_and_a_section_two_sentence() {
    if !renderer_available() {
        return;
    }
    let work = Workdir::new();
    let docx = sample_docx(&work, &[]);
    let profile = format!(
        "-env:UserInstallation=file://{}/lo-profile",
        work.path().display()
    );
    let status = Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(work.path())
        .arg(&docx)
        .output()
        .expect("soffice runs");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let pdf = work.path().join("通报.pdf");
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    // Lines wrap anywhere in Chinese, and a 、 hanging at a line's end can be lost in the
    // extraction: compare without white space and without the enumeration comma.
    let plain = |text: &str| -> String {
        text.chars()
            .filter(|c| !c.is_whitespace() && *c != '、')
            .collect()
    };
    let text = plain(&String::from_utf8_lossy(&text.stdout));
    for expected in [
        "（一）按期完成的，共12项，其中2020年12月完成的8、9、14、15、23、31项；2021年1月完成的36、37项；2021年3月完成的4、7、22、28项。",
        "（二）逾期未全部完成的，共5项，分别是第1、2、3、6、12项。",
        "瞻岐、咸祥、东吴、五乡、邱隘、云龙、横溪、潘火、福明、东柳、东胜、白鹤、钟公庙13个镇（街道）已发文件成立应急管理委员会，其余8个镇（街道）尚未成立。",
        "—1—",
        "各单位到期任务完成情况排名",
    ] {
        assert!(
            text.contains(&plain(expected)),
            "the rendered PDF lacks {expected}:\n{text}"
        );
    }
    let info = Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .expect("pdfinfo runs");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.contains("595.") && info.contains("841.") || info.contains("A4"),
        "A4 pages: {info}"
    );
}
