//! The morning run stopped halfway by SES: run again, it sends what it had not sent and nothing twice.

use jiff::civil::date;
use serde_json::json;
use sofia_tests::fault_proxy::{Fault, stack_with_faulty_ses};
use sofia_tests::{demo, json as read, valid_signal};

#[tokio::test]
async fn a_run_that_fails_halfway_sends_the_rest_and_nothing_twice_when_it_runs_again() {
    let (stack, faults) = stack_with_faulty_ses().await;
    let sofia = jiff::tz::TimeZone::get("Europe/Sofia").unwrap();
    let today = stack.stack.time.clock.now().to_zoned_datetime(sofia.clone()).date();
    stack.stack.time.advance_days(i64::from((date(2027, 3, 1) - today).get_days()));
    let mut numbers = Vec::new();
    for point in [json!({ "lat": 42.675, "lon": 23.325 }), json!({ "lat": 42.715, "lon": 23.26 })] {
        let mut signal = valid_signal("nobody@example.bg");
        signal.as_object_mut().unwrap().remove("email");
        signal["location"] = point;
        let (status, _, filed) = read(stack.post_json("/api/signals", &signal).await).await;
        assert_eq!(status, 201, "{filed}");
        numbers.push(filed["number"].as_str().unwrap().to_owned());
    }
    // Half the term: the Lozenets clerk's digest fails (three tries of the SDK); the head's went out before it.
    stack.stack.time.advance_days(7);
    faults.plan_matching("SendEmail", "[\"lozenets@kc.sofia.bg\"]", Fault::ServerError, 3);
    let first = stack.stack.time.run_schedule("ScheduledEscalationFunction").await;
    assert!(first.is_err(), "the run stops at the failed send: {first:?}");
    assert_eq!(faults.injected(), 3);

    let second = stack.stack.time.run_schedule("ScheduledEscalationFunction").await.expect("the run");
    assert_eq!(second.steps_taken, 0, "the steps were recorded by the first run: {second:?}");
    let digests = |address: &'static str, number: String| {
        let stack = &stack;
        async move { stack.mail_to(address).await.into_iter().filter(|m| m.body.contains(&number)).count() }
    };
    assert_eq!(digests("head-lozenets@kc.sofia.bg", numbers[0].clone()).await, 1, "sent once, by the first run");
    assert_eq!(digests(demo("lozenets").email, numbers[0].clone()).await, 1, "sent by the second run");
    assert_eq!(digests(demo("lyulin").email, numbers[1].clone()).await, 1);
    stack.stack.stop().await;
}
