//! `generate --format docx`: the GB/T 9704 layout in the XML, reproducible bytes, and the
//! document read back through a real renderer (LibreOffice).

use std::path::Path;
use std::process::Command;

use crate::ooxml::{self, Element};
use crate::workdir::{Workdir, run_in_repo};

fn part(docx: &Path, name: &str) -> String {
    ooxml::part_text(docx, name)
}

fn sample_docx(work: &Workdir, extra: &[&str]) -> std::path::PathBuf {
    work.copy_sample("2021-05");
    let mut args = vec!["generate", "--format", "docx", "-o", "通报.docx"];
    args.extend_from_slice(extra);
    work.run(&args).expect_code(0);
    work.path().join("通报.docx")
}

/// GB/T 9704 sizes: 2号 = 22 pt, 3号 = 16 pt, 4号 = 14 pt, in half-points as `w:sz` has them.
const SIZE_2: i64 = 44;
const SIZE_3: i64 = 32;
const SIZE_4: i64 = 28;

/// The paragraph whose text starts with `start`.
fn paragraph<'a>(document: &'a Element, start: &str) -> &'a Element {
    document
        .all("w:p")
        .into_iter()
        .find(|p| p.text_of_runs().starts_with(start))
        .unwrap_or_else(|| panic!("no paragraph starts with {start}"))
}

/// The East Asian font and the size (half-points) of every run of a paragraph; panics unless
/// all its runs agree.
fn run_font(paragraph: &Element) -> (String, i64, String) {
    let mut fonts: Vec<(String, i64, String)> = paragraph
        .all("w:rPr")
        .iter()
        .map(|rpr| {
            let fonts = rpr.get("w:rFonts");
            (
                fonts.attr("w:eastAsia").unwrap_or_default().to_string(),
                rpr.get("w:sz").number("w:val"),
                fonts.attr("w:ascii").unwrap_or_default().to_string(),
            )
        })
        .collect();
    fonts.dedup();
    assert_eq!(fonts.len(), 1, "one font in {:?}", paragraph.text_of_runs());
    fonts.pop().unwrap()
}

#[test]
fn the_pages_are_a4_with_the_official_text_block_and_a_grid_of_22_lines_of_28_characters() {
    let work = Workdir::new();
    let docx = sample_docx(&work, &["--no-annex"]);
    let document = ooxml::part(&docx, "word/document.xml");
    let sections = document.all("w:sectPr");
    assert_eq!(sections.len(), 1);
    let section = sections[0];
    let page = section.get("w:pgSz");
    let margins = section.get("w:pgMar");
    let close = |twips: i64, mm: f64, tolerance: f64| (ooxml::mm(twips) - mm).abs() <= tolerance;
    // A4 (5.1); 天头 37 ± 1 mm, 订口 28 ± 1 mm, text block 156 × 225 mm (5.2.1).
    assert!(close(page.number("w:w"), 210.0, 0.1) && close(page.number("w:h"), 297.0, 0.1));
    assert!(page.attr("w:orient").is_none());
    assert!(close(margins.number("w:top"), 37.0, 1.0));
    assert!(close(margins.number("w:left"), 28.0, 1.0));
    let block_width = page.number("w:w") - margins.number("w:left") - margins.number("w:right");
    let block_height = page.number("w:h") - margins.number("w:top") - margins.number("w:bottom");
    assert!(close(block_width, 156.0, 0.2), "{}", ooxml::mm(block_width));
    assert!(
        close(block_height, 225.0, 0.2),
        "{}",
        ooxml::mm(block_height)
    );
    // 22 lines fill the block (5.2.3): the grid's pitch, and every body paragraph's exact line.
    let grid = section.get("w:docGrid");
    assert_eq!(grid.attr("w:type"), Some("lines"));
    let pitch = grid.number("w:linePitch");
    assert!(
        22 * pitch <= block_height && 23 * pitch > block_height,
        "pitch {pitch}"
    );
    let preamble = paragraph(&document, "3月31日");
    let spacing = preamble.get("w:pPr").get("w:spacing");
    assert_eq!(spacing.number("w:line"), pitch);
    assert_eq!(spacing.attr("w:lineRule"), Some("exact"));
    // 28 characters fill a line: a body character's width (its size less the condensing)
    // times 28 fits the block, times 29 does not.
    let run = preamble.all("w:rPr")[0];
    let size = run.get("w:sz").number("w:val");
    assert_eq!(size, SIZE_3);
    let char_twips = size * 10 + run.get("w:spacing").number("w:val");
    assert!(28 * char_twips <= block_width && 29 * char_twips > block_width);
    // Every paragraph of the body indents its first line by two characters (7.3.3).
    let indent = preamble.get("w:pPr").get("w:ind");
    assert_eq!(indent.number("w:firstLineChars"), 200);
    assert_eq!(indent.number("w:firstLine"), 2 * SIZE_3 * 10);
}

