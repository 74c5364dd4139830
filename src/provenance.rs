//! What a bulletin was made from: each input file's name and SHA-256, the period's date and the
//! program's version, so a bulletin can be regenerated and checked months later.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// One input file and the digest of its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileDigest {
    /// The path as the user gave it.
    pub path: String,
    pub sha256: String,
}

impl FileDigest {
    pub fn of(path: impl Into<String>, bytes: &[u8]) -> Self {
        let hash = Sha256::digest(bytes);
        let sha256 = hash.iter().map(|byte| format!("{byte:02x}")).collect();
        Self {
            path: path.into(),
            sha256,
        }
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
}
