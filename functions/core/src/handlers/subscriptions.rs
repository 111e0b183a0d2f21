//! Subscriptions: follow a signal, follow an area, list what one follows, and unsubscribe in one click from
//! the signed link in any notification (no login needed).

use crate::domain::access::TokenSecret;
use crate::domain::catalogue::Catalogue;
use crate::domain::kind::DocumentKind;
use crate::domain::registry::RegistryNumber;
use crate::domain::subscriptions::{Subscriber, Target, parse_area, read_unsubscribe_token};
use crate::http::request::{caller, json_body, path_number};
use crate::http::route::Answer;
use crate::http::{Problem, json};
use crate::ports::{Accounts, DocumentStore, Subscriptions};
use crate::wiring::Secret;
use lambda_http::{Request, RequestExt};
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;

crate::dependencies! {
    /// Following a signal: the follower's verified address, the signal.
    pub struct Follow {
        accounts: Arc<dyn Accounts>, documents: Arc<dyn DocumentStore>, subscriptions: Arc<dyn Subscriptions>,
    }
}

crate::dependencies! {
    /// Following an area: the follower's verified address, the districts and categories.
    pub struct FollowArea {
        accounts: Arc<dyn Accounts>, subscriptions: Arc<dyn Subscriptions>, catalogue: &'static Catalogue,
    }
}

crate::dependencies! {
    /// What the caller follows, and ending it.
    pub struct Followed {
        documents: Arc<dyn DocumentStore>, subscriptions: Arc<dyn Subscriptions>, catalogue: &'static Catalogue,
        clock: crate::wiring::Clock,
    }
}

crate::dependencies! {
    /// The signed link in a notification.
    pub struct OneClickUnsubscribe { subscriptions: Arc<dyn Subscriptions>, token_secret: Secret<TokenSecret> }
}

/// The signed-in subscriber, with the address notifications go to (their profile's).
async fn subscriber(accounts: &dyn Accounts, request: &Request) -> Result<Subscriber, Problem> {
    let caller = caller(request).ok_or_else(Problem::unauthorized)?;
    let profile = accounts.profile(&caller.sub).await.map_err(|error| {
        tracing::error!(error = %error, "profile could not be read");
        Problem::unavailable(2)
    })?;
    if !profile.email_verified {
        return Err(Problem::field(
            409,
            "email",
            "email_not_verified",
            "confirm your e-mail address first: notifications go only to a verified address",
        ));
    }
    Ok(Subscriber { sub: caller.sub, email: profile.email })
}

/// The public signal named in the path: only signals can be followed.
async fn followable(documents: &dyn DocumentStore, request: &Request) -> Result<RegistryNumber, Problem> {
    let number: RegistryNumber = path_number(request)?;
    match documents.get(number).await? {
        Some(document) if document.kind() == DocumentKind::Signal => Ok(number),
        Some(document) if document.kind().is_public() => {
            Err(Problem::field(409, "number", "not_a_signal", "only signals can be followed"))
        }
        _ => Err(Problem::not_found("document")),
    }
}

/// `PUT /api/me/subscriptions/{number}` (signed in): follow a signal, anyone's. Subscribing twice is one subscription.
pub async fn subscribe(deps: Arc<Follow>, request: Request) -> Answer {
    let subscriber = subscriber(deps.accounts.as_ref(), &request).await?;
    let number = followable(deps.documents.as_ref(), &request).await?;
    let new = deps.subscriptions.subscribe(&Target::Document(number), &subscriber).await?;
    let count = deps.subscriptions.subscriber_count(number).await?;
    Ok(json(if new { 201 } else { 200 }, &json!({ "number": number, "subscribed": true, "subscribers": count })))
}

/// `DELETE /api/me/subscriptions/{number}` (signed in): stop following.
pub async fn unsubscribe(deps: Arc<Followed>, request: Request) -> Answer {
    let caller = caller(&request).ok_or_else(Problem::unauthorized)?;
    let number: RegistryNumber = path_number(&request)?;
    deps.subscriptions.unsubscribe(&Target::Document(number), &caller.sub).await?;
    let count = deps.subscriptions.subscriber_count(number).await?;
    Ok(json(200, &json!({ "number": number, "subscribed": false, "subscribers": count })))
}

#[derive(Deserialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AreaBody {
    district: Option<String>,
    category: Option<String>,
}

pub(crate) fn area_json(target: &Target) -> serde_json::Value {
    match target {
        Target::Document(number) => json!({ "type": "signal", "number": number }),
        Target::Area { district, category } => json!({ "type": "area", "district": district, "category": category }),
    }
}

