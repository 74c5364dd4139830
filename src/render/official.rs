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
