//! Open311 GeoReport v2 under `/open311/v2/`, in JSON and XML (see `domain/open311.rs`).

use crate::domain::abuse;
use crate::domain::calendar::{recent_sofia_days, sofia_day};
use crate::domain::catalogue::Catalogue;
use crate::domain::districts::Districts;
use crate::domain::document::Document;
use crate::domain::filing::{LocationRequest, NewSignalRequest, parse_new_signal};
use crate::domain::open311::{
    Format, Open311Error, RequestQuery, open_or_closed, parse_request_query, parse_service_code, service_request,
    services as service_list, to_xml, urgent_service,
};
use crate::http::request::{path_parameter, query_map};
use crate::http::route::Answer;
use crate::http::{Problem, json};
use crate::ports::{ApiKeys, DocumentStore, PublicIndex, RateLimiter};
use crate::wiring::{Clock, Site, Viewers};
use lambda_http::{Body, Request, Response};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;

crate::dependencies! {
    /// Open311's reads: the public index, the documents, the catalogue as its services.
    pub struct Open311Reads {
        documents: Arc<dyn DocumentStore>, index: Arc<dyn PublicIndex>, site: Site, catalogue: &'static Catalogue,
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
            Ok(items) => answer(format, 200, "service_requests", "request", items),
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

async fn as_request(
    deps: &Open311Reads,
    document: &Document,
    locale: Option<&str>,
) -> Result<Option<Value>, Open311Error> {
    let history =
        deps.documents.history(document.number).await.map_err(|_| Open311Error::new(503, "try again later"))?;
    let public: Vec<_> = history.iter().filter(|e| !e.internal).collect();
    let updated = public.last().map(|e| e.at).unwrap_or(document.registered_at);
    let notes = public.iter().rev().find_map(|e| e.text.clone());
    Ok(service_request(document, updated, notes, &deps.site.base_url, deps.catalogue, locale).map(|r| json!(r)))
}

async fn list_requests(deps: &Open311Reads, query: &HashMap<String, String>) -> Result<Vec<Value>, Open311Error> {
    let now = deps.clock.now();
    let parsed: RequestQuery = parse_request_query(query, deps.catalogue, now)?;
    let locale = query.get("locale").map(String::as_str);
    let unavailable = |_| Open311Error::new(503, "try again later");
    let mut documents = Vec::new();
    if !parsed.ids.is_empty() {
        for number in &parsed.ids {
            if let Some(document) = deps.documents.get(*number).await.map_err(unavailable)? {
                documents.push(document);
            }
        }
    } else {
        // The map index holds public signals with a point by registration day: one partition a day.
        let first = sofia_day(parsed.start);
        let days: Vec<String> = recent_sofia_days(parsed.end, 91).into_iter().filter(|d| *d >= first).collect();
        let category = parsed.service_code.as_ref().map(|(c, _)| c.as_str());
        let skip = (parsed.page - 1) * parsed.page_size;
        let mut seen = 0;
        'days: for day in days {
            let (markers, _) = deps.index.markers_of_day(&day, category, None).await.map_err(unavailable)?;
            for marker in markers {
                if parsed.service_code.as_ref().is_some_and(|(_, t)| *t != marker.signal_type)
                    || !parsed.statuses.contains(&open_or_closed(marker.status))
                {
                    continue;
                }
                seen += 1;
                if seen <= skip {
                    continue;
                }
                if let Some(document) = deps
                    .documents
                    .get(marker.number.parse().map_err(|_| Open311Error::new(500, "corrupt index"))?)
                    .await
                    .map_err(unavailable)?
                {
                    documents.push(document);
                }
                if documents.len() >= parsed.page_size {
                    break 'days;
                }
            }
        }
    }
    let mut items = Vec::new();
    for document in documents.iter().filter(|d| d.registered_at >= parsed.start || !parsed.ids.is_empty()) {
        if let Some(item) = as_request(deps, document, locale).await? {
            items.push(item);
        }
    }
    Ok(items)
}

/// `GET /open311/v2/requests/{service_request_id}.{json|xml}`.
pub async fn open311_request(deps: Arc<Open311Reads>, request: Request) -> Answer {
    let Some((id, format)) = file_of(&request) else {
        return Ok(error(Format::Json, Open311Error::new(404, "use .json or .xml")));
    };
    let Ok(number) = id.parse() else {
        return Ok(error(format, Open311Error::new(404, format!("no service request {id:?}"))));
    };
    let document = match deps.documents.get(number).await {
        Ok(Some(document)) => document,
        Ok(None) => return Ok(error(format, Open311Error::new(404, format!("no service request {id:?}")))),
        Err(_) => return Ok(error(format, Open311Error::new(503, "try again later"))),
    };
    let locale = query_map(&request).get("locale").cloned();
    Ok(match as_request(&deps, &document, locale.as_deref()).await {
        // Private kinds and questions are not service requests: the same 404 as a number never issued.
        Ok(Some(item)) => answer(format, 200, "service_requests", "request", vec![item]),
        Ok(None) => error(format, Open311Error::new(404, format!("no service request {id:?}"))),
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
    let source = deps.viewers.source(&request);
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
