//! Why a workbook could not be read, in the clerk's words: told from the kind (the variant) of
//! the error the zip or calamine reader gave, never from its English text, which is not shown.

use std::io;

use calamine::{OdsError, XlsError, XlsxError};
use zip::result::ZipError;

use crate::diagnostic::{Code, Diagnostic};

/// The kinds of workbook, told by their content (or, when the content cannot say, their name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Xlsx,
    Ods,
    Xls,
}

impl Kind {
    /// What a file named `path` would be, by its extension: for a file too damaged to tell.
    pub fn named(path: &str) -> Kind {
        let extension = std::path::Path::new(path)
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default()
            .to_lowercase();
        match extension.as_str() {
            "ods" => Kind::Ods,
            "xls" => Kind::Xls,
            _ => Kind::Xlsx,
        }
    }

    /// "无法作为 … 打开" and what to do, for this kind.
    fn words(self) -> (&'static str, &'static str) {
        match self {
            Kind::Xlsx => (
                "Excel 工作簿",
                "请在 Excel/WPS 中打开后另存为 .xlsx 再报送；如果打不开，请重新发送完整的文件",
            ),
            Kind::Xls => (
                "Excel 工作簿（.xls）",
                "请在 Excel/WPS 中打开后另存为 .xlsx 再报送；如果打不开，请重新发送完整的文件",
            ),
            Kind::Ods => (
                ".ods 表格（LibreOffice 表格）",
                "请在 LibreOffice 或 WPS 中打开后另存为 .ods 或 .xlsx 再报送；如果打不开，请重新发送完整的文件",
            ),
        }
    }
}

/// What is wrong with the file, as a clerk can be told it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Damage {
    /// It ends before its end: sent or downloaded only in part.
    Truncated,
    /// A part unpacks to more than the zip says it holds: crafted, or damaged.
    Oversized,
    /// Its zip (the package an .xlsx or .ods is) cannot be opened.
    Package,
    /// A part the workbook needs is not in it (its worksheet, its list of sheets).
    MissingPart,
    /// The XML inside is broken.
    Xml,
    /// A cell's reference (A1) or value (a number) is not one.
    Cell,
    /// A text cell points at a shared string that is not there.
    SharedString,
    /// Stored in a way no office program writes (a compression, an encoding).
    Unsupported,
    /// Anything else the reader could not make sense of.
    Broken,
    /// Not a workbook at all, whatever its first bytes.
    NotWorkbook,
}

impl Damage {
    fn words(self) -> &'static str {
        match self {
            Damage::Truncated => "文件不完整，可能没有传完或下载时中断了",
            Damage::Oversized => "其中一个部分解压后比它声明的大小还大，文件已损坏或被改动过",
            Damage::Package => "文件已损坏或不完整，它的压缩包结构打不开",
            Damage::MissingPart => "文件已损坏或不完整，缺少工作表等必需的部分",
            Damage::Xml => "文件已损坏或不完整，其中的内容格式错乱",
            Damage::Cell => "文件已损坏，其中有单元格的位置或数值无法识别",
            Damage::SharedString => "文件已损坏，其中有单元格的文字找不到",
            Damage::Unsupported => {
                "文件用了无法识别的保存方式，不像是 Excel、WPS 或 LibreOffice 保存的"
            }
            Damage::Broken => "文件已损坏或不完整",
            Damage::NotWorkbook => "文件已损坏，不像是 Excel、WPS 或 LibreOffice 保存的工作簿",
        }
    }
}

/// `unreadable-sheet` for a workbook of `kind` that cannot be read for `damage`.
pub(super) fn unreadable(path: &str, kind: Kind, damage: Damage) -> Diagnostic {
    let (what, advice) = kind.words();
    let message = format!("无法作为 {what}打开（{}）；{advice}", damage.words());
    Diagnostic::error(path, Code::UnreadableSheet, message)
}

/// An error of a workbook reader, told by its kind.
pub(super) trait Explain {
    fn damage(&self) -> Damage;
}

impl Explain for Damage {
    fn damage(&self) -> Damage {
        *self
    }
}

impl Explain for io::Error {
    fn damage(&self) -> Damage {
        match self.kind() {
            io::ErrorKind::UnexpectedEof => Damage::Truncated,
            // zip's reader stops a part at the size it declares; its only InvalidData error
            // that is not about a checksum (both mean damage, this one a crafted file).
            io::ErrorKind::InvalidData
                if self
                    .get_ref()
                    .is_some_and(|inner| inner.to_string().contains("declared")) =>
            {
                Damage::Oversized
            }
            _ => Damage::Broken,
        }
    }
}

