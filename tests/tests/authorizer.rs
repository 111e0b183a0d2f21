//! The JWT authorizer, as the template places it: a route behind it answers only with a token the user
//! pool issued; a missing, forged or altered token gets 401 before the function runs.

use aws_sdk_cognitoidentityprovider::types::AuthFlowType;
use jsonwebtoken::{Algorithm, EncodingKey, Header, decode_header, encode};
use serde_json::{Value, json};
use sofia_tests::{TestStack, json as read};

async fn sign_in(stack: &TestStack, email: &str, password: &str) -> (String, String) {
    let cognito = aws_sdk_cognitoidentityprovider::Client::new(&stack.stack.sdk);
    let result = cognito
        .initiate_auth()
        .client_id(&stack.stack.provisioned.user_pool_client_id)
        .auth_flow(AuthFlowType::UserPasswordAuth)
        .auth_parameters("USERNAME", email)
        .auth_parameters("PASSWORD", password)
        .send()
        .await
        .expect("the demo account signs in");
    let tokens = result.authentication_result().expect("tokens");
    (tokens.id_token().unwrap().to_owned(), tokens.access_token().unwrap().to_owned())
}

async fn me(stack: &TestStack, authorization: Option<String>) -> (u16, Value) {
    let mut request = stack.http.get(stack.url("/api/me"));
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    let (status, _, body) = read(request.send().await.unwrap()).await;
    (status, body)
}

use sofia_tests::jwt_claims as payload;

#[tokio::test]
async fn only_tokens_from_the_user_pool_pass_the_authorizer() {
    let stack = TestStack::start().await;
    // A unit clerk: signing in needs no authenticator code, so Cognito's own API hands out the tokens.
    let staff = sofia_tests::demo("lozenets");
    let (id_token, access_token) = sign_in(&stack, staff.email, staff.password).await;

    // A valid access token: the function sees the caller the authorizer verified.
    let (status, body) = me(&stack, Some(format!("Bearer {access_token}"))).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["sub"], payload(&id_token)["sub"]);
    assert_eq!(body["groups"], json!(["unit-district-lozenets"]));
    // An ID token passes API Gateway's authorizer (its audience is the client) but stands for no caller: only
    // access tokens, which logout and revocation end, do.
    assert_eq!(payload(&id_token)["token_use"], "id");
    let (status, body) = me(&stack, Some(format!("Bearer {id_token}"))).await;
    assert_eq!(status, 401, "an ID token is refused: {body}");

    // No token, garbage, and a token whose payload was altered after signing.
    assert_eq!(me(&stack, None).await, (401, json!({ "message": "Unauthorized" })));
    assert_eq!(me(&stack, Some("Bearer not.a.jwt".into())).await.0, 401);
    let mut parts: Vec<String> = id_token.split('.').map(str::to_owned).collect();
    let mut claims = payload(&id_token);
    claims["cognito:groups"] = json!(["staff", "admins"]);
    use base64::Engine;
    parts[1] = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).unwrap());
    assert_eq!(me(&stack, Some(format!("Bearer {}", parts.join(".")))).await.0, 401, "altered payload");

    // The same claims and key id, signed by another RSA key: forged.
    let header = decode_header(&id_token).unwrap();
    let mut forged_header = Header::new(Algorithm::RS256);
    forged_header.kid = header.kid.clone();
    let key = EncodingKey::from_rsa_pem(include_bytes!("../fixtures/forger-rsa-key.pem")).unwrap();
    let forged = encode(&forged_header, &payload(&id_token), &key).unwrap();
    assert_eq!(me(&stack, Some(format!("Bearer {forged}"))).await.0, 401, "forged signature");

    // Symmetric algorithms are refused outright (the classic RS256 → HS256 confusion).
    let mut hs_header = Header::new(Algorithm::HS256);
    hs_header.kid = header.kid;
    let confused =
        encode(&hs_header, &payload(&id_token), &EncodingKey::from_secret(b"public key bytes").unwrap()).unwrap();
    assert_eq!(me(&stack, Some(format!("Bearer {confused}"))).await.0, 401, "HS256");

    // A genuine token of another user pool (another stack) is for another issuer and audience.
    let other = TestStack::start().await;
    let (other_token, _) = sign_in(&other, staff.email, staff.password).await;
    assert_eq!(me(&stack, Some(format!("Bearer {other_token}"))).await.0, 401, "another pool");
    other.stack.stop().await;
    stack.stack.stop().await;
}
