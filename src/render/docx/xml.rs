//! The one way the .docx writes XML: quick-xml's writer escapes every text and attribute value,
//! and [`valid`] first drops what XML 1.0 does not allow at all (U+FFFF, U+FFFE, control
//! characters), so no string of the user's can make a part that Word or LibreOffice refuses.

use std::borrow::Cow;
use std::fmt::Display;
use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// An XML part being written. Writing into memory cannot fail, but the writer's results are
/// kept rather than dropped: the first error, if one ever comes, is returned by [`Xml::finish`].
pub struct Xml {
    writer: Writer<Vec<u8>>,
    error: Option<io::Error>,
}

/// An element's attributes: names are the writer's own, values anything printable.
pub type Attrs<'a> = [(&'a str, &'a dyn Display)];

impl Xml {
    /// A part that starts with the XML declaration.
    pub fn new() -> Self {
        let mut xml = Self {
            writer: Writer::new(Vec::new()),
            error: None,
        };
        xml.event(Event::Decl(BytesDecl::new(
            "1.0",
            Some("UTF-8"),
            Some("yes"),
        )));
        xml
    }

    fn event(&mut self, event: Event) -> &mut Self {
        if self.error.is_none()
            && let Err(error) = self.writer.write_event(event)
        {
            self.error = Some(error);
        }
        self
    }

    fn start(name: &str, attrs: &Attrs) -> BytesStart<'static> {
        let mut start = BytesStart::new(name.to_string());
        for (key, value) in attrs {
            let value = value.to_string();
            start.push_attribute((*key, valid(&value).as_ref()));
        }
        start
    }

    /// `<name attrs…>`
    pub fn open(&mut self, name: &str, attrs: &Attrs) -> &mut Self {
        self.event(Event::Start(Self::start(name, attrs)))
    }

    /// `</name>`
    pub fn close(&mut self, name: &str) -> &mut Self {
        self.event(Event::End(BytesEnd::new(name)))
    }

    /// `<name attrs…/>`
    pub fn empty(&mut self, name: &str, attrs: &Attrs) -> &mut Self {
        self.event(Event::Empty(Self::start(name, attrs)))
    }

    /// Text content, escaped.
    pub fn text(&mut self, text: &str) -> &mut Self {
        self.event(Event::Text(BytesText::new(&valid(text))))
    }

    /// `<name attrs…>text</name>`
    pub fn element(&mut self, name: &str, attrs: &Attrs, text: &str) -> &mut Self {
        self.open(name, attrs).text(text).close(name)
    }

    /// The part's bytes.
    pub fn finish(self) -> io::Result<Vec<u8>> {
        match self.error {
            Some(error) => Err(error),
            None => Ok(self.writer.into_inner()),
        }
    }
}

/// `text` without the characters XML 1.0 forbids (its `Char` production): the C0 controls other
/// than tab, LF and CR, and U+FFFE, U+FFFF. (A Rust string holds no surrogates.) The bulletin's
/// own strings have been cleaned before (render::paragraph); this is the guarantee at the edge,
/// for every string, font names and metadata included.
pub fn valid(text: &str) -> Cow<'_, str> {
    let forbidden = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if text.contains(forbidden) {
        Cow::Owned(text.chars().filter(|&c| !forbidden(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(build: impl FnOnce(&mut Xml)) -> String {
        let mut xml = Xml::new();
        build(&mut xml);
        String::from_utf8(xml.finish().unwrap()).unwrap()
    }

    #[test]
    fn text_and_attributes_are_escaped_and_forbidden_characters_dropped() {
        let out = written(|x| {
            x.element(
                "w:t",
                &[("w:val", &"a\"b<\u{1}\u{FFFF}")],
                "x<y & \"z\"\u{FFFE}\u{0}\u{1F}\t",
            );
        });
        assert_eq!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
             <w:t w:val=\"a&quot;b&lt;\">x&lt;y &amp; &quot;z&quot;\t</w:t>"
        );
    }

    #[test]
    fn a_string_with_nothing_to_drop_is_not_copied() {
        assert!(matches!(valid("通报〔2021〕"), Cow::Borrowed(_)));
    }
}
