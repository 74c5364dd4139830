//! The YAML mistakes a clerk makes typing a plan in a Chinese editor — a tab, a full-width
//! colon, no space after a colon, an ASCII colon inside a sentence, an unclosed quote — found in
//! the text when the parser gives up, so the message names the line that is wrong (the parser
//! often stops a line early or late) and says what to type instead.

/// A mistake at its place (1-based line and character column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mistake {
    pub line: u64,
    pub column: u64,
    pub message: String,
}

/// The mistake that explains why the YAML could not be read at `error_line`, if it is one a
/// clerk makes: the first such mistake up to that line (a tab anywhere).
pub fn find(source: &str, error_line: u64) -> Option<Mistake> {
    let lines = || source.lines().enumerate().map(|(i, l)| (i as u64 + 1, l));
    if let Some(found) = lines().find_map(|(number, line)| tab(number, line)) {
        return Some(found);
    }
    let before = lines().take_while(|(number, _)| *number <= error_line);
    if let Some(found) = before
        .filter_map(|(number, line)| key_colon(number, line))
        .next()
    {
        return Some(found);
    }
    let (number, line) = lines().find(|(number, _)| *number == error_line)?;
    colon_in_text(number, line).or_else(|| unclosed_quote(number, line))
}

/// A line's content without its indent and list dash: (column of the content, content).
fn content(line: &str) -> (u64, &str) {
    let trimmed = line.trim_start_matches(' ');
    let trimmed = match trimmed.strip_prefix('-') {
        Some(rest) if rest.starts_with(' ') || rest.is_empty() => rest.trim_start_matches(' '),
        _ => trimmed,
    };
    let column = line.chars().count() - trimmed.chars().count() + 1;
    (column as u64, trimmed)
}

/// The key at the start of `text` (ASCII letters, digits, `_`), and the rest.
fn key(text: &str) -> Option<(&str, &str)> {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    let (key, rest) = text.split_at(end);
    key.starts_with(|c: char| c.is_ascii_alphabetic())
        .then_some((key, rest))
}

/// A few characters of a value, to quote it in a message.
fn quoted(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() > 16 {
        format!("{}…", text.chars().take(16).collect::<String>())
    } else {
        text.to_string()
    }
}

fn tab(number: u64, line: &str) -> Option<Mistake> {
    let at = line.chars().position(|c| c == '\t')?;
    let leading = line.chars().take(at).all(|c| c == ' ');
    let message = if leading {
        "这一行用了 Tab 键（制表符）缩进：YAML 只能用空格缩进，请删掉 Tab，改用空格与同一级的行对齐"
    } else {
        "这一行有 Tab（制表符）：YAML 不认 Tab，请把它换成空格"
    };
    Some(Mistake {
        line: number,
        column: at as u64 + 1,
        message: message.to_string(),
    })
}

/// `text：…` (a full-width colon), `deadline:2025-06` (no space), `tasks` (no colon).
fn key_colon(number: u64, line: &str) -> Option<Mistake> {
    let (column, text) = content(line);
    if text.starts_with('#') {
        return None;
    }
    let (name, rest) = key(text)?;
    let rest_trimmed = rest.trim_start_matches(' ');
    let colon_column = column + name.chars().count() as u64;
    if let Some(value) = rest_trimmed.strip_prefix('：') {
        let value = quoted(value);
        return Some(Mistake {
            line: number,
            column: colon_column,
            message: format!(
                "“{name}：”用了中文冒号：键名后要用英文冒号加一个空格，请改为“{name}: {value}”"
            ),
        });
    }
    if let Some(value) = rest.strip_prefix(':')
        && value.starts_with(|c: char| !c.is_whitespace())
        && !value.starts_with(':')
    {
        let value = quoted(value);
        return Some(Mistake {
            line: number,
            column: colon_column,
            message: format!("“{name}:”的冒号后少了一个空格：请改为“{name}: {value}”"),
        });
    }
    if rest.trim().is_empty() && !line.trim_start().starts_with('-') {
        return Some(Mistake {
            line: number,
            column: colon_column,
            message: format!("“{name}”后少了英文冒号：请改为“{name}:”"),
        });
    }
    None
}

