use crate::domain::catalogue::Catalogue;
use crate::http::json;
use crate::http::route::Answer;
use lambda_http::Request;
use std::sync::Arc;

crate::dependencies! {
    pub struct CatalogueDeps { catalogue: &'static Catalogue }
}

/// `GET /api/catalogue`: categories and types of signals and the information topics, for the forms.
pub async fn get_catalogue(deps: Arc<CatalogueDeps>, _request: Request) -> Answer {
    Ok(json(200, deps.catalogue))
}
