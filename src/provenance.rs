//! What a bulletin was made from: each input file's name and SHA-256, the period's date and the
//! program's version, so a bulletin can be regenerated and checked months later.

use std::io::Read;

use serde::Serialize;
use sha2::{Digest, Sha256};

/// What bulletin's workbooks name as their `generator` (a custom document property), so that a
/// period folder knows them as outputs.
pub const GENERATOR: &str = concat!("bulletin ", env!("CARGO_PKG_VERSION"));

/// Whether to keep the SHA-256 of each input: only a bulletin records them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digests {
    Keep,
    Skip,
}

/// One input file and the digest of its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileDigest {
    /// The path as the user gave it.
    pub path: String,
    pub sha256: String,
}

impl FileDigest {
    pub fn of(path: impl Into<String>, bytes: &[u8]) -> Self {
        Self::from_hasher(path, Sha256::new_with_prefix(bytes))
    }

    fn from_hasher(path: impl Into<String>, hasher: Sha256) -> Self {
        let sha256 = hasher
            .finalize()
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect();
        Self {
            path: path.into(),
            sha256,
        }
    }

    /// The digest of a whole file, read in pieces.
    pub fn of_file(path: impl Into<String>, file: &std::path::Path) -> std::io::Result<Self> {
        let mut hasher = Sha256::new();
        feed(&mut std::fs::File::open(file)?, &mut hasher)?;
        Ok(Self::from_hasher(path, hasher))
    }
}

/// A reader that feeds every byte it passes on into a SHA-256, so a file is hashed in the same
/// pass that reads it.
pub struct Hashing<R> {
    inner: R,
    hasher: Option<Sha256>,
}

impl<R: Read> Hashing<R> {
    /// Hashes what passes through when `digests` is [`Digests::Keep`]; otherwise only passes it on.
    pub fn new(inner: R, digests: Digests) -> Self {
        let hasher = (digests == Digests::Keep).then(Sha256::new);
        Self { inner, hasher }
    }

    /// Reads whatever is left (so the digest covers the whole input), then gives the digest.
    pub fn finish(mut self, path: impl Into<String>) -> std::io::Result<Option<FileDigest>> {
        if let Some(hasher) = self.hasher.as_mut() {
            feed(&mut self.inner, hasher)?;
        }
        Ok(self
            .hasher
            .map(|hasher| FileDigest::from_hasher(path, hasher)))
    }
}

/// Feeds the rest of `input` into `hasher`.
fn feed(input: &mut impl Read, hasher: &mut Sha256) -> std::io::Result<()> {
    let mut buffer = vec![0u8; 256 * 1024];
    loop {
        match input.read(&mut buffer) {
            Ok(0) => return Ok(()),
            Ok(read) => hasher.update(buffer.get(..read).unwrap_or_default()),
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        if let (Some(hasher), Some(bytes)) = (self.hasher.as_mut(), buf.get(..read)) {
            hasher.update(bytes);
        }
        Ok(read)
    }
}

/// Everything a bulletin was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    pub generator: String,
    pub as_of: String,
    pub plan: FileDigest,
    /// period.yaml and the sheets, by path.
    pub period: Vec<FileDigest>,
}

impl Provenance {
    pub fn new(as_of: chrono::NaiveDate, plan: FileDigest, mut period: Vec<FileDigest>) -> Self {
        period.sort_by(|a, b| a.path.cmp(&b.path));
        Self {
            generator: format!("bulletin {}", env!("CARGO_PKG_VERSION")),
            as_of: as_of.to_string(),
            plan,
            period,
        }
    }

    /// One line per input, for a comment in the Markdown.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![format!("{}，统计截止日期 {}", self.generator, self.as_of)];
        for file in std::iter::once(&self.plan).chain(&self.period) {
            lines.push(format!("{}  sha256:{}", file.path, file.sha256));
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_is_sha256_in_hex() {
        assert_eq!(
            FileDigest::of("x", b"abc").sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn hashing_while_reading_gives_the_digest_of_the_whole_input_even_unread() {
        let bytes: Vec<u8> = (0..200_000u32).map(|n| (n % 251) as u8).collect();
        let mut hashing = Hashing::new(bytes.as_slice(), Digests::Keep);
        let mut head = [0u8; 1000];
        hashing.read_exact(&mut head).unwrap();
        assert_eq!(head.as_slice(), &bytes[..1000]);
        assert_eq!(
            hashing.finish("x").unwrap(),
            Some(FileDigest::of("x", &bytes))
        );
        let skipping = Hashing::new(bytes.as_slice(), Digests::Skip);
        assert_eq!(skipping.finish("x").unwrap(), None);
    }
}
