//! Wrong credentials and bad input are refused with one clear line, and
//! change nothing on the server.

use crate::fixtures::{
    assert_site_is, build, manifest_state, publish, stack, token, uploader_error,
};
use base64::Engine;
use std::path::Path;
use tests::browser_fixtures::PASSWORD;
use tests::Stack;
use uploader::{ApiOptions, Error, PublishOptions, Retry};

#[test]
fn wrong_or_missing_credentials_are_reported_and_change_nothing() {
    let stack = stack();
    let old = build("creds-old");
    publish(&stack, old.path());
    let state = manifest_state(&stack);
    let new = build("creds-new");

    let attempt = |token: Option<String>| -> anyhow::Error {
        let mut opts = PublishOptions::new(new.path(), stack.api_url.clone(), token);
        opts.api.retry = Retry {
            retries: 0,
            ..Retry::default()
        };
        uploader::publish(&opts).expect_err("must not publish")
    };

    let err = attempt(None);
    assert!(
        matches!(uploader_error(&err), Error::MissingToken),
        "{err:#}"
    );
    assert!(format!("{err}").contains("UPLOADER_TOKEN"));

    let err = attempt(Some("not-a-jwt".into()));
    assert!(
        matches!(uploader_error(&err), Error::Unauthorized { .. }),
        "{err:#}"
    );
    assert!(format!("{err}").contains("401"));

    // Signed with another secret.
    let forged = {
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let header = b64.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
        let claims = b64.encode(br#"{"role":"api_publisher","exp":4102444800}"#);
        format!("{header}.{claims}.{}", b64.encode([7u8; 32]))
    };
    let err = attempt(Some(forged));
    assert!(
        matches!(uploader_error(&err), Error::Unauthorized { .. }),
        "{err:#}"
    );

    // Expired publisher token.
    let expired = stack
        .sign_claims(&serde_json::json!({"role": "api_publisher", "exp": 1_000_000_000}))
        .expect("sign");
    let err = attempt(Some(expired));
    assert!(
        matches!(uploader_error(&err), Error::Unauthorized { .. }),
        "{err:#}"
    );

    // A household member's token is valid but not allowed: 403.
    let member = stack
        .api()
        .rpc(
            "login",
            &serde_json::json!({"p_username": "user1", "p_password": PASSWORD}),
        )
        .expect("login")
        .json()["token"]
        .as_str()
        .expect("token")
        .to_string();
    let err = attempt(Some(member.clone()));
    assert!(
        matches!(uploader_error(&err), Error::Forbidden { .. }),
        "{err:#}"
    );
    let line = format!("{err:#}");
    assert!(
        line.contains("403") && line.contains("publisher token") && !line.contains(&member),
        "{line}"
    );

    // Straight at the API: neither anonymous nor a member may write.
    let body = serde_json::json!({"p_asset_name": "index.html", "p_content_type": "text/html", "p_content": "<p>defaced</p>"});
    let anon = stack
        .api()
        .rpc("update_frontend_asset", &body)
        .expect("anon");
    assert_eq!(anon.status, 401, "{}", anon.text());
    assert!(anon.is_json_error());
    let as_member = stack
        .api()
        .with_token(&member)
        .rpc("update_frontend_asset", &body)
        .expect("member");
    assert_eq!(as_member.status, 403, "{}", as_member.text());
    assert!(as_member.is_json_error());
    for ops in [
        uploader::list(&ApiOptions::new(
            stack.api_url.clone(),
            Some(member.clone()),
        ))
        .map(|_| ()),
        uploader::rollback(&ApiOptions::new(
            stack.api_url.clone(),
            Some(member.clone()),
        ))
        .map(|_| ()),
        uploader::prune(
            &ApiOptions::new(stack.api_url.clone(), Some(member.clone())),
            false,
        )
        .map(|_| ()),
    ] {
        let err = ops.expect_err("a member cannot manage the site");
        assert!(
            matches!(uploader_error(&err), Error::Forbidden { .. }),
            "{err:#}"
        );
    }

    assert_eq!(manifest_state(&stack), state, "nothing changed");
    assert_site_is(&stack, &old.files);
}

#[test]
fn bad_input_and_unreachable_server_fail_with_one_clear_line() {
    let stack = Stack::shared();
    let state = manifest_state(stack);
    let token = Some(token(stack));
    let check = |dist: &Path, api_url: &str, want: fn(&Error) -> bool, hint: &str| {
        let mut opts = PublishOptions::new(dist, api_url, token.clone());
        opts.api.retry = Retry {
            retries: 1,
            initial_backoff: std::time::Duration::from_millis(10),
        };
        let err = uploader::publish(&opts).expect_err("must fail");
        let line = format!("{err:#}");
        assert!(want(uploader_error(&err)), "{line}");
        assert!(!line.contains('\n'), "one line: {line}");
        assert!(line.contains(hint), "{line} should say {hint:?}");
        if let Some(t) = &token {
            assert!(!line.contains(t.as_str()), "the token leaked: {line}");
        }
    };
    let tmp = tempfile::tempdir().expect("tmp");
    check(
        &tmp.path().join("nope"),
        &stack.api_url,
        |e| matches!(e, Error::DistMissing(_)),
        "make frontend",
    );
    check(
        tmp.path(),
        &stack.api_url,
        |e| matches!(e, Error::NoIndexHtml(_)),
        "index.html",
    );

    let b = build("bad-input");
    std::os::unix::fs::symlink(
        "/nonexistent/target",
        b.path().join("broken-0123456789abcdef.js"),
    )
    .expect("symlink");
    check(
        b.path(),
        &stack.api_url,
        |e| matches!(e, Error::Unreadable { .. }),
        "broken-0123456789abcdef.js",
    );
    std::fs::remove_file(b.path().join("broken-0123456789abcdef.js")).expect("rm");

    std::fs::create_dir(b.path().join("snippets")).expect("mkdir");
    check(
        b.path(),
        &stack.api_url,
        |e| matches!(e, Error::NestedFile(_)),
        "flat",
    );
    std::fs::remove_dir(b.path().join("snippets")).expect("rmdir");

    std::fs::write(b.path().join("bad name.js"), "x").expect("write");
    check(
        b.path(),
        &stack.api_url,
        |e| matches!(e, Error::BadAssetName(_)),
        "rename",
    );
    std::fs::remove_file(b.path().join("bad name.js")).expect("rm");

    std::fs::write(b.path().join("index.html"), [0xFFu8, 0xFE, b'<']).expect("write");
    check(
        b.path(),
        &stack.api_url,
        |e| matches!(e, Error::IndexNotUtf8(_)),
        "UTF-8",
    );
    std::fs::write(b.path().join("index.html"), b.bytes("index.html")).expect("restore");

    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    check(
        b.path(),
        &format!("http://127.0.0.1:{closed}"),
        |e| matches!(e, Error::Unreachable { .. }),
        "is PostgREST running",
    );
    for op in [
        uploader::list(&ApiOptions::new(
            format!("http://127.0.0.1:{closed}"),
            Some("x".into()),
        ))
        .map(|_| ()),
        uploader::list(&ApiOptions::new(stack.api_url.clone(), None)).map(|_| ()),
    ] {
        let err = op.expect_err("fails");
        assert!(
            matches!(
                uploader_error(&err),
                Error::Unreachable { .. } | Error::MissingToken
            ),
            "{err:#}"
        );
    }
    assert_eq!(manifest_state(stack), state, "nothing reached the server");
}
