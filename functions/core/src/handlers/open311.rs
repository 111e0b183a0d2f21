//! Open311 GeoReport v2 under `/open311/v2/`, in JSON and XML (see `domain/open311.rs`).
//!
//! **The request list reads what it returns, one page at a time.** Of the two ways to bound a list by its page —
//! batching the documents and histories it needs, or projecting what it shows into the index it reads — this
//! takes the second: a public signal's document item carries, besides the spec's fields, its last public change
//! (`public_updated_at`, `status_notes`, kept by the store with every event it saves), and two sparse indexes
//! project those attributes: `RequestsIndex` by UTC month and registration time (the spec's `start_date` and
//! `end_date`, 90 days at most) and `UpdatesIndex` by UTC month and last public change (the `updated_after` and
//! `updated_before` extension). A page of `page_size` is then one `Query` (one more per month boundary it
//! crosses) reading `page_size` items, with no other read — batching would still read each document and each
//! history, three or more items per request. Filters by service and status apply to what was read, so a
//! filtered page may be short, never dearer.
//!
//! **Deep pages go on from a cursor**, as Chicago's and Boston's Open311 extensions and RFC 8288 do: a full page
//! answers `Link: <…requests.json?…&page=N+1&cursor=…>; rel="next"`, the cursor being the last list key read
//! (time and number, whence the index position), so page 100 reads what page 1 does. `page` past 1 without it is
//! a 400 that says so: counting through earlier pages is what this design exists not to do. A client polling for
//! changes asks `updated_after=<last time seen>` and reads only what changed, oldest first. `extensions=true` adds
//! each request's public history as `extended_attributes.notes` (the events a citizen sees, no staff names), its
//! histories read together, not one after another. Every list answer says what it read in `x-read-cost`.

use crate::domain::abuse;
use crate::domain::catalogue::Catalogue;
use crate::domain::districts::Districts;
use crate::domain::filing::{LocationRequest, NewSignalRequest, parse_new_signal};
use crate::domain::history::PublicEvent;
use crate::domain::open311::{
    Cursor, Format, ListPlan, Open311Error, RequestFacts, parse_extensions, parse_request_query, parse_service_code,
    service_request, services as service_list, to_xml, urgent_service,
};
use crate::http::request::{path_parameter, query_map};
use crate::http::route::Answer;
use crate::http::{Problem, json};
use crate::ports::{ApiKeys, DocumentStore, RateLimiter, ReadCost, RequestIndex};
use crate::wiring::{Clock, Site, Viewers};
use futures::{StreamExt, TryStreamExt};
use lambda_http::{Body, Request, Response};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;

crate::dependencies! {
    /// Open311's reads: the request lists' indexes, the documents, the catalogue as its services.
    pub struct Open311Reads {
        documents: Arc<dyn DocumentStore>, requests: Arc<dyn RequestIndex>, site: Site, catalogue: &'static Catalogue,
        clock: Clock,
    }
}

crate::dependencies! {
    /// Filing through Open311: an API key, the limits per key and source, a registry number.
    pub struct Open311Filing {
        registry: super::documents::Registry, api_keys: Arc<dyn ApiKeys>, rate_limits: Arc<dyn RateLimiter>,
        viewers: Viewers,
    }
}

fn answer(format: Format, status: u16, root: &str, item: &str, items: Vec<Value>) -> Response<Body> {
    let body = match format {
        Format::Json => serde_json::to_string(&items).unwrap_or_else(|_| "[]".into()),
        Format::Xml => to_xml(root, item, &items),
    };
    Response::builder()
        .status(status)
        .header("content-type", format.content_type())
        .header("access-control-allow-origin", "*")
        .body(Body::Text(body))
        .unwrap_or_else(|_| Problem::internal().into_response())
}

fn error(format: Format, error: Open311Error) -> Response<Body> {
    let status = error.code;
    answer(format, status, "errors", "error", vec![json!(error)])
}