impl Explain for ZipError {
    fn damage(&self) -> Damage {
        match self {
            ZipError::Io(error) => error.damage(),
            ZipError::InvalidArchive(_) => Damage::Package,
            ZipError::FileNotFound => Damage::MissingPart,
            ZipError::UnsupportedArchive(_) | ZipError::CompressionMethodNotSupported(_) => {
                Damage::Unsupported
            }
            ZipError::DecompressedSizeLimitExceeded { .. } => Damage::Oversized,
            _ => Damage::Broken,
        }
    }
}

impl Explain for quick_xml::Error {
    fn damage(&self) -> Damage {
        match self {
            quick_xml::Error::Io(error) => error.damage(),
            _ => Damage::Xml,
        }
    }
}

impl Explain for XlsxError {
    fn damage(&self) -> Damage {
        match self {
            XlsxError::Io(error) => error.damage(),
            XlsxError::Zip(error) => error.damage(),
            XlsxError::Xml(error) => error.damage(),
            XlsxError::XmlAttr(_)
            | XlsxError::XmlEof(_)
            | XlsxError::UnexpectedNode(_)
            | XlsxError::Encoding(_) => Damage::Xml,
            XlsxError::Parse(_)
            | XlsxError::ParseFloat(_)
            | XlsxError::ParseInt(_)
            | XlsxError::Alphanumeric(_)
            | XlsxError::NumericColumn(_)
            | XlsxError::RangeWithoutColumnComponent
            | XlsxError::RangeWithoutRowComponent
            | XlsxError::ColumnNumberOverflow
            | XlsxError::RowNumberOverflow
            | XlsxError::DimensionCount(_)
            | XlsxError::CellTAttribute(_)
            | XlsxError::CellError(_) => Damage::Cell,
            XlsxError::FileNotFound(_)
            | XlsxError::RelationshipNotFound
            | XlsxError::WorksheetNotFound(_)
            | XlsxError::NotAWorksheet(_) => Damage::MissingPart,
            // calamine's one "unexpected" error a cell can give: its shared string is missing.
            XlsxError::Unexpected(what) if what.contains("shared strings") => Damage::SharedString,
            _ => Damage::Broken,
        }
    }
}

impl Explain for OdsError {
    fn damage(&self) -> Damage {
        match self {
            OdsError::Io(error) => error.damage(),
            OdsError::Zip(error) => error.damage(),
            OdsError::Xml(error) => error.damage(),
            OdsError::XmlAttr(_)
            | OdsError::AttrError(_)
            | OdsError::EncodingError(_)
            | OdsError::Eof(_)
            | OdsError::Mismatch { .. } => Damage::Xml,
            OdsError::Parse(_)
            | OdsError::ParseInt(_)
            | OdsError::ParseFloat(_)
            | OdsError::ParseBool(_) => Damage::Cell,
            OdsError::FileNotFound(_) | OdsError::WorksheetNotFound(_) => Damage::MissingPart,
            OdsError::InvalidMime(_) => Damage::NotWorkbook,
            _ => Damage::Broken,
        }
    }
}

impl Explain for XlsError {
    fn damage(&self) -> Damage {
        match self {
            XlsError::Io(error) => error.damage(),
            // calamine does not name the kinds of its OLE container's errors (a sector past the
            // file's end, a broken directory): the file is damaged or cut short.
            XlsError::Cfb(_) => Damage::Broken,
            // A record that runs past the stream's end: cut short.
            XlsError::EoStream(_) | XlsError::ContinueRecordTooShort | XlsError::Len { .. } => {
                Damage::Truncated
            }
            XlsError::WorksheetNotFound(_) => Damage::MissingPart,
            _ => Damage::Broken,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_damage_is_said_in_chinese_with_what_to_do() {
        let errors: [&dyn Explain; 5] = [
            &ZipError::InvalidArchive("Could not find EOCD".into()),
            &XlsxError::RangeWithoutRowComponent,
            &XlsxError::Unexpected("Cell string index not found in shared strings table"),
            &XlsError::EoStream("record length"),
            &io::Error::new(io::ErrorKind::UnexpectedEof, "early eof"),
        ];
        for error in errors {
            for kind in [Kind::Xlsx, Kind::Xls, Kind::Ods] {
                let message = unreadable("p/东湖.xlsx", kind, error.damage()).message;
                let english = message
                    .split(|c: char| !c.is_ascii_alphabetic())
                    .filter(|word| word.len() >= 4)
                    .all(|word| ["Excel", "xlsx", "LibreOffice"].contains(&word));
                assert!(english, "{message}");
                assert!(message.contains("再报送"), "{message}");
            }
        }
        assert_eq!(
            XlsError::EoStream("record length").damage(),
            Damage::Truncated
        );
    }
}