/// `text: 目标: 完成` — YAML reads a colon and a space inside a sentence as a new key.
fn colon_in_text(number: u64, line: &str) -> Option<Mistake> {
    let (column, text) = content(line);
    let (_, rest) = key(text)?;
    let value = rest.strip_prefix(": ")?.trim_start();
    if value.starts_with(['"', '\'', '[', '{', '|', '>']) {
        return None;
    }
    let inner = value
        .find(": ")
        .or_else(|| value.ends_with(':').then(|| value.len() - 1))?;
    let before = value.get(..inner)?;
    let at = column
        + (text.chars().count() - value.chars().count()) as u64
        + before.chars().count() as u64;
    let fixed = value.replacen(": ", "：", 1);
    Some(Mistake {
        line: number,
        column: at,
        message: format!(
            "这段文字里有英文冒号“:”（{}），YAML 会把它读成新的键：请改用中文冒号“：”（{}），或把整段文字用英文双引号括起来",
            quoted(value),
            quoted(&fixed)
        ),
    })
}

fn unclosed_quote(number: u64, line: &str) -> Option<Mistake> {
    let count = line.chars().filter(|&c| c == '"').count();
    if count % 2 == 0 {
        return None;
    }
    let at = line.chars().position(|c| c == '"')?;
    Some(Mistake {
        line: number,
        column: at as u64 + 1,
        message: "这一行的英文引号（\"）没有配对：请补上另一半，或去掉引号（中文内容不需要引号）"
            .to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(source: &str, error_line: u64) -> Option<(u64, u64, String)> {
        find(source, error_line).map(|m| (m.line, m.column, m.message))
    }

    #[test]
    fn a_tab_is_found_wherever_the_parser_stopped() {
        let source = "units:\n  towns: [甲]\ncategories:\n  - title: 方面\n    tasks:\n      - id: 1\n\ttext: 任务。\n";
        let (line, column, message) = at(source, 6).unwrap();
        assert_eq!((line, column), (7, 1));
        assert!(message.starts_with("这一行用了 Tab 键"), "{message}");
    }

    #[test]
    fn a_full_width_colon_after_a_key_says_what_to_type() {
        let (line, column, message) = at("units:\n  towns： [甲, 乙]\n", 2).unwrap();
        assert_eq!((line, column), (2, 8));
        assert_eq!(
            message,
            "“towns：”用了中文冒号：键名后要用英文冒号加一个空格，请改为“towns: [甲, 乙]”"
        );
        let (_, column, _) = at("  - title：方面\n", 1).unwrap();
        assert_eq!(column, 10);
    }

    #[test]
    fn a_colon_without_a_space_or_a_key_without_a_colon_is_named() {
        let (_, _, message) = at("a: 1\n    deadline:2025-06\n", 2).unwrap();
        assert_eq!(
            message,
            "“deadline:”的冒号后少了一个空格：请改为“deadline: 2025-06”"
        );
        let (line, _, message) = at("a: 1\n    tasks\n      - id: 1\n", 2).unwrap();
        assert_eq!(
            (line, message.as_str()),
            (2, "“tasks”后少了英文冒号：请改为“tasks:”")
        );
    }

    #[test]
    fn an_ascii_colon_inside_a_sentence_is_pointed_at() {
        let (line, column, message) = at("a: 1\n        text: 目标: 完成。\n", 2).unwrap();
        assert_eq!((line, column), (2, 17));
        assert_eq!(
            message,
            "这段文字里有英文冒号“:”（目标: 完成。），YAML 会把它读成新的键：请改用中文冒号“：”（目标：完成。），或把整段文字用英文双引号括起来"
        );
        assert_eq!(at("a: 1\n  text: \"目标: 完成\n", 2).map(|m| m.1), Some(9));
    }

    #[test]
    fn correct_lines_are_no_mistake() {
        let source =
            "units:\n  towns: [甲, 乙]\n  - id: 1\n    text: 时间：6月\n    url: http://x\n";
        assert_eq!(at(source, 5), None);
    }
}