fn file_of(request: &Request) -> Option<(String, Format)> {
    let file = path_parameter(request, "file")?;
    let (name, format) = Format::split(&file)?;
    Some((name.to_owned(), format))
}

/// `GET /open311/v2/{discovery|services|requests}.{json|xml}`.
pub async fn open311_get(deps: Arc<Open311Reads>, request: Request) -> Answer {
    let Some((name, format)) = file_of(&request) else {
        return Ok(error(Format::Json, Open311Error::new(404, "no such resource; use .json or .xml")));
    };
    let query = query_map(&request);
    Ok(match name.as_str() {
        "discovery" => {
            let base = &deps.site.base_url;
            let discovery = json!({
                "changeset": "2026-11-28T00:00:00Z",
                "contact": "Контактен център на Столична община, 0700 17 310",
                "key_service": format!("{base}/units.html"),
                "endpoints": [
                    { "specification": "http://wiki.open311.org/GeoReport_v2", "url": format!("{base}/open311/v2"), "changeset": "2026-11-28T00:00:00Z", "type": "production", "formats": ["application/json", "text/xml"] }
                ]
            });
            match format {
                Format::Json => json(200, &discovery),
                Format::Xml => answer(format, 200, "discovery", "discovery", vec![discovery]).map(|b| match b {
                    Body::Text(text) => Body::Text(text.replacen("<discovery><discovery>", "<discovery>", 1).replacen(
                        "</discovery></discovery>",
                        "</discovery>",
                        1,
                    )),
                    other => other,
                }),
            }
        }
        "services" => {
            let items = service_list(deps.catalogue, query.get("locale").map(String::as_str))
                .into_iter()
                .map(|s| json!(s))
                .collect();
            answer(format, 200, "services", "service", items)
        }
        "requests" => match list_requests(&deps, &query).await {
            Ok(Listed { items, next, cost }) => {
                let returned = items.len();
                let mut response = answer(format, 200, "service_requests", "request", items);
                let extension = match format {
                    Format::Json => "json",
                    Format::Xml => "xml",
                };
                let headers = [
                    (
                        "x-read-cost".to_owned(),
                        format!(
                            "items-read={}, items-returned={returned}, capacity-units={}",
                            cost.items_read, cost.capacity_units
                        ),
                    ),
                    // Browser clients on other origins read the next page's link too.
                    ("access-control-expose-headers".to_owned(), "link, x-read-cost".to_owned()),
                ]
                .into_iter()
                .chain(next.map(|next| {
                    (
                        "link".to_owned(),
                        format!("<{}/open311/v2/requests.{extension}?{next}>; rel=\"next\"", deps.site.base_url),
                    )
                }));
                for (name, value) in headers {
                    if let (Ok(name), Ok(value)) =
                        (lambda_http::http::HeaderName::try_from(name), lambda_http::http::HeaderValue::try_from(value))
                    {
                        response.headers_mut().insert(name, value);
                    }
                }
                response
            }
            Err(e) => error(format, e),
        },
        _ => error(format, Open311Error::new(404, format!("no resource {name:?}"))),
    })
}

/// `GET /open311/v2/services/{service_code}.{json|xml}`: the definition (no type asks extra questions yet).
pub async fn open311_service(deps: Arc<Open311Reads>, request: Request) -> Answer {
    let Some((code, format)) = file_of(&request) else {
        return Ok(error(Format::Json, Open311Error::new(404, "use .json or .xml")));
    };
    if let Some(call) = urgent_service(&code, deps.catalogue) {
        // Not in the list either: an urgent matter is not a service request here.
        return Ok(error(
            format,
            Open311Error::new(404, format!("service_code {code:?} is urgent. {}", call.advice())),
        ));
    }
    if parse_service_code(&code, deps.catalogue).is_none() {
        return Ok(error(format, Open311Error::new(404, format!("unknown service_code {code:?}"))));
    }
    let definition = json!({ "service_code": code, "attributes": [] });
    Ok(match format {
        Format::Json => json(200, &definition),
        Format::Xml => {
            answer(format, 200, "service_definition", "service_definition", vec![definition]).map(|b| match b {
                Body::Text(text) => Body::Text(
                    text.replacen("<service_definition><service_definition>", "<service_definition>", 1).replacen(
                        "</service_definition></service_definition>",
                        "</service_definition>",
                        1,
                    ),
                ),
                other => other,
            })
        }
    })
}

