//! Publishing and serving the frontend (db/api/50_frontend_serve.sql,
//! 60_frontend_publish.sql): the publisher writes, everyone reads.
use super::*;

pub(crate) fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "POST /rpc/update_frontend_asset",
            api: Some("update_frontend_asset"),
            setup: no_setup,
            call: |a, _| {
                rpc(
                    a,
                    "update_frontend_asset",
                    json!({"p_asset_name": "matrix.txt", "p_content_type": "text/plain", "p_content": "x"}),
                )
            },
            expect: [401, 403, 403, 403, 200],
        },
        Case {
            name: "POST /rpc/update_frontend_asset (index.html)",
            api: Some("update_frontend_asset"),
            setup: no_setup,
            call: |a, _| {
                rpc(
                    a,
                    "update_frontend_asset",
                    json!({"p_asset_name": "index.html", "p_content_type": "text/html", "p_content": "<h1>pwned</h1>"}),
                )
            },
            expect: [401, 403, 403, 403, 200],
        },
        Case {
            name: "POST /rpc/update_frontend_asset (with p_inline_script_hashes)",
            api: Some("update_frontend_asset"),
            setup: no_setup,
            call: |a, _| {
                rpc(
                    a,
                    "update_frontend_asset",
                    json!({"p_asset_name": "matrix.html", "p_content_type": "text/html",
                           "p_content": "<script>1</script>",
                           "p_inline_script_hashes": [format!("sha384-{}", "A".repeat(64))]}),
                )
            },
            expect: [401, 403, 403, 403, 200],
        },
        Case {
            name: "GET /rpc/frontend_asset_manifest",
            api: Some("frontend_asset_manifest"),
            setup: no_setup,
            call: |a, _| a.get("/rpc/frontend_asset_manifest").unwrap(),
            expect: [401, 403, 403, 403, 200],
        },
        Case {
            name: "GET /rpc/frontend_releases",
            api: Some("frontend_releases"),
            setup: no_setup,
            call: |a, _| a.get("/rpc/frontend_releases").unwrap(),
            expect: [401, 403, 403, 403, 200],
        },
        Case {
            name: "POST /rpc/prune_frontend_assets (dry run)",
            api: Some("prune_frontend_assets"),
            setup: no_setup,
            call: |a, _| rpc(a, "prune_frontend_assets", json!({"p_dry_run": true})),
            expect: [401, 403, 403, 403, 200],
        },
        Case {
            // Only one release exists here, so the publisher is told there is
            // nothing to roll back to (409): past the permission check.
            name: "POST /rpc/rollback_frontend",
            api: Some("rollback_frontend"),
            setup: no_setup,
            call: |a, _| rpc(a, "rollback_frontend", json!({})),
            expect: [401, 403, 403, 403, 409],
        },
        Case {
            name: "GET /rpc/serve_html",
            api: Some("serve_html"),
            setup: no_setup,
            call: |a, _| {
                a.get_with("/rpc/serve_html", &[("Accept", "text/html,*/*;q=0.8")])
                    .unwrap()
            },
            expect: [200; 5],
        },
        Case {
            name: "GET /rpc/serve_css (a published stylesheet)",
            api: Some("serve_css"),
            setup: |_, c| publish(c, "matrix.css", "text/css", "body{}"),
            call: |a, name| serve(a, "serve_css", name, "text/css"),
            expect: [200; 5],
        },
        Case {
            name: "GET /rpc/serve_js (a published script)",
            api: Some("serve_js"),
            setup: |_, c| publish(c, "matrix.js", "text/javascript", "1;"),
            call: |a, name| serve(a, "serve_js", name, "*/*"),
            expect: [200; 5],
        },
        Case {
            name: "GET /rpc/serve_wasm (a published module)",
            api: Some("serve_wasm"),
            setup: |_, c| publish(c, "matrix.wasm", "application/wasm", "wasm"),
            call: |a, name| serve(a, "serve_wasm", name, "application/wasm"),
            expect: [200; 5],
        },
        Case {
            name: "GET /rpc/serve_asset (a published file)",
            api: Some("serve_asset"),
            setup: |_, c| publish(c, "matrix-asset.txt", "text/plain", "x"),
            call: |a, name| serve(a, "serve_asset", name, "*/*"),
            expect: [200; 5],
        },
        Case {
            name: "GET /rpc/serve_asset (nothing published under the name)",
            api: Some("serve_asset"),
            setup: no_setup,
            call: |a, _| serve(a, "serve_asset", &json!("matrix-none.txt"), "*/*"),
            expect: [404; 5],
        },
    ]
}

/// Publishes an asset as the publisher (a cell's setup); returns its name.
fn publish(c: &Callers, name: &str, content_type: &str, content: &str) -> Value {
    let reply = c.all[4]
        .rpc(
            "update_frontend_asset",
            &json!({"p_asset_name": name, "p_content_type": content_type, "p_content": content}),
        )
        .unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
    json!(name)
}

fn serve(api: &Api, function: &str, name: &Value, accept: &str) -> Reply {
    api.get_with(
        &format!("/rpc/{function}?p_asset_name={}", name.as_str().unwrap()),
        &[("Accept", accept)],
    )
    .unwrap()
}
