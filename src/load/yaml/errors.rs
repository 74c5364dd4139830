//! serde-saphyr's errors as a clerk reads them: each by its kind, at its line and column, in
//! Chinese, with what to type instead (never the parser's English).

use crate::diagnostic::{Code, Diagnostic};
use crate::load::yaml_mistakes;
use crate::suggest;

/// A serde-saphyr error as a diagnostic, by its kind: a clerk's typing mistake (a tab, a
/// full-width colon, …) is named at its own line with what to type instead; unknown keys get
/// their own code and a suggestion; the budgets against alias bombs and deep nesting say what
/// they stopped; the rest are said in Chinese, never in the parser's English.
pub(super) fn yaml_error(
    path: &str,
    source: &str,
    error: &serde_saphyr::Error,
    syntax_code: Code,
) -> Diagnostic {
    use serde_saphyr::Error;
    let mut inner = error.without_snippet();
    while let Error::AliasError { error, .. } = inner {
        inner = error.without_snippet();
    }
    let location = error.location();
    let syntax = !matches!(
        inner,
        Error::SerdeUnknownField { .. }
            | Error::SerdeMissingField { .. }
            | Error::DuplicateMappingKey { .. }
            | Error::SerdeInvalidType { .. }
            | Error::InvalidScalar { .. }
    ) && !matches!(inner, Error::ExternalMessage { source, .. } if is_nesting_limit(source));
    if syntax
        && let Some(mistake) = yaml_mistakes::find(source, location.map_or(u64::MAX, |l| l.line()))
    {
        return Diagnostic::error(path, syntax_code, mistake.message)
            .at(mistake.line, Some(mistake.column));
    }
    let unknown_key = matches!(inner, Error::SerdeUnknownField { .. });
    let code = if unknown_key && syntax_code == Code::PlanSyntax {
        Code::PlanUnknownKey
    } else {
        syntax_code
    };
    let diagnostic = Diagnostic::error(path, code, message_of(inner));
    match location {
        Some(location) => diagnostic.at(location.line(), Some(location.column())),
        None => diagnostic,
    }
}

/// What an error (alias wrappers taken off) says to a clerk.
fn message_of(inner: &serde_saphyr::Error) -> String {
    use serde_saphyr::Error;
    match inner {
        Error::SerdeUnknownField {
            field, expected, ..
        } => {
            let hint = suggest::did_you_mean(field, expected.iter().copied()).unwrap_or_default();
            if expected.is_empty() {
                format!("未知的键“{field}”{hint}")
            } else {
                format!(
                    "未知的键“{field}”{hint}（此处可用的键：{}）",
                    expected.join("、")
                )
            }
        }
        Error::SerdeMissingField { field, .. } => format!("缺少必填的键“{field}”，请补上"),
        Error::DuplicateMappingKey { key, .. } => {
            let key = key.as_deref().unwrap_or("");
            format!("键“{key}”写了两次，请删去其中一个")
        }
        Error::ExternalMessage { source, .. } if is_nesting_limit(source) => {
            "嵌套的层数过多（方括号或缩进一层套一层），已停止读取；请检查文件是否正确".to_string()
        }
        Error::Budget { .. }
        | Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. }
        | Error::AliasReplayCounterOverflow { .. } => {
            "文件过大或嵌套、别名（& 与 *）过多，已停止读取；任务清单不需要别名，请检查文件是否正确"
                .to_string()
        }
        Error::SerdeInvalidType { expected, .. } => wrong_kind(expected),
        Error::Unexpected { expected, .. } => wrong_kind(expected),
        Error::SerdeUnknownVariant {
            variant, expected, ..
        } => {
            let hint = suggest::did_you_mean(variant, expected.iter().copied()).unwrap_or_default();
            format!("“{variant}”不是可用的值{hint}（可用的值：{}）", expected.join("、"))
        }
        Error::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => {
            // serde writes the value as `string "…"`; the clerk wrote only what is quoted.
            let value = unexpected
                .strip_prefix("string \"")
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(unexpected);
            match expected_in_chinese(expected) {
                Some(kind) => format!("“{value}”无法识别，应为{kind}"),
                None => format!("“{value}”无法识别：请对照同一级的其他键检查它的写法"),
            }
        }
        Error::InvalidScalar { ty, .. } => scalar_message(ty),
        Error::Eof { .. } => "文件是空的，或在这里意外结束：请检查文件是否完整".to_string(),
        _ => "这一行的格式无法读取：请检查缩进是否与同一级的行对齐（只用空格）、键名后是否是英文冒号加空格、列表的每一项是否以“- ”开头、引号是否配对"
            .to_string(),
    }
}

/// Whether the parser stopped at its limit on nested collections.
fn is_nesting_limit(source: &serde_saphyr::ExternalMessageSource) -> bool {
    use serde_saphyr::ExternalMessageSource;
    use serde_saphyr::granit_parser::ErrorKind;
    matches!(source, ExternalMessageSource::Parser(error)
        if *error.kind() == ErrorKind::RecursionLimitExceeded)
}

/// A value of the wrong kind (a list where a number goes), saying what the key wants.
fn wrong_kind(expected: &str) -> String {
    match expected_in_chinese(expected) {
        Some(kind) => format!("这里的写法不对：应为{kind}"),
        None => "这里的值写法不对：请对照同一级的其他键，检查它应是一段文字、数字、列表（[甲, 乙]）还是下一级（另起一行，多缩进两个空格）".to_string(),
    }
}

/// A scalar that cannot be read as the type its key wants (`name_all: 是`, `id: 一`).
fn scalar_message(ty: &str) -> String {
    if ty.contains("bool") {
        "这里应为 true 或 false：是写 true，否写 false".to_string()
    } else if ty.starts_with('u') || ty.starts_with('i') {
        "这里应为数字（如任务编号 id: 12），请检查是否写成了汉字或多了其他字符".to_string()
    } else if ty.contains("float") {
        "这里应为数字（如 20），请检查是否写成了汉字或多了其他字符".to_string()
    } else {
        wrong_kind(ty)
    }
}

/// What serde or the parser expected, as a clerk would say it; our own visitors' texts are
/// Chinese already and kept as they are. `None` when it cannot be told.
fn expected_in_chinese(expected: &str) -> Option<&str> {
    let kind = if !expected.is_ascii() {
        expected
    } else if expected.contains("sequence") || expected.contains("list") {
        "列表：写成 [城关镇, 西河镇]，或每行一项、以“- ”开头"
    } else if expected.contains("map") || expected.contains("struct") {
        "下一级的“键: 值”：另起一行，比上一级多缩进两个空格"
    } else if expected.contains("string") {
        "一段文字（不要写成列表或下一级）"
    } else if ["integer", "number", "float", "u32", "u64", "i64"]
        .iter()
        .any(|number| expected.contains(number))
    {
        "数字"
    } else if expected.contains("bool") {
        "true 或 false"
    } else {
        return None;
    };
    Some(kind)
}
