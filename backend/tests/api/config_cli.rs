//! The binary: a bad configuration value stops start-up with one clear line naming the
//! variable (never a panic trace); `--help` and `--version` work.

use std::process::Command;

fn motcua() -> Command {
    Command::new(env!("CARGO_BIN_EXE_motcua"))
}

#[test]
fn a_bad_value_stops_start_up_with_one_line_naming_the_variable() {
    for (var, value) in [
        ("MOTCUA_BIND", "not-an-address"),
        ("MOTCUA_DATABASE_URL", "mysql://x"),
        ("MOTCUA_REDIS_URL", "http://nope"),
        ("MOTCUA_MAX_DEPTH", "deep"),
        ("MOTCUA_LOG_FORMAT", "xml"),
        ("MOTCUA_LOG", "[[["),
    ] {
        let out = motcua().arg("serve").env(var, value).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{var}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{var}: {err}");
        assert!(err.contains(var), "{var}: {err}");
        assert!(!err.contains("panicked"), "{var}: {err}");
    }
}

#[test]
fn an_unreachable_database_is_one_clear_line_too() {
    let dir = crate::helpers::TempDir::new();
    let out = motcua()
        .arg("migrate")
        .env(
            "MOTCUA_DATABASE_URL",
            "postgres://nobody@127.0.0.1:1/none?connect_timeout=1",
        )
        .env("MOTCUA_DATA_DIR", dir.0.display().to_string())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("motcua: "), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn help_and_version_work() {
    let out = motcua().arg("--help").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for cmd in ["serve", "migrate", "seed", "import", "user"] {
        assert!(text.contains(cmd), "{text}");
    }
    let out = motcua().arg("--version").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("motcua "));
}

#[test]
fn user_create_reads_the_password_from_stdin_and_rejects_bad_roles() {
    use std::io::Write;
    let dir = crate::helpers::TempDir::new();
    let db = format!("sqlite://{}/m.db?mode=rwc", dir.0.display());
    let run = |args: &[&str], stdin: &str| {
        let mut child = motcua()
            .args(args)
            .env("MOTCUA_DATABASE_URL", &db)
            .env("MOTCUA_DATA_DIR", dir.0.display().to_string())
            .env("MOTCUA_LOG", "warn")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let out = run(&["seed", "demo"], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Idempotent: a second run creates nothing.
    let out = run(&["seed", "demo"], "");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("0 tenants, 0 procedures, 0 accounts, 0 dossiers"),
        "{err}"
    );
    let out = run(
        &[
            "user",
            "create",
            "--email",
            "vanthu@tn.gov.vn",
            "--password-stdin",
            "--role",
            "leader",
            "--tenant",
            "TN.BINHMINH",
        ],
        "matkhau-2026\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(
        &[
            "user",
            "create",
            "--email",
            "x@tn.gov.vn",
            "--password-stdin",
            "--role",
            "king",
            "--tenant",
            "TN",
        ],
        "matkhau-2026\n",
    );
    assert_eq!(out.status.code(), Some(2));
    let out = run(
        &[
            "user",
            "create",
            "--email",
            "vanthu@tn.gov.vn",
            "--password-stdin",
            "--role",
            "leader",
            "--tenant",
            "TN.BINHMINH",
        ],
        "matkhau-2026\n",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
}

#[tokio::test]
async fn sigterm_lets_the_request_in_flight_finish_then_exits_cleanly() {
    use std::io::BufRead;
    let dir = crate::helpers::TempDir::new();
    let mut child = motcua()
        .arg("serve")
        .env("MOTCUA_BIND", "127.0.0.1:0")
        .env(
            "MOTCUA_DATABASE_URL",
            format!("sqlite://{}/m.db?mode=rwc", dir.0.display()),
        )
        .env("MOTCUA_DATA_DIR", dir.0.display().to_string())
        .env("MOTCUA_LOG", "warn")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (url_tx, url_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if let Some(rest) = line.split("serving on ").nth(1) {
                let _ = url_tx.send(
                    rest.split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .to_string(),
                );
            }
        }
    });
    let url = url_rx
        .recv_timeout(std::time::Duration::from_secs(120))
        .unwrap();
    // A raw HTTP/1.1 request with `Expect: 100-continue`: the server answers "100 Continue" once
    // the handler has started reading the body — then the request is surely in flight.
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = url.trim_start_matches("http://").to_string();
    let body = br#"{"query": "{ tenants(parentCode: \"TN\") { code } }"}"#;
    let mut conn = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST /graphql HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
        body.len()
    );
    conn.write_all(head.as_bytes()).await.unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 256];
    while !String::from_utf8_lossy(&seen).contains("100 Continue\r\n\r\n") {
        let n = conn.read(&mut buf).await.unwrap();
        assert!(
            n > 0,
            "server closed before 100 Continue: {}",
            String::from_utf8_lossy(&seen)
        );
        seen.extend_from_slice(&buf[..n]);
    }
    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    conn.write_all(body).await.unwrap();
    let mut response = Vec::new();
    conn.read_to_end(&mut response).await.unwrap();
    let text = String::from_utf8_lossy(&response);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(text.contains("TN.BINHMINH"), "{text}");
    let status = child.wait().unwrap();
    assert!(status.success(), "exit {status:?}");
}
