//! The same journeys on Amazon's own DynamoDB Local (the other AWS services stay on moto), so nothing depends
//! on a quirk of one emulator, and read costs are DynamoDB's real ones: moto reports a constant.

use aws_sdk_dynamodb::types::AttributeValue;
use serde_json::json;
use sofia_tests::{TestStack, json as read, unique_email, valid_signal};
use std::collections::BTreeSet;

fn dynamodb_local() -> String {
    std::env::var("DYNAMODB_LOCAL_ENDPOINT").expect("DYNAMODB_LOCAL_ENDPOINT is not set: run the tests with infra/test")
}

fn read_cost(response: &reqwest::Response) -> (u64, u64, f64) {
    let header = response.headers().get("x-read-cost").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let value =
        |name: &str| header.split(", ").find_map(|p| p.strip_prefix(&format!("{name}="))).unwrap_or("nan").to_owned();
    (
        value("items-read").parse().unwrap(),
        value("items-returned").parse().unwrap(),
        value("capacity-units").parse().unwrap(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn filing_numbering_mail_and_map_work_on_dynamodb_local_with_real_read_costs() {
    let stack = TestStack::start_with(Some(dynamodb_local())).await;
    let email = unique_email("ddblocal");
    let categories =
        [("streets", "pothole"), ("lighting", "lamp-out"), ("waste", "illegal-dump"), ("greenery", "grass")];

    // Twenty concurrent submissions: distinct, consecutive numbers on DynamoDB's own transactions.
    let submissions = (0..20).map(|i| {
        let stack = &stack;
        let mut body = valid_signal(&email);
        let (category, signal_type) = categories[i % categories.len()];
        body["category"] = json!(category);
        body["type"] = json!(signal_type);
        body["location"] = json!({ "lat": 42.66 + (i as f64) * 0.002, "lon": 23.30 + (i as f64) * 0.001 });
        async move {
            let (status, _, registered) = read(stack.post_json("/api/signals", &body).await).await;
            assert_eq!(status, 201, "{registered}");
            registered["number"].as_str().unwrap().split('-').nth(1).unwrap().parse::<u32>().unwrap()
        }
    });
    let numbers: BTreeSet<u32> = futures::future::join_all(submissions).await.into_iter().collect();
    assert_eq!(numbers, (1..=20).collect::<BTreeSet<u32>>());

    // The stream (DynamoDB Local's) reaches the stream function, which mails through moto's SES.
    assert_eq!(stack.wait_for_mail(&email, 20).await.len(), 20);

    // The map reads no more than it returns: the city's clusters (once the stream has counted the twenty), and
    // the markers of a tile.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let (city, (items_read, items_returned, _)) = loop {
        let response = stack.get("/api/map").await;
        let cost = read_cost(&response);
        let (_, _, map) = read(response).await;
        if map["total"] == 20 || std::time::Instant::now() > deadline {
            break (map, cost);
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    assert_eq!((city["kind"].as_str(), city["total"].as_u64()), (Some("clusters"), Some(20)), "{city}");
    assert!(items_read <= items_returned, "{items_read} read for {items_returned} clusters");
    let response = stack.get("/api/map?category=lighting&days=1").await;
    let (items_read, items_returned, _) = read_cost(&response);
    assert!((1..=items_returned).contains(&items_read), "one day's item for {items_returned} lighting clusters");
    let response = stack.get("/api/map?zoom=16&bbox=23.299,42.659,23.306,42.671").await;
    let (items_read, items_returned, _) = read_cost(&response);
    let (_, _, map) = read(response).await;
    let shown = map["features"].as_array().unwrap().len() as u64;
    assert!(shown >= 6 && (items_read, items_returned) == (shown, shown), "{items_read} read, {shown} shown");
    stack.stack.stop().await;
}

/// DynamoDB's size of an item: attribute names plus values (numbers by their significant digits), as a range
/// because the number encoding is approximate.
fn item_size_bounds(item: &std::collections::HashMap<String, AttributeValue>) -> (usize, usize) {
    let (mut low, mut high) = (0, 0);
    for (name, value) in item {
        let (l, h) = match value {
            AttributeValue::S(text) => (text.len(), text.len()),
            AttributeValue::N(number) => {
                let digits = number.chars().filter(char::is_ascii_digit).count();
                (digits.div_ceil(2), digits.div_ceil(2) + 2)
            }
            other => panic!("unexpected attribute {other:?}"),
        };
        low += name.len() + l;
        high += name.len() + h;
    }
    (low, high)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_read_capacity_of_a_map_query_is_what_its_returned_items_weigh() {
    let stack = TestStack::start_with(Some(dynamodb_local())).await;
    let email = unique_email("capacity");
    // Markers of one map tile weighing more than one 4 KB read unit, of two categories (each from its own
    // address: one address may file 20 an hour).
    use sofia_core::domain::public_map::{MARKER_TILE_PRECISION, cell_bounds, geohash_at};
    let tile = geohash_at(42.6977, 23.3219, MARKER_TILE_PRECISION);
    let ([west, south, east, north], [lon, lat]) = cell_bounds(&tile).unwrap();
    let submissions = (0..60).map(|i| {
        let stack = &stack;
        let mut body = valid_signal(&format!("{i}.{email}"));
        let (category, signal_type) = if i % 3 == 0 { ("lighting", "lamp-out") } else { ("streets", "pothole") };
        body["category"] = json!(category);
        body["type"] = json!(signal_type);
        body["location"] = json!({ "lat": lat + (i as f64) * 0.00003, "lon": lon - (i as f64) * 0.00005 });
        async move { assert_eq!(stack.post_json("/api/signals", &body).await.status().as_u16(), 201) }
    });
    futures::future::join_all(submissions).await;

    // Eventually consistent reads (all an index offers) cost half a unit per 4 KB read; reading nothing is free.
    let unit = 0.5;
    let response = stack.get("/api/map?zoom=17&bbox=23.60,42.85,23.601,42.851").await;
    assert_eq!(read_cost(&response), (0, 0, 0.0));

    // The items the cell index holds for the tile, read directly to weigh them.
    let table = stack.stack.provisioned.tables.get("Table").expect("the table").clone();
    let items = stack
        .stack
        .clients
        .dynamodb()
        .query()
        .table_name(&table)
        .index_name("CellIndex")
        .key_condition_expression("cell_pk = :tile")
        .expression_attribute_values(":tile", AttributeValue::S(tile.clone()))
        .send()
        .await
        .unwrap()
        .items
        .unwrap_or_default();
    assert_eq!(items.len(), 60);
    let (low, high) = items.iter().map(item_size_bounds).fold((0, 0), |(a, b), (l, h)| (a + l, b + h));

    let hair = 1e-6;
    let bbox = format!("{},{},{},{}", west + hair, south + hair, east - hair, north - hair);
    let response = stack.get(&format!("/api/map?zoom=16&days=1&bbox={bbox}")).await;
    let (items_read, items_returned, capacity) = read_cost(&response);
    assert_eq!((items_read, items_returned), (60, 60), "read nothing it does not return");
    let (fewest, most) = (low.div_ceil(4096) as f64 * unit, high.div_ceil(4096) as f64 * unit);
    assert!(
        (fewest..=most).contains(&capacity),
        "capacity {capacity} is what {low}..{high} bytes of returned markers cost ({fewest}..{most})"
    );
    assert!(capacity >= 2.0 * unit, "more than one read unit was needed, so the check above is not trivial");

    // The naive alternative, a scan of the table, pays for every whole document of every kind.
    let scan = stack
        .stack
        .clients
        .dynamodb()
        .scan()
        .table_name(&table)
        .return_consumed_capacity(aws_sdk_dynamodb::types::ReturnConsumedCapacity::Total)
        .send()
        .await
        .unwrap();
    let scanned = scan.consumed_capacity().and_then(|c| c.capacity_units()).unwrap_or_default();
    assert!(scanned >= 3.0 * capacity, "a scan costs {scanned}, the map query {capacity}");
    stack.stack.stop().await;
}

/// The fan-out claims a hundred deliveries per transaction; when some were claimed before (a redelivered stream
/// record), DynamoDB cancels the transaction naming them, and the rest are claimed again without them. Checked
/// on both engines, whose cancellation reasons must agree.
async fn claiming_deliveries_in_bulk_claims_each_once(stack: &TestStack) {
    use sofia_core::adapters::deliveries::DynamoDeliveryLog;
    use sofia_core::ports::DeliveryLog;
    let table = stack.stack.provisioned.tables.get("Table").cloned().unwrap();
    let log = DynamoDeliveryLog::new(stack.stack.clients.dynamodb().clone(), table);
    let run = uuid::Uuid::new_v4().simple().to_string();
    let keys: Vec<String> = (0..150).map(|i| format!("bulk-{run}#{i:03}")).collect();

    use sofia_core::ports::Claim;
    let lease = jiff::Timestamp::now().as_millisecond() + 60_000;
    assert_eq!(log.claim(&keys[7], lease).await.unwrap(), Claim::Mine, "one claimed alone first");
    let first = log.claim_many(&keys[..120], lease).await.unwrap();
    assert_eq!(first.iter().filter(|c| **c != Claim::Mine).count(), 1, "all but the one claimed before");
    assert_eq!(first[7], Claim::InFlight { until: lease }, "leased, not yet confirmed");
    for key in &keys[..120] {
        log.confirm(key).await.unwrap();
    }
    let again = log.claim_many(&keys, lease).await.unwrap();
    assert_eq!(again.iter().filter(|c| **c == Claim::Mine).count(), 30, "only the 30 never claimed: {again:?}");
    assert!(again[..120].iter().all(|c| *c == Claim::Sent));
    log.confirm_many(&keys[120..]).await.unwrap();
    let confirmed = log.claim_many(&keys[120..], lease).await.unwrap();
    assert!(confirmed.iter().all(|c| *c == Claim::Sent), "confirmed in batches: {confirmed:?}");

    // A lease that ran out unconfirmed (its sender was stopped) is taken over; a confirmed one never is.
    let stopped = format!("stopped-{run}");
    let expired = jiff::Timestamp::now().as_millisecond() - 1;
    assert_eq!(log.claim(&stopped, expired).await.unwrap(), Claim::Mine);
    assert_eq!(log.claim(&stopped, lease).await.unwrap(), Claim::Mine, "taken over after the lease");
    assert_eq!(log.claim(&stopped, lease).await.unwrap(), Claim::InFlight { until: lease });
    log.confirm(&stopped).await.unwrap();
    assert_eq!(log.claim_many(&[stopped], lease).await.unwrap(), [Claim::Sent]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deliveries_are_claimed_in_bulk_once_each_on_both_engines() {
    let local = TestStack::start_with(Some(dynamodb_local())).await;
    claiming_deliveries_in_bulk_claims_each_once(&local).await;
    local.stack.stop().await;
    let moto = TestStack::start().await;
    claiming_deliveries_in_bulk_claims_each_once(&moto).await;
    moto.stack.stop().await;
}
