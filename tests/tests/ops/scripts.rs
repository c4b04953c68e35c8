//! The ops files on their own, without a cluster: argument and environment
//! checks of the scripts, docker-compose.prod.yml, shellcheck.

use serde_json::{json, Value};
use tests::project_root;

#[test]
fn scripts_reject_bad_inputs_with_clear_errors() {
    let root = project_root();
    let run = |script: &str, args: &[&str], env: &[(&str, &str)]| {
        let out = std::process::Command::new(root.join(script))
            .args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .envs(env.iter().copied())
            .output()
            .expect("running a script");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let secret = "0123456789abcdef0123456789abcdef";
    // Port 9 (discard) on loopback: nothing listens, the connection is refused.
    let nowhere = "postgres://app_owner:x@127.0.0.1:9/cleaning_tracker";
    type Case<'a> = (&'a str, Vec<&'a str>, Vec<(&'a str, &'a str)>, &'a str);
    let cases: Vec<Case> = vec![
        ("deploy.sh", vec![], vec![], "APP_OWNER_URL is not set"),
        (
            "deploy.sh",
            vec![],
            vec![("APP_OWNER_URL", nowhere)],
            "JWT_SECRET is not set",
        ),
        (
            "deploy.sh",
            vec![],
            vec![
                ("APP_OWNER_URL", nowhere),
                ("JWT_SECRET", "short"),
                ("API_URL", "http://127.0.0.1:9"),
            ],
            "at least 32 characters",
        ),
        (
            "deploy.sh",
            vec!["--frobnicate"],
            vec![],
            "unknown argument: --frobnicate",
        ),
        (
            "deploy.sh",
            vec![],
            vec![
                ("APP_OWNER_URL", nowhere),
                ("JWT_SECRET", secret),
                ("API_URL", "http://127.0.0.1:9"),
                ("UPLOADER_BIN", "/nonexistent/uploader"),
            ],
            "uploader not found",
        ),
        (
            "deploy.sh",
            vec!["--skip-publish"],
            vec![
                ("APP_OWNER_URL", nowhere),
                ("JWT_SECRET", secret),
                ("API_URL", "http://127.0.0.1:9"),
            ],
            "cannot connect with APP_OWNER_URL",
        ),
        (
            "deploy.sh",
            vec!["--skip-publish"],
            vec![
                ("APP_OWNER_URL", nowhere),
                ("JWT_SECRET", secret),
                ("API_URL", "http://127.0.0.1:9"),
                ("FIRST_ADMIN_USERNAME", "boss"),
            ],
            "FIRST_ADMIN_PASSWORD is not set",
        ),
        ("monitor.sh", vec![], vec![], "APP_OWNER_URL is not set"),
        (
            "ops/dev_to_prod/convert.sh",
            vec![],
            vec![],
            "SUPERUSER_URL is not set",
        ),
    ];
    for (script, args, env, expected) in cases {
        let (code, stderr) = run(script, &args, &env);
        assert_ne!(code, 0, "{script} {args:?} succeeded");
        assert!(
            stderr.contains(expected),
            "{script} {args:?}: expected {expected:?} in:\n{stderr}"
        );
        assert!(!stderr.contains(secret), "{script} printed the secret");
    }
    // Unreachable database: monitor says so and exits non-zero.
    let out = std::process::Command::new(root.join("monitor.sh"))
        .env("APP_OWNER_URL", nowhere)
        .output()
        .expect("monitor");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout.contains("NEEDS_ATTENTION") && stdout.contains("cannot connect"),
        "{stdout}"
    );
}

