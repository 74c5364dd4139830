use super::*;

/// A sheet collected whole, for looking at in tests.
#[derive(Debug, Default, PartialEq)]
struct Sheet {
    header: Vec<String>,
    header_row: u64,
    rows: Vec<Row<'static>>,
    from_workbook: bool,
}

#[derive(Default)]
struct Collect {
    sheet: Sheet,
    diagnostics: Vec<Diagnostic>,
    /// A header must name 单位 (else the first row of more than one cell is the header).
    strict: bool,
}

impl RowSink for Collect {
    fn is_header(&self, cells: &[String]) -> bool {
        !self.strict || cells.iter().any(|cell| cell == "单位")
    }
    fn header(&mut self, header_row: u64, header: &[String], from_workbook: bool) -> bool {
        self.sheet.header = header.to_vec();
        self.sheet.header_row = header_row;
        self.sheet.from_workbook = from_workbook;
        true
    }
    fn row(&mut self, row: &Row<'_>) {
        let cells = row.cells.iter().cloned().map(Cell::into_owned).collect();
        self.sheet.rows.push(Row {
            number: row.number,
            cells,
        });
    }
    fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }
}

fn read_named(name: &str, bytes: &[u8]) -> (Option<Sheet>, Vec<Diagnostic>) {
    let mut collect = Collect::default();
    let read = read_sheet(name, bytes, &mut collect);
    (read.then_some(collect.sheet), collect.diagnostics)
}

/// What reading a sheet gave: the sheet, if anything was read, and the findings.
type Read = (Option<Sheet>, Vec<Diagnostic>);

fn read(bytes: &[u8]) -> Read {
    read_named("t.csv", bytes)
}

const CSV: &str = "单位,任务,状态\n瞻岐,1,已完成\n";

#[test]
fn utf8_with_and_without_bom_and_gbk_read_alike() {
    let gbk = encoding_rs::GBK.encode(CSV).0.into_owned();
    let bom = [b"\xEF\xBB\xBF".as_slice(), CSV.as_bytes()].concat();
    let plain = read(CSV.as_bytes());
    for bytes in [gbk.as_slice(), bom.as_slice()] {
        let (sheet, diagnostics) = read(bytes);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(sheet, plain.0);
    }
    let sheet = plain.0.unwrap();
    assert_eq!(sheet.header, ["单位", "任务", "状态"]);
    assert_eq!(sheet.rows[0].number, 2);
    assert_eq!(sheet.rows[0].cells[0].text(), "瞻岐");
}

#[test]
fn utf16_unicode_text_is_tab_separated() {
    let text = "单位\t任务\t状态\r\n瞻岐\t1\t已完成\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let (sheet, diagnostics) = read(&bytes);
    assert!(diagnostics.is_empty());
    assert_eq!(sheet.unwrap().header, ["单位", "任务", "状态"]);
}

#[test]
fn bytes_no_encoding_explains_are_reported_at_their_row() {
    let mut bytes = CSV.as_bytes().to_vec();
    bytes.extend_from_slice(b"\xFF\xFF,2,\xFE\n");
    let (_, diagnostics) = read(&bytes);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code, Code::Encoding);
    assert_eq!(diagnostics[0].row, Some(3));
}

#[test]
fn cells_are_trimmed_of_ascii_ideographic_and_bom_spaces() {
    let (sheet, _) =
        read("单位,任务,状态\n\u{3000}瞻岐\u{3000}, 1 ,\u{feff}已完成\u{a0}\n".as_bytes());
    let cells: Vec<String> = sheet.unwrap().rows[0]
        .cells
        .iter()
        .map(|c| c.text().into_owned())
        .collect();
    assert_eq!(cells, ["瞻岐", "1", "已完成"]);
}

#[test]
fn a_quote_never_closed_is_named_at_its_row() {
    let (_, diagnostics) =
        read("单位,任务,状态\n瞻岐,1,已完成\n咸祥,1,\"已完成\n东吴,1,推进中\n".as_bytes());
    let found: Vec<_> = diagnostics.iter().map(|d| (d.code, d.row)).collect();
    assert_eq!(found, [(Code::UnbalancedQuote, Some(3))]);
    // A quote inside an unquoted note is only a character.
    let (_, diagnostics) = read("单位,任务,说明\n瞻岐,1,他说\"好\n".as_bytes());
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
}

