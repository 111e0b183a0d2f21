//! Accounts over HTTP against the local stack (moto's Cognito): register, confirm, sign in, profile,
//! passwords, refresh, sign out — and answers that never tell whether an e-mail is registered.

use serde_json::{Value, json};
use sofia_tests::{TestStack, demo, json as read, unique_email};

async fn post(stack: &TestStack, path: &str, body: Value, bearer: Option<&str>) -> (u16, Value) {
    let mut request = stack.http.post(stack.url(path)).json(&body);
    if let Some(token) = bearer {
        request = request.bearer_auth(token);
    }
    let (status, _, answer) = read(request.send().await.unwrap()).await;
    (status, answer)
}

/// Sets a password through the emulator's admin API (Cognito would mail an invited user a temporary one).
async fn set_password(stack: &TestStack, email: &str, password: &str, permanent: bool) {
    aws_sdk_cognitoidentityprovider::Client::new(&stack.stack.sdk)
        .admin_set_user_password()
        .user_pool_id(&stack.stack.provisioned.user_pool_id)
        .username(email)
        .password(password)
        .permanent(permanent)
        .send()
        .await
        .expect("the emulator sets the password");
}

async fn login(stack: &TestStack, email: &str, password: &str) -> (u16, Value) {
    post(stack, "/api/account/login", json!({ "email": email, "password": password }), None).await
}

#[tokio::test]
async fn a_citizen_registers_confirms_signs_in_edits_the_profile_and_changes_the_password() {
    let stack = TestStack::start().await;
    let email = unique_email("account");
    let registration = json!({
        "email": email, "password": "first-password-1", "name": "Мария Иванова",
        "phone": "0888 123 456", "address": "ул. Шипка 6, София", "accept_terms": true
    });
    let (status, first) = post(&stack, "/api/account/register", registration.clone(), None).await;
    assert_eq!(status, 202, "{first}");
    // Registering the same e-mail again answers exactly the same: nothing tells it is taken.
    assert_eq!(post(&stack, "/api/account/register", registration, None).await, (202, first));

    let (status, problem) = login(&stack, &email, "first-password-1").await;
    assert_eq!((status, problem["type"].as_str()), (403, Some("/problems/not-confirmed")));
    let code = stack.cognito_code(&email, 1).await;
    assert_eq!(post(&stack, "/api/account/confirm", json!({ "email": email, "code": code }), None).await.0, 200);

    let (status, tokens) = login(&stack, &email, "first-password-1").await;
    assert_eq!(status, 200, "{tokens}");
    let access = tokens["access_token"].as_str().unwrap().to_owned();
    assert!(tokens["id_token"].is_string() && tokens["refresh_token"].is_string());

    // The profile as registered, the phone in international form.
    let profile = stack.http.get(stack.url("/api/account/profile")).bearer_auth(&access).send().await.unwrap();
    let (status, _, profile) = read(profile).await;
    assert_eq!(status, 200, "{profile}");
    assert_eq!((profile["email"].as_str(), profile["name"].as_str()), (Some(email.as_str()), Some("Мария Иванова")));
    assert_eq!(profile["phone"], "+359888123456");
    let edited = stack
        .put_json_as(
            "/api/account/profile",
            &json!({ "name": "Мария Петрова", "phone": "", "address": "бул. Витоша 1" }),
            &access,
        )
        .await;
    let (status, _, edited) = read(edited).await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!((edited["name"].as_str(), edited["phone"].as_str()), (Some("Мария Петрова"), None));
    let bad = stack.put_json_as("/api/account/profile", &json!({ "name": "" }), &access).await;
    assert_eq!(read(bad).await.0, 422);

    // Changing the password needs the current one, and the new one must meet the pool's policy.
    let change = |old: &str, new: &str| json!({ "old_password": old, "new_password": new });
    let (status, problem) =
        post(&stack, "/api/account/change-password", change("not-my-password-9", "second-password-2"), Some(&access))
            .await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("old_password")), "{problem}");
    let (status, problem) =
        post(&stack, "/api/account/change-password", change("first-password-1", "short"), Some(&access)).await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (422, Some("weak_password")), "{problem}");
    assert_eq!(
        post(&stack, "/api/account/change-password", change("first-password-1", "second-password-2"), Some(&access))
            .await
            .0,
        200
    );
    assert_eq!(login(&stack, &email, "first-password-1").await.0, 401);
    assert_eq!(login(&stack, &email, "second-password-2").await.0, 200);

    // Without a token the protected routes answer 401 before any function runs.
    assert_eq!(post(&stack, "/api/account/change-password", change("a", "b"), None).await.0, 401);
    assert_eq!(stack.get("/api/account/profile").await.status().as_u16(), 401);
    stack.stack.stop().await;
}

