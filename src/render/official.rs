//! What makes the bulletin a whole 公文 (GB/T 9704 §7.2, §7.4): the masthead (版头) over the
//! title and the end block (版记) at the foot of the last page, as every format says them.

use chrono::NaiveDate;
use serde::Serialize;

use super::numerals::chinese_date;
use super::paragraph::one_line;
use crate::model::plan::BulletinText;

/// The end block: 抄送 and 印发.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EndBlock {
    /// The 抄送机关, in the plan's order.
    pub cc: Vec<String>,
    /// `抄送：区委办公室，区政府办公室。`; empty when there is no 抄送机关.
    pub cc_line: String,
    /// 印发机关: the plan's `printed_by`, else the issuer.
    pub printed_by: String,
    /// `2021年5月25日印发`: the plan's `printed`, else the 成文日期.
    pub printed: String,
}

/// The masthead (发文机关标志), when the plan gives one.
pub fn masthead(text: &BulletinText) -> Option<String> {
    text.masthead
        .as_deref()
        .map(one_line)
        .filter(|masthead| !masthead.is_empty())
}

/// The document number (发文字号) as printed, when there is one.
pub fn document_number(text: &BulletinText) -> Option<String> {
    text.number
        .as_deref()
        .map(one_line)
        .filter(|number| !number.is_empty())
}

/// The 发文字号 as GB/T 9704 §7.2.4 writes it, when `number` is written otherwise: the year in
/// 六角括号 〔〕 (not [ ], （）, 【】), no 第 before the 序号, and no leading zeros
/// (`鄞安委办[2021]第05号` → `鄞安委办〔2021〕5号`). `None` when it is already so, or holds no
/// bracketed year to go by.
pub fn number_form(number: &str) -> Option<String> {
    const OPENING: [char; 7] = ['[', '［', '(', '（', '【', '〔', '〖'];
    const CLOSING: [char; 7] = [']', '］', ')', '）', '】', '〕', '〗'];
    let number = one_line(number);
    let chars: Vec<char> = number.chars().collect();
    let year_at = (1..chars.len()).find(|&at| {
        let year = chars.get(at..at + 4);
        year.is_some_and(|year| year.iter().all(char::is_ascii_digit))
            && chars.get(at - 1).is_some_and(|c| OPENING.contains(c))
            && chars.get(at + 4).is_some_and(|c| CLOSING.contains(c))
    })?;
    let organ: String = chars.get(..year_at - 1)?.iter().collect();
    let year: String = chars.get(year_at..year_at + 4)?.iter().collect();
    let rest: String = chars.get(year_at + 5..)?.iter().collect();
    let rest = rest.trim_start();
    let rest = rest.strip_prefix('第').unwrap_or(rest);
    let zeros = rest.len() - rest.trim_start_matches('0').len();
    let rest = match rest.get(zeros..) {
        Some(after) if after.starts_with(|c: char| c.is_ascii_digit()) => after,
        // 〔2021〕0号: the zero is the number.
        _ => rest.get(zeros.saturating_sub(1)..).unwrap_or(rest),
    };
    let formed = format!("{}〔{year}〕{rest}", organ.trim_end());
    (formed != number).then_some(formed)
}

/// The end block, when the bulletin is a whole 公文 (a masthead) or the plan gives any of its
/// parts; `issued` is the 成文日期.
pub fn end_block(text: &BulletinText, issued: NaiveDate) -> Option<EndBlock> {
    let wanted = masthead(text).is_some()
        || !text.cc.is_empty()
        || text.printed_by.is_some()
        || text.printed.is_some();
    if !wanted {
        return None;
    }
    let cc: Vec<String> = text
        .cc
        .iter()
        .map(|name| one_line(name))
        .filter(|name| !name.is_empty())
        .collect();
    let cc_line = if cc.is_empty() {
        String::new()
    } else {
        format!("抄送：{}。", cc.join("，"))
    };
    let printed_by = text
        .printed_by
        .as_deref()
        .map(one_line)
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| one_line(&text.issuer));
    Some(EndBlock {
        cc,
        cc_line,
        printed_by,
        printed: format!("{}印发", chinese_date(printed_on(text, issued))),
    })
}

/// The 印发日期: the plan's `printed`, else the 成文日期.
pub fn printed_on(text: &BulletinText, issued: NaiveDate) -> NaiveDate {
    text.printed.unwrap_or(issued)
}

#[cfg(test)]
mod number_tests {
    use super::number_form;

    #[test]
    fn a_document_number_is_put_in_the_standards_form_only_where_it_is_not() {
        for (written, formed) in [
            ("鄞安委办〔2021〕5号", None),
            ("鄞安委办〔2021〕12号", None),
            ("鄞安委办[2021]第05号", Some("鄞安委办〔2021〕5号")),
            ("鄞安委办（2021）5号", Some("鄞安委办〔2021〕5号")),
            ("鄞安委办【2021】005号", Some("鄞安委办〔2021〕5号")),
            ("鄞安委办〔2021〕第10号", Some("鄞安委办〔2021〕10号")),
            ("鄞安委办 [2021] 5号", Some("鄞安委办〔2021〕5号")),
            ("鄞安委办〔2021〕0号", None),
            ("第5号", None),
            ("鄞安委办2021年5号", None),
            ("", None),
        ] {
            assert_eq!(number_form(written).as_deref(), formed, "{written}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2021, 5, d).unwrap()
    }

    #[test]
    fn without_masthead_or_any_part_there_is_no_end_block() {
        let text = BulletinText {
            issuer: "区安委办".into(),
            ..BulletinText::default()
        };
        assert_eq!(masthead(&text), None);
        assert_eq!(end_block(&text, day(24)), None);
    }

    #[test]
    fn a_masthead_brings_the_end_block_with_the_issuer_and_the_issue_date() {
        let text = BulletinText {
            issuer: "鄞州区安全生产委员会办公室".into(),
            masthead: Some("鄞州区安全生产委员会办公室".into()),
            ..BulletinText::default()
        };
        assert_eq!(
            end_block(&text, day(24)),
            Some(EndBlock {
                cc: Vec::new(),
                cc_line: String::new(),
                printed_by: "鄞州区安全生产委员会办公室".into(),
                printed: "2021年5月24日印发".into(),
            })
        );
    }

    #[test]
    fn the_cc_line_ends_with_a_full_stop_and_the_plan_s_printer_and_date_win() {
        let text = BulletinText {
            issuer: "区安委办".into(),
            cc: vec!["区委办公室".into(), " 区政府办公室\n".into(), String::new()],
            printed_by: Some("区应急管理局".into()),
            printed: Some(day(25)),
            ..BulletinText::default()
        };
        let block = end_block(&text, day(24)).unwrap();
        assert_eq!(block.cc_line, "抄送：区委办公室，区政府办公室。");
        assert_eq!(block.printed_by, "区应急管理局");
        assert_eq!(block.printed, "2021年5月25日印发");
    }
}