/// Streams `bytes` from a file and reads them from memory: both must see the same sheet.
fn streamed_and_whole(bytes: &[u8]) -> (Read, Read) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.csv");
    std::fs::write(&file, bytes).unwrap();
    let mut collect = Collect::default();
    let any = read_sheet_file("t.csv", &file, &mut collect).unwrap();
    (
        (any.then_some(collect.sheet), collect.diagnostics),
        read(bytes),
    )
}

#[test]
fn a_large_utf8_csv_streams_to_the_same_rows_across_chunk_boundaries() {
    // 3-byte characters, so chunk ends fall inside characters; past 256 KiB more than once.
    let mut text = String::from("\u{feff}单位,任务,状态,说明\r\n");
    for row in 0..20_000 {
        text.push_str(&format!(
            "钟公庙,{},推进中,“说明”第{row}行，含“引号”\r\n",
            row % 38 + 1
        ));
    }
    text.push_str("钟公庙,1,已\0完成,\r\n咸祥,1,\"未闭合\r\n东吴,2,推进中,\r\n");
    assert!(text.len() > 3 * 256 * 1024);
    let (streamed, whole) = streamed_and_whole(text.as_bytes());
    assert_eq!(streamed, whole);
    let codes: Vec<_> = streamed.1.iter().map(|d| (d.code, d.row)).collect();
    assert_eq!(
        codes,
        [
            (Code::Encoding, Some(20_002)),
            (Code::UnbalancedQuote, Some(20_003))
        ]
    );
    assert_eq!(streamed.0.unwrap().rows.len(), 20_002);
}

#[test]
fn files_in_every_encoding_stream_alike_past_the_first_read() {
    // Longer than the 64 KiB looked at first, so the encoding is decided and kept record by
    // record.
    let mut text = String::from("单位,任务,状态,说明\r\n");
    for row in 0..3_000 {
        text.push_str(&format!("东湖,{},推进中,第{row}行说明\r\n", row % 9 + 1));
    }
    let gbk = encoding_rs::GBK.encode(&text).0.into_owned();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        text.replace(',', "\t")
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let mut utf16be = vec![0xFE, 0xFF];
    utf16be.extend(
        text.replace(',', "\t")
            .encode_utf16()
            .flat_map(u16::to_be_bytes),
    );
    let utf8 = read(text.as_bytes());
    assert!(utf8.1.is_empty(), "{:?}", utf8.1);
    assert_eq!(utf8.0.as_ref().unwrap().rows.len(), 3_000);
    for bytes in [gbk.as_slice(), &utf16, &utf16be, text.as_bytes()] {
        assert!(bytes.len() > 64 * 1024);
        let (streamed, whole) = streamed_and_whole(bytes);
        assert_eq!(streamed, whole);
        assert_eq!(streamed, utf8);
    }
    let (streamed, whole) = streamed_and_whole(b"");
    assert_eq!(streamed, whole);
    assert_eq!(streamed.1[0].code, Code::EmptyFile);
}

#[test]
fn every_sheet_extension_is_a_sheet_in_every_case_and_nothing_else_is() {
    for (extension, format) in SHEET_EXTENSIONS {
        for name in [
            format!("a.{extension}"),
            format!("a.{}", extension.to_uppercase()),
        ] {
            assert_eq!(
                format_of(std::path::Path::new(&name)),
                Some(format),
                "{name}"
            );
        }
    }
    for name in ["a.docx", "a.md", "a", "a.csv.bak", "period.yaml"] {
        assert!(!is_sheet_path(std::path::Path::new(name)), "{name}");
    }
    assert_eq!(
        format_of(std::path::Path::new("a.ods")),
        Some(Format::Workbook)
    );
}

#[test]
fn columns_are_named_as_excel_names_them() {
    let names: Vec<String> = [0, 25, 26, 51, 701, 702, 16_383]
        .into_iter()
        .map(column_name)
        .collect();
    assert_eq!(names, ["A", "Z", "AA", "AZ", "ZZ", "AAA", "XFD"]);
}

#[test]
fn a_row_wider_than_excel_is_cut_and_said_once() {
    let mut text = String::from("单位,任务,状态");
    for n in 0..20_000 {
        text.push_str(&format!(",列{n}"));
    }
    text.push_str("\n瞻岐,1,已完成\n");
    let (sheet, diagnostics) = read(text.as_bytes());
    let sheet = sheet.unwrap();
    assert_eq!(sheet.header.len(), MAX_COLUMNS);
    let found: Vec<_> = diagnostics
        .iter()
        .map(|d| (d.code, d.row, d.column))
        .collect();
    assert_eq!(
        found,
        [(Code::TooLarge, Some(1), Some(MAX_COLUMNS as u64 + 1))]
    );
    assert!(
        diagnostics[0].message.contains("20003列"),
        "{}",
        diagnostics[0].message
    );
}