#[tokio::test]
async fn wrong_passwords_and_unknown_users_get_the_same_answer() {
    let stack = TestStack::start().await;
    let citizen = demo("citizen");
    let (status, tokens) = login(&stack, citizen.email, citizen.password).await;
    assert_eq!(status, 200, "the demo accounts sign in at once: {tokens}");
    let wrong_password = login(&stack, citizen.email, "not-the-password-1").await;
    let unknown_user = login(&stack, &unique_email("nobody"), "not-the-password-1").await;
    assert_eq!(wrong_password.0, 401);
    assert_eq!(wrong_password, unknown_user, "one answer for both");

    // Password reset: the same answer for a registered and an unknown e-mail.
    let known = post(&stack, "/api/account/forgot-password", json!({ "email": citizen.email }), None).await;
    let unknown = post(&stack, "/api/account/forgot-password", json!({ "email": unique_email("nobody") }), None).await;
    assert_eq!(known.0, 202);
    assert_eq!(known, unknown);

    // Bad input is named.
    let (status, problem) = post(&stack, "/api/account/register", json!({ "email": "x@", "password": "" }), None).await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = problem["errors"].as_array().unwrap().iter().filter_map(|e| e["field"].as_str()).collect();
    assert_eq!(fields, ["email", "password", "name", "accept_terms"]);
    let weak = json!({ "email": unique_email("weak"), "password": "short", "name": "Иван", "accept_terms": true });
    let (status, problem) = post(&stack, "/api/account/register", weak, None).await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (422, Some("weak_password")), "{problem}");
    stack.stack.stop().await;
}

/// One account per mailbox whatever the capitals (a phone keyboard writes "Maria@…" as readily as "maria@…"):
/// the pool is case-insensitive, as the template asks Cognito for.
#[tokio::test]
async fn an_account_is_one_whatever_the_capitals_of_its_email() {
    let stack = TestStack::start().await;
    let lower = unique_email("capitals");
    let typed = format!("Maria.{lower}");
    let registration =
        json!({ "email": typed, "password": "first-password-1", "name": "Мария Иванова", "accept_terms": true });
    assert_eq!(post(&stack, "/api/account/register", registration, None).await.0, 202);
    let code = stack.cognito_code(&typed, 1).await;
    assert_eq!(post(&stack, "/api/account/confirm", json!({ "email": typed, "code": code }), None).await.0, 200);
    let lowered = typed.to_lowercase();
    let (status, tokens) = login(&stack, &lowered, "first-password-1").await;
    assert_eq!(status, 200, "signed in with the address in small letters: {tokens}");
    // The same mailbox in other capitals is not a second account.
    let again =
        json!({ "email": lowered, "password": "second-password-2", "name": "Друга Мария", "accept_terms": true });
    assert_eq!(post(&stack, "/api/account/register", again, None).await.0, 202);
    assert_eq!(login(&stack, &lowered, "second-password-2").await.0, 401, "no second account was made");
    let (local, domain) = typed.split_once('@').unwrap();
    let shouted = format!("{}@{domain}", local.to_uppercase());
    assert_eq!(login(&stack, &shouted, "first-password-1").await.0, 200);
}

#[tokio::test]
async fn refresh_tokens_work_until_the_user_signs_out() {
    let stack = TestStack::start().await;
    let citizen = demo("citizen");
    let (_, tokens) = login(&stack, citizen.email, citizen.password).await;
    let refresh_token = tokens["refresh_token"].as_str().unwrap();
    let (status, renewed) = post(&stack, "/api/account/refresh", json!({ "refresh_token": refresh_token }), None).await;
    assert_eq!(status, 200, "{renewed}");
    assert!(renewed["access_token"].is_string());

    let access = tokens["access_token"].as_str().unwrap();
    assert_eq!(post(&stack, "/api/account/logout", json!({}), Some(access)).await.0, 200);
    let (status, _) = post(&stack, "/api/account/refresh", json!({ "refresh_token": refresh_token }), None).await;
    assert_eq!(status, 401, "signed out: the refresh token no longer works");
    let (status, _) = post(&stack, "/api/account/refresh", json!({ "refresh_token": "forged" }), None).await;
    assert_eq!(status, 401);
    stack.stack.stop().await;
}

