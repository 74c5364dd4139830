//! The `bulletin:` block as plan.yaml and period.yaml write it, and the `sheets:` block: read
//! here, dates by [`crate::load::date`], into the model's plain values.

use std::fmt;

use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::diagnostic::{Code, Diagnostic};
use crate::load::date;
use crate::model::plan::{BulletinOverrides, FontOverrides, Numbering, SheetNotes};

/// The `bulletin:` block: every key optional, in the plan and in a period.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBulletin {
    issuer: Option<String>,
    title: Option<String>,
    addressees: Option<String>,
    preamble: Option<String>,
    number: Option<String>,
    /// 成文日期; in a period.yaml only.
    pub(super) date: Option<Spanned<String>>,
    numbering: Option<RawNumbering>,
    masthead: Option<String>,
    cc: Option<RawNames>,
    printed_by: Option<String>,
    printed: Option<Spanned<String>>,
    fonts: Option<RawFonts>,
    /// In the plan only.
    pub(super) name_all: Option<bool>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum RawNumbering {
    Category,
    Global,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFonts {
    title: Option<String>,
    body: Option<String>,
    heading1: Option<String>,
    heading2: Option<String>,
    latin: Option<String>,
    page_number: Option<String>,
}

/// A list of names: `[区委办公室, 区政府办公室]`, or one line `区委办公室，区政府办公室` parted by
/// 、，, or ；, as a clerk copies it from an earlier document.
struct RawNames(Vec<String>);

impl<'de> Deserialize<'de> for RawNames {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NamesVisitor;
        impl<'de> Visitor<'de> for NamesVisitor {
            type Value = RawNames;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("名单：写成 [区委办公室, 区政府办公室]，或写在一行、用、分开")
            }
            fn visit_str<E: de::Error>(self, line: &str) -> Result<RawNames, E> {
                let names = line
                    .trim_end_matches(['。', '.'])
                    .split(['、', '，', ',', '；', ';'])
                    .map(String::from)
                    .collect();
                Ok(RawNames(names))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawNames, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = seq.next_element::<String>()? {
                    names.push(name);
                }
                Ok(RawNames(names))
            }
        }
        deserializer.deserialize_any(NamesVisitor)
    }
}

/// The plan's `sheets:` block.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSheets {
    #[serde(default)]
    title: String,
    #[serde(default)]
    due: String,
    #[serde(default)]
    contact: String,
}

impl RawSheets {
    pub(super) fn notes(self) -> SheetNotes {
        SheetNotes {
            title: self.title,
            due: self.due,
            contact: self.contact,
        }
    }
}

impl RawBulletin {
    /// The overrides, each date read by [`date::parse_day`]; a date that is none is an error
    /// at its place (with `code`, the file's syntax code) and left out.
    pub(super) fn overrides(
        self,
        path: &str,
        code: Code,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> BulletinOverrides {
        let mut day = |text: Option<Spanned<String>>, what: &str| {
            let text = text?;
            let day = date::parse_day(&text.value);
            if day.is_none() {
                let message = format!(
                    "“{}”无法识别，应为{what}，如 2021-05-25 或 2021年5月25日",
                    text.value.trim()
                );
                let at = text.referenced;
                diagnostics
                    .push(Diagnostic::error(path, code, message).at(at.line(), Some(at.column())));
            }
            day
        };
        let date: Option<NaiveDate> = day(self.date, "成文日期");
        let printed = day(self.printed, "印发日期");
        BulletinOverrides {
            issuer: self.issuer,
            title: self.title,
            addressees: self.addressees,
            preamble: self.preamble,
            number: self.number,
            date,
            numbering: self.numbering.map(|numbering| match numbering {
                RawNumbering::Category => Numbering::Category,
                RawNumbering::Global => Numbering::Global,
            }),
            masthead: self.masthead,
            cc: self.cc.map(|RawNames(names)| {
                names
                    .iter()
                    .map(|name| name.trim().to_string())
                    .filter(|name| !name.is_empty())
                    .collect()
            }),
            printed_by: self.printed_by,
            printed,
            fonts: self.fonts.map(|fonts| FontOverrides {
                title: fonts.title,
                body: fonts.body,
                heading1: fonts.heading1,
                heading2: fonts.heading2,
                latin: fonts.latin,
                page_number: fonts.page_number,
            }),
            name_all: self.name_all,
        }
    }
}