/// A page of a request list: the requests, the query of the next page if there may be one, what it read.
struct Listed {
    items: Vec<Value>,
    next: Option<String>,
    cost: ReadCost,
}

/// The service requests of `facts`, each with its public history as `notes` when `extensions` is asked for: the
/// histories are read at once (a `Query` each, at most 16 at a time), never one after another.
async fn as_requests(
    deps: &Open311Reads,
    facts: &[RequestFacts],
    extensions: bool,
    locale: Option<&str>,
) -> Result<Vec<Value>, Open311Error> {
    let mut notes: Vec<Option<Vec<PublicEvent>>> = vec![None; facts.len()];
    if extensions {
        let histories: Vec<_> = futures::stream::iter(facts.iter().map(|f| f.number).collect::<Vec<_>>())
            .map(|number| deps.documents.history(number))
            .buffered(16)
            .try_collect()
            .await
            .map_err(|_| Open311Error::new(503, "try again later"))?;
        notes = histories.iter().map(|h| Some(h.iter().filter_map(|e| e.public()).collect())).collect();
    }
    Ok(facts
        .iter()
        .zip(notes)
        .map(|(facts, notes)| json!(service_request(facts, notes, &deps.site.base_url, deps.catalogue, locale)))
        .collect())
}

/// Reads a list as its plan says: month after month, in one `Query` each (more only past DynamoDB's 1 MB page),
/// until the page holds `page_size` requests read. Filters apply to what was read, so a filtered page may be
/// short; the cursor goes on from the last request read.
async fn read_list(
    deps: &Open311Reads,
    plan: &ListPlan,
) -> Result<(Vec<RequestFacts>, Option<Cursor>, ReadCost), Open311Error> {
    let unavailable = |_| Open311Error::new(503, "try again later");
    let (mut found, mut cost, mut last, mut more) = (Vec::new(), ReadCost::default(), None, false);
    'months: for (i, month) in plan.months.iter().enumerate() {
        let mut after = if i == 0 { plan.after.clone() } else { None };
        loop {
            let remaining = plan.limit - found.len();
            let page = deps
                .requests
                .requests_page(plan.list, month, (&plan.low, &plan.high), after.as_deref(), remaining)
                .await
                .map_err(unavailable)?;
            cost += page.cost;
            last = page.last.clone().or(last);
            found.extend(page.requests);
            if found.len() >= plan.limit {
                more = page.more || i + 1 < plan.months.len();
                break 'months;
            }
            if !page.more {
                break;
            }
            after = page.last;
        }
    }
    let next = last.filter(|_| more).map(|key| Cursor { list: plan.list, key });
    Ok((found, next, cost))
}