/// A staff member's access ends within minutes of logout, disabling or removal from a group: the access token
/// the API accepts lives ten minutes, and the refresh token that renews it is revoked at logout.
#[tokio::test]
async fn access_tokens_live_minutes_not_hours() {
    let stack = TestStack::start().await;
    let operator = demo("operator");
    let token = sofia_tests::sign_in(&stack, operator.email, operator.password).await;
    let access = sofia_tests::jwt_claims(&token);
    let lifetime = access["exp"].as_i64().unwrap() - access["iat"].as_i64().unwrap();
    assert!(lifetime <= 600, "an access token lives {lifetime} s");
    let citizen = demo("citizen");
    let (status, tokens) = login(&stack, citizen.email, citizen.password).await;
    assert_eq!(status, 200, "{tokens}");
    assert!(tokens["expires_in"].as_i64().is_some_and(|s| s <= 600), "{tokens}");
    stack.stack.stop().await;
}

/// A citizen who changes their own e-mail to a clerk's address, straight through Cognito with their access
/// token, neither gets the address (the change waits for the code sent to it) nor the clerk's role when an
/// admin creates the clerk; nor may they write what the site never edits, such as `email_verified`.
#[tokio::test]
async fn a_citizen_cannot_take_a_clerks_address_or_role() {
    use aws_sdk_cognitoidentityprovider::types::AttributeType;
    let stack = TestStack::start().await;
    let citizen_email = unique_email("taker");
    let citizen = sofia_tests::signed_in_user(&stack, &citizen_email, "Гражданин Хитър").await;
    let clerk_email = unique_email("new-clerk");
    let cognito = aws_sdk_cognitoidentityprovider::Client::new(&stack.stack.sdk);
    let attribute = |name: &str, value: &str| AttributeType::builder().name(name).value(value).build().unwrap();

    let forged = cognito
        .update_user_attributes()
        .access_token(&citizen)
        .user_attributes(attribute("email_verified", "true"))
        .send()
        .await;
    assert!(forged.is_err(), "the app client may not write email_verified");
    cognito
        .update_user_attributes()
        .access_token(&citizen)
        .user_attributes(attribute("email", &clerk_email))
        .send()
        .await
        .expect("Cognito accepts the change, pending the code sent to the new address");

    let admin = sofia_tests::sign_in(&stack, demo("admin").email, demo("admin").password).await;
    let (status, created) = post(
        &stack,
        "/api/admin/staff",
        json!({ "email": clerk_email, "name": "Нов Служител", "role": "operators" }),
        Some(&admin),
    )
    .await;
    assert!(status == 201 || status == 409, "{status} {created}");

    // The citizen signs in with their own address, and is no member of staff.
    let again = sofia_tests::sign_in(&stack, &citizen_email, "test-password-1").await;
    let (status, me) = stack.get_as("/api/me", Some(&again)).await;
    assert_eq!((status, &me["groups"]), (200, &json!([])), "{me}");
    let (_, queue) = stack.get_as("/api/staff/queues/contact-center", Some(&again)).await;
    assert_eq!(queue["status"], 403, "{queue}");
    let (_, profile) = stack.get_as("/api/account/profile", Some(&again)).await;
    assert_eq!(profile["email"], citizen_email.as_str(), "{profile}");
    stack.stack.stop().await;
}

