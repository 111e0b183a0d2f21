//! What every route gets around its handler: dependencies built once per instance, an `Idempotency-Key` on the
//! creating routes, errors turned into problem responses and cache headers set by the route's kind, in one
//! place; and a tracing span per request naming the route and the request id.
//!
//! The routes themselves are listed once, in [`crate::routes`].

use super::Problem;
use super::idempotency;
use crate::config::ConfigError;
use crate::ports::IdempotencyStore;
use crate::wiring::{Dependency, Need, Wiring};
use futures::future::BoxFuture;
use lambda_http::{Body, Request, RequestExt, Response};
use std::collections::BTreeSet;
use std::future::Future;
use std::sync::Arc;
use tracing::Instrument;

/// What a handler answers: a response, or a problem that becomes one.
pub type Answer = Result<Response<Body>, Problem>;

/// What a route does, which decides what the wrapper does around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A read: its answer is cached as `cache` says unless the handler says otherwise.
    Read(Cache),
    /// Creates something: accepts an `Idempotency-Key`, so a double click or a client retry creates once.
    Creating,
    /// Changes state (under optimistic versions, or idempotent by itself).
    Change,
    /// A step of signing in or out: answers hold tokens.
    SignIn,
}

/// How a successful answer may be cached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cache {
    /// Anyone may cache it for this many seconds.
    Public(u32),
    /// The caller's own data: never stored.
    Private,
}

impl Kind {
    fn cache_control(self) -> String {
        match self {
            Kind::Read(Cache::Public(seconds)) => format!("public, max-age={seconds}"),
            Kind::Read(Cache::Private) => "private, no-store".to_owned(),
            Kind::Creating | Kind::Change | Kind::SignIn => "no-store".to_owned(),
        }
    }
}

/// A route's handler, ready to serve: its dependencies built.
pub trait Serve: Send + Sync {
    fn call(&self, request: Request) -> BoxFuture<'static, Response<Body>>;
}

/// Derives again the secret a creating route's stored answer left out (see [`idempotency::SecretInAnswer`]).
pub type Rederive<D> = fn(Arc<D>, serde_json::Value) -> BoxFuture<'static, Result<String, Problem>>;

type Start = for<'a> fn(&'a Wiring) -> BoxFuture<'a, Result<Arc<dyn Serve>, ConfigError>>;

/// One route of the table: its binary (as `template.yaml` names it), its kind, and how to start it.
#[derive(Clone, Copy)]
pub struct Route {
    pub binary: &'static str,
    pub kind: Kind,
    start: Start,
    needs: fn() -> BTreeSet<Need>,
}

impl Route {
    #[doc(hidden)]
    pub const fn new(binary: &'static str, kind: Kind, start: Start, needs: fn() -> BTreeSet<Need>) -> Self {
        Self { binary, kind, start, needs }
    }

    /// Builds the route's dependencies from a function's wiring (reading its start-up secrets).
    pub async fn start(&self, wiring: &Wiring) -> Result<Arc<dyn Serve>, ConfigError> {
        (self.start)(wiring).await
    }

    /// What the route needs from AWS, its dependencies and the wrapper's (the IAM policy of its function must
    /// allow it): a creating route keeps idempotency records.
    pub fn needs(&self) -> BTreeSet<Need> {
        let mut needs = (self.needs)();
        if self.kind == Kind::Creating {
            <Arc<dyn IdempotencyStore> as Dependency>::add_needs(&mut needs);
        }
        needs
    }
}

/// The needs of the dependencies `handler` takes.
#[doc(hidden)]
pub fn needs_of<D, F, Fut>(_handler: F) -> BTreeSet<Need>
where
    D: Dependency,
    F: Fn(Arc<D>, Request) -> Fut,
{
    D::needs()
}

/// Builds `handler`'s dependencies and wraps it as its route's kind says.
#[doc(hidden)]
pub async fn start<D, F, Fut>(
    wiring: &Wiring,
    binary: &'static str,
    kind: Kind,
    handler: F,
    rederive: Option<Rederive<D>>,
) -> Result<Arc<dyn Serve>, ConfigError>
where
    D: Dependency,
    F: Fn(Arc<D>, Request) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Answer> + Send + 'static,
{
    let deps = Arc::new(D::build(wiring).await?);
    let idempotency = match kind {
        Kind::Creating => Some(<Arc<dyn IdempotencyStore> as Dependency>::build(wiring).await?),
        _ => None,
    };
    Ok(Arc::new(Served { binary, kind, deps, handler, idempotency, rederive }))
}

/// A route's handler with its dependencies, as [`start`] built it; also what the unit tests serve.
pub struct Served<D, F> {
    pub binary: &'static str,
    pub kind: Kind,
    pub deps: Arc<D>,
    pub handler: F,
    pub idempotency: Option<Arc<dyn IdempotencyStore>>,
    pub rederive: Option<Rederive<D>>,
}

impl<D, F, Fut> Serve for Served<D, F>
where
    D: Send + Sync + 'static,
    F: Fn(Arc<D>, Request) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Answer> + Send + 'static,
{
    fn call(&self, request: Request) -> BoxFuture<'static, Response<Body>> {
        let (binary, kind, handler, rederive) = (self.binary, self.kind, self.handler, self.rederive);
        let (deps, idempotency) = (self.deps.clone(), self.idempotency.clone());
        let span = tracing::info_span!("request", route = binary, request_id = %request_id(&request));
        Box::pin(
            async move {
                let answer = {
                    let deps = deps.clone();
                    move |request| async move { respond(kind, handler(deps, request).await) }
                };
                match idempotency {
                    Some(store) => {
                        let rederive = rederive.map(|rederive| move |kept| rederive(deps, kept));
                        idempotency::once(store.as_ref(), request, binary, answer, rederive).await
                    }
                    None => answer(request).await,
                }
            }
            .instrument(span),
        )
    }
}

