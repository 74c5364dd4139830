//! Hostile workbooks and plans, made here rather than kept as files: a stray cell at the far end
//! of a worksheet, zip bombs, a part that lies about its size, one huge shared string, a CSV
//! header of millions of columns, plans too large for their tables. Each ends in its exit
//! status and a diagnostic that names the file and the cell. Where LibreOffice is installed,
//! the stray-cell workbooks are also saved through it, as a clerk's Excel would save them.

use std::process::Command;

use crate::hostile::{VALIDATE, expect, period_with};

/// A status sheet for 东湖 with a clean row, and "x" in the cell (`row`, `column`), 0-based.
fn xlsx_with_stray(row: u32, column: u16) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (index, name) in ["单位", "任务", "状态", "完成日期"].iter().enumerate() {
        sheet.write_string(0, index as u16, *name).unwrap();
    }
    sheet.write_string(1, 0, "东湖").unwrap();
    sheet.write_number(1, 1, 1.0).unwrap();
    sheet.write_string(1, 2, "推进中").unwrap();
    sheet.write_string(row, column, "x").unwrap();
    workbook.save_to_buffer().unwrap()
}

/// The workbook saved again by LibreOffice as `to` (xlsx, ods, xls); `None` without it.
pub fn through_libreoffice(bytes: &[u8], to: &str) -> Option<Vec<u8>> {
    let available = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        eprintln!("skipped: soffice not installed (apt-get install libreoffice-calc-nogui)");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.xlsx");
    std::fs::write(&input, bytes).unwrap();
    let out = dir.path().join("out");
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    );
    let status = Command::new("soffice")
        .args([&profile, "--headless", "--convert-to", to, "--outdir"])
        .arg(&out)
        .arg(&input)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "{status:?}");
    Some(std::fs::read(out.join(format!("in.{to}"))).unwrap())
}

#[track_caller]
fn stray_cell_is_named(name: &str, bytes: &[u8], says: &str) {
    let work = period_with(name, bytes);
    let run = expect(&work, &VALIDATE, 0, says);
    assert!(run.stdout.contains("警告[stray-cell]"), "{}", run.stdout);
    assert!(!run.stdout.contains("blank-row"), "{}", run.stdout);
}

#[test]
fn a_stray_value_in_the_last_cell_of_a_worksheet_is_named_not_allocated() {
    let bytes = xlsx_with_stray(1_048_575, 16_383);
    let says = "p/东湖.xlsx:1048576:16384: 警告[stray-cell] 第1048576行XFD列有内容“x”，与上面的表格隔了1048573个空行";
    // LibreOffice 7.4 keeps 1,024 columns: it cannot hold XFD, so this one is not resaved.
    stray_cell_is_named("东湖.xlsx", &bytes, says);
}

#[test]
fn a_stray_value_far_down_column_az_or_g_is_one_warning() {
    for (column, letter) in [(51, "AZ"), (6, "G")] {
        let bytes = xlsx_with_stray(1_048_575, column);
        let says = format!(
            "p/东湖.xlsx:1048576:{}: 警告[stray-cell] 第1048576行{letter}列有内容“x”",
            column + 1
        );
        stray_cell_is_named("东湖.xlsx", &bytes, &says);
        if let Some(saved) = through_libreoffice(&bytes, "xlsx") {
            stray_cell_is_named("东湖.xlsx", &saved, &says);
        }
    }
}

/// An .ods is read whole by calamine: a stray cell far away would make it hold millions of
/// blank cells, so it is refused, naming the cell; a near one is read as in an .xlsx.
#[test]
fn an_ods_with_a_far_stray_cell_is_refused_and_a_near_one_named() {
    let Some(far) = through_libreoffice(&xlsx_with_stray(1_048_575, 6), "ods") else {
        return;
    };
    let work = period_with("东湖.ods", &far);
    expect(
        &work,
        &VALIDATE,
        1,
        "p/东湖.ods:1048576:7: 错误[too-large] 工作表“Sheet1”的第1048576行G列有内容，离表格很远",
    );
    let near = through_libreoffice(&xlsx_with_stray(999, 6), "ods").unwrap();
    stray_cell_is_named(
        "东湖.ods",
        &near,
        "p/东湖.ods:1000:7: 警告[stray-cell] 第1000行G列有内容“x”",
    );
}

