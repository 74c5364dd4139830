//! `generate --format docx`: the GB/T 9704 layout in the XML, reproducible bytes, and the
//! document read back through a real renderer (LibreOffice).

use std::path::Path;
use std::process::Command;

use crate::ooxml::{self, Element};
use crate::workdir::{Workdir, run_in_repo};

fn part(docx: &Path, name: &str) -> String {
    ooxml::part_text(docx, name)
}

/// The sample, with `bulletin_keys` (YAML lines) put first in the plan's `bulletin:` block and
/// `period` as its period.yaml.
fn sample_with(work: &Workdir, bulletin_keys: &str, period: &str) {
    work.copy_sample("2021-05");
    let plan = std::fs::read_to_string(work.path().join("data/plan.yaml")).unwrap();
    let plan = plan.replacen("bulletin:\n", &format!("bulletin:\n{bulletin_keys}"), 1);
    work.write("data/plan.yaml", plan);
    work.write("data/periods/2021-05/period.yaml", period);
}

/// The footers a section refers to, by kind (`default`, `even`), parsed.
fn footers(docx: &Path, section: &Element) -> Vec<(String, Element)> {
    let relationships = ooxml::part(docx, "word/_rels/document.xml.rels");
    section
        .all("w:footerReference")
        .iter()
        .map(|reference| {
            let target = relationships
                .children
                .iter()
                .find(|r| r.attr("Id") == reference.attr("r:id"))
                .and_then(|r| r.attr("Target"))
                .expect("the footer's part");
            (
                reference.attr("w:type").unwrap_or_default().to_string(),
                ooxml::part(docx, &format!("word/{target}")),
            )
        })
        .collect()
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
    for section in document.all("w:sectPr") {
        let footers = footers(&docx, section);
        for (kind, side) in [("default", "right"), ("even", "left")] {
            let (_, footer) = footers
                .iter()
                .find(|(k, _)| k == kind)
                .unwrap_or_else(|| panic!("a {kind} footer"));
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
    assert!(document.contains("各镇（街道）到期任务完成情况排名"));
    // The grid and the ranking, whose last rows are nested in its last row with the note.
    assert_eq!(document.matches("<w:tbl>").count(), 3);
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
    sample_with(
        &work,
        "  fonts:\n    body: 仿宋\n    title: 华文中宋\n",
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
            "CI must install libreoffice-writer-nogui, libreoffice-calc-nogui and poppler-utils"
        );
        eprintln!(
            "skipped: soffice or pdftotext not installed (apt-get install libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils)"
        );
    }
    available
}

/// The document (a .docx, or the summary workbook) converted to PDF by LibreOffice; None when
/// no renderer is installed (and not on CI). The PDF is written beside the document.
pub fn libreoffice_pdf(work: &Workdir, docx: &Path) -> Option<std::path::PathBuf> {
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
pub fn pdf_pages(pdf: &Path) -> Vec<String> {
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
        "各镇（街道）到期任务完成情况排名",
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

/// The plan the audit found the note alone with: 48 towns (three that report, 45 that sent
/// nothing) and a department, six tasks; its period as of 2025-09-30.
fn forty_eight_towns(work: &Workdir) {
    let new_towns: Vec<String> = (1..=45).map(|i| format!("新{i}镇")).collect();
    let task = |id: u32, text: &str, deadline: &str, more: &str| {
        format!("      - {{id: {id}, text: {text}, deadline: {deadline}{more}}}\n")
    };
    work.write(
        "data/plan.yaml",
        format!(
            "plan: {{title: 测试实施意见, number: 测党办〔2025〕1号, issued: 2025-01-10}}\n\
             bulletin: {{issuer: 测试区安全生产委员会办公室, title: 关于测试工作推进情况的通报, addressees: \"\", preamble: 现将有关情况通报如下：}}\n\
             units:\n  label: 镇（街道）\n  towns: [甲镇, 乙镇, 丙镇, {}]\n  departments: [区应急管理局]\n\
             categories:\n  - title: 第一方面\n    tasks:\n{}{}{}  - title: 第二方面\n    tasks:\n{}{}{}",
            new_towns.join(", "),
            task(1, "建立“两张清单”", "2025-03", ", wording: {done: 已建立, not_started: 尚未建立}"),
            task(2, "完成第二项工作。", "2025-12", ""),
            task(3, "完成第三项工作。", "2025-12", ""),
            task(4, "完成第四项工作。", "2025-06", ""),
            task(5, "联合开展检查。", "2025-12", ", assigned: [甲镇, 乙镇, 丙镇, 区应急管理局]"),
            task(6, "第六项。", "2025-12", ""),
        ),
    );
    work.write("data/periods/2025-09/period.yaml", "as_of: 2025-09-30\n");
    for (town, done) in [("甲镇", 2), ("乙镇", 3), ("丙镇", 3)] {
        let rows: String = (1..=6)
            .map(|task| match task <= done {
                true => format!("{town},{task},已完成,2025-0{}-10,\n", task + 2),
                false => format!("{town},{task},推进中,,\n"),
            })
            .collect();
        work.write(
            &format!("data/periods/2025-09/{town}.csv"),
            format!("单位,任务,状态,完成日期,说明\n{rows}"),
        );
    }
    work.write(
        "data/periods/2025-09/区应急管理局.csv",
        "单位,任务,状态,完成日期,说明\n区应急管理局,5,推进中,,已经印发检查方案，正在组织联合检查。\n",
    );
}

#[test]
fn the_ranking_note_never_stands_alone_on_a_page() {
    // With 22 towns the ranking table ended at the foot of a landscape page, with 48 it filled
    // its page but for a quarter, and in the sample it filled one: each time the note under it
    // went alone onto a page of its own in LibreOffice.
    for case in ["22", "48", "sample"] {
        let work = Workdir::new();
        let mut args = vec!["generate", "--format", "docx", "-o", "通报.docx"];
        match case {
            "22" => towns_plan(&work, 22),
            "48" => {
                forty_eight_towns(&work);
                args.push("--allow-missing");
            }
            _ => work.copy_sample("2021-05"),
        }
        work.run(&args).expect_code(0);
        let docx = work.path().join("通报.docx");
        let document = ooxml::part(&docx, "word/document.xml");
        // The ranking table's last row never splits: the table's last two rows nested in it,
        // then the note.
        let ranking = *document.all("w:tbl").iter().rev().nth(1).unwrap();
        let held = ranking
            .all("w:tr")
            .into_iter()
            .find(|row| !row.all("w:tbl").is_empty())
            .expect("the row holding the last rows and the note");
        assert!(held.get("w:trPr").child("w:cantSplit").is_some());
        let nested = held.all("w:tbl")[0].all("w:tr");
        assert_eq!(nested.len(), 2, "{case}");
        let note = held.all("w:p").last().unwrap().text_of_runs();
        assert!(note.starts_with("到期任务："), "{case}: {note}");
        // The last row as a line of the render: its cells in order.
        let last_row: String = nested[1]
            .all("w:tc")
            .iter()
            .map(|cell| cell.text_of_runs())
            .collect();
        if let Some(pdf) = libreoffice_pdf(&work, &docx) {
            let pages = pdf_pages(&pdf);
            let noted = pages
                .iter()
                .find(|page| page.contains("到期任务："))
                .expect("the note");
            assert!(
                plain(noted).contains(&plain(&last_row)),
                "{case}: the table's last row {last_row} is on the note's page:\n{noted}"
            );
        }
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

/// The sample with the keys of a whole 公文: a masthead and 抄送 in the plan, the number and
/// the 印发 date in the period.
fn official_sample(work: &Workdir) {
    sample_with(
        work,
        "  masthead: 鄞州区安全生产委员会办公室\n  cc: [区委办公室, 区政府办公室, 区应急管理局]\n",
        "as_of: 2021-05-24\nbulletin:\n  number: 鄞安委办〔2021〕5号\n  printed: 2021年5月25日\n",
    );
}

/// The whole 公文 of the sample, as a .docx.
fn official_docx(work: &Workdir) -> std::path::PathBuf {
    official_sample(work);
    work.run(&["generate", "--format", "docx", "-o", "通报.docx"])
        .expect_code(0);
    work.path().join("通报.docx")
}

/// Points in millimetres.
fn pt_mm(points: f64) -> f64 {
    points / 72.0 * 25.4
}

/// The exact line height (twips) of a paragraph.
fn line_height(paragraph: &Element) -> i64 {
    let spacing = paragraph.get("w:pPr").get("w:spacing");
    assert_eq!(spacing.attr("w:lineRule"), Some("exact"));
    spacing.number("w:line")
}

#[test]
fn the_masthead_is_red_centred_35_mm_down_with_the_number_and_a_red_rule_under_it() {
    let work = Workdir::new();
    let docx = official_docx(&work);
    let document = ooxml::part(&docx, "word/document.xml");
    let body = document.get("w:body");
    let paragraphs: Vec<&Element> = body.children.iter().filter(|c| c.name == "w:p").collect();
    let section = document.all("w:sectPr")[0];
    let margins = section.get("w:pgMar");
    let page = section.get("w:pgSz");
    let block_width = page.number("w:w") - margins.number("w:left") - margins.number("w:right");
    let pitch = section.get("w:docGrid").number("w:linePitch");
    // 1: blank space down to the mark: 35 mm from the top of the text block, less what the
    // face leaves above its ink (a few per cent of the size).
    let [space, mark, to_number, number, to_title, title, ..] = paragraphs[..] else {
        panic!("the masthead's paragraphs");
    };
    assert_eq!(space.text_of_runs(), "");
    let mark_rpr = mark.all("w:rPr")[0];
    let size = mark_rpr.get("w:sz").number("w:val");
    let drop = ooxml::mm(line_height(space));
    assert!(
        (35.0..=35.0 + pt_mm(size as f64 / 2.0) * 0.1).contains(&drop),
        "{drop} mm"
    );
    // 2: the mark: centred, red, the title's face, at least 2号, fitting the block.
    assert_eq!(mark.text_of_runs(), "鄞州区安全生产委员会办公室");
    assert_eq!(mark.get("w:pPr").get("w:jc").attr("w:val"), Some("center"));
    assert_eq!(mark_rpr.get("w:color").attr("w:val"), Some("FF0000"));
    assert_eq!(
        mark_rpr.get("w:rFonts").attr("w:eastAsia"),
        Some("方正小标宋简体")
    );
    assert!(size >= SIZE_2);
    let scale = mark_rpr.child("w:w").map_or(100, |w| w.number("w:val"));
    let chars = mark.text_of_runs().chars().count() as i64;
    assert!(
        chars * size * 10 * scale / 100 <= block_width,
        "the mark fits the block"
    );
    assert_eq!(line_height(mark), size * 10);
    // 3: the number two lines below the mark (7.2.5), centred.
    assert_eq!(to_number.text_of_runs(), "");
    assert_eq!(line_height(to_number), 2 * pitch);
    assert_eq!(number.text_of_runs(), "鄞安委办〔2021〕5号");
    assert_eq!(
        number.get("w:pPr").get("w:jc").attr("w:val"),
        Some("center")
    );
    // 4: the red rule under the number, the width of the block (no indent), a few mm down.
    let rule = number.get("w:pPr").get("w:pBdr").get("w:bottom");
    assert_eq!(rule.attr("w:color"), Some("FF0000"));
    assert_eq!(rule.attr("w:val"), Some("single"));
    assert!(number.get("w:pPr").child("w:ind").is_none());
    let below_line = pt_mm(rule.number("w:space") as f64);
    assert!((2.0..=4.0).contains(&below_line), "{below_line} mm");
    // 5: the title two lines below the rule (7.3.1).
    assert_eq!(line_height(to_title), 2 * pitch);
    assert!(title.text_of_runs().starts_with("关于基层"));
}

/// 0.35 mm and 0.25 mm, as `w:sz` (eighths of a point) writes them, within 0.05 mm.
fn rule_mm(border: &Element) -> f64 {
    pt_mm(border.number("w:sz") as f64 / 8.0)
}

#[test]
fn the_end_block_is_cc_and_printed_between_rules_at_the_foot_of_the_text_block() {
    let work = Workdir::new();
    let docx = official_docx(&work);
    let document = ooxml::part(&docx, "word/document.xml");
    let anchors = document.all("wp:anchor");
    assert_eq!(anchors.len(), 1, "one end block");
    let anchor = anchors[0];
    // Anchored to the text block (the margins), centred, at its foot; in front of the text,
    // whose room the paragraph it is anchored in keeps.
    let vertical = anchor.get("wp:positionV");
    assert_eq!(vertical.attr("relativeFrom"), Some("margin"));
    assert_eq!(vertical.get("wp:align").text, "bottom");
    assert_eq!(
        anchor.get("wp:positionH").attr("relativeFrom"),
        Some("margin")
    );
    assert!(anchor.child("wp:wrapNone").is_some());
    // As wide as the text block.
    let section = document.all("w:sectPr")[0];
    let page = section.get("w:pgSz");
    let margins = section.get("w:pgMar");
    let block_width = page.number("w:w") - margins.number("w:left") - margins.number("w:right");
    let extent = anchor.get("wp:extent");
    assert_eq!(extent.number("cx"), block_width * 635);
    let table = anchor.all("w:tbl")[0];
    assert_eq!(
        table.get("w:tblPr").get("w:tblW").number("w:w"),
        block_width
    );
    // Rules: the first and last thick (0.35 mm), the one between thin (0.25 mm), none at the
    // sides (7.4.1).
    let borders = table.get("w:tblPr").get("w:tblBorders");
    for (side, mm) in [("w:top", 0.35), ("w:bottom", 0.35), ("w:insideH", 0.25)] {
        let border = borders.get(side);
        assert_eq!(border.attr("w:val"), Some("single"));
        assert!(
            (rule_mm(border) - mm).abs() <= 0.05,
            "{side}: {}",
            rule_mm(border)
        );
    }
    for side in ["w:left", "w:right", "w:insideV"] {
        assert_eq!(borders.get(side).attr("w:val"), Some("nil"));
    }
    // The box holds the rows exactly (and the one-point paragraph a box ends with), so the
    // last rule lies on the block's lower edge.
    let rows = table.all("w:tr");
    assert_eq!(rows.len(), 2);
    let heights: i64 = rows
        .iter()
        .map(|row| {
            let height = row.get("w:trPr").get("w:trHeight");
            assert_eq!(height.attr("w:hRule"), Some("exact"));
            height.number("w:val")
        })
        .sum();
    let boxed = extent.number("cy") / 635;
    assert!(
        (0..=20).contains(&(boxed - heights)),
        "{boxed} vs {heights}"
    );
    // 抄送: 4号仿宋, one 4号 character in from each side, continuation lines after the colon.
    let one = SIZE_4 * 10;
    let cc = rows[0].get("w:tc").get("w:p");
    assert_eq!(
        cc.text_of_runs(),
        "抄送：区委办公室，区政府办公室，区应急管理局。"
    );
    assert_eq!(
        run_font(cc),
        ("仿宋_GB2312".into(), SIZE_4, "Times New Roman".into())
    );
    let indent = cc.get("w:pPr").get("w:ind");
    assert_eq!(indent.number("w:left") - indent.number("w:hanging"), one);
    assert_eq!(indent.number("w:hanging"), 3 * one, "the width of 抄送：");
    assert_eq!(indent.number("w:right"), one);
    // 印发: the printer one character in from the left, the date one in from the right.
    let printed = rows[1].get("w:tc").get("w:p");
    assert_eq!(
        printed.text_of_runs(),
        "鄞州区安全生产委员会办公室2021年5月25日印发"
    );
    assert_eq!(printed.all("w:tab").len(), 2, "a tab stop and a tab");
    let stop = printed.get("w:pPr").get("w:tabs").get("w:tab");
    assert_eq!(stop.attr("w:val"), Some("right"));
    assert_eq!(stop.number("w:pos"), block_width - one);
    assert_eq!(printed.get("w:pPr").get("w:ind").number("w:left"), one);
    // After the annex, the end block has a portrait page of its own, started on an even page
    // (the back of the last sheet). That even page carries its number (§7.5 drops it only
    // where a blank page comes before); a blank page put before it, always odd, has none.
    let last = document.get("w:body").get("w:sectPr");
    assert_eq!(last.get("w:type").attr("w:val"), Some("evenPage"));
    assert!(last.get("w:pgSz").attr("w:orient").is_none());
    let footers = footers(&docx, last);
    assert_eq!(footers.len(), 2);
    for (kind, footer) in footers {
        let fields: Vec<String> = footer
            .all("w:instrText")
            .iter()
            .map(|field| field.text.trim().to_string())
            .collect();
        match kind.as_str() {
            "default" => {
                assert_eq!(footer.text_of_runs(), "", "odd");
                assert!(fields.is_empty(), "{fields:?}");
            }
            _ => assert_eq!(fields, ["PAGE"], "{kind}"),
        }
    }
}

#[test]
fn without_a_masthead_or_end_block_keys_the_layout_is_as_before() {
    let work = Workdir::new();
    let docx = sample_docx(&work, &[]);
    let text = part(&docx, "word/document.xml");
    assert!(!text.contains("FF0000") && !text.contains("<w:drawing>"));
    assert!(!text.contains("evenPage"));
    let out = work
        .run(&["generate", "--format", "text"])
        .expect_code(0)
        .stdout;
    assert!(
        !out.lines()
            .any(|l| l.starts_with("抄送：") || l.ends_with("日印发"))
    );
}

#[test]
fn libreoffice_puts_the_masthead_first_on_page_one_and_printed_last_on_the_last_page() {
    let work = Workdir::new();
    official_sample(&work);
    for (name, extra) in [("附件.docx", None), ("无附件.docx", Some("--no-annex"))] {
        let mut args = vec!["generate", "--format", "docx", "-o", name];
        args.extend(extra);
        work.run(&args).expect_code(0);
        let docx = work.path().join(name);
        let Some(pdf) = libreoffice_pdf(&work, &docx) else {
            return;
        };
        let pages = pdf_pages(&pdf);
        let lines = |page: &str| -> Vec<String> {
            page.lines().map(plain).filter(|l| !l.is_empty()).collect()
        };
        let first = lines(&pages[0]);
        assert_eq!(first[0], "鄞州区安全生产委员会办公室", "{name}");
        assert_eq!(first[1], "鄞安委办〔2021〕5号", "{name}");
        let last = lines(pages.last().unwrap());
        // The page number, where the page has one, is below the text block.
        let text: String = last
            .iter()
            .filter(|l| !l.starts_with('—'))
            .cloned()
            .collect();
        let end_block = "抄送：区委办公室，区政府办公室，区应急管理局。鄞州区安全生产委员会办公室2021年5月25日印发";
        assert!(text.ends_with(end_block), "{name}: {last:?}");
        if extra.is_none() {
            // The end block's own page: nothing but the end block and its page number, as no
            // blank page comes before it (the annex ends on an odd page).
            assert_eq!(text, end_block, "{last:?}");
            assert_eq!(pages.len() % 2, 0);
            let number = format!("—{}—", pages.len());
            assert!(last.contains(&number), "{number} in {last:?}");
        } else {
            // On the body's last page, under the signature.
            assert!(last.iter().any(|l| l == "2021年5月24日"), "{last:?}");
        }
    }
}

#[test]
fn text_and_json_carry_the_masthead_number_cc_and_printed() {
    let work = Workdir::new();
    official_sample(&work);
    let text = work
        .run(&["generate", "--format", "text"])
        .expect_code(0)
        .stdout;
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[..3],
        [
            "鄞州区安全生产委员会办公室",
            "鄞安委办〔2021〕5号",
            "关于基层应急管理体系和能力建设工作推进情况的通报"
        ]
    );
    assert_eq!(
        lines[lines.len() - 2..],
        [
            "抄送：区委办公室，区政府办公室，区应急管理局。",
            "鄞州区安全生产委员会办公室　　2021年5月25日印发"
        ]
    );
    let json: serde_json::Value = serde_json::from_str(
        &work
            .run(&["generate", "--format", "json"])
            .expect_code(0)
            .stdout,
    )
    .unwrap();
    assert_eq!(
        json["bulletin"],
        serde_json::json!({
            "masthead": "鄞州区安全生产委员会办公室",
            "number": "鄞安委办〔2021〕5号",
            "cc": ["区委办公室", "区政府办公室", "区应急管理局"],
            "printed_by": "鄞州区安全生产委员会办公室",
            "printed": "2021-05-25",
        })
    );
}

#[test]
fn cc_may_be_one_line_and_a_printed_date_that_is_none_is_named() {
    let work = Workdir::new();
    official_sample(&work);
    work.write(
        "data/periods/2021-05/period.yaml",
        "as_of: 2021-05-24\nbulletin:\n  cc: 区委办公室、区政府办公室。\n  printed_by: 区应急管理局\n",
    );
    let text = work
        .run(&["generate", "--format", "text"])
        .expect_code(0)
        .stdout;
    assert!(
        text.ends_with("抄送：区委办公室，区政府办公室。\n区应急管理局　　2021年5月24日印发\n"),
        "{text}"
    );
    work.write(
        "data/periods/2021-05/period.yaml",
        "as_of: 2021-05-24\nbulletin:\n  printed: 5月25日\n",
    );
    let run = work.run(&["generate", "--format", "text"]).expect_code(1);
    assert!(
        run.stderr.contains("印发日期") && run.stderr.contains("period.yaml:3"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_heading_keeps_with_the_paragraph_after_it_and_never_ends_a_page() {
    // The sample's page 1 ended on （一）构建应急体系、厘清分工职责方面, its first task on page 2.
    let work = Workdir::new();
    let docx = sample_docx(&work, &[]);
    let document = ooxml::part(&docx, "word/document.xml");
    let headings = [
        "一、总体情况",
        "二、具体工作推进情况",
        "（一）构建应急体系、厘清分工职责方面",
        "（二）夯实基层基础、推进重点工作方面",
        "（三）配齐三支队伍，做到齐装满员方面",
        "（四）强化工作保障、健全长效机制方面",
    ];
    for start in headings {
        let kept = paragraph(&document, start)
            .get("w:pPr")
            .child("w:keepNext")
            .is_some();
        assert!(kept, "{start} keeps with the next paragraph");
    }
    let Some(pdf) = libreoffice_pdf(&work, &docx) else {
        return;
    };
    for (number, page) in pdf_pages(&pdf).iter().enumerate() {
        // The page's last line of text, before its page number (—1—).
        let last = page
            .lines()
            .map(str::trim)
            .rfind(|line| !line.is_empty() && !line.starts_with('—'))
            .unwrap_or_default();
        let is_heading = last.ends_with("方面")
            || headings[..2].contains(&last)
            || last.starts_with('（') && last.chars().nth(2) == Some('）');
        assert!(!is_heading, "page {} ends on a heading: {last}", number + 1);
    }
}

#[test]
fn the_end_block_fits_on_the_last_page_when_just_its_rows_are_free() {
    // The city sample with a masthead ends its body three lines above the foot of page 3:
    // just the room of the end block's three rows (two of 抄送, one of 印发). LibreOffice gave
    // a one-point anchor a whole grid line and sent the end block to a page 4 of its own.
    let work = Workdir::new();
    let data = crate::workdir::repo().join("data/minsheng");
    let plan = std::fs::read_to_string(data.join("plan.yaml")).unwrap();
    let plan = plan.replacen(
        "bulletin:\n",
        "bulletin:\n  masthead: 青山市民生实事工作领导小组办公室文件\n  cc: [市委办公室, 市人大常委会办公室, 市政府办公室, 市政协办公室]\n",
        1,
    );
    work.write("plan.yaml", plan);
    for entry in std::fs::read_dir(data.join("periods/2025-09")).unwrap() {
        let from = entry.unwrap().path();
        let name = from.file_name().unwrap().to_string_lossy().into_owned();
        work.write(
            &format!("periods/2025-09/{name}"),
            std::fs::read(&from).unwrap(),
        );
    }
    work.run(&[
        "generate",
        "periods/2025-09",
        "--plan",
        "plan.yaml",
        "--no-annex",
        "-o",
        "通报.docx",
    ])
    .expect_code(0);
    let docx = work.path().join("通报.docx");
    let document = ooxml::part(&docx, "word/document.xml");
    // The box lets text run under it; the paragraph it is anchored in keeps its room: a whole
    // number of grid lines, as tall as the box's rows.
    let anchor = document.all("wp:anchor")[0];
    assert!(anchor.child("wp:wrapNone").is_some());
    let holder = document
        .all("w:p")
        .into_iter()
        .find(|p| !p.all("wp:anchor").is_empty())
        .expect("the box's paragraph");
    let rows: i64 = anchor
        .all("w:trHeight")
        .iter()
        .map(|height| height.number("w:val"))
        .sum();
    assert_eq!(line_height(holder), rows);
    assert_eq!(rows % 579, 0);
    if let Some(pdf) = libreoffice_pdf(&work, &docx) {
        let pages = pdf_pages(&pdf);
        let last = plain(pages.last().unwrap());
        assert!(
            last.contains("2025年10月10日") && last.ends_with("印发—3—"),
            "{} pages; the last: {last}",
            pages.len()
        );
    }
}

/// A plan of `towns` towns and `tasks` tasks, every task every town's, and a period in which
/// only the first town sent its sheet.
fn wide_plan(work: &Workdir, towns: usize, tasks: usize) {
    let names: Vec<String> = (1..=towns).map(|i| format!("镇{i:03}")).collect();
    let task_lines: String = (1..=tasks)
        .map(|id| format!("      - {{id: {id}, text: 第{id}项任务。, deadline: 2021-03}}\n"))
        .collect();
    work.write(
        "data/plan.yaml",
        format!(
            "plan: {{title: 实施意见, number: 测〔2021〕1号, issued: 2021-03-31}}\n\
             bulletin: {{issuer: 测试区安全生产委员会办公室, title: 关于测试工作推进情况的通报, addressees: 各镇, preamble: 现将有关情况通报如下：}}\n\
             units: {{label: 镇, towns: [{}]}}\n\
             categories:\n  - title: 测试方面\n    tasks:\n{task_lines}",
            names.join(", ")
        ),
    );
    work.write("data/periods/2021-05/period.yaml", "as_of: 2021-05-24\n");
    let rows: String = (1..=tasks)
        .map(|id| format!("镇001,{id},已完成,2021-03-01\n"))
        .collect();
    work.write(
        "data/periods/2021-05/镇001.csv",
        format!("单位,任务,状态,完成日期\n{rows}"),
    );
}

/// The lines of `text` that hold `part`.
fn lines_with<'t>(text: &'t str, part: &str) -> Vec<&'t str> {
    text.lines().filter(|line| line.contains(part)).collect()
}

#[test]
fn an_annex_table_wider_than_a_page_is_left_out_for_the_summary_workbook() {
    // 65 tasks: a column would be narrower than its symbol. The annex keeps its ranking and
    // says where the table is; stderr says it once, with the command that writes the 汇总表.
    let work = Workdir::new();
    wide_plan(&work, 3, 65);
    let run = work
        .run(&["generate", "--allow-missing", "-o", "通报.docx"])
        .expect_code(0);
    let warned = lines_with(&run.stderr, "[too-large]");
    assert_eq!(warned.len(), 1, "{}", run.stderr);
    assert!(
        warned[0].contains("65项任务") && warned[0].contains("-o 汇总表.xlsx"),
        "{}",
        warned[0]
    );
    let docx = work.path().join("通报.docx");
    let document = ooxml::part(&docx, "word/document.xml");
    let tables = document.get("w:body").children.iter();
    assert_eq!(
        tables.filter(|child| child.name == "w:tbl").count(),
        1,
        "only the ranking"
    );
    let said =
        "本次通报涉及3个单位、65项任务，各单位各项任务推进情况表篇幅过大，从略，详见汇总表。";
    assert!(paragraph(&document, "本次通报涉及").text_of_runs() == said);
    let md = work
        .run(&["generate", "--allow-missing", "--format", "md"])
        .expect_code(0)
        .stdout;
    assert!(md.contains(said), "{md}");
    assert!(!md.contains("\n| 单位 |"), "{md}");
    assert!(md.contains("| 排名 | 单位 |"), "{md}");
    // 64 tasks still fit: the table is there, and nothing is said.
    let work = Workdir::new();
    wide_plan(&work, 3, 64);
    let run = work
        .run(&["generate", "--allow-missing", "--format", "md"])
        .expect_code(0);
    assert!(run.stdout.contains("| 单位 | 1 | 2 |"), "{}", run.stdout);
    assert!(!run.stderr.contains("[too-large]"), "{}", run.stderr);
}

#[test]
fn allow_missing_names_twenty_units_that_sent_nothing_and_counts_the_rest() {
    let work = Workdir::new();
    wide_plan(&work, 25, 2);
    let run = work
        .run(&["generate", "--allow-missing", "--format", "text"])
        .expect_code(0);
    let missing = lines_with(&run.stderr, "[missing-report]");
    assert_eq!(missing.len(), 21, "{}", run.stderr);
    assert!(
        missing.iter().any(|line| line.contains("另有4个未列出")),
        "{}",
        run.stderr
    );
    // The bulletin still names every unit that sent nothing.
    assert!(run.stdout.contains("镇025"), "{}", run.stdout);
}
