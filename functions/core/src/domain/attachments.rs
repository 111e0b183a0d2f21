//! Attachments of letters, complaints, proposals and ЗДОИ requests: PDF, DOCX and images, private to their
//! sender and staff. Their type is checked by their bytes, not by what the client declares.

use super::FieldError;
use super::registry::RegistryNumber;

use crate::photo::{MAX_PHOTO_BYTES, detect_format};
use serde::{Deserialize, Serialize};

pub const MAX_ATTACHMENTS: usize = 5;
pub const MAX_ATTACHMENT_BYTES: usize = MAX_PHOTO_BYTES;
/// How long a download link given to the owner or staff stays valid.
pub const DOWNLOAD_URL_SECONDS: u64 = 5 * 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub enum AttachmentType {
    #[serde(rename = "application/pdf")]
    Pdf,
    #[serde(rename = "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    Docx,
    #[serde(rename = "image/jpeg")]
    Jpeg,
    #[serde(rename = "image/png")]
    Png,
    #[serde(rename = "image/webp")]
    Webp,
}

impl AttachmentType {
    pub const ALL: [AttachmentType; 5] = [Self::Pdf, Self::Docx, Self::Jpeg, Self::Png, Self::Webp];

    pub fn mime_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Webp => "image/webp",
        }
    }

    pub fn from_mime(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.mime_type() == value)
    }

    /// What the bytes really are, if one of the accepted types.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"%PDF-") {
            return Some(Self::Pdf);
        }
        // A DOCX is a ZIP whose central directory names word/document.xml (names are stored uncompressed).
        if bytes.starts_with(b"PK\x03\x04") && bytes.windows(17).any(|w| w == b"word/document.xml") {
            return Some(Self::Docx);
        }
        match detect_format(bytes)? {
            crate::photo::PhotoFormat::Jpeg => Some(Self::Jpeg),
            crate::photo::PhotoFormat::Png => Some(Self::Png),
            crate::photo::PhotoFormat::Webp => Some(Self::Webp),
        }
    }
}

/// An attachment's id: like a photo's, random and unguessable.
pub type AttachmentId = super::photos::PhotoId;

pub type FileName = super::text::Line<1, 200>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AttachmentRef {
    pub id: AttachmentId,
    pub file_name: String,
    pub content_type: AttachmentType,
    pub size: u64,
}

pub fn upload_key(number: RegistryNumber, id: &AttachmentId) -> String {
    format!("incoming/attachments/{number}/{}", id.as_str())
}

/// Where an accepted attachment is kept: the private uploads bucket, outside the expiring `incoming/`.
pub fn stored_key(number: RegistryNumber, id: &AttachmentId) -> String {
    format!("attachments/{number}/{}", id.as_str())
}

#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AttachmentRequest {
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub size: Option<u64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AcceptedAttachment {
    pub file_name: String,
    pub content_type: AttachmentType,
    pub size: u64,
}

pub fn parse_attachment_request(request: &AttachmentRequest) -> Result<AcceptedAttachment, Vec<FieldError>> {
    let mut errors = Vec::new();
    // Only the base name, without anything that could be a path.
    let file_name =
        match request.file_name.as_deref().map(|n| n.rsplit(['/', '\\']).next().unwrap_or(n)).map(FileName::parse) {
            Some(Ok(name)) => Some(name.into_string()),
            _ => {
                errors.push(FieldError::new("file_name", "required", "file_name is 1 to 200 characters"));
                None
            }
        };
    let content_type = match request.content_type.as_deref().map(str::trim) {
        Some(value) => match AttachmentType::from_mime(value) {
            Some(kind) => Some(kind),
            None => {
                errors.push(FieldError::new(
                    "content_type",
                    "unsupported_type",
                    "attach PDF, DOCX, JPEG, PNG or WebP files",
                ));
                None
            }
        },
        None => {
            errors.push(FieldError::new("content_type", "required", "content_type is required"));
            None
        }
    };
    let size = match request.size {
        Some(size) if size > 0 && size <= MAX_ATTACHMENT_BYTES as u64 => Some(size),
        Some(0) | None => {
            errors.push(FieldError::new("size", "required", "size is the file's size in bytes"));
            None
        }
        Some(_) => {
            errors.push(FieldError::new(
                "size",
                "too_large",
                format!("a file may be at most {MAX_ATTACHMENT_BYTES} bytes"),
            ));
            None
        }
    };
    match (file_name, content_type, size) {
        (Some(file_name), Some(content_type), Some(size)) => Ok(AcceptedAttachment { file_name, content_type, size }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_told_by_their_bytes() {
        assert_eq!(AttachmentType::sniff(b"%PDF-1.7\n"), Some(AttachmentType::Pdf));
        let mut docx = b"PK\x03\x04".to_vec();
        docx.extend_from_slice(b"....[Content_Types].xml....word/document.xml....");
        assert_eq!(AttachmentType::sniff(&docx), Some(AttachmentType::Docx));
        assert_eq!(AttachmentType::sniff(b"PK\x03\x04 just a zip"), None);
        assert_eq!(AttachmentType::sniff(b"MZ\x90\x00 an executable"), None);
        assert_eq!(AttachmentType::sniff(b"<html>"), None);
    }

    #[test]
    fn requests_keep_only_the_base_name_and_name_bad_fields() {
        let accepted = parse_attachment_request(&AttachmentRequest {
            file_name: Some("C:\\Users\\me\\жалба.pdf".into()),
            content_type: Some("application/pdf".into()),
            size: Some(1234),
        })
        .unwrap();
        assert_eq!(accepted.file_name, "жалба.pdf");
        let codes = |r: AttachmentRequest| {
            parse_attachment_request(&r).unwrap_err().into_iter().map(|e| e.code).collect::<Vec<_>>()
        };
        assert_eq!(
            codes(AttachmentRequest {
                file_name: Some("a.exe".into()),
                content_type: Some("application/x-msdownload".into()),
                size: Some(1)
            }),
            ["unsupported_type"]
        );
        assert_eq!(
            codes(AttachmentRequest {
                file_name: Some("a.pdf".into()),
                content_type: Some("application/pdf".into()),
                size: Some(11 * 1024 * 1024)
            }),
            ["too_large"]
        );
    }
}
