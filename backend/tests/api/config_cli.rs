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
