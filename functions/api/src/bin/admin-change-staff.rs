sofia_core::lambda_main!(env!("CARGO_BIN_NAME"));
