//! A template fault as a clerk reads it: the template and line, what is wrong in Chinese, the
//! line itself, and what to write instead — never minijinja's English or its dump of the
//! variables.

use minijinja::{Error, ErrorKind};
use serde_json::Value;

/// What the message needs besides the error: the template's name as the clerk knows it (the
/// file in `--templates`, or the built-in name), its source, and the variables it was given.
pub struct Origin<'a> {
    pub place: &'a str,
    pub source: Option<&'a str>,
    pub context: Option<&'a Value>,
}

/// The error, told in Chinese: `模板出错（tpl/bulletin.md 第2行）：变量“titel”不存在，是否应为
/// “title”？` and under it the line.
pub fn template_error(error: &Error, origin: &Origin) -> anyhow::Error {
    let place = match error.line() {
        Some(line) => format!("{} 第{line}行", origin.place),
        None => origin.place.to_string(),
    };
    let source = error.template_source().or(origin.source);
    let mut message = format!(
        "模板出错（{place}）：{}",
        what_is_wrong(error, source, origin)
    );
    if let Some((line, text)) = error
        .line()
        .and_then(|line| Some((line, source?.lines().nth(line.checked_sub(1)?)?)))
    {
        message.push_str(&format!("\n  {line} | {text}"));
    }
    anyhow::anyhow!(message)
}

/// The fault and what to do, by its kind.
fn what_is_wrong(error: &Error, source: Option<&str>, origin: &Origin) -> String {
    // The template text the error points at, and the name minijinja quotes in its detail.
    let spanned = error
        .range()
        .and_then(|range| source?.get(range))
        .unwrap_or_default()
        .trim();
    let detail = error.detail().unwrap_or_default();
    let name = leading_name(spanned);
    match error.kind() {
        ErrorKind::UndefinedError => {
            let expression = between(detail, '`', '`').unwrap_or(spanned);
            undefined(expression, origin.context)
        }
        ErrorKind::SyntaxError if detail.contains("end of input") => {
            "模板到结尾缺少 {% endif %}、{% endfor %} 或 {% endmacro %}：每个 {% if %}、{% for %}、{% macro %} 都要关上".into()
        }
        ErrorKind::SyntaxError => {
            let token = between(detail, '`', '`').unwrap_or(spanned);
            format!(
                "这一行的写法不对（在“{token}”处）：变量写作 {{{{ 名字 }}}}，语句写作 {{% if … %}}……{{% endif %}}，括号和引号要成对"
            )
        }
        ErrorKind::UnknownFilter => format!("过滤器“{name}”不存在，请检查 | 后面的名字"),
        ErrorKind::UnknownFunction => format!("函数“{name}”不存在，请检查这一行的写法"),
        ErrorKind::UnknownTest => format!("测试“{name}”不存在，请检查 is 后面的名字"),
        ErrorKind::UnknownMethod => format!("方法“{name}”不存在，请检查这一行的写法"),
        ErrorKind::TooManyArguments => format!("“{spanned}”的参数太多"),
        ErrorKind::MissingArgument => format!("“{spanned}”缺少参数"),
        ErrorKind::TemplateNotFound => {
            let wanted = quoted(spanned).or_else(|| quoted(detail)).unwrap_or(spanned);
            format!(
                "找不到模板“{wanted}”：可以引用的模板只有 bulletin.md、bulletin.txt、diff.md、diff.txt"
            )
        }
        ErrorKind::InvalidOperation if detail.contains("recursion") => {
            "宏调用自身没有尽头（递归太深），已停止；请检查这一行的宏".into()
        }
        ErrorKind::InvalidOperation => {
            format!("无法计算“{spanned}”：值的类型不对（如文字加数字）或除以零")
        }
        ErrorKind::OutOfFuel => "模板的运算没有尽头（可能是循环套循环），已停止；请检查这一行的循环".into(),
        ErrorKind::CannotUnpack => {
            format!("无法把“{spanned}”拆成 for 后面写的几个名字")
        }
        ErrorKind::BadEscape => "字符串里 \\ 的转义写法不对".into(),
        ErrorKind::NonKey | ErrorKind::NonPrimitive => format!("“{spanned}”的值不能这样用"),
        ErrorKind::BadInclude => "引用的模板出错".into(),
        ErrorKind::WriteFailure => "写出模板结果时出错".into(),
        _ => "模板无法使用，请对照内置模板检查这一行".into(),
    }
}

