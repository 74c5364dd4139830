//! Reading a .docx back as XML, for tests that check the layout by its values: each part
//! parsed with quick-xml into a small tree, and lengths converted from twips.

use std::io::Read;
use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

/// One element of a part, with its attributes, child elements and text.
#[derive(Debug, Default)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Element>,
    /// The element's own text (not its children's).
    pub text: String,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// An attribute read as a number; panics, naming the element, when it is missing.
    #[track_caller]
    pub fn number(&self, name: &str) -> i64 {
        self.attr(name)
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("<{}> lacks a numeric {name}: {:?}", self.name, self.attrs))
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The child `name`; panics when there is none.
    #[track_caller]
    pub fn get(&self, name: &str) -> &Element {
        self.child(name)
            .unwrap_or_else(|| panic!("<{}> has no <{name}>", self.name))
    }

    /// Every element called `name` below this one, in document order.
    pub fn all(&self, name: &str) -> Vec<&Element> {
        let mut found = Vec::new();
        self.collect(name, &mut found);
        found
    }

    fn collect<'a>(&'a self, name: &str, found: &mut Vec<&'a Element>) {
        for child in &self.children {
            if child.name == name {
                found.push(child);
            }
            child.collect(name, found);
        }
    }

    /// The text of every `w:t` below this element, joined.
    pub fn text_of_runs(&self) -> String {
        self.all("w:t").iter().map(|t| t.text.as_str()).collect()
    }
}

/// The text of one part of a .docx.
pub fn part_text(docx: &Path, name: &str) -> String {
    let file = std::fs::File::open(docx).expect("docx written");
    let mut archive = zip::ZipArchive::new(file).expect("a zip");
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// A part parsed: its root element. Panics if it is not well-formed XML 1.0.
pub fn part(docx: &Path, name: &str) -> Element {
    parse(&part_text(docx, name))
}

fn element(start: &BytesStart) -> Element {
    Element {
        name: start.name().as_ref().to_string(),
        attrs: start
            .attributes()
            .map(|a| {
                let a = a.expect("a well-formed attribute");
                (
                    a.key.as_ref().to_string(),
                    a.normalized_value(XmlVersion::Implicit1_0)
                        .expect("an attribute value")
                        .into_owned(),
                )
            })
            .collect(),
        ..Element::default()
    }
}

/// Parses XML into its root element; panics on anything not well-formed, and on any character
/// XML 1.0 does not allow (a reader need not check that, so it is checked here).
pub fn parse(xml: &str) -> Element {
    if let Some(bad) = xml.chars().find(|&c| {
        !matches!(c, '\t' | '\n' | '\r' | ' '..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
    }) {
        panic!("a character XML 1.0 forbids: U+{:04X}", bad as u32);
    }
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(start) => stack.push(element(&start)),
            Event::Empty(start) => stack
                .last_mut()
                .expect("an open element")
                .children
                .push(element(&start)),
            Event::End(_) => {
                let done = stack.pop().expect("an open element");
                stack.last_mut().expect("a parent").children.push(done);
            }
            Event::Text(text) => stack
                .last_mut()
                .expect("an open element")
                .text
                .push_str(&text.xml10_content()),
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref().expect("a character") {
                    Some(c) => c,
                    None => match &*reference {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => panic!("an unknown entity &{other};"),
                    },
                };
                stack
                    .last_mut()
                    .expect("an open element")
                    .text
                    .push(resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "every element closed");
    let mut top = stack.pop().expect("the document");
    assert_eq!(top.children.len(), 1, "one root element");
    top.children.pop().expect("the root")
}

/// Twips (1/20 pt) in millimetres.
pub fn mm(twips: i64) -> f64 {
    twips as f64 / 20.0 / 72.0 * 25.4
}
