use super::photos::Uploads;
use crate::domain::attachments::{
    AttachmentId, AttachmentRef, AttachmentType, DOWNLOAD_URL_SECONDS, FileName, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS,
    parse_attachment_request, stored_key, upload_key,
};
use crate::domain::document::Document;
use crate::domain::kind::DocumentKind;
use crate::domain::registry::RegistryNumber;
use crate::domain::views::AttachmentView;
use crate::http::request::{caller, json_body, path_number, path_parameter};
use crate::http::route::Answer;
use crate::http::{Problem, json};
use crate::ports::{Attached, DocumentStore, FileError, FileStore};
use lambda_http::Request;
use serde::Deserialize;
use std::sync::Arc;
use std::time::Duration;

fn file_problem(error: FileError) -> Problem {
    crate::http::problem::file_problem("file", error)
}

/// The caller's own letter, complaint, proposal or ЗДОИ request named in the path; anyone else's is 404.
async fn owners_written_document(documents: &dyn DocumentStore, request: &Request) -> Result<Document, Problem> {
    let caller = caller(request).ok_or_else(Problem::unauthorized)?;
    let number: RegistryNumber = path_number(request)?;
    let document = documents
        .get(number)
        .await?
        .filter(|d| d.owner.as_deref() == Some(caller.sub.as_str()))
        .ok_or_else(|| Problem::not_found("document"))?;
    if !DocumentKind::WRITTEN.contains(&document.kind()) {
        return Err(Problem::field(
            409,
            "number",
            "not_a_written_document",
            "files are attached to letters, complaints, proposals and ЗДОИ requests; signals take photos",
        ));
    }
    Ok(document)
}

fn too_many() -> Problem {
    Problem::field(
        409,
        "file",
        "too_many_attachments",
        format!("a document can have at most {MAX_ATTACHMENTS} attachments"),
    )
}

/// `POST /api/me/documents/{number}/attachments` (signed in, owner): a presigned URL to upload one file.
pub async fn request_attachment_upload(deps: Arc<Uploads>, request: Request) -> Answer {
    let document = owners_written_document(deps.documents.as_ref(), &request).await?;
    let accepted = parse_attachment_request(&json_body(&request)?).map_err(Problem::validation)?;
    if document.attachments.len() >= MAX_ATTACHMENTS {
        return Err(too_many());
    }
    let id = AttachmentId::random();
    let content_type = accepted.content_type.mime_type();
    let key = upload_key(document.number, &id);
    let url = deps.files.upload_url(&key, content_type, accepted.size, Duration::from_secs(15 * 60)).await;
    Ok(super::photos::upload_answer(("attachment_id", id.as_str()), url.map_err(file_problem)?, content_type, 900))
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CompleteRequest {
    file_name: Option<String>,
}

/// `POST /api/me/documents/{number}/attachments/{attachment_id}` (signed in, owner): checks the uploaded
/// bytes are a PDF, DOCX or image, keeps the file privately and attaches it.
pub async fn complete_attachment_upload(deps: Arc<Uploads>, request: Request) -> Answer {
    let document = owners_written_document(deps.documents.as_ref(), &request).await?;
    let id = path_parameter(&request, "attachment_id")
        .and_then(|id| AttachmentId::parse(&id))
        .ok_or_else(|| Problem::field(400, "attachment_id", "invalid", "not an attachment id"))?;
    let body: CompleteRequest = json_body(&request)?;
    let number = document.number;
    let incoming = upload_key(number, &id);
    let bytes = match deps.files.read_upload(&incoming, MAX_ATTACHMENT_BYTES).await {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            return Err(Problem::field(409, "file", "upload_missing", "nothing was uploaded for this attachment"));
        }
        Err(error) => {
            let _ = deps.files.delete_upload(&incoming).await;
            return Err(file_problem(error));
        }
    };
    let Some(content_type) = AttachmentType::sniff(&bytes) else {
        let _ = deps.files.delete_upload(&incoming).await;
        return Err(Problem::field(422, "file", "unsupported_type", "the file is not a PDF, DOCX, JPEG, PNG or WebP"));
    };
    let file_name = body
        .file_name
        .as_deref()
        .and_then(|n| FileName::parse(n.rsplit(['/', '\\']).next().unwrap_or(n)).ok())
        .map(|n| n.into_string())
        .unwrap_or_else(|| format!("attachment-{}", id.as_str()));
    let attachment = AttachmentRef { id: id.clone(), file_name, content_type, size: bytes.len() as u64 };
    let key = stored_key(number, &id);
    deps.files.store_private(&key, bytes, content_type.mime_type()).await.map_err(file_problem)?;
    let _ = deps.files.delete_upload(&incoming).await;
    match deps.documents.attach_file(number, &attachment, MAX_ATTACHMENTS).await? {
        Attached::Yes | Attached::AlreadyThere => {
            let views = attachment_views(deps.files.as_ref(), number, std::slice::from_ref(&attachment)).await?;
            Ok(json(200, &views.into_iter().next()))
        }
        Attached::Full | Attached::NoSuchDocument => Err(too_many()),
    }
}

/// Attachments with download links valid for a few minutes: for the owner's and staff's views only.
pub async fn attachment_views(
    files: &dyn FileStore,
    number: RegistryNumber,
    attachments: &[AttachmentRef],
) -> Result<Vec<AttachmentView>, Problem> {
    let mut views = Vec::with_capacity(attachments.len());
    for attachment in attachments {
        let url = files
            .download_url(
                &stored_key(number, &attachment.id),
                &attachment.file_name,
                Duration::from_secs(DOWNLOAD_URL_SECONDS),
            )
            .await
            .map_err(file_problem)?;
        views.push(AttachmentView {
            id: attachment.id.as_str().to_owned(),
            file_name: attachment.file_name.clone(),
            content_type: attachment.content_type.mime_type().to_owned(),
            size: attachment.size,
            download_url: url,
        });
    }
    Ok(views)
}
