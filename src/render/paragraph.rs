//! What a paragraph of the bulletin may hold. A unit's 说明 is typed in a spreadsheet cell, so it
//! can carry line breaks (Alt+Enter, or Word's line break pasted in) and characters no printed
//! page shows (control characters, U+FFFF). The bulletin prints each task as ONE paragraph in
//! every format, so the lines of a cell are joined into it, and the characters nobody can see
//! are dropped: they were invisible in the sheet too, and a visible mark in a 公文 would only
//! have to be deleted by hand.

/// `text` as one paragraph: its lines (Alt+Enter in a cell, CR LF, Word's vertical tab, U+2028)
/// trimmed and joined as a clerk joins them by hand. A line that ends with punctuation runs
/// straight on; before a line that starts a numbered point (`2.`, `（2）`, `②`, `二是`) comes
/// `；`, so a cell's points read as one enumeration; any other break gets `，`, since a line is
/// broken at a phrase, not inside a word. Characters with no glyph are dropped, a tab becomes a
/// space.
pub fn one_paragraph(text: &str) -> String {
    let mut paragraph = String::with_capacity(text.len());
    for line in printable_lines(text) {
        if let Some(last) = paragraph.chars().last()
            && !is_clause_end(last)
        {
            paragraph.push(if starts_a_point(&line) { '；' } else { '，' });
        }
        paragraph.push_str(&line);
    }
    paragraph
}

/// `text` as one line, for a name or a title: its lines joined with nothing between them (a
/// break in a title is only where it was wrapped), invisible characters dropped.
pub fn one_line(text: &str) -> String {
    printable_lines(text).collect()
}

/// The printable lines of `text`, as [`one_line`] cleans them, without joining them.
pub fn lines(text: &str) -> Vec<String> {
    printable_lines(text).collect()
}

/// The non-empty lines of `text`, each trimmed, with tabs made spaces and invisible characters
/// dropped.
fn printable_lines(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(is_line_break).filter_map(|line| {
        let line: String = line
            .chars()
            .filter_map(|c| match c {
                '\t' => Some(' '),
                c if is_invisible(c) => None,
                c => Some(c),
            })
            .collect();
        let trimmed = line.trim();
        (!trimmed.is_empty()).then(|| trimmed.to_string())
    })
}

/// Line and paragraph breaks as spreadsheets and word processors store them: LF (Alt+Enter),
/// CR, vertical tab (a Word line break pasted into Excel), form feed, NEL, U+2028, U+2029.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Characters that print nothing and that XML 1.0 forbids or discourages: the other control
/// characters (C0, DEL, C1) and the Unicode noncharacters (U+FFFE, U+FFFF, U+FDD0–U+FDEF and
/// the last two of every plane).
pub fn is_invisible(c: char) -> bool {
    let code = c as u32;
    (c.is_control() && !is_line_break(c) && c != '\t')
        || (0xFDD0..=0xFDEF).contains(&code)
        || code & 0xFFFE == 0xFFFE
}

/// Whether a line starts a numbered point: `2.` `2、` `2）` `（2）` `(2)` `②` `二、` `（二）` `二是`.
fn starts_a_point(line: &str) -> bool {
    let is_numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    let rest = line.trim_start_matches(['（', '(']);
    let opened = rest.len() != line.len();
    let mut chars = rest.chars();
    match chars.next() {
        Some('\u{2460}'..='\u{2473}') => true,
        Some(c) if is_numeral(c) => {
            let after = chars.find(|&c| !is_numeral(c));
            match after {
                Some('）' | ')') => true,
                Some('、' | '.' | '．' | '是') => !opened,
                _ => false,
            }
        }
        _ => false,
    }
}

/// Marks after which a joined line needs no `；`: the end of a sentence or a clause.
fn is_clause_end(c: char) -> bool {
    matches!(
        c,
        '。' | '；' | '，' | '、' | '：' | '！' | '？' | '…' | '.' | ';' | ',' | ':' | '!' | '?'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lines_of_a_cell_become_one_paragraph() {
        assert_eq!(
            one_paragraph("已完成以下工作：\n1.成立领导小组\r\n2.制定实施方案。\n"),
            "已完成以下工作：1.成立领导小组；2.制定实施方案。"
        );
        assert_eq!(one_paragraph("已发文；\n  正在落实"), "已发文；正在落实");
        assert_eq!(
            one_paragraph("3月12日发文\n统一将安监所变更为应急管理所"),
            "3月12日发文，统一将安监所变更为应急管理所"
        );
    }

    #[test]
    fn a_line_that_starts_a_point_follows_a_semicolon() {
        for point in [
            "2.乙",
            "2、乙",
            "12）乙",
            "（2）乙",
            "(2)乙",
            "②乙",
            "二、乙",
            "（十二）乙",
            "二是乙",
        ] {
            assert_eq!(
                one_paragraph(&format!("甲\n{point}")),
                format!("甲；{point}"),
                "{point}"
            );
        }
        for not_a_point in ["2021年5月完成", "二十个镇", "（区财政局）", "三月完成"]
        {
            assert_eq!(
                one_paragraph(&format!("甲\n{not_a_point}")),
                format!("甲，{not_a_point}"),
                "{not_a_point}"
            );
        }
    }

    #[test]
    fn every_kind_of_line_break_joins() {
        for br in [
            "\n", "\r", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}",
        ] {
            assert_eq!(one_paragraph(&format!("甲{br}乙")), "甲，乙", "{br:?}");
            assert_eq!(one_line(&format!("甲{br}乙")), "甲乙", "{br:?}");
        }
    }

    #[test]
    fn empty_lines_and_indents_of_a_cell_are_dropped() {
        assert_eq!(one_paragraph("\n\n　　甲。\n\n\n　乙\n"), "甲。乙");
        assert_eq!(one_paragraph("甲\n\n乙"), "甲，乙");
        assert_eq!(one_paragraph(" \n\t\n"), "");
    }

    #[test]
    fn characters_that_print_nothing_are_dropped() {
        assert_eq!(
            one_paragraph("甲\u{FFFF}乙\u{FFFE}丙\u{1}\u{8}\u{1B}\u{7F}\u{9F}丁\u{FDD0}\u{1FFFF}"),
            "甲乙丙丁"
        );
        assert_eq!(one_paragraph("甲\t乙"), "甲 乙");
        // What prints stays, the replacement character included (it shows a broken encoding).
        assert_eq!(one_paragraph("𠀀（a＆b）\u{FFFD}"), "𠀀（a＆b）\u{FFFD}");
    }
}
