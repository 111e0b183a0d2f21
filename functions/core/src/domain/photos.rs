//! Photos attached to a signal: which uploads are accepted, where they live, and what a document keeps of them.

use super::FieldError;
use super::registry::RegistryNumber;
use crate::photo::{MAX_PHOTO_BYTES, PhotoFormat};
use serde::{Deserialize, Serialize};

/// A signal carries at most this many photos.
pub const MAX_PHOTOS: usize = 5;
/// How long an upload URL stays valid.
pub const UPLOAD_URL_SECONDS: u64 = 15 * 60;

/// A photo's id: 20 lowercase letters and digits, random, so that photo addresses cannot be guessed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(try_from = "String", into = "String")]
pub struct PhotoId(String);

impl PhotoId {
    pub fn random() -> Self {
        const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
        Self((0..20).map(|_| char::from(ALPHABET[rand::random_range(0..ALPHABET.len())])).collect())
    }

    pub fn parse(value: &str) -> Option<Self> {
        (value.len() == 20 && value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
            .then(|| Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PhotoId {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        Self::parse(&value).ok_or_else(|| format!("not a photo id: {value:?}"))
    }
}

impl From<PhotoId> for String {
    fn from(id: PhotoId) -> Self {
        id.0
    }
}

/// What a document keeps of a processed photo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PhotoRef {
    pub id: PhotoId,
    pub width: u32,
    pub height: u32,
}

/// Where the original upload waits for processing (a private bucket; removed after a day if never completed).
pub fn upload_key(number: RegistryNumber, id: &PhotoId) -> String {
    format!("incoming/{number}/{}", id.as_str())
}

/// Where the processed display image is published. Media keys start with `media/` because CloudFront
/// serves the media bucket at `/media/*` and passes the whole path as the key.
pub fn display_key(number: RegistryNumber, id: &PhotoId) -> String {
    format!("media/photos/{number}/{}.jpg", id.as_str())
}

pub fn thumbnail_key(number: RegistryNumber, id: &PhotoId) -> String {
    format!("media/photos/{number}/{}-thumb.jpg", id.as_str())
}

/// The public address of a published file, relative to the site.
pub fn media_url(key: &str) -> String {
    format!("/{key}")
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct PhotoView {
    pub id: String,
    pub url: String,
    pub thumbnail_url: String,
    pub width: u32,
    pub height: u32,
}

impl PhotoRef {
    pub fn view(&self, number: RegistryNumber) -> PhotoView {
        PhotoView {
            id: self.id.as_str().to_owned(),
            url: media_url(&display_key(number, &self.id)),
            thumbnail_url: media_url(&thumbnail_key(number, &self.id)),
            width: self.width,
            height: self.height,
        }
    }
}

/// The body of `POST /api/documents/{number}/photos`: what the client is about to upload.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UploadRequest {
    pub content_type: Option<String>,
    pub size: Option<u64>,
}

/// An upload the API agreed to: its declared type (checked again against the bytes) and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AcceptedUpload {
    pub format: PhotoFormat,
    pub size: u64,
}

pub fn parse_upload_request(request: &UploadRequest) -> Result<AcceptedUpload, Vec<FieldError>> {
    let mut errors = Vec::new();
    let format = match request.content_type.as_deref().map(str::trim) {
        None | Some("") => {
            errors.push(FieldError::new("content_type", "required", "content_type is required"));
            None
        }
        Some("image/jpeg") => Some(PhotoFormat::Jpeg),
        Some("image/png") => Some(PhotoFormat::Png),
        Some("image/webp") => Some(PhotoFormat::Webp),
        Some(other) => {
            errors.push(FieldError::new(
                "content_type",
                "unsupported_type",
                format!("{other:?} is not accepted: send JPEG, PNG or WebP (convert HEIC to JPEG)"),
            ));
            None
        }
    };
    let size = match request.size {
        None => {
            errors.push(FieldError::new("size", "required", "size is required"));
            None
        }
        Some(0) => {
            errors.push(FieldError::new("size", "invalid", "size must be more than 0 bytes"));
            None
        }
        Some(size) if size > MAX_PHOTO_BYTES as u64 => {
            errors.push(FieldError::new(
                "size",
                "too_large",
                format!("a photo may be at most {MAX_PHOTO_BYTES} bytes"),
            ));
            None
        }
        Some(size) => Some(size),
    };
    match (format, size) {
        (Some(format), Some(size)) => Ok(AcceptedUpload { format, size }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photo_ids_are_random_and_strict() {
        let id = PhotoId::random();
        assert_eq!(PhotoId::parse(id.as_str()), Some(id.clone()));
        assert_ne!(PhotoId::random(), id);
        for bad in ["", "short", "../../etc/passwd/xxxxx", "ABCDEFGHIJKLMNOPQRST", "abcdefghijklmnopqrs-"] {
            assert!(PhotoId::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn upload_requests_name_what_is_wrong() {
        let ok = parse_upload_request(&UploadRequest { content_type: Some("image/png".into()), size: Some(1000) });
        assert_eq!(ok, Ok(AcceptedUpload { format: PhotoFormat::Png, size: 1000 }));
        let fields =
            |r: UploadRequest| parse_upload_request(&r).unwrap_err().into_iter().map(|e| e.code).collect::<Vec<_>>();
        assert_eq!(
            fields(UploadRequest { content_type: Some("image/heic".into()), size: Some(5) }),
            ["unsupported_type"]
        );
        assert_eq!(
            fields(UploadRequest { content_type: Some("image/jpeg".into()), size: Some(10 * 1024 * 1024 + 1) }),
            ["too_large"]
        );
        assert_eq!(fields(UploadRequest::default()), ["required", "required"]);
    }
}