#[test]
fn the_title_headings_and_body_have_their_fonts_and_sizes() {
    let work = Workdir::new();
    let docx = sample_docx(&work, &[]);
    let document = ooxml::part(&docx, "word/document.xml");
    let latin = "Times New Roman";
    let expect = |start: &str, east_asian: &str, size: i64| {
        let found = run_font(paragraph(&document, start));
        assert_eq!(
            found,
            (east_asian.to_string(), size, latin.to_string()),
            "{start}"
        );
    };
    // 7.3.1: the title in 2号小标宋, centred.
    expect(
        "关于基层应急管理体系和能力建设工作推进情况的通报",
        "方正小标宋简体",
        SIZE_2,
    );
    let title = paragraph(&document, "关于基层");
    assert_eq!(title.get("w:pPr").get("w:jc").attr("w:val"), Some("center"));
    // 7.3.3: 一、 in 黑体, （一） in 楷体, the body in 仿宋, all 3号.
    expect("一、总体情况", "黑体", SIZE_3);
    expect("（一）构建应急体系", "楷体_GB2312", SIZE_3);
    expect("（一）按期完成的，共12项", "仿宋_GB2312", SIZE_3);
    // 7.3.2: the addressees flush left, ending with a full-width colon.
    let addressees = paragraph(&document, "各镇（街道）安委会");
    assert!(addressees.text_of_runs().ends_with("成员单位："));
    assert!(addressees.get("w:pPr").child("w:ind").is_none());
    // The date, as 7.3.5.4 writes it, and the issuer right of centre.
    let issuer = paragraph(&document, "鄞州区安全生产委员会办公室");
    assert_eq!(issuer.get("w:pPr").get("w:jc").attr("w:val"), Some("right"));
    paragraph(&document, "2021年5月24日");
    // The styles' defaults are the body's.
    let styles = ooxml::part(&docx, "word/styles.xml");
    let defaults = styles.get("w:docDefaults").get("w:rPrDefault").get("w:rPr");
    assert_eq!(
        defaults.get("w:rFonts").attr("w:eastAsia"),
        Some("仿宋_GB2312")
    );
    assert_eq!(defaults.get("w:sz").number("w:val"), SIZE_3);
}

#[test]
fn page_numbers_are_4hao_with_dashes_right_on_odd_pages_and_left_on_even() {
    let work = Workdir::new();
    let docx = sample_docx(&work, &[]);
    let settings = ooxml::part(&docx, "word/settings.xml");
    assert!(settings.child("w:evenAndOddHeaders").is_some());
    let document = ooxml::part(&docx, "word/document.xml");
    let relationships = ooxml::part(&docx, "word/_rels/document.xml.rels");
    for section in document.all("w:sectPr") {
        for (kind, side) in [("default", "right"), ("even", "left")] {
            let reference = section
                .all("w:footerReference")
                .into_iter()
                .find(|f| f.attr("w:type") == Some(kind))
                .unwrap_or_else(|| panic!("a {kind} footer"));
            let target = relationships
                .children
                .iter()
                .find(|r| r.attr("Id") == reference.attr("r:id"))
                .and_then(|r| r.attr("Target"))
                .expect("the footer's part");
            let footer = ooxml::part(&docx, &format!("word/{target}"));
            let p = footer.get("w:p");
            let ppr = p.get("w:pPr");
            assert_eq!(ppr.get("w:jc").attr("w:val"), Some(side));
            // One 4号 character in from the edge (7.5).
            assert_eq!(ppr.get("w:ind").number(&format!("w:{side}")), SIZE_4 * 10);
            assert_eq!(run_font(p).1, SIZE_4);
            assert_eq!(run_font(p).0, "宋体");
            let instruction: String = p
                .all("w:instrText")
                .iter()
                .map(|i| i.text.clone())
                .collect();
            assert_eq!(instruction.trim(), "PAGE");
            let text = p.text_of_runs();
            assert!(text.starts_with("— ") && text.ends_with(" —"), "{text}");
        }
    }
}

