//! Writes `site/openapi.json` from `template.yaml` and the route table (`--check`: fail if it is out of date).

use local_stack::StackOptions;
use local_stack::template::Template;

fn main() -> anyhow::Result<()> {
    let root = StackOptions::repository_root();
    let text = local_stack::openapi::text(&Template::load(&root.join("template.yaml"))?)?;
    let path = root.join("site/openapi.json");
    if std::env::args().any(|a| a == "--check") {
        anyhow::ensure!(
            std::fs::read_to_string(&path)? == text,
            "site/openapi.json is out of date: run cargo run -p local-stack --bin openapi"
        );
        println!("site/openapi.json is up to date");
    } else {
        std::fs::write(&path, text)?;
        println!("wrote site/openapi.json");
    }
    Ok(())
}