async fn list_requests(deps: &Open311Reads, query: &HashMap<String, String>) -> Result<Listed, Open311Error> {
    let parsed = parse_request_query(query, deps.catalogue, deps.clock.now())?;
    let locale = query.get("locale").map(String::as_str);
    let (facts, next, cost) = match parsed.plan() {
        // Named requests: one BatchGetItem per 100, whatever their dates.
        None => {
            let documents =
                deps.documents.get_many(&parsed.ids).await.map_err(|_| Open311Error::new(503, "try again later"))?;
            let mut facts: Vec<RequestFacts> = documents.iter().filter_map(RequestFacts::of).collect();
            facts.sort_by_key(|f| parsed.ids.iter().position(|n| *n == f.number));
            let cost = ReadCost { items_read: documents.len() as u64, capacity_units: 0.0 };
            (facts, None, cost)
        }
        Some(plan) => {
            let (read, next, cost) = read_list(deps, &plan).await?;
            (read.into_iter().filter(|f| parsed.wants(f)).collect(), next, cost)
        }
    };
    let next = next.map(|cursor| {
        let mut pairs: Vec<(&String, &String)> =
            query.iter().filter(|(k, _)| !matches!(k.as_str(), "cursor" | "page")).collect();
        pairs.sort();
        let mut next = url::form_urlencoded::Serializer::new(String::new());
        next.extend_pairs(pairs);
        next.append_pair("page", &(parsed.page + 1).to_string());
        next.append_pair("cursor", &cursor.encode());
        next.finish()
    });
    Ok(Listed { items: as_requests(deps, &facts, parsed.extensions, locale).await?, next, cost })
}

/// `GET /open311/v2/requests/{service_request_id}.{json|xml}`.
pub async fn open311_request(deps: Arc<Open311Reads>, request: Request) -> Answer {
    let Some((id, format)) = file_of(&request) else {
        return Ok(error(Format::Json, Open311Error::new(404, "use .json or .xml")));
    };
    let Ok(number) = id.parse() else {
        return Ok(error(format, Open311Error::new(404, format!("no service request {id:?}"))));
    };
    let query = query_map(&request);
    let extensions = match parse_extensions(query.get("extensions").map(String::as_str)) {
        Ok(extensions) => extensions,
        Err(e) => return Ok(error(format, e)),
    };
    // Private kinds and questions are not service requests: the same 404 as a number never issued.
    let facts = match deps.documents.get(number).await {
        Ok(document) => document.as_ref().and_then(RequestFacts::of),
        Err(_) => return Ok(error(format, Open311Error::new(503, "try again later"))),
    };
    let Some(facts) = facts else {
        return Ok(error(format, Open311Error::new(404, format!("no service request {id:?}"))));
    };
    Ok(match as_requests(&deps, &[facts], extensions, query.get("locale").map(String::as_str)).await {
        Ok(items) => answer(format, 200, "service_requests", "request", items),
        Err(e) => error(format, e),
    })
}