#[test]
fn the_same_data_gives_the_same_bytes_and_every_entry_the_fixed_timestamp() {
    let first = Workdir::new();
    let second = Workdir::new();
    let a_path = sample_docx(&first, &[]);
    let a = std::fs::read(&a_path).unwrap();
    let b = std::fs::read(sample_docx(&second, &[])).unwrap();
    assert!(a == b, "two runs gave different .docx bytes");
    // A timestamp of now() would give the same bytes within one second: check each entry's.
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&a_path).unwrap()).unwrap();
    assert!(archive.len() >= 10);
    for index in 0..archive.len() {
        let entry = archive.by_index(index).unwrap();
        let time = entry.last_modified().expect("a timestamp");
        assert_eq!(
            (
                time.year(),
                time.month(),
                time.day(),
                time.hour(),
                time.minute(),
                time.second()
            ),
            (1980, 1, 1, 0, 0, 0),
            "{:?}",
            entry.name()
        );
    }
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

/// The document converted to PDF by LibreOffice; None when no renderer is installed (and not
/// on CI). The PDF is written beside the .docx.
fn libreoffice_pdf(work: &Workdir, docx: &Path) -> Option<std::path::PathBuf> {
    if !renderer_available() {
        return None;
    }
    let profile = format!(
        "-env:UserInstallation=file://{}/lo-profile",
        work.path().display()
    );
    let outdir = docx.parent().expect("a folder");
    let status = Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(outdir)
        .arg(docx)
        .output()
        .expect("soffice runs");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let pdf = docx.with_extension("pdf");
    assert!(
        pdf.is_file(),
        "LibreOffice could not open {}",
        docx.display()
    );
    Some(pdf)
}

/// The text of a PDF's pages (pdftotext), one string a page.
fn pdf_pages(pdf: &Path) -> Vec<String> {
    let text = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    let mut pages: Vec<String> = text.split('\u{C}').map(String::from).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// The document's text as LibreOffice renders it, made [`plain`]; None without a renderer.
fn libreoffice_text(work: &Workdir, docx: &Path) -> Option<String> {
    let pdf = libreoffice_pdf(work, docx)?;
    Some(plain(&pdf_pages(&pdf).concat()))
}

/// Lines wrap anywhere in Chinese, and a 、 hanging at a line's end can be lost in the
/// extraction: compare without white space and without the enumeration comma.
fn plain(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '、')
        .collect()
}

#[test]
fn libreoffice_renders_the_document_with_section_one_and_a_section_two_sentence() {
    let work = Workdir::new();
    let docx = sample_docx(&work, &[]);
    let Some(text) = libreoffice_text(&work, &docx) else {
        return;
    };
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
        .arg(docx.with_extension("pdf"))
        .output()
        .expect("pdfinfo runs");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.contains("595.") && info.contains("841.") || info.contains("A4"),
        "A4 pages: {info}"
    );
}

/// Writes 区委编委办's sheet for 2021-05 with `note` as its 说明, the way Excel saves it: UTF-8
/// with a BOM, CRLF between rows, a line break inside a cell (Alt+Enter) as LF in quotes.
fn department_note(work: &Workdir, note: &str) {
    work.copy_sample("2021-05");
    let note = note.replace('"', "\"\"");
    work.write(
        "data/periods/2021-05/区委编委办.csv",
        format!("\u{FEFF}单位,任务,状态,说明\r\n区委编委办,21,推进中,\"{note}\"\r\n"),
    );
}

#[test]
fn a_note_of_several_lines_is_one_paragraph_in_text_md_and_docx() {
    let work = Workdir::new();
    department_note(
        &work,
        "编制核定工作正在进行：\n1.已印发职责通知\n2.正在核定编制\n\n　　3.月底前报区委编委",
    );
    let joined = "编制核定工作正在进行：1.已印发职责通知；2.正在核定编制；3.月底前报区委编委。";
    let text = work
        .run(&["generate", "--format", "text"])
        .expect_code(0)
        .stdout;
    let line = text
        .lines()
        .find(|line| line.contains("编制核定工作正在进行"))
        .expect("the note in the text");
    assert!(
        line.starts_with("　　") && line.ends_with(joined),
        "the task is one indented line: {line}"
    );
    assert!(
        !text
            .lines()
            .any(|l| l.starts_with("2.") || l.starts_with("　　3."))
    );
    let md = work.run(&["generate"]).expect_code(0).stdout;
    let md_paragraph = md
        .split("\n\n")
        .find(|p| p.contains("编制核定工作正在进行"))
        .expect("the note in the Markdown");
    assert_eq!(md_paragraph, line.trim_start_matches('　'));
    work.run(&["generate", "--format", "docx", "-o", "通报.docx"])
        .expect_code(0);
    let document = ooxml::part(&work.path().join("通报.docx"), "word/document.xml");
    let paragraphs: Vec<String> = document
        .all("w:p")
        .iter()
        .map(|p| p.text_of_runs())
        .filter(|p| p.contains("编制核定工作正在进行"))
        .collect();
    assert_eq!(paragraphs, [md_paragraph]);
    let json = work
        .run(&["generate", "--format", "json"])
        .expect_code(0)
        .stdout;
    assert!(
        json.contains(&format!("\"sentence\": \"{joined}\"")),
        "{json}"
    );
}