/// Operators and admins sign in with an authenticator code: one without an app gets no tokens, only the secret to
/// set one up, until the app's first code is sent with the password; from then on every sign-in asks for a code,
/// and a wrong one gets nothing. Unit clerks and citizens may go without.
#[tokio::test]
async fn operators_and_admins_cannot_sign_in_without_an_authenticator_code() {
    use local_stack::totp::local_code;
    let stack = TestStack::start().await;
    let admin = sofia_tests::sign_in(&stack, demo("admin").email, demo("admin").password).await;
    let email = unique_email("operator");
    let (status, created) = post(
        &stack,
        "/api/admin/staff",
        json!({ "email": email, "name": "Нов Оператор", "role": "operators" }),
        Some(&admin),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    // The invitation's temporary password is set by the emulator's admin API here (the invite mail is Cognito's).
    set_password(&stack, &email, "operator-password-1", true).await;

    let (status, setup) = login(&stack, &email, "operator-password-1").await;
    assert_eq!((status, setup["mfa"].as_str()), (202, Some("setup_required")), "{setup}");
    assert!(setup.get("access_token").is_none(), "no tokens before the app is set up: {setup}");
    let secret = setup["secret"].as_str().unwrap();
    assert!(setup["otpauth_uri"].as_str().unwrap().contains(&format!("secret={secret}")), "{setup}");

    let wrong = json!({ "email": email, "password": "operator-password-1", "code": "000000" });
    let (status, problem) = post(&stack, "/api/account/login", wrong, None).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("code")), "{problem}");
    let first = json!({ "email": email, "password": "operator-password-1", "code": local_code() });
    let (status, tokens) = post(&stack, "/api/account/login", first, None).await;
    assert_eq!(status, 200, "{tokens}");
    assert!(tokens["access_token"].is_string());

    // Every later sign-in asks for the code.
    let (status, asked) = login(&stack, &email, "operator-password-1").await;
    assert_eq!((status, asked["mfa"].as_str()), (202, Some("code_required")), "{asked}");
    assert!(asked.get("access_token").is_none());
    let guess = json!({ "email": email, "session": asked["session"], "code": "123456" });
    let (status, _) = post(&stack, "/api/account/login", guess, None).await;
    assert!(status == 422 || status == 401, "a wrong code gets nothing: {status}");
    let (_, asked) = login(&stack, &email, "operator-password-1").await;
    let answer = json!({ "email": email, "session": asked["session"], "code": local_code() });
    let (status, tokens) = post(&stack, "/api/account/login", answer, None).await;
    assert_eq!(status, 200, "{tokens}");
    let (_, queue) = stack.get_as("/api/staff/queues/contact-center", tokens["access_token"].as_str()).await;
    assert!(queue["items"].is_array(), "{queue}");

    // A unit clerk and a citizen sign in with the password alone.
    for who in [demo("lozenets"), demo("citizen")] {
        assert_eq!(login(&stack, who.email, who.password).await.0, 200, "{}", who.email);
    }
    stack.stack.stop().await;
}

/// An invited member of staff signs in the first time with the invitation's temporary password, chooses their
/// own, sets up the authenticator app (an operator must), and from then on signs in with their own password.
#[tokio::test]
async fn an_invited_operator_chooses_a_password_then_sets_up_the_app() {
    use local_stack::totp::local_code;
    let stack = TestStack::start().await;
    let admin = sofia_tests::sign_in(&stack, demo("admin").email, demo("admin").password).await;
    let email = unique_email("invited");
    let invite = json!({ "email": email, "name": "Поканен Оператор", "role": "operators" });
    assert_eq!(post(&stack, "/api/admin/staff", invite, Some(&admin)).await.0, 201);
    // Cognito mails the user name and a temporary password, as the emulator does.
    let invitation = loop {
        if let Some(mail) = stack.cognito_mail_to(&email).await.pop() {
            break mail;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    assert_eq!(invitation.subject, "Your temporary password");
    let temporary = invitation
        .body
        .split("temporary password is ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .map(|p| p.trim_end_matches('.').to_owned())
        .expect("the invitation holds the temporary password");
    assert!(invitation.body.contains(&format!("Your username is {email}")), "{}", invitation.body);

    let (status, step) = login(&stack, &email, &temporary).await;
    assert_eq!((status, step["next"].as_str()), (202, Some("new_password_required")), "{step}");
    assert!(step.get("access_token").is_none());
    let weak = json!({ "email": email, "session": step["session"], "new_password": "short" });
    let (status, problem) = post(&stack, "/api/account/login", weak, None).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("new_password")), "{problem}");
    let chosen = json!({ "email": email, "session": step["session"], "new_password": "my-own-password-1" });
    let (status, setup) = post(&stack, "/api/account/login", chosen, None).await;
    assert_eq!((status, setup["mfa"].as_str()), (202, Some("setup_required")), "{setup}");

    let first = json!({ "email": email, "password": "my-own-password-1", "code": local_code() });
    let (status, tokens) = post(&stack, "/api/account/login", first, None).await;
    assert_eq!(status, 200, "{tokens}");
    assert_eq!(login(&stack, &email, &temporary).await.0, 401, "the temporary password is spent");
    stack.stack.stop().await;
}

/// Another six-digit code than `code`.
fn other_code(code: &str) -> String {
    let n: u32 = code.parse().expect("six digits");
    format!("{:06}", (n + 1) % 1_000_000)
}

#[tokio::test]
async fn codes_arrive_in_the_mailbox_and_only_the_code_mailed_last_is_taken() {
    let stack = TestStack::start().await;
    let email = unique_email("codes");
    let registration =
        json!({ "email": email, "password": "first-password-1", "name": "Петя Колева", "accept_terms": true });
    assert_eq!(post(&stack, "/api/account/register", registration, None).await.0, 202);

    // The sign-up code is in the local mailbox, as Cognito's own mail reads, and shown to copy.
    let first = stack.cognito_code(&email, 1).await;
    let mail = &stack.cognito_mail_to(&email).await[0];
    assert_eq!(mail.subject, "Your verification code");
    assert_eq!(mail.body.trim(), format!("Your verification code is {first}."));
    let (status, page) = stack.text("/_dev/mail").await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("<dd class=\"code\"><output>{first}</output></dd>")), "{page}");

    // A wrong code is refused as Cognito refuses it, and the account stays unconfirmed.
    let wrong = json!({ "email": email, "code": other_code(&first) });
    let (status, problem) = post(&stack, "/api/account/confirm", wrong, None).await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (422, Some("invalid_code")), "{problem}");
    assert_eq!(login(&stack, &email, "first-password-1").await.0, 403);

    // "Resend the code": a new one arrives and the first stops working; the same answer for an unknown e-mail.
    let resent = post(&stack, "/api/account/resend-code", json!({ "email": email }), None).await;
    assert_eq!(resent.0, 202, "{resent:?}");
    assert_eq!(
        post(&stack, "/api/account/resend-code", json!({ "email": unique_email("nobody") }), None).await,
        resent
    );
    let second = stack.cognito_code(&email, 2).await;
    if second != first {
        let (status, _) = post(&stack, "/api/account/confirm", json!({ "email": email, "code": first }), None).await;
        assert_eq!(status, 422, "the first code no longer confirms");
    }
    assert_eq!(post(&stack, "/api/account/confirm", json!({ "email": email, "code": second }), None).await.0, 200);
    assert_eq!(login(&stack, &email, "first-password-1").await.0, 200);
    // Confirmed: asking again mails nothing, and answers the same.
    assert_eq!(post(&stack, "/api/account/resend-code", json!({ "email": email }), None).await, resent);
    assert_eq!(stack.cognito_mail_to(&email).await.len(), 2);

    // A forgotten password: the reset code arrives too, and only it sets the new password.
    assert_eq!(post(&stack, "/api/account/forgot-password", json!({ "email": email }), None).await.0, 202);
    let reset = stack.cognito_code(&email, 3).await;
    let with = |code: &str| json!({ "email": email, "code": code, "new_password": "second-password-2" });
    let (status, problem) = post(&stack, "/api/account/reset-password", with(&other_code(&reset)), None).await;
    assert_eq!((status, problem["errors"][0]["code"].as_str()), (422, Some("invalid_code")), "{problem}");
    assert_eq!(login(&stack, &email, "second-password-2").await.0, 401);
    assert_eq!(post(&stack, "/api/account/reset-password", with(&reset), None).await.0, 200);
    assert_eq!(login(&stack, &email, "second-password-2").await.0, 200);

    // Bad input is named.
    let (status, problem) = post(&stack, "/api/account/resend-code", json!({ "email": "x@" }), None).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (422, Some("email")), "{problem}");
    stack.stack.stop().await;
}