/// An .xls is read whole too: a stray value in its last cell (IV65536, as far as .xls goes)
/// is refused before calamine makes 16 million blank cells; a near one is read and named.
#[test]
fn an_xls_with_a_stray_cell_in_its_last_cell_is_refused_and_a_near_one_named() {
    let Some(far) = through_libreoffice(&xlsx_with_stray(65_535, 255), "xls") else {
        return;
    };
    let work = period_with("东湖.xls", &far);
    expect(
        &work,
        &VALIDATE,
        1,
        "p/东湖.xls:65536:256: 错误[too-large] 工作表“Sheet1”的第65536行IV列有内容，离表格很远；.xls 文件要连同中间的空白一起读入（约16777216个单元格）",
    );
    let near = through_libreoffice(&xlsx_with_stray(999, 6), "xls").unwrap();
    stray_cell_is_named(
        "东湖.xls",
        &near,
        "p/东湖.xls:1000:7: 警告[stray-cell] 第1000行G列有内容“x”",
    );
}

/// A zip written by hand: each part's bytes, method (0 stored, 8 deflated), CRC-32 and the
/// size it declares when unpacked, which may be a lie.
struct Part {
    name: String,
    method: u16,
    data: Vec<u8>,
    crc: u32,
    size: u32,
}

fn zip_of(parts: &[Part]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for part in parts {
        let offset = out.len() as u32;
        let header = |signature: u32, central: bool| {
            let mut h = Vec::new();
            h.extend(signature.to_le_bytes());
            if central {
                h.extend(20u16.to_le_bytes()); // made by
            }
            h.extend(20u16.to_le_bytes()); // needed
            h.extend(0u16.to_le_bytes()); // flags
            h.extend(part.method.to_le_bytes());
            h.extend([0, 0, 0x21, 0]); // time, date: 1980-01-01
            h.extend(part.crc.to_le_bytes());
            h.extend((part.data.len() as u32).to_le_bytes());
            h.extend(part.size.to_le_bytes());
            h.extend((part.name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra
            if central {
                h.extend([0u8; 6]); // comment length, disk, internal attributes
                h.extend(0u32.to_le_bytes()); // external attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend(part.name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend(&part.data);
        central.extend(header(0x0201_4b50, true));
    }
    let start = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((parts.len() as u16).to_le_bytes());
    out.extend((parts.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(start.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A deflate stream (fixed Huffman codes) of `prefix`, then `count` × `a`: each run of 258
/// costs 13 bits, so a gigabyte packs into a few megabytes, as in a real zip bomb.
fn deflate_bomb(prefix: &[u8], count: u64) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        len: u32,
    }
    impl Bits {
        fn put(&mut self, value: u64, count: u32) {
            self.acc |= value << self.len;
            self.len += count;
            while self.len >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.len -= 8;
            }
        }
        /// A Huffman code, sent from its first bit.
        fn code(&mut self, code: u32, len: u32) {
            let reversed = code.reverse_bits() >> (32 - len);
            self.put(u64::from(reversed), len);
        }
        fn literal(&mut self, byte: u8) {
            if byte < 144 {
                self.code(0x30 + u32::from(byte), 8);
            } else {
                self.code(0x190 + u32::from(byte) - 144, 9);
            }
        }
    }
    let mut bits = Bits {
        out: Vec::new(),
        acc: 0,
        len: 0,
    };
    bits.put(1, 1); // the last block
    bits.put(1, 2); // fixed codes
    for &byte in prefix {
        bits.literal(byte);
    }
    if count > 0 {
        bits.literal(b'a');
        let mut left = count - 1;
        while left >= 258 {
            bits.code(0b1100_0101, 8); // length 258
            bits.code(0, 5); // distance 1
            left -= 258;
        }
        for _ in 0..left {
            bits.literal(b'a');
        }
    }
    bits.code(0, 7); // end of block
    bits.put(0, 7);
    bits.out
}

/// 东湖's one-row sheet as rust_xlsxwriter saves it.
fn sample_workbook() -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (index, text) in ["单位", "任务", "状态", "说明"].iter().enumerate() {
        sheet.write_string(0, index as u16, *text).unwrap();
    }
    sheet.write_string(1, 0, "东湖").unwrap();
    sheet.write_number(1, 1, 1.0).unwrap();
    sheet.write_string(1, 2, "推进中").unwrap();
    workbook.save_to_buffer().unwrap()
}

/// The parts of a real one-sheet workbook, with `strings` for its shared strings.
fn workbook_parts(strings: Part) -> Vec<Part> {
    let bytes = sample_workbook();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut parts = Vec::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).unwrap();
        let name = file.name().unwrap().to_string();
        if name == "xl/sharedStrings.xml" {
            continue;
        }
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut data).unwrap();
        parts.push(Part {
            name,
            method: 0,
            crc: crc32(&data),
            size: data.len() as u32,
            data,
        });
    }
    parts.push(strings);
    parts
}

/// The shared strings rust_xlsxwriter writes for [`workbook_parts`]'s sheet.
fn original_shared_strings() -> String {
    let bytes = sample_workbook();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    let mut file = archive.by_name("xl/sharedStrings.xml").unwrap();
    std::io::Read::read_to_string(&mut file, &mut text).unwrap();
    text
}

const SST: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>"#;

#[test]
fn a_zip_bomb_whose_shared_strings_unpack_to_1_7_gb_is_refused_before_unpacking() {
    let size: u32 = 1_700_000_000;
    let data = deflate_bomb(SST, u64::from(size) - SST.len() as u64);
    let strings = Part {
        name: "xl/sharedStrings.xml".into(),
        method: 8,
        data,
        // Never unpacked, so never checked.
        crc: 0,
        size,
    };
    let bomb = zip_of(&workbook_parts(strings));
    assert!(bomb.len() < 12 * 1024 * 1024, "{}", bomb.len());
    let work = period_with("东湖.xlsx", &bomb);
    expect(
        &work,
        &VALIDATE,
        1,
        "p/东湖.xlsx: 错误[too-large] 工作簿解压后过大：其中的 xl/sharedStrings.xml 解压后有 1621 MB，超过 64 MB 的上限",
    );
}

#[test]
fn one_huge_shared_string_is_refused_past_the_limit_and_cut_below_it() {
    // Past the limit: 100 MB in one string.
    let size: u32 = 100 * 1024 * 1024;
    let strings = Part {
        name: "xl/sharedStrings.xml".into(),
        method: 8,
        data: deflate_bomb(SST, u64::from(size) - SST.len() as u64),
        crc: 0,
        size,
    };
    let work = period_with("东湖.xlsx", &zip_of(&workbook_parts(strings)));
    expect(
        &work,
        &VALIDATE,
        1,
        "p/东湖.xlsx: 错误[too-large] 工作簿解压后过大：其中的 xl/sharedStrings.xml 解压后有 100 MB",
    );
    // Below it: the workbook is read, and the cell holding the string is cut at Excel's limit.
    let mut parts = workbook_parts(Part {
        name: "xl/sharedStrings.xml".into(),
        method: 0,
        data: Vec::new(),
        crc: 0,
        size: 0,
    });
    let original = original_shared_strings();
    let count = original.matches("<si>").count();
    let huge = format!("<si><t>{}</t></si></sst>", "a".repeat(3 * 1024 * 1024));
    let xml = original.replace("</sst>", &huge).into_bytes();
    for part in &mut parts {
        let data = match part.name.as_str() {
            "xl/sharedStrings.xml" => xml.clone(),
            // The sheet's note cell (D2) holds the huge string.
            "xl/worksheets/sheet1.xml" => String::from_utf8(part.data.clone())
                .unwrap()
                .replace(
                    "</row></sheetData>",
                    &format!(r#"<c r="D2" t="s"><v>{count}</v></c></row></sheetData>"#),
                )
                .into_bytes(),
            _ => continue,
        };
        part.crc = crc32(&data);
        part.size = data.len() as u32;
        part.data = data;
    }
    let work = period_with("东湖.xlsx", &zip_of(&parts));
    expect(
        &work,
        &VALIDATE,
        1,
        "p/东湖.xlsx:2:4: 错误[too-large] 单元格超过 32767 个字符，已截断",
    );
}

#[test]
fn a_part_that_unpacks_to_more_than_it_declares_is_stopped_at_its_declared_size() {
    // Declares 4 KB, holds 500 MB: the zip reader refuses to give more than it declares.
    let strings = Part {
        name: "xl/sharedStrings.xml".into(),
        method: 8,
        data: deflate_bomb(SST, 500 * 1024 * 1024),
        crc: 0,
        size: 4096,
    };
    let work = period_with("东湖.xlsx", &zip_of(&workbook_parts(strings)));
    expect(
        &work,
        &VALIDATE,
        1,
        "p/东湖.xlsx: 错误[unreadable-sheet] 无法作为 Excel 工作簿打开（其中一个部分解压后比它声明的大小还大，文件已损坏或被改动过）",
    );
}

#[test]
fn a_40_mb_csv_with_a_header_of_millions_of_columns_is_capped_while_read() {
    let mut sheet = String::from("单位,任务,状态");
    let mut column = 0;
    while sheet.len() < 40 * 1024 * 1024 {
        column += 1;
        sheet.push_str(&format!(",列{column}"));
    }
    sheet.push_str("\n东湖,1,推进中\n");
    let work = period_with("东湖.csv", sheet.as_bytes());
    let run = expect(
        &work,
        &VALIDATE,
        1,
        "p/东湖.csv:1:16385: 错误[too-large] 这一行有",
    );
    assert!(
        run.stdout
            .contains("列，超过 Excel 的上限 16384 列（到XFD列），多出的列没有读取"),
        "{}",
        run.stdout
    );
    // 16,381 unknown columns (to XFD) and row 2 shorter than the header are warnings, less the
    // 200 listed: counted under their own cap, never as an error (the one error is the width).
    assert!(
        run.stdout.contains(
            "警告[too-many-findings] 提示太多，只列出了前200条，另有16182条未列出（提示不影响汇总）"
        ),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("错误[too-many-findings]"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.lines().count() < 210);
}

#[test]
fn a_row_of_millions_of_empty_cells_is_cut_at_twice_excels_columns_as_it_is_read() {
    // Without the bound the CSV reader would make 5,000,003 fields of this one line (and
    // 40 million of a 40 MB one, 1.5 GB) before any cap could apply; bench/hostile.sh measures it.
    let mut sheet = String::from("单位,任务,状态\n东湖,1,推进中");
    sheet.push_str(&",".repeat(5_000_000));
    sheet.push('\n');
    let work = period_with("东湖.csv", sheet.as_bytes());
    expect(
        &work,
        &VALIDATE,
        1,
        "p/东湖.csv:2:16385: 错误[too-large] 这一行有32768多列，超过 Excel 的上限 16384 列（到XFD列），多出的列没有读取",
    );
}

/// A plan of `units` towns (镇00000, 镇00001…) and `tasks` tasks, each task for every town.
pub fn plan_of(units: usize, tasks: usize) -> String {
    let mut plan = String::from("units:\n  towns:\n");
    for unit in 0..units {
        plan.push_str(&format!("    - 镇{unit:05}\n"));
    }
    plan.push_str("categories:\n  - title: 方面\n    tasks:\n");
    for task in 1..=tasks {
        plan.push_str(&format!(
            "      - {{id: {task}, text: 任务。, deadline: 2021-03}}\n"
        ));
    }
    plan
}

#[test]
fn plans_too_large_for_their_tables_are_refused_before_any_is_made() {
    for (size, cells) in [(30_000, "900000000"), (10_000, "100000000")] {
        let work = period_with("东湖.csv", b"\xe5\x8d\x95\xe4\xbd\x8d\n");
        let plan = plan_of(size, size);
        assert!(plan.len() > 500_000);
        work.write("plan.yaml", plan);
        let says = format!(
            "plan.yaml: 错误[plan-invalid] 任务清单有 {size} 个单位、{size} 项任务，单位×任务共 {cells} 格，超过上限 4000000"
        );
        expect(&work, &VALIDATE, 1, &says);
    }
}
