//! `local-stack`: the whole system on this machine. Started by `infra/local/run`.

use anyhow::Result;
use local_stack::{DEMO_ACCOUNTS, StackOptions, emulator::Emulator};
use std::net::SocketAddr;

fn main() -> Result<()> {
    let port: u16 = std::env::args().skip_while(|a| a != "--port").nth(1).and_then(|p| p.parse().ok()).unwrap_or(3000);
    let root = StackOptions::repository_root();
    let emulator = Emulator::start(&root)?;
    // The functions read their AWS endpoint and credentials from the SDK's standard variables, as in Lambda.
    // SAFETY: set before the runtime starts, while this is the only thread.
    unsafe {
        std::env::set_var("AWS_ENDPOINT_URL", &emulator.endpoint);
        std::env::set_var("AWS_REGION", "us-east-1");
        std::env::set_var("AWS_ACCESS_KEY_ID", "test");
        std::env::set_var("AWS_SECRET_ACCESS_KEY", "test");
    }
    sofia_core::init_logging();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let stack = local_stack::start(StackOptions {
            root,
            listen: SocketAddr::from(([127, 0, 0, 1], port)),
            prefix: "sofia-local".into(),
            dynamodb_endpoint: None,
            stream_timeout: None,
            run_rate_schedules: true,
            capacity: None,
        })
        .await?;
        println!();
        println!("  Контактен център на Столична община — local stack / локално");
        println!("  Site and API:   {}/", stack.base_url);
        println!("  Mailbox:        {}/_dev/mail", stack.base_url);
        println!("  Emulated AWS:   {} (moto)", stack.emulator_endpoint);
        println!("  Demo logins:");
        for account in DEMO_ACCOUNTS {
            let role = if account.groups.is_empty() { "citizen".to_owned() } else { account.groups.join(", ") };
            println!("    {:<22} {:<20} ({role})", account.email, account.password);
        }
        println!(
            "  Operators and admins also give an authenticator code: {}/_dev/totp shows it (or add the secret {} to an app).",
            stack.base_url,
            local_stack::totp::LOCAL_TOTP_SECRET
        );
        println!("  Ctrl-C stops everything.");
        // Ctrl-C, or a plain kill: either way the emulator this started is stopped too (Drop below).
        let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::select! {
            result = tokio::signal::ctrl_c() => result?,
            _ = terminate.recv() => {}
        }
        stack.stop().await;
        anyhow::Ok(())
    })?;
    drop(emulator);
    Ok(())
}