/// `变量“titel”不存在，是否应为“title”？` — the variable's nearest name among those it was
/// given, or the names there are.
fn undefined(expression: &str, context: Option<&Value>) -> String {
    let mut message = format!("变量“{expression}”不存在");
    if let Some(known) = context.and_then(|context| nearest(expression, context)) {
        match known {
            Known::Nearest(name) => message.push_str(&format!("，是否应为“{name}”？")),
            Known::Names(names) => {
                message.push_str(&format!("；这里可用的变量：{}", names.join("、")));
            }
        }
    }
    message
}

/// What the context says of a name it does not have.
enum Known {
    /// The name with its last part spelt as the context spells it.
    Nearest(String),
    /// The names at the level where the name went astray.
    Names(Vec<String>),
}

/// Follows `a.b.c` through the context to the part it does not have, and finds the name there
/// nearest to it. None for a name that is not a plain path (a loop's variable, `x[1]`).
fn nearest(expression: &str, context: &Value) -> Option<Known> {
    let parts: Vec<&str> = expression.split('.').collect();
    if parts
        .iter()
        .any(|part| part.is_empty() || !part.chars().all(|c| c.is_alphanumeric() || c == '_'))
    {
        return None;
    }
    let mut value = context;
    for (index, part) in parts.iter().enumerate() {
        let Value::Object(map) = value else {
            return None;
        };
        match map.get(*part) {
            Some(next) => value = next,
            None => {
                let prefix = parts[..index].join(".");
                let spelt = |name: &str| {
                    if prefix.is_empty() {
                        name.to_string()
                    } else {
                        format!("{prefix}.{name}")
                    }
                };
                let close = map
                    .keys()
                    .map(|key| (strsim::damerau_levenshtein(part, key), key))
                    .filter(|&(distance, key)| distance <= 2.max(key.chars().count() / 3))
                    .min();
                return Some(match close {
                    Some((_, key)) => Known::Nearest(spelt(key)),
                    // A loop's own variable (row, task) is not in the context: nothing to say.
                    None if index == 0 && parts.len() > 1 => return None,
                    None => Known::Names(map.keys().map(|key| spelt(key)).collect()),
                });
            }
        }
    }
    None
}

/// The identifier a span starts with: `foo` of `foo()`, `upcase` of `upcase`.
fn leading_name(spanned: &str) -> &str {
    let end = spanned
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(spanned.len());
    &spanned[..end]
}

/// The text between the first `open` and the next `close`.
fn between(text: &str, open: char, close: char) -> Option<&str> {
    let start = text.find(open)? + open.len_utf8();
    let end = start + text[start..].find(close)?;
    Some(&text[start..end])
}

/// The first quoted string in a text, in double or single quotes.
fn quoted(text: &str) -> Option<&str> {
    between(text, '"', '"').or_else(|| between(text, '\'', '\''))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> Value {
        serde_json::json!({
            "title": "通报",
            "annex": {"title": "表", "label": "附件"},
            "overview": ["一"],
        })
    }

    #[test]
    fn a_misspelt_variable_is_named_with_the_one_meant() {
        let context = context();
        assert_eq!(
            undefined("titel", Some(&context)),
            "变量“titel”不存在，是否应为“title”？"
        );
        assert_eq!(
            undefined("annex.titel", Some(&context)),
            "变量“annex.titel”不存在，是否应为“annex.title”？"
        );
    }

    #[test]
    fn a_name_nothing_is_near_lists_the_names_there_are() {
        let context = context();
        let message = undefined("annex.zzzzzzzz", Some(&context));
        assert!(message.starts_with("变量“annex.zzzzzzzz”不存在；这里可用的变量："));
        assert!(message.contains("annex.title") && message.contains("annex.label"));
        // A loop's variable, or an index, is named as written.
        assert_eq!(
            undefined("row.unti", Some(&context)),
            "变量“row.unti”不存在"
        );
        assert_eq!(
            undefined("overview[9]", Some(&context)),
            "变量“overview[9]”不存在"
        );
    }

    #[test]
    fn spans_and_details_give_the_names() {
        assert_eq!(leading_name("foo()"), "foo");
        assert_eq!(leading_name("upcase"), "upcase");
        assert_eq!(between("`a.b` is undefined", '`', '`'), Some("a.b"));
        assert_eq!(quoted("include \"x.md\""), Some("x.md"));
        assert_eq!(quoted("template 'y.md'"), Some("y.md"));
        assert_eq!(quoted("none"), None);
    }
}
