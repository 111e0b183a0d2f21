//! Starts moto (the AWS emulator) from the project's virtualenv on a free loopback port.

use anyhow::{Context, Result, bail};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Emulator {
    pub endpoint: String,
    child: Child,
}

impl Emulator {
    /// Blocks until the emulator answers (it starts in about a second).
    pub fn start(root: &Path) -> Result<Self> {
        let python = root.join(".venv/bin/python");
        if !python.exists() {
            bail!("{} is missing: run infra/local/run, which creates the virtualenv", python.display());
        }
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let child = Command::new(python)
            .arg(root.join("infra/local/moto/server.py"))
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("starting moto")?;
        let emulator = Self { endpoint: format!("http://127.0.0.1:{port}"), child };
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(emulator);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        bail!("moto did not start on port {port} within 30 s")
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