/// The one place an answer becomes a response: a problem as `application/problem+json`, never stored; a success
/// with the cache header of its route's kind unless the handler chose one.
fn respond(kind: Kind, answer: Answer) -> Response<Body> {
    match answer {
        Ok(mut response) => {
            if !response.headers().contains_key("cache-control")
                && let Ok(value) = kind.cache_control().parse()
            {
                response.headers_mut().insert("cache-control", value);
            }
            response
        }
        Err(problem) => {
            let mut response = problem.into_response();
            // A problem is about this request: never stored, whatever the route's reads may be.
            if let Ok(value) = "no-store".parse() {
                response.headers_mut().insert("cache-control", value);
            }
            response
        }
    }
}

/// API Gateway's id of the request (also in its access log), or Lambda's where there is none.
fn request_id(request: &Request) -> String {
    use lambda_http::request::RequestContext;
    match request.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(context)) => context.request_id.clone().unwrap_or_default(),
        _ => request.lambda_context_ref().map(|context| context.request_id.clone()).unwrap_or_default(),
    }
}

/// What a Lambda binary's `main` does: structured logs, its route's dependencies built once, then serve.
pub fn run_lambda(route: Route) -> Result<(), lambda_http::Error> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build()?.block_on(async move {
        let served = Wiring::start_instance(async |wiring| route.start(wiring).await).await?;
        lambda_http::run(lambda_http::service_fn(move |request: Request| {
            let served = served.clone();
            async move { Ok::<_, std::convert::Infallible>(served.call(request).await) }
        }))
        .await
    })
}

/// A route's shapes, as the route table names them.
pub struct Shapes {
    pub binary: &'static str,
    pub kind: Kind,
    pub body: Option<schemars::Schema>,
    pub answer: Option<schemars::Schema>,
}

/// Whether two names are the same, at compile time (a binary finds its route by its own name).
#[doc(hidden)]
pub const fn same_name(a: &[u8], b: &[u8]) -> bool {
    match (a, b) {
        ([], []) => true,
        ([x, a @ ..], [y, b @ ..]) => *x == *y && same_name(a, b),
        _ => false,
    }
}

/// Declares the route table: for each route its binary, its handler (whose first argument names its
/// dependencies), its kind and, for creating routes whose answer holds a secret, how to derive it again.
/// Generates `ROUTES`, `by_binary` and the compile-time `named` a Lambda binary's `main` uses.
#[macro_export]
macro_rules! route_table {
    ($($binary:literal => $handler:path, $kind:expr $(, rederive $rederive:path)? $(, body $body:ty)? $(, answer $answer:ty)?;)*) => {
        /// Every route, in the order of the table.
        pub const ROUTES: &[$crate::http::route::Route] = &[$(
            $crate::http::route::Route::new(
                $binary,
                $kind,
                |wiring| Box::pin($crate::http::route::start(
                    wiring,
                    $binary,
                    $kind,
                    $handler,
                    $crate::route_table!(@rederive $($rederive)?),
                )),
                || $crate::http::route::needs_of($handler),
            )
        ),*];

        /// The route of the Lambda binary `binary`, as `template.yaml` names it.
        pub fn by_binary(binary: &str) -> Option<$crate::http::route::Route> {
            ROUTES.iter().find(|route| route.binary == binary).copied()
        }

        /// The route of the binary `binary`, at compile time: a binary that is not in the table does not build.
        /// Only the route found is referenced, so a Lambda binary links its own handler alone.
        pub const fn named(binary: &str) -> $crate::http::route::Route {
            let mut i = 0;
            while i < ROUTES.len() {
                if $crate::http::route::same_name(ROUTES[i].binary.as_bytes(), binary.as_bytes()) {
                    return ROUTES[i];
                }
                i += 1;
            }
            panic!("this binary is not in the route table (functions/core/src/routes.rs)")
        }

        /// The JSON Schemas of each route's request body and answer, for the OpenAPI document (never linked into a
        /// Lambda binary: nothing there calls it).
        /// Bodies are read (`bodies` describes what deserialises), answers written (`answers`, what serialises).
        pub fn shapes(
            bodies: &mut schemars::SchemaGenerator,
            answers: &mut schemars::SchemaGenerator,
        ) -> Vec<$crate::http::route::Shapes> {
            vec![$($crate::http::route::Shapes {
                binary: $binary,
                kind: $kind,
                body: $crate::route_table!(@schema bodies $($body)?),
                answer: $crate::route_table!(@schema answers $($answer)?),
            }),*]
        }
    };
    (@schema $generator:ident $shape:ty) => { Some($generator.subschema_for::<$shape>()) };
    (@schema $generator:ident) => { None };
    (@rederive $rederive:path) => { Some(|deps, kept| Box::pin($rederive(deps, kept))) };
    (@rederive) => { None };
}

/// The `main` of a route's Lambda binary: `sofia_core::lambda_main!(env!("CARGO_BIN_NAME"));` finds the route
/// at compile time, so the binary references (and links) its own handler and dependencies alone.
#[macro_export]
macro_rules! lambda_main {
    ($binary:expr) => {
        fn main() -> Result<(), $crate::http::route::LambdaError> {
            $crate::http::route::run_lambda(const { $crate::routes::named($binary) })
        }
    };
}

pub type LambdaError = lambda_http::Error;
