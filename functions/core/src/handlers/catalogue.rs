use crate::domain::catalogue::{Catalogue, Name};
use crate::domain::kind::DocumentKind;
use crate::domain::status::Status;
use crate::http::json;
use crate::http::route::Answer;
use lambda_http::Request;
use serde::Serialize;
use std::sync::Arc;

crate::dependencies! {
    pub struct CatalogueDeps { catalogue: &'static Catalogue }
}

/// The catalogue as the forms read it, with the names of every status and kind of document: the one place the
/// site takes those labels from.
#[derive(Serialize, schemars::JsonSchema)]
pub struct CatalogueAnswer {
    #[serde(flatten)]
    catalogue: Catalogue,
    statuses: Vec<Labelled>,
    kinds: Vec<Labelled>,
}

/// An id and its name in both languages.
#[derive(Serialize, schemars::JsonSchema)]
pub struct Labelled {
    id: &'static str,
    name: Name,
}

/// `GET /api/catalogue`: categories and types of signals, the information topics, units and districts for the
/// forms, and the labels of statuses and kinds.
pub async fn get_catalogue(deps: Arc<CatalogueDeps>, _request: Request) -> Answer {
    let statuses = Status::all().map(|s| Labelled { id: s.as_str(), name: s.label() }).collect();
    let kinds = DocumentKind::all().map(|k| Labelled { id: k.as_str(), name: k.label() }).collect();
    Ok(json(200, &CatalogueAnswer { catalogue: deps.catalogue.clone(), statuses, kinds }))
}