/// `POST /open311/v2/requests.{json|xml}` (form-urlencoded, `api_key` required): files a signal.
pub async fn open311_post(deps: Arc<Open311Filing>, request: Request) -> Answer {
    let Some((name, format)) = file_of(&request) else {
        return Ok(error(Format::Json, Open311Error::new(404, "use requests.json or requests.xml")));
    };
    if name != "requests" {
        return Ok(error(format, Open311Error::new(404, format!("no resource {name:?}"))));
    }
    let body = match request.body() {
        Body::Text(text) => text.as_bytes().to_vec(),
        Body::Binary(bytes) => bytes.clone(),
        _ => Vec::new(),
    };
    if body.len() > 64 * 1024 {
        return Ok(error(format, Open311Error::new(400, "the request is too large")));
    }
    let form: HashMap<String, String> = url::form_urlencoded::parse(&body).into_owned().collect();
    let client = match form.get("api_key") {
        None => None,
        Some(key) => match deps.api_keys.client_of(key).await {
            Ok(client) => client,
            Err(_) => return Ok(error(format, Open311Error::new(503, "try again later"))),
        },
    };
    let Some(client) = client else {
        return Ok(error(format, Open311Error::new(403, "a valid api_key is required")));
    };
    // An urgent type is refused before anything else is read: whom to call, in the spec's error format that
    // Open311 clients parse (with the status /api/signals answers), and nothing is filed.
    if let Some((code, call)) =
        form.get("service_code").and_then(|c| Some((c, urgent_service(c, deps.registry.catalogue)?)))
    {
        let description = format!("service_code {code:?} is urgent. {}", call.advice());
        return Ok(error(format, Open311Error::new(422, description)));
    }
    let Some((category, signal_type)) =
        form.get("service_code").and_then(|c| parse_service_code(c, deps.registry.catalogue))
    else {
        return Ok(error(format, Open311Error::new(400, "service_code is missing or unknown")));
    };
    let number = |name: &str| form.get(name).and_then(|v| v.trim().parse::<f64>().ok());
    let full_name = [form.get("first_name"), form.get("last_name")]
        .into_iter()
        .flatten()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let filing = NewSignalRequest {
        category: Some(category.to_owned()),
        signal_type: Some(signal_type.to_owned()),
        location: Some(LocationRequest {
            lat: number("lat"),
            lon: number("long"),
            address: form.get("address_string").cloned(),
            district: None,
        }),
        description: form.get("description").cloned(),
        email: form.get("email").cloned(),
        name: (!full_name.is_empty()).then_some(full_name),
        website: None,
    };
    let draft = match parse_new_signal(&filing, deps.registry.catalogue, Districts::builtin()) {
        Ok(mut draft) => {
            draft.sender.phone = form.get("phone").and_then(|p| crate::domain::account::Phone::parse(p));
            draft
        }
        Err(errors) => {
            let description = errors
                .iter()
                .map(|e| {
                    format!(
                        "{}: {}",
                        e.field.replace("location.lon", "long").replace("location", "lat/long or address_string"),
                        e.message
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
            return Ok(error(format, Open311Error::new(400, description)));
        }
    };
    // Per key and per source: a leaked or misused key cannot flood the registry, nor one client behind many keys.
    let source = match deps.viewers.source(&request).await {
        Ok(source) => source,
        Err(_) => return Ok(error(format, Open311Error::new(503, "Try again in a moment.".to_owned()))),
    };
    let api_key = form.get("api_key").map(String::as_str);
    let email = draft.sender.email.as_ref().map(|e| e.as_str());
    if let Err(problem) =
        super::documents::enforce_limits(deps.rate_limits.as_ref(), abuse::limits(source.as_ref(), email, api_key))
            .await
    {
        let mut answer = error(format, Open311Error::new(problem.status, problem.title.clone()));
        if let Some(seconds) = problem.retry_after_seconds
            && let Ok(value) = seconds.to_string().parse()
        {
            answer.headers_mut().insert("retry-after", value);
        }
        return Ok(answer);
    }
    Ok(match deps.registry.register(draft).await {
        Ok(document) => {
            tracing::info!(number = %document.number, client = %client, "filed through Open311");
            let item = json!({ "service_request_id": document.number.to_string(), "service_notice": "Регистриран в Контактния център на Столична община / Registered by the Sofia Contact Center", "account_id": null });
            answer(format, 201, "service_requests", "request", vec![item])
        }
        Err(_) => error(format, Open311Error::new(503, "try again later")),
    })
}

/// `GET /open311/v2/tokens/{token}.{json|xml}`: the service request a token stands for. Requests are registered
/// at once, so the token this server hands out is the registry number itself.
pub async fn open311_token(deps: Arc<Open311Reads>, request: Request) -> Answer {
    let Some((token, format)) = file_of(&request) else {
        return Ok(error(Format::Json, Open311Error::new(404, "use .json or .xml")));
    };
    let found = match token.parse() {
        Ok(number) => deps
            .documents
            .get(number)
            .await
            .ok()
            .flatten()
            .filter(|d| d.kind() == crate::domain::kind::DocumentKind::Signal),
        Err(_) => None,
    };
    Ok(match found {
        Some(document) => answer(
            format,
            200,
            "service_requests",
            "request",
            vec![json!({ "service_request_id": document.number.to_string(), "token": token })],
        ),
        None => error(format, Open311Error::new(404, format!("no token {token:?}"))),
    })
}
