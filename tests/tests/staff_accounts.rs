//! Staff accounts over HTTP against the local stack: an administrator lists them, stops one (a clerk who left:
//! no sign-in, no renewed session, off the unit's list of people), lets it sign in again, and moves it to another
//! unit (its next sign-in carries the new role). Citizens' accounts and the administrator's own are not changed.

use serde_json::{Value, json};
use sofia_tests::{TestStack, demo, json as read, sign_in, signed_in_user, unique_email};

async fn put(stack: &TestStack, path: &str, body: Value, bearer: &str) -> (u16, Value) {
    let request = stack.http.put(stack.url(path)).json(&body).bearer_auth(bearer);
    let (status, _, answer) = read(request.send().await.unwrap()).await;
    (status, answer)
}

async fn login(stack: &TestStack, email: &str, password: &str) -> (u16, Value) {
    let body = json!({ "email": email, "password": password });
    let (status, _, answer) = read(stack.post_json("/api/account/login", &body).await).await;
    (status, answer)
}

fn member<'a>(list: &'a Value, email: &str) -> &'a Value {
    list["staff"].as_array().unwrap().iter().find(|m| m["email"] == email).unwrap_or(&Value::Null)
}

#[tokio::test]
async fn an_administrator_stops_a_clerk_lets_them_back_and_moves_them_to_another_unit() {
    let stack = TestStack::start().await;
    let admin = sign_in(&stack, demo("admin").email, demo("admin").password).await;
    let clerk = demo("lyulin");
    let clerk_email = clerk.email.to_lowercase();
    let path = format!("/api/admin/staff/{}", clerk_email.replace('@', "%40"));

    // Lyulin's clerk heads the unit too (told when its documents are overdue).
    let cognito = aws_sdk_cognitoidentityprovider::Client::new(&stack.stack.sdk);
    let pool = &stack.stack.provisioned.user_pool_id;
    let head = "head-district-lyulin";
    cognito.create_group().user_pool_id(pool).group_name(head).send().await.expect("the group made");
    let added = cognito.admin_add_user_to_group().user_pool_id(pool).username(clerk.email).group_name(head);
    added.send().await.expect("the clerk made head");

    // The list: every staff account with its roles and state; no citizen.
    let citizen = unique_email("citizen");
    signed_in_user(&stack, &citizen, "Гражданин Тестов").await;
    let (status, list) = stack.get_as("/api/admin/staff", Some(&admin)).await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(member(&list, &clerk_email)["roles"], json!(["unit-district-lyulin", head]), "{list}");
    assert_eq!(member(&list, &clerk_email)["state"], "active");
    assert_eq!(member(&list, &demo("operator").email.to_lowercase())["roles"], json!(["operators"]));
    assert!(member(&list, &citizen).is_null(), "citizens are not staff: {list}");

    // Stopped: the session it had cannot be renewed, it cannot sign in, and it is off its unit's people.
    let (status, session) = login(&stack, clerk.email, clerk.password).await;
    assert_eq!(status, 200, "{session}");
    let (status, stopped) = put(&stack, &path, json!({ "enabled": false }), &admin).await;
    assert_eq!((status, stopped["state"].as_str()), (200, Some("disabled")), "{stopped}");
    let refresh = json!({ "refresh_token": session["refresh_token"] });
    let (status, _, _) = read(stack.post_json("/api/account/refresh", &refresh).await).await;
    assert_eq!(status, 401, "a stopped account's session is not renewed");
    assert_eq!(login(&stack, clerk.email, clerk.password).await.0, 401, "a stopped account cannot sign in");
    let (_, people) = stack.get_as("/api/staff/people?unit=district-lyulin", Some(&admin)).await;
    assert!(!people.to_string().contains(&clerk_email), "{people}");

    // Let back in, and moved to Lozenets: the next sign-in reads Lozenets' queue and no longer Lyulin's, and it is
    // no longer Lyulin's head.
    let (status, back) = put(&stack, &path, json!({ "enabled": true, "role": "unit-district-lozenets" }), &admin).await;
    assert_eq!((status, back["state"].as_str()), (200, Some("active")), "{back}");
    assert_eq!(back["roles"], json!(["unit-district-lozenets"]));
    let moved = sign_in(&stack, clerk.email, clerk.password).await;
    let (status, _) = stack.get_as("/api/staff/documents?unit=district-lozenets", Some(&moved)).await;
    assert_eq!(status, 200);
    let (status, _) = stack.get_as("/api/staff/documents?unit=district-lyulin", Some(&moved)).await;
    assert_eq!(status, 403);

    // Not a citizen's account, not one's own, not a role that does not exist, not an address that is none, and
    // something must change.
    let (status, problem) =
        put(&stack, "/api/admin/staff/not%20an%20address", json!({ "enabled": false }), &admin).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (400, Some("email")), "{problem}");
    let citizen_path = format!("/api/admin/staff/{}", citizen.replace('@', "%40"));
    assert_eq!(put(&stack, &citizen_path, json!({ "enabled": false }), &admin).await.0, 404);
    assert_eq!(login(&stack, &citizen, "test-password-1").await.0, 200, "the citizen still signs in");
    let own = format!("/api/admin/staff/{}", demo("admin").email.to_lowercase().replace('@', "%40"));
    let (status, problem) = put(&stack, &own, json!({ "enabled": false }), &admin).await;
    assert_eq!((status, problem["type"].as_str()), (409, Some("/problems/own-account")), "{problem}");
    let (status, problem) = put(&stack, &path, json!({ "role": "unit-nowhere" }), &admin).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("role")), "{problem}");
    let (status, problem) = put(&stack, &path, json!({}), &admin).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("enabled")), "{problem}");
    stack.stack.stop().await;
}