#[test]
fn rows_of_a_crlf_file_are_numbered_as_excel_numbers_them() {
    let (sheet, _) =
        read("单位,任务,说明\r\n\r\n瞻岐,1,\"两行\r\n说明\"\r\n\r\n咸祥,1,\r\n".as_bytes());
    let numbers: Vec<u64> = sheet.unwrap().rows.iter().map(|row| row.number).collect();
    assert_eq!(numbers, [3, 5]);
}

#[test]
fn a_long_run_of_blank_rows_ends_the_table_and_what_follows_is_named() {
    let mut text = String::from("单位,任务,状态\n瞻岐,1,已完成\n");
    text.push_str(&",,\n".repeat(150));
    text.push_str(",,合计\n瞻岐,2,已完成\n");
    let (sheet, diagnostics) = read(text.as_bytes());
    assert_eq!(sheet.unwrap().rows.len(), 1);
    let found: Vec<_> = diagnostics
        .iter()
        .map(|d| (d.code, d.row, d.column))
        .collect();
    assert_eq!(found, [(Code::StrayCell, Some(153), Some(3))]);
    assert!(
        diagnostics[0]
            .message
            .starts_with("第153行C列有内容“合计”，与上面的表格隔了150个空行"),
        "{}",
        diagnostics[0].message
    );
    // A few blank rows between rows are rows of the table, each passed on; at the end they are
    // not (Excel saves rows that were only formatted).
    let (sheet, diagnostics) = read("单位,任务,状态\n,,\n瞻岐,1,已完成\n,,\n".as_bytes());
    let numbers: Vec<u64> = sheet.unwrap().rows.iter().map(|row| row.number).collect();
    assert_eq!(numbers, [2, 3]);
    assert!(diagnostics.is_empty());
    // Nor is a long run at the end, of empty cells or of one space each: no finding at all.
    for blank in [",,\n", " \n", ", ,\t\n"] {
        let text = format!("单位,任务,状态\n瞻岐,1,已完成\n{}", blank.repeat(500));
        let (sheet, diagnostics) = read(text.as_bytes());
        assert_eq!(sheet.unwrap().rows.len(), 1);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
    }
}

#[test]
fn the_header_is_found_under_titles_and_a_note_and_what_was_passed_over_is_said() {
    let read = |bytes: &[u8]| {
        let mut collect = Collect {
            strict: true,
            ..Collect::default()
        };
        let read = read_sheet("t.csv", bytes, &mut collect);
        (read.then_some(collect.sheet), collect.diagnostics)
    };
    let text = "城关镇安全生产任务推进情况表,,,\n填报单位：城关镇,,填报日期：2021年5月24日,\n单位,任务,状态,完成日期\n城关镇,1,已完成,2021-03-01\n";
    let (sheet, diagnostics) = read(text.as_bytes());
    let sheet = sheet.unwrap();
    assert_eq!((sheet.header_row, sheet.rows[0].number), (3, 4));
    let found: Vec<_> = diagnostics.iter().map(|d| (d.code, d.row)).collect();
    assert_eq!(found, [(Code::HeaderRow, Some(2))]);
    assert!(
        diagnostics[0].message.starts_with(
            "表头在第3行：上面的第2行（“填报单位：城关镇 填报日期：2021年5…”）不是表头"
        ),
        "{}",
        diagnostics[0].message
    );
    // No header in the first ten rows: the first row of more than one cell is the header.
    let mut text = String::from("甲,乙\n");
    for row in 2..=12 {
        text.push_str(&format!("{row},x\n"));
    }
    let (sheet, diagnostics) = read(text.as_bytes());
    let sheet = sheet.unwrap();
    assert_eq!(sheet.header, ["甲", "乙"]);
    let numbers: Vec<u64> = sheet.rows.iter().map(|row| row.number).collect();
    assert_eq!(numbers, (2..=12).collect::<Vec<_>>());
    assert!(diagnostics.is_empty());
    // Nor in a sheet shorter than ten rows.
    let (sheet, _) = read("甲,乙\n1,x\n".as_bytes());
    assert_eq!(sheet.unwrap().rows.len(), 1);
}

