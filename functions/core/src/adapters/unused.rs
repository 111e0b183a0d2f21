//! The adapter of a port a function does not use. Its real adapter is not built, so the linker leaves that
//! service's SDK client out of the function's binary (see `handlers::uses_of`). A call through it is a
//! missing entry in that table, and answers as an unavailable service, naming the port.

use crate::domain::account::{Profile, ProfileData, Registration};
use crate::domain::mail::OutgoingMail;
use crate::ports::{AccountError, Accounts, FileError, FileStore, MailError, Mailer, Tokens};
use async_trait::async_trait;
use std::time::Duration;

pub struct NotUsed(pub &'static str);

impl NotUsed {
    fn reason(&self) -> String {
        format!("this function does not use {} (handlers::uses_of)", self.0)
    }
    fn account<T>(&self) -> Result<T, AccountError> {
        Err(AccountError::Unavailable(self.reason()))
    }
    fn file<T>(&self) -> Result<T, FileError> {
        Err(FileError::Unavailable(self.reason()))
    }
}

#[async_trait]
impl Accounts for NotUsed {
    async fn register(&self, _: &Registration) -> Result<(), AccountError> {
        self.account()
    }
    async fn confirm(&self, _: &str, _: &str) -> Result<(), AccountError> {
        self.account()
    }
    async fn sign_in(&self, _: &str, _: &str) -> Result<crate::ports::SignIn, AccountError> {
        self.account()
    }
    async fn set_first_password(&self, _: &str, _: &str, _: &str) -> Result<crate::ports::SignIn, AccountError> {
        self.account()
    }
    async fn answer_mfa(&self, _: &str, _: &str, _: &str) -> Result<Tokens, AccountError> {
        self.account()
    }
    async fn mfa_enabled(&self, _: &str) -> Result<bool, AccountError> {
        self.account()
    }
    async fn start_mfa_setup(&self, _: &str) -> Result<String, AccountError> {
        self.account()
    }
    async fn finish_mfa_setup(&self, _: &str, _: &str) -> Result<(), AccountError> {
        self.account()
    }
    async fn refresh(&self, _: &str) -> Result<Tokens, AccountError> {
        self.account()
    }
    async fn sign_out(&self, _: &str) -> Result<(), AccountError> {
        self.account()
    }
    async fn forgot_password(&self, _: &str) -> Result<(), AccountError> {
        self.account()
    }
    async fn reset_password(&self, _: &str, _: &str, _: &str) -> Result<(), AccountError> {
        self.account()
    }
    async fn change_password(&self, _: &str, _: &str, _: &str) -> Result<(), AccountError> {
        self.account()
    }
    async fn profile(&self, _: &str) -> Result<Profile, AccountError> {
        self.account()
    }
    async fn update_profile(&self, _: &str, _: &ProfileData) -> Result<(), AccountError> {
        self.account()
    }
    async fn create_staff(&self, _: &str, _: &str, _: &str) -> Result<(), AccountError> {
        self.account()
    }
    async fn delete(&self, _: &str) -> Result<(), AccountError> {
        self.account()
    }
}

#[async_trait]
impl FileStore for NotUsed {
    async fn upload_url(&self, _: &str, _: &str, _: u64, _: Duration) -> Result<String, FileError> {
        self.file()
    }
    async fn read_upload(&self, _: &str, _: usize) -> Result<Option<Vec<u8>>, FileError> {
        self.file()
    }
    async fn delete_upload(&self, _: &str) -> Result<(), FileError> {
        self.file()
    }
    async fn publish(&self, _: &str, _: Vec<u8>, _: &str) -> Result<(), FileError> {
        self.file()
    }
    async fn unpublish(&self, _: &str) -> Result<(), FileError> {
        self.file()
    }
    async fn store_private(&self, _: &str, _: Vec<u8>, _: &str) -> Result<(), FileError> {
        self.file()
    }
    async fn download_url(&self, _: &str, _: &str, _: Duration) -> Result<String, FileError> {
        self.file()
    }
}

#[async_trait]
impl Mailer for NotUsed {
    async fn send(&self, _: &OutgoingMail) -> Result<(), MailError> {
        Err(MailError::Unavailable(self.reason()))
    }
}
