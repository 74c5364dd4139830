//! Turning the view model into output: minijinja templates for md and text (built in, a
//! user's folder may replace them one by one), serde for JSON.

pub mod annex;
pub mod context;
pub mod diff;
pub mod docx;
pub mod feedback;
pub mod json;
pub mod numerals;
pub mod official;
pub mod paragraph;
pub mod plan_yaml;
pub mod progress;
pub mod sheets;
pub mod wording;
pub mod xlsx;

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

/// The built-in templates, compiled into the binary.
const BUILT_IN: [(&str, &str); 4] = [
    ("bulletin.md", include_str!("../../templates/bulletin.md")),
    ("bulletin.txt", include_str!("../../templates/bulletin.txt")),
    ("diff.md", include_str!("../../templates/diff.md")),
    ("diff.txt", include_str!("../../templates/diff.txt")),
];

/// How much work a template may do before it is stopped: far above what any bulletin needs,
/// low enough that a template looping without end fails in a moment.
const TEMPLATE_FUEL: u64 = 50_000_000;

/// The templates to render with: the built-in ones, each replaced by a file of the same name
/// in the user's folder when there is one.
pub struct Templates {
    env: Environment<'static>,
    /// The user's template files read, so that no output is written over one.
    files: Vec<PathBuf>,
}

impl Templates {
    /// Loads the templates; `dir` is the user's `--templates` folder.
    pub fn new(dir: Option<&Path>) -> anyhow::Result<Self> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        let syntax = minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .map_err(|error| template_error(&error))?;
        env.set_syntax(syntax);
        env.set_fuel(Some(TEMPLATE_FUEL));
        if let Some(dir) = dir
            && !dir.is_dir()
        {
            bail!("模板文件夹 {} 不存在或不是文件夹", dir.display());
        }
        let mut files = Vec::new();
        for (name, built_in) in BUILT_IN {
            let user_file: Option<PathBuf> =
                dir.map(|dir| dir.join(name)).filter(|path| path.is_file());
            let source = match user_file {
                Some(path) => {
                    let source = std::fs::read_to_string(&path)
                        .with_context(|| format!("无法读取模板 {}", path.display()))?;
                    files.push(path);
                    source
                }
                None => built_in.to_string(),
            };
            env.add_template_owned(name, source)
                .map_err(|error| template_error(&error))?;
        }
        Ok(Self { env, files })
    }

    /// The user's template files that were read.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// Renders the template `name` with `context`.
    pub fn render(&self, name: &str, context: &impl Serialize) -> anyhow::Result<String> {
        let template = self
            .env
            .get_template(name)
            .map_err(|error| template_error(&error))?;
        template
            .render(minijinja::value::Serde(context))
            .map_err(|error| template_error(&error))
    }
}

/// A template error with the template's name, line and the offending source.
fn template_error(error: &minijinja::Error) -> anyhow::Error {
    let place = match (error.name(), error.line()) {
        (Some(name), Some(line)) => format!("{name} 第{line}行"),
        (Some(name), None) => name.to_string(),
        _ => String::from("模板"),
    };
    anyhow::anyhow!("模板出错（{place}）：{error:#}")
}