#[test]
fn an_empty_line_counts_as_a_row_as_in_excel() {
    let (sheet, _) = read("单位,任务,说明\n\n瞻岐,1,\"两行\n说明\"\n\n\n咸祥,1,\n".as_bytes());
    let numbers: Vec<u64> = sheet.unwrap().rows.iter().map(|row| row.number).collect();
    assert_eq!(numbers, [3, 6]);
}

#[test]
fn an_empty_file_says_so() {
    for bytes in [b"".as_slice(), b"\xEF\xBB\xBF", b"\n\n"] {
        let (sheet, diagnostics) = read(bytes);
        assert!(sheet.is_none());
        assert_eq!(diagnostics[0].code, Code::EmptyFile);
    }
}

#[test]
fn rows_are_numbered_by_record_not_by_line() {
    let (sheet, _) = read("单位,任务,说明\n瞻岐,1,\"两行\n说明\"\n咸祥,1,\n".as_bytes());
    let numbers: Vec<u64> = sheet.unwrap().rows.iter().map(|row| row.number).collect();
    assert_eq!(numbers, [2, 3]);
}

#[test]
fn a_workbooks_date_cells_are_dates() {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    // Two header cells: a row of one cell above the table is a title.
    sheet.write_string(0, 0, "完成日期").unwrap();
    sheet.write_string(0, 1, "说明").unwrap();
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2021, 3, 15).unwrap();
    let format = rust_xlsxwriter::Format::new().set_num_format("yyyy/m/d");
    sheet
        .write_datetime_with_format(1, 0, &date, &format)
        .unwrap();
    sheet.write_number(2, 0, 7.0).unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let sheet = read_named("t.xlsx", &bytes).0.unwrap();
    assert_eq!(
        sheet.rows[0].cells[0],
        Cell::Date(NaiveDate::from_ymd_opt(2021, 3, 15).unwrap())
    );
    assert_eq!(sheet.rows[1].cells[0].text(), "7");
}

#[test]
fn rows_of_one_cell_above_the_header_are_titles_not_the_header() {
    let (sheet, diagnostics) = read(
        "城关镇工作任务推进情况表,,\n请于每月25日前报送,,\n单位,任务,状态\n城关镇,1,已完成\n"
            .as_bytes(),
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let sheet = sheet.unwrap();
    assert_eq!(sheet.header, ["单位", "任务", "状态"]);
    assert_eq!(sheet.header_row, 3);
    assert_eq!(sheet.rows[0].number, 4);
}

/// An .xlsx of a header and two rows whose 状态 is a formula; `result` replaces the result
/// rust_xlsxwriter writes (`None`: no result at all, as a program that never computed it saves).
fn formula_book(result: Option<&str>) -> Vec<u8> {
    use std::io::{Read as _, Write as _};
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (column, title) in ["单位", "任务", "状态"].iter().enumerate() {
        sheet.write_string(0, column as u16, *title).unwrap();
    }
    for row in 1..=2u32 {
        sheet.write_string(row, 0, "瞻岐").unwrap();
        sheet.write_number(row, 1, f64::from(row)).unwrap();
        let formula =
            rust_xlsxwriter::Formula::new("=IF(1,\"已完成\",\"\")").set_result("SENTINEL");
        sheet.write_formula(row, 2, formula).unwrap();
    }
    let bytes = workbook.save_to_buffer().unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut written = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).unwrap();
        let name = part.name().unwrap().into_owned();
        let mut content = String::new();
        part.read_to_string(&mut content).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            content = match result {
                Some(result) => content.replace("SENTINEL", result),
                None => content.replace("<v>SENTINEL</v>", ""),
            };
        }
        written
            .start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        written.write_all(content.as_bytes()).unwrap();
    }
    written.finish().unwrap().into_inner()
}

#[test]
fn a_formula_saved_without_its_result_is_one_error_and_one_with_an_empty_result_none() {
    let (_, diagnostics) = read_named("t.xlsx", &formula_book(None));
    let found: Vec<_> = diagnostics.iter().map(|d| (d.code, d.row)).collect();
    assert_eq!(found, [(Code::FormulaWithoutValue, None)]);
    assert!(
        diagnostics[0]
            .message
            .starts_with("C2等2个单元格的公式没有计算结果"),
        "{}",
        diagnostics[0].message
    );
    let (sheet, diagnostics) = read_named("t.xlsx", &formula_book(Some("")));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(sheet.unwrap().rows.len(), 2);
    let (sheet, diagnostics) = read_named("t.xlsx", &formula_book(Some("已完成")));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(sheet.unwrap().rows[0].cells[2].text(), "已完成");
}
