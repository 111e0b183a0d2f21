//! Data the tests and the benchmarks write straight into the table, as the functions would write it, where going
//! through the API would only slow them (ten thousand accounts to subscribe).

use anyhow::{Context, Result};
use aws_sdk_dynamodb::types::{PutRequest, WriteRequest};
use sofia_core::adapters::subscriptions::subscription_item;
use sofia_core::domain::subscriptions::{Subscriber, Target};

/// `count` subscribers of `target`, `user-00000`… at `f00000@<domain>`…, written 25 at a time.
pub async fn subscribers(
    dynamodb: &aws_sdk_dynamodb::Client,
    table: &str,
    target: &Target,
    count: usize,
    domain: &str,
) -> Result<()> {
    let requests = (0..count)
        .map(|i| {
            let subscriber = Subscriber { sub: format!("user-{i:05}"), email: format!("f{i:05}@{domain}") };
            let item = subscription_item(target, &subscriber, jiff::Timestamp::now());
            Ok(WriteRequest::builder().put_request(PutRequest::builder().set_item(Some(item)).build()?).build())
        })
        .collect::<Result<Vec<_>>>()?;
    for chunk in requests.chunks(25) {
        dynamodb.batch_write_item().request_items(table, chunk.to_vec()).send().await.context("writing subscribers")?;
    }
    Ok(())
}
