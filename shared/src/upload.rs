//! What an uploaded file really is, from its first bytes: only PDF, JPEG and PNG are accepted,
//! and the type the client declared must match the bytes.

use serde::{Deserialize, Serialize};

/// An accepted file type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FileKind {
    /// `application/pdf`.
    Pdf,
    /// `image/jpeg`.
    Jpeg,
    /// `image/png`.
    Png,
}

impl FileKind {
    /// The MIME type.
    pub const fn mime(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
        }
    }

    /// The usual file extension.
    pub const fn extension(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Jpeg => "jpg",
            FileKind::Png => "png",
        }
    }

    /// The kind a declared MIME type names (parameters and case ignored), if accepted.
    pub fn from_mime(mime: &str) -> Option<FileKind> {
        let base = mime
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        match base.as_str() {
            "application/pdf" => Some(FileKind::Pdf),
            "image/jpeg" | "image/jpg" | "image/pjpeg" => Some(FileKind::Jpeg),
            "image/png" => Some(FileKind::Png),
            _ => None,
        }
    }
}

/// Why a file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SniffError {
    /// The bytes are none of PDF, JPEG, PNG.
    #[error("is not a PDF, JPEG or PNG file")]
    UnsupportedContent,
    /// The declared type is not one we accept.
    #[error("declares the type `{0}`; only application/pdf, image/jpeg and image/png are accepted")]
    UnsupportedDeclared(String),
    /// The bytes and the declared type disagree.
    #[error("declares `{declared}` but its content is {actual}")]
    Mismatch {
        /// Declared MIME type.
        declared: String,
        /// What the bytes are.
        actual: &'static str,
    },
    /// An empty file.
    #[error("is empty")]
    Empty,
}

/// Identifies the kind from the first bytes (16 are enough).
pub fn sniff(head: &[u8]) -> Option<FileKind> {
    if head.starts_with(b"%PDF-") {
        Some(FileKind::Pdf)
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(FileKind::Jpeg)
    } else if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some(FileKind::Png)
    } else {
        None
    }
}

/// Checks the first bytes against the declared type (`None`: nothing declared, trust the bytes).
pub fn check(head: &[u8], declared: Option<&str>) -> Result<FileKind, SniffError> {
    if head.is_empty() {
        return Err(SniffError::Empty);
    }
    let actual = sniff(head).ok_or(SniffError::UnsupportedContent)?;
    match declared
        .map(str::trim)
        .filter(|d| !d.is_empty() && *d != "application/octet-stream")
    {
        None => Ok(actual),
        Some(d) => match FileKind::from_mime(d) {
            None => Err(SniffError::UnsupportedDeclared(
                d.chars().take(100).collect(),
            )),
            Some(k) if k == actual => Ok(actual),
            Some(_) => Err(SniffError::Mismatch {
                declared: d.chars().take(100).collect(),
                actual: actual.mime(),
            }),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_three_kinds_are_recognised() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Some(FileKind::Pdf));
        assert_eq!(
            sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
            Some(FileKind::Jpeg)
        );
        assert_eq!(
            sniff(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0]),
            Some(FileKind::Png)
        );
        assert_eq!(sniff(b"MZ\x90\x00"), None);
        assert_eq!(sniff(b"<html>"), None);
    }

    #[test]
    fn the_declared_type_must_match_the_bytes() {
        assert_eq!(
            check(b"%PDF-1.4", Some("application/pdf")),
            Ok(FileKind::Pdf)
        );
        assert_eq!(check(b"%PDF-1.4", None), Ok(FileKind::Pdf));
        assert_eq!(
            check(b"%PDF-1.4", Some("application/octet-stream")),
            Ok(FileKind::Pdf)
        );
        assert!(matches!(
            check(b"%PDF-1.4", Some("image/png")),
            Err(SniffError::Mismatch { .. })
        ));
        assert!(matches!(
            check(b"%PDF-1.4", Some("text/html")),
            Err(SniffError::UnsupportedDeclared(_))
        ));
        assert_eq!(check(b"", Some("application/pdf")), Err(SniffError::Empty));
        assert_eq!(check(b"GIF89a", None), Err(SniffError::UnsupportedContent));
    }

    proptest! {
        #[test]
        fn sniffing_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64), mime in ".{0,40}") {
            let _ = check(&bytes, Some(&mime));
        }
    }
}