#[test]
fn characters_xml_forbids_are_dropped_and_libreoffice_opens_the_document() {
    let work = Workdir::new();
    department_note(
        &work,
        "编制\u{FFFF}核定\u{FFFE}工作\u{1}正在\u{1B}进行\u{7F}，\u{FDD0}<已报>&\"待批\"\u{8}",
    );
    let cleaned = "编制核定工作正在进行，<已报>&\"待批\"。";
    work.run(&["generate", "--format", "docx", "-o", "通报.docx"])
        .expect_code(0);
    let docx = work.path().join("通报.docx");
    // Every part parses, and holds only characters XML 1.0 allows.
    let file = std::fs::File::open(&docx).unwrap();
    let names: Vec<String> = zip::ZipArchive::new(file)
        .unwrap()
        .file_names()
        .map(|name| name.expect("a name").into_owned())
        .collect();
    for name in &names {
        ooxml::part(&docx, name);
    }
    let document = ooxml::part(&docx, "word/document.xml");
    assert!(
        document.text_of_runs().contains(cleaned),
        "{}",
        document.text_of_runs()
    );
    // The text output drops the same characters.
    let text = work
        .run(&["generate", "--format", "text"])
        .expect_code(0)
        .stdout;
    assert!(text.contains(cleaned));
    if let Some(pdf_text) = libreoffice_text(&work, &docx) {
        assert!(
            pdf_text.contains(&plain(cleaned)),
            "LibreOffice shows the note: {pdf_text}"
        );
    }
}

/// The lines of the title paragraph (its `w:t`s, which `w:br` separates).
fn title_lines(document: &Element, start: &str) -> Vec<String> {
    paragraph(document, start)
        .all("w:t")
        .iter()
        .map(|t| t.text.clone())
        .collect()
}

/// How many 2号 characters one line of the text block holds, from the section's margins.
fn title_capacity(document: &Element) -> usize {
    let section = document.all("w:sectPr")[0];
    let page = section.get("w:pgSz");
    let margins = section.get("w:pgMar");
    let block = page.number("w:w") - margins.number("w:left") - margins.number("w:right");
    (block / (SIZE_2 * 10)) as usize
}

#[test]
fn a_long_title_is_two_balanced_lines_with_no_orphan() {
    let work = Workdir::new();
    let docx = sample_docx(&work, &[]);
    let document = ooxml::part(&docx, "word/document.xml");
    let title = "关于基层应急管理体系和能力建设工作推进情况的通报";
    let lines = title_lines(&document, "关于基层");
    let capacity = title_capacity(&document);
    assert_eq!(capacity, 20);
    assert_eq!(lines.concat(), title);
    // Filled line by line, the title would end 况的通报 alone; GB/T 9704 7.3.1 wants the lines
    // balanced, broken between words.
    assert_eq!(
        lines,
        ["关于基层应急管理体系和", "能力建设工作推进情况的通报"]
    );
    let counts: Vec<usize> = lines.iter().map(|l| l.chars().count()).collect();
    assert!(counts.iter().all(|&c| c <= capacity && c > 3), "{counts:?}");
    // LibreOffice sets the two lines as given: they open page 1.
    if let Some(pdf) = libreoffice_pdf(&work, &docx) {
        let first_page = &pdf_pages(&pdf)[0];
        let rendered: Vec<&str> = first_page
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .take(2)
            .collect();
        assert_eq!(rendered, lines);
    }
}

