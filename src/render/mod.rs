//! Turning the view model into output: minijinja templates for md and text (built in, a
//! user's folder may replace them one by one), serde for JSON.

pub mod annex;
pub mod context;
pub mod diff;
pub mod docx;
pub mod excel;
pub mod feedback;
pub mod json;
pub mod numerals;
pub mod official;
pub mod paragraph;
pub mod progress;
pub mod sheets;
mod template_error;
pub mod wording;
pub mod xlsx;

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use template_error::{Origin, template_error};

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
        // Spans for every error, in release builds too: the message quotes what is wrong.
        env.set_debug(true);
        let syntax = minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .map_err(|error| anyhow::anyhow!("模板语法设置有误：{:?}", error.kind()))?;
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
            let source = match &user_file {
                Some(path) => std::fs::read_to_string(path)
                    .with_context(|| format!("无法读取模板 {}", path.display()))?,
                None => built_in.to_string(),
            };
            let place = user_file
                .as_ref()
                .map_or_else(|| name.to_string(), |path| path.display().to_string());
            if let Err(error) = env.add_template_owned(name, source.clone()) {
                let origin = Origin {
                    place: &place,
                    source: Some(&source),
                    context: None,
                };
                return Err(template_error(&error, &origin));
            }
            files.extend(user_file);
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
            .with_context(|| format!("没有名为 {name} 的模板"))?;
        template
            .render(minijinja::value::Serde(context))
            .map_err(|error| {
                // Where the template came from, and what it was given, to name the fault.
                let place = self.place_of(error.name().unwrap_or(name));
                let given = serde_json::to_value(context).ok();
                let origin = Origin {
                    place: &place,
                    source: Some(template.source()),
                    context: given.as_ref(),
                };
                template_error(&error, &origin)
            })
    }

    /// The template `name` as the clerk knows it: the file in `--templates`, or its name.
    fn place_of(&self, name: &str) -> String {
        self.files
            .iter()
            .find(|path| path.file_name().is_some_and(|file| file == name))
            .map_or_else(|| name.to_string(), |path| path.display().to_string())
    }
}
