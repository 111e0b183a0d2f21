use super::documents::ACCESS_TOKEN_HEADER;
use crate::domain::access::AccessToken;
use crate::domain::document::{Document, Subject};
use crate::domain::photos::{
    MAX_PHOTOS, PhotoId, PhotoRef, UPLOAD_URL_SECONDS, UploadRequest, display_key, parse_upload_request, thumbnail_key,
    upload_key,
};
use crate::domain::registry::RegistryNumber;
use crate::http::request::{header, json_body, path_number, path_parameter};
use crate::http::route::Answer;
use crate::http::{Problem, json};
use crate::photo::{MAX_PHOTO_BYTES, PhotoError, process_photo};
use crate::ports::{Attached, DocumentStore, FileError, FileStore};
use lambda_http::{Body, Request, Response};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;

crate::dependencies! {
    /// Uploads: the document and the file store.
    pub struct Uploads { documents: Arc<dyn DocumentStore>, files: Arc<dyn FileStore> }
}

fn file_problem(error: FileError) -> Problem {
    crate::http::problem::file_problem("photo", error)
}

/// The signal named in the path, when the caller presents its access token.
async fn senders_signal(documents: &dyn DocumentStore, request: &Request) -> Result<Document, Problem> {
    let number: RegistryNumber = path_number(request)?;
    let document = documents.get(number).await?.ok_or_else(|| Problem::not_found("document"))?;
    let token = header(request, ACCESS_TOKEN_HEADER).and_then(|t| AccessToken::presented(&t));
    if !token.is_some_and(|t| document.token_hash.matches(&t)) {
        // A private document answers as a number never issued: nobody learns that it exists.
        if !document.kind().is_public() {
            return Err(Problem::not_found("document"));
        }
        return Err(Problem::new(403, "forbidden", "Only the sender can add photos")
            .with_detail("Open the signal through the link in your confirmation e-mail"));
    }
    if !matches!(document.subject, Subject::Signal { .. }) {
        return Err(Problem::field(409, "number", "not_a_signal", "photos can be added to signals only"));
    }
    Ok(document)
}

fn too_many_photos() -> Problem {
    Problem::field(409, "photo", "too_many_photos", format!("a signal can have at most {MAX_PHOTOS} photos"))
}

/// `POST /api/documents/{number}/photos`: a presigned URL to upload one photo of the declared type and size.
pub async fn request_photo_upload(deps: Arc<Uploads>, request: Request) -> Answer {
    let request = &request;
    let document = senders_signal(deps.documents.as_ref(), request).await?;
    let body: UploadRequest = json_body(request)?;
    let upload = parse_upload_request(&body).map_err(Problem::validation)?;
    if document.photos.len() >= MAX_PHOTOS {
        return Err(too_many_photos());
    }
    let id = PhotoId::random();
    let content_type = upload.format.mime_type();
    let key = upload_key(document.number, &id);
    let url = deps.files.upload_url(&key, content_type, upload.size, Duration::from_secs(UPLOAD_URL_SECONDS)).await;
    Ok(upload_answer(("photo_id", id.as_str()), url.map_err(file_problem)?, content_type, UPLOAD_URL_SECONDS))
}

/// The answer to a request to upload a file: its id (under `id.0`), where to `PUT` it, with which headers, and
/// for how long.
pub(crate) fn upload_answer(id: (&str, &str), url: String, content_type: &str, expires_in: u64) -> Response<Body> {
    let mut answer = json!({
        "upload_url": url, "upload_method": "PUT",
        "upload_headers": { "content-type": content_type }, "expires_in": expires_in,
    });
    answer[id.0] = json!(id.1);
    json(201, &answer)
}

/// `POST /api/documents/{number}/photos/{photo_id}`: checks the uploaded bytes, publishes a display size and a
/// thumbnail re-encoded without any metadata (EXIF and GPS gone, orientation applied), deletes the original
/// and attaches the photo. Anything wrong leaves nothing attached.
pub async fn complete_photo_upload(deps: Arc<Uploads>, request: Request) -> Answer {
    let request = &request;
    let document = senders_signal(deps.documents.as_ref(), request).await?;
    let id = path_parameter(request, "photo_id")
        .and_then(|id| PhotoId::parse(&id))
        .ok_or_else(|| Problem::field(400, "photo_id", "invalid", "not a photo id"))?;
    let number = document.number;
    if document.photos.iter().any(|p| p.id == id) {
        let photo = document.photos.iter().find(|p| p.id == id).map(|p| p.view(number));
        return Ok(json(200, &photo));
    }
    let key = upload_key(number, &id);
    let bytes = match deps.files.read_upload(&key, MAX_PHOTO_BYTES).await {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Err(Problem::field(409, "photo", "upload_missing", "nothing was uploaded for this photo")),
        Err(error) => {
            let _ = deps.files.delete_upload(&key).await;
            return Err(file_problem(error));
        }
    };
    // Decoding and encoding are CPU work: keep them off the async workers.
    let processed =
        tokio::task::spawn_blocking(move || process_photo(&bytes)).await.map_err(|_| Problem::internal())?;
    let processed = match processed {
        Ok(processed) => processed,
        Err(error) => {
            let _ = deps.files.delete_upload(&key).await;
            let code = match error {
                PhotoError::Empty | PhotoError::Corrupt => "corrupt",
                PhotoError::TooLarge { .. } => "too_large",
                PhotoError::UnsupportedType => "unsupported_type",
                PhotoError::TooManyPixels => "too_many_pixels",
            };
            return Err(Problem::field(422, "photo", code, error.to_string()));
        }
    };
    let photo = PhotoRef { id: id.clone(), width: processed.width, height: processed.height };
    let (display, thumbnail) = (display_key(number, &id), thumbnail_key(number, &id));
    deps.files.publish(&display, processed.display_jpeg, "image/jpeg").await.map_err(file_problem)?;
    deps.files.publish(&thumbnail, processed.thumbnail_jpeg, "image/jpeg").await.map_err(file_problem)?;
    let attached = deps.documents.attach_photo(number, &photo, MAX_PHOTOS).await?;
    let _ = deps.files.delete_upload(&key).await;
    match attached {
        Attached::Yes | Attached::AlreadyThere => Ok(json(200, &photo.view(number))),
        Attached::Full | Attached::NoSuchDocument => {
            let _ = deps.files.unpublish(&display).await;
            let _ = deps.files.unpublish(&thumbnail).await;
            Err(too_many_photos())
        }
    }
}