#[test]
fn compose_file_parses_and_matches_the_postgrest_template() {
    let root = project_root();
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
        ])
        .arg(root.join("docker-compose.prod.yml"))
        .output()
        .expect("python3 (with PyYAML: pip install pyyaml)");
    assert!(
        out.status.success(),
        "docker-compose.prod.yml does not parse: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON from python");
    let services = &doc["services"];
    assert_eq!(services["db"]["image"], json!("postgres:15"));
    assert_eq!(
        services["postgrest"]["image"],
        json!("postgrest/postgrest:v12.0.2")
    );
    assert!(services["db"]["healthcheck"]["test"].is_array());
    assert!(services["postgrest-ready"]["healthcheck"]["test"].is_array());
    assert_eq!(
        services["postgrest"]["depends_on"]["db"]["condition"],
        json!("service_healthy")
    );

    // Every host file it mounts exists (the bootstrap SQL comes from db/).
    let mut mounted = Vec::new();
    for service in services.as_object().expect("services").values() {
        for volume in service["volumes"].as_array().into_iter().flatten() {
            let source = volume
                .as_str()
                .expect("short volume syntax")
                .split(':')
                .next()
                .unwrap_or("");
            if source.starts_with("./") {
                assert!(root.join(source).exists(), "{source} does not exist");
                mounted.push(source.to_string());
            }
        }
    }
    assert!(
        mounted.contains(&"./db/bootstrap/bootstrap.sql".to_string()),
        "{mounted:?}"
    );

    // Secrets only from the environment, required.
    let text = std::fs::read_to_string(root.join("docker-compose.prod.yml")).expect("compose");
    for var in [
        "POSTGRES_PASSWORD",
        "APP_OWNER_PASSWORD",
        "API_USER_PASSWORD",
        "JWT_SECRET",
    ] {
        assert!(
            text.contains(&format!("${{{var}:?")),
            "{var} is not required from the environment"
        );
    }
    assert!(!text.contains("app_owner_pass") && !text.contains("api_pass"));

    // The PostgREST settings are exactly the template's, as PGRST_* variables.
    let env = services["postgrest"]["environment"]
        .as_object()
        .expect("environment as a map");
    let template =
        std::fs::read_to_string(root.join("db/postgrest.conf.template")).expect("template");
    let mut keys = Vec::new();
    for line in template.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line.split_once('=').expect("key = value");
        let key = key.trim();
        let value = value.trim().trim_matches('"');
        let var = format!("PGRST_{}", key.to_uppercase().replace('-', "_"));
        let actual = env
            .get(&var)
            .unwrap_or_else(|| panic!("{var} ({key} in the template) missing from compose"))
            .as_str()
            .expect("string value");
        if value.starts_with('@') {
            assert!(!actual.is_empty(), "{var} is empty");
        } else {
            assert_eq!(actual, value, "{var} differs from the template's {key}");
        }
        keys.push(var);
    }
    for var in env.keys() {
        assert!(
            keys.contains(var),
            "{var} is set in compose but not in the template"
        );
    }
    assert!(env["PGRST_JWT_SECRET"]
        .as_str()
        .unwrap_or("")
        .starts_with("${JWT_SECRET:?"));
}

#[test]
fn every_project_script_is_shellcheck_clean() {
    let root = project_root();
    // Every tracked shell script: *.sh and the extensionless ones that
    // start with a bash shebang (.ci/run), so a new script is checked
    // without anyone adding it to a list.
    let listed = std::process::Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(&root)
        .output()
        .expect("git ls-files");
    assert!(listed.status.success(), "git ls-files failed");
    let scripts: Vec<String> = listed
        .stdout
        .split(|b| *b == 0)
        .filter_map(|p| std::str::from_utf8(p).ok())
        .filter(|p| !p.is_empty() && !p.starts_with("node_modules/"))
        .filter(|p| {
            p.ends_with(".sh")
                || std::fs::read(root.join(p))
                    .map(|b| b.starts_with(b"#!/usr/bin/env bash") || b.starts_with(b"#!/bin/bash"))
                    .unwrap_or(false)
        })
        .map(str::to_owned)
        .collect();
    for expected in [
        "deploy.sh",
        "monitor.sh",
        "scripts/lib.sh",
        ".ci/run",
        "scripts/bench/agenda.sh",
    ] {
        assert!(
            scripts.iter().any(|s| s == expected),
            "{expected} not found among {scripts:?}"
        );
    }
    // scripts/install.sh installs shellcheck: a missing one is a failure.
    let out = std::process::Command::new("shellcheck")
        .arg("-x")
        .args(&scripts)
        .current_dir(&root)
        .output()
        .expect("shellcheck");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