/// `PUT /api/me/alerts` (signed in): new signals in a district and/or of a category are e-mailed.
pub async fn subscribe_area(deps: Arc<FollowArea>, request: Request) -> Answer {
    let subscriber = subscriber(deps.accounts.as_ref(), &request).await?;
    let body: AreaBody = json_body(&request)?;
    let target =
        parse_area(body.district.as_deref(), body.category.as_deref(), deps.catalogue).map_err(Problem::validation)?;
    let new = deps.subscriptions.subscribe(&target, &subscriber).await?;
    Ok(json(if new { 201 } else { 200 }, &area_json(&target)))
}

/// `DELETE /api/me/alerts?district=&category=` (signed in).
pub async fn unsubscribe_area(deps: Arc<Followed>, request: Request) -> Answer {
    let caller = caller(&request).ok_or_else(Problem::unauthorized)?;
    let query = request.query_string_parameters();
    let target = parse_area(query.first("district"), query.first("category"), deps.catalogue)
        .map_err(|e| Problem { status: 400, ..Problem::validation(e) })?;
    deps.subscriptions.unsubscribe(&target, &caller.sub).await?;
    Ok(json(200, &json!({ "unsubscribed": area_json(&target) })))
}

/// How many followed signals' pages are read at once.
const PAGES_AT_ONCE: usize = 8;

/// `GET /api/me/subscriptions?cursor=` (signed in): "My subscriptions" — the signals and areas followed, newest
/// first. A signal comes with what tells it apart without opening it: its status, kind, category and type, its
/// place (the address given, and the district) and its last public change (when and what). Each signal's page is
/// one `Query` of its own partition (the document and its history), a few at a time.
pub async fn my_subscriptions(deps: Arc<Followed>, request: Request) -> Answer {
    use futures::stream::{StreamExt, TryStreamExt};
    let caller = caller(&request).ok_or_else(Problem::unauthorized)?;
    let query = request.query_string_parameters();
    let cursor = query.first("cursor").filter(|c| !c.is_empty() && c.len() <= 2048);
    let (targets, next) = deps.subscriptions.subscriptions_of(&caller.sub, cursor, 50).await?;
    let followed: Vec<RegistryNumber> = targets
        .iter()
        .filter_map(|target| match target {
            Target::Document(number) => Some(*number),
            Target::Area { .. } => None,
        })
        .collect();
    let documents = deps.documents.as_ref();
    let pages: std::collections::HashMap<RegistryNumber, _> = futures::stream::iter(followed)
        .map(|number| async move { documents.page(number).await.map(|page| (number, page)) })
        .buffered(PAGES_AT_ONCE)
        .try_filter_map(|(number, page)| async move { Ok(page.map(|page| (number, page))) })
        .try_collect()
        .await?;
    let now = deps.clock.now();
    let mut items = Vec::with_capacity(targets.len());
    for target in &targets {
        let mut item = area_json(target);
        if let Target::Document(number) = target
            && let Some(page) = pages.get(number)
        {
            let document = &page.document;
            let view = document.public_view(deps.catalogue, now);
            item["status"] = json!(document.status);
            item["status_label"] = json!(document.status.label());
            item["registered_on"] = json!(crate::domain::calendar::sofia_date(document.registered_at));
            item["kind"] = json!(view.summary.kind);
            item["kind_label"] = json!(view.summary.kind_label);
            item["category"] = json!(view.category);
            item["signal_type"] = json!(view.signal_type);
            item["address"] = json!(view.location.and_then(|l| l.address));
            item["district"] = json!(view.district);
            let last = page.history.iter().rev().find_map(|event| event.public());
            item["last_change"] = match last {
                Some(event) => json!({
                    "at": event.at,
                    "on": crate::domain::calendar::sofia_date(event.at),
                    "change": event.change,
                    "by": event.by,
                }),
                None => json!({
                    "at": document.registered_at,
                    "on": crate::domain::calendar::sofia_date(document.registered_at),
                    "change": { "type": "registered" },
                    "by": "sender",
                }),
            };
        }
        items.push(item);
    }
    Ok(json(200, &json!({ "subscriptions": items, "next_cursor": next })))
}

/// `POST /api/unsubscribe?token=` — the one-click unsubscribe of every notification (RFC 8058): the signed
/// token names who and what; nothing else is needed, and a tampered token changes nothing.
pub async fn unsubscribe_by_token(deps: Arc<OneClickUnsubscribe>, request: Request) -> Answer {
    let query = request.query_string_parameters();
    let token = query.first("token").unwrap_or_default();
    let (sub, target) = read_unsubscribe_token(deps.token_secret.get().await?, token)
        .ok_or_else(|| Problem::field(400, "token", "invalid", "this unsubscribe link is not valid"))?;
    deps.subscriptions.unsubscribe(&target, &sub).await?;
    Ok(json(200, &json!({ "unsubscribed": area_json(&target) })))
}
