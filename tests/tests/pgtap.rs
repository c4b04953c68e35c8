//! Runs the database's own pgTAP suite (db/tests/*.sql) through pg_prove
//! against a fresh cluster built by the project's scripts.
use std::process::Command;
use tests::{project_root, Stack};

#[test]
fn pgtap_suite_passes() {
    let stack = Stack::shared();
    stack
        .psql_superuser("CREATE EXTENSION IF NOT EXISTS pgtap")
        .expect("pgTAP is installed (postgresql-15-pgtap)");
    let url = stack.superuser_app_url();
    let mut files: Vec<_> = std::fs::read_dir(project_root().join("db/tests"))
        .expect("db/tests exists")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "sql"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 7,
        "expected the pgTAP files, found {files:?}"
    );
    let out = Command::new("pg_prove")
        .arg("--verbose")
        .arg("-d")
        .arg(&url)
        .args(&files)
        .output()
        .expect("running pg_prove (libtap-parser-sourcehandler-pgtap-perl)");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "pg_prove failed:\n{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(report.contains("All tests successful"), "{report}");
}