#[test]
fn a_title_the_plan_breaks_keeps_the_clerk_s_break() {
    let work = Workdir::new();
    work.copy_sample("2021-05");
    let plan = std::fs::read_to_string(work.path().join("data/plan.yaml")).unwrap();
    let plan = plan.replacen(
        "  title: 关于基层应急管理体系和能力建设工作推进情况的通报\n",
        "  title: |-\n    关于基层应急管理体系和能力建设\n    工作推进情况的通报\n",
        1,
    );
    work.write("data/plan.yaml", plan);
    work.run(&["generate", "--format", "docx", "-o", "通报.docx"])
        .expect_code(0);
    let document = ooxml::part(&work.path().join("通报.docx"), "word/document.xml");
    assert_eq!(
        title_lines(&document, "关于基层"),
        ["关于基层应急管理体系和能力建设", "工作推进情况的通报"]
    );
    // Elsewhere the title is one line.
    let md = work.run(&["generate"]).expect_code(0).stdout;
    assert!(
        md.contains("\n# 关于基层应急管理体系和能力建设工作推进情况的通报\n")
            || md.starts_with("# 关于基层应急管理体系和能力建设工作推进情况的通报\n"),
        "{md}"
    );
}

/// A plan of `towns` towns and one task all of them have done, and its period.
fn towns_plan(work: &Workdir, towns: usize) {
    let names: Vec<String> = (1..=towns).map(|i| format!("镇{i:03}")).collect();
    work.write(
        "data/plan.yaml",
        format!(
            "plan: {{title: 实施意见, number: 测〔2021〕1号, issued: 2021-03-31}}\n\
             bulletin: {{issuer: 测试区安全生产委员会办公室, title: 关于测试工作推进情况的通报, addressees: 各镇, preamble: 现将有关情况通报如下：}}\n\
             units: {{label: 镇, towns: [{}]}}\n\
             categories:\n  - title: 测试方面\n    tasks:\n      - {{id: 1, text: 测试任务。, deadline: 2021-03}}\n",
            names.join(", ")
        ),
    );
    work.write("data/periods/2021-05/period.yaml", "as_of: 2021-05-24\n");
    let rows: String = names
        .iter()
        .map(|name| format!("{name},1,已完成,2021-03-01\n"))
        .collect();
    work.write(
        "data/periods/2021-05/all.csv",
        format!("单位,任务,状态,完成日期\n{rows}"),
    );
}

#[test]
fn the_ranking_note_never_stands_alone_on_a_page() {
    // With 22 towns the ranking table ends at the foot of a landscape page, and the note
    // under it went alone onto a page of its own.
    let work = Workdir::new();
    towns_plan(&work, 22);
    work.run(&["generate", "--format", "docx", "-o", "通报.docx"])
        .expect_code(0);
    let docx = work.path().join("通报.docx");
    let document = ooxml::part(&docx, "word/document.xml");
    // The ranking table's last rows keep with the note.
    let tables = document.all("w:tbl");
    let ranking = tables.last().expect("the ranking table");
    let rows = ranking.all("w:tr");
    let kept = |row: &Element| {
        row.all("w:pPr")
            .iter()
            .all(|ppr| ppr.child("w:keepNext").is_some())
    };
    assert!(rows.iter().rev().take(2).all(|row| kept(row)));
    assert!(
        !kept(rows[1]),
        "only the last rows are kept, so a long table can still break"
    );
    if let Some(pdf) = libreoffice_pdf(&work, &docx) {
        let pages = pdf_pages(&pdf);
        let last = pages.last().expect("pages");
        assert!(last.contains("到期任务："), "{last}");
        assert!(
            plain(last).contains("镇022"),
            "the table's last row is on the note's page:\n{last}"
        );
    }
}

#[test]
fn the_signature_keeps_the_last_lines_of_the_body() {
    let work = Workdir::new();
    let docx = sample_docx(&work, &[]);
    let document = ooxml::part(&docx, "word/document.xml");
    let kept = |start: &str| {
        paragraph(&document, start)
            .get("w:pPr")
            .child("w:keepNext")
            .is_some()
    };
    for start in [
        "12、建立基层应急管理工作考核评价办法",
        "附件：",
        "鄞州区安全生产委员会办公室",
    ] {
        assert!(kept(start), "{start}");
    }
    if let Some(pdf) = libreoffice_pdf(&work, &docx) {
        let pages = pdf_pages(&pdf);
        let signed = pages
            .iter()
            .find(|page| page.contains("2021年5月24日") || plain(page).contains("2021年5月24日"))
            .expect("the date");
        // The last lines of the body's last paragraph stand above the signature.
        assert!(plain(signed).contains("街道）意见。附件："), "{signed}");
    }
}
