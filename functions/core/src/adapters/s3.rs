//! Uploads and published media on S3: a private uploads bucket (originals wait under `incoming/`, removed by a
//! lifecycle rule if never completed) and a media bucket served to the public through CloudFront.

use crate::ports::{FileError, FileStore};
use async_trait::async_trait;
use aws_sdk_s3::Client;
use aws_sdk_s3::error::{DisplayErrorContext, SdkError};
use aws_sdk_s3::operation::get_object::GetObjectError;
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::ByteStream;
use std::time::Duration;

/// How long a browser or CDN may keep a published photo: five minutes, the longest a hidden photo stays visible.
pub const PUBLISHED_CACHE_CONTROL: &str = "public, max-age=300";

pub struct S3FileStore {
    client: Client,
    uploads_bucket: String,
    media_bucket: String,
}

fn unavailable(error: impl std::error::Error) -> FileError {
    FileError::Unavailable(DisplayErrorContext(error).to_string())
}

impl S3FileStore {
    pub fn new(client: Client, uploads_bucket: String, media_bucket: String) -> Self {
        Self { client, uploads_bucket, media_bucket }
    }
}

#[async_trait]
impl FileStore for S3FileStore {
    #[tracing::instrument(skip_all, name = "FileStore::upload_url")]
    async fn upload_url(
        &self,
        key: &str,
        content_type: &str,
        size: u64,
        expires_in: Duration,
    ) -> Result<String, FileError> {
        let presigning = PresigningConfig::expires_in(expires_in).map_err(unavailable)?;
        let request = self
            .client
            .put_object()
            .bucket(&self.uploads_bucket)
            .key(key)
            .content_type(content_type)
            .content_length(i64::try_from(size).unwrap_or(i64::MAX))
            .presigned(presigning)
            .await
            .map_err(unavailable)?;
        Ok(request.uri().to_owned())
    }

    #[tracing::instrument(skip_all, name = "FileStore::read_upload")]
    async fn read_upload(&self, key: &str, max_bytes: usize) -> Result<Option<Vec<u8>>, FileError> {
        let output = match self.client.get_object().bucket(&self.uploads_bucket).key(key).send().await {
            Ok(output) => output,
            Err(SdkError::ServiceError(context)) if matches!(context.err(), GetObjectError::NoSuchKey(_)) => {
                return Ok(None);
            }
            Err(error) => return Err(unavailable(error)),
        };
        if output.content_length().is_some_and(|length| length > max_bytes as i64) {
            return Err(FileError::TooLarge { max: max_bytes });
        }
        let bytes = output.body.collect().await.map_err(|e| FileError::Unavailable(e.to_string()))?.into_bytes();
        if bytes.len() > max_bytes {
            return Err(FileError::TooLarge { max: max_bytes });
        }
        Ok(Some(bytes.to_vec()))
    }

    #[tracing::instrument(skip_all, name = "FileStore::delete_upload")]
    async fn delete_upload(&self, key: &str) -> Result<(), FileError> {
        self.client.delete_object().bucket(&self.uploads_bucket).key(key).send().await.map_err(unavailable)?;
        Ok(())
    }

    #[tracing::instrument(skip_all, name = "FileStore::publish")]
    async fn publish(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> Result<(), FileError> {
        // A published file never changes (a new photo gets a new key), but a moderator may take it down: a
        // browser or CloudFront keeps it for minutes at most, so hiding takes effect within them.
        put(&self.client, &self.media_bucket, key, bytes, content_type, Some(PUBLISHED_CACHE_CONTROL)).await
    }

    #[tracing::instrument(skip_all, name = "FileStore::store_private")]
    async fn store_private(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> Result<(), FileError> {
        put(&self.client, &self.uploads_bucket, key, bytes, content_type, None).await
    }

    #[tracing::instrument(skip_all, name = "FileStore::download_url")]
    async fn download_url(&self, key: &str, file_name: &str, expires_in: Duration) -> Result<String, FileError> {
        let presigning = PresigningConfig::expires_in(expires_in).map_err(unavailable)?;
        // RFC 6266 with RFC 5987 encoding keeps non-ASCII (Cyrillic) names intact.
        let encoded: String =
            url::form_urlencoded::byte_serialize(file_name.as_bytes()).collect::<String>().replace('+', "%20");
        let request = self
            .client
            .get_object()
            .bucket(&self.uploads_bucket)
            .key(key)
            .response_content_disposition(format!("attachment; filename*=UTF-8''{encoded}"))
            .presigned(presigning)
            .await
            .map_err(unavailable)?;
        Ok(request.uri().to_owned())
    }

    #[tracing::instrument(skip_all, name = "FileStore::unpublish")]
    async fn unpublish(&self, key: &str) -> Result<(), FileError> {
        // Deleting the object is enough for CloudFront too: `PUBLISHED_CACHE_CONTROL` bounds what an edge keeps.
        self.client.delete_object().bucket(&self.media_bucket).key(key).send().await.map_err(unavailable)?;
        Ok(())
    }
}

/// The site's bucket, where the open data is published (`open-data/…`).
pub struct S3SitePublisher {
    client: Client,
    bucket: String,
}

impl S3SitePublisher {
    pub fn new(client: Client, bucket: String) -> Self {
        Self { client, bucket }
    }
}

#[async_trait]
impl crate::ports::SitePublisher for S3SitePublisher {
    #[tracing::instrument(skip_all, name = "SitePublisher::publish_site_file")]
    async fn publish_site_file(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> Result<(), FileError> {
        // Rewritten once a day.
        put(&self.client, &self.bucket, key, bytes, content_type, Some("public, max-age=3600")).await
    }
}

/// Writes a file; one that CloudFront serves says how long it may be kept.
async fn put(
    client: &Client,
    bucket: &str,
    key: &str,
    bytes: Vec<u8>,
    content_type: &str,
    cache_control: Option<&str>,
) -> Result<(), FileError> {
    client
        .put_object()
        .bucket(bucket)
        .key(key)
        .content_type(content_type)
        .set_cache_control(cache_control.map(str::to_owned))
        .body(ByteStream::from(bytes))
        .send()
        .await
        .map_err(unavailable)?;
    Ok(())
}
