//! The smallest useful `lambda_http` function: answers every request with a fixed text. The benchmark builds it
//! exactly like the real functions and compares their size and start-up with it.

use lambda_http::{Body, Error, Request, Response, service_fn};

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_http::run(service_fn(|_request: Request| async {
        Ok::<_, Error>(Response::builder().status(200).header("content-type", "text/plain").body(Body::from("hello"))?)
    }))
    .await
}