async fn profile(stack: &TestStack, access: &str) -> Value {
    let answer = stack.http.get(stack.url("/api/account/profile")).bearer_auth(access).send().await.unwrap();
    read(answer).await.2
}

#[tokio::test]
async fn a_new_e_mail_waits_for_the_code_mailed_to_it() {
    // The site does not change e-mail addresses, but the app client may (Cognito's own UpdateUserAttributes with
    // the user's access token): the pool holds the new address until the code mailed to it is entered.
    let stack = TestStack::start().await;
    let email = unique_email("old");
    let access = sofia_tests::signed_in_user(&stack, &email, "Стара Поща").await;
    let cognito = aws_sdk_cognitoidentityprovider::Client::new(&stack.stack.sdk);
    let new_email = unique_email("new");
    let address = aws_sdk_cognitoidentityprovider::types::AttributeType::builder()
        .name("email")
        .value(&new_email)
        .build()
        .unwrap();
    cognito.update_user_attributes().access_token(&access).user_attributes(address).send().await.unwrap();
    let code = stack.cognito_code(&new_email, 1).await;
    assert_eq!(profile(&stack, &access).await["email"], email.as_str(), "the old address stays until the code");

    let verify =
        |code: String| cognito.verify_user_attribute().access_token(&access).attribute_name("email").code(code).send();
    let wrong = verify(other_code(&code)).await.unwrap_err();
    assert_eq!(
        aws_sdk_cognitoidentityprovider::error::ProvideErrorMetadata::code(&wrong),
        Some("CodeMismatchException")
    );
    verify(code).await.unwrap();
    let after = profile(&stack, &access).await;
    assert_eq!((after["email"].as_str(), after["email_verified"].as_bool()), (Some(new_email.as_str()), Some(true)));
    stack.stack.stop().await;
}
