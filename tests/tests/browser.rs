//! End-to-end: the Trunk release build, published into the harness's stack
//! and served by PostgREST at /rpc/serve_html, driven in headless Chromium.
//! Needs the release build first (`scripts/build-frontend.sh`: dist/, or
//! CTT_DIST).
//!
//! Every scenario also fails on unexpected console errors and, without
//! exception, on any Content-Security-Policy violation (the page is served
//! with a strict CSP). Each uses users and tasks of its own, so they do not
//! depend on one another's order.

#[path = "browser/chore_editor/mod.rs"]
mod chore_editor;

use anyhow::ensure;
use serde_json::json;
use tests::browser::{
    browser_log, click, count, csp_violations, fill, run_scenario, select, texts, wait_contains,
    wait_css, wait_gone, wait_text, with_second_browser,
};
use tests::browser_fixtures::{
    admin, api_get, api_rpc, app, assign_new_task, card, complete, invite_code, new_member,
    page_url, review_as_admin, sign_in, sign_out, stored_token, unique, user_id, MEMBER_PASSWORD,
    PASSWORD,
};

#[path = "browser/history_points.rs"]
mod history_points;

#[path = "browser/a11y.rs"]
mod a11y;
#[path = "browser/i18n.rs"]
mod i18n;
#[path = "browser/lazy.rs"]
mod lazy;
#[path = "browser/pwa.rs"]
mod pwa;
#[path = "browser/settings.rs"]
mod settings;
#[path = "browser/today/mod.rs"]
mod today;

#[test]
fn member_sees_exactly_their_seeded_assignments() {
    let stack = app();
    run_scenario("seeded_assignments", &[], |client| async move {
        // user3 is never given work by other tests: the seed is all it has
        // (two one-off tasks and its own room to tidy with everyone open;
        // its turns of the seeded dish history are done).
        sign_in(&client, stack, "user3", PASSWORD).await?;
        wait_css(&client, "#my-tasks .assignment").await?;
        let mut names = texts(
            &client,
            "#my-tasks [data-group='todo'] .assignment .task-name",
        )
        .await?;
        names.sort();
        ensure!(
            names == ["Dishwashing", "Living Room Tidying", "Tidy your own room"],
            "{names:?}"
        );
        let todo = count(&client, "[data-group='todo'] .assignment").await?;
        ensure!(todo == 3, "every seeded assignment is to do, got {todo}");
        let whoami = texts(&client, ".whoami").await?;
        ensure!(whoami.concat().starts_with("user3"), "header: {whoami:?}");
        Ok(())
    });
}

#[test]
fn wrong_password_shows_an_error() {
    let stack = app();
    run_scenario("wrong_password", &[], |client| async move {
        sign_in(&client, stack, "user1", "not-the-password").await?;
        wait_contains(&client, "#auth-error", "Invalid username or password").await?;
        ensure!(count(&client, "#sign-out").await? == 0, "still signed out");
        ensure!(
            count(&client, "button:disabled").await? == 0,
            "usable again"
        );
        // Proves the console check sees failed requests at all: this
        // one is expected, so the scenario reads (and consumes) it here.
        let log = browser_log(&client).await?;
        ensure!(
            log.iter()
                .any(|e| e.level == "SEVERE" && e.message.contains("rpc/login")),
            "the browser log shows the refused sign-in: {log:?}"
        );
        Ok(())
    });
}

#[test]
fn marking_done_moves_the_assignment_to_waiting_for_approval() {
    let stack = app();
    let (username, member) = new_member(stack);
    let (task, assignment_id) = assign_new_task(stack, &member);
    run_scenario("mark_done", &[], |client| async move {
        sign_in(&client, stack, &username, MEMBER_PASSWORD).await?;
        let todo_card = format!("[data-group='todo'] {}", card(assignment_id));
        wait_css(&client, &todo_card).await?;
        let name = texts(&client, &format!("{todo_card} .task-name")).await?;
        ensure!(name == [task.clone()], "{name:?}");
        click(&client, &format!("{todo_card} .mark-done")).await?;
        // The list refreshes by itself: no reload.
        wait_css(
            &client,
            &format!("[data-group='waiting'] {}", card(assignment_id)),
        )
        .await?;
        ensure!(count(&client, &todo_card).await? == 0, "no longer to do");
        let status = api_get(
            &member,
            format!("/task_assignments?assignment_id=eq.{assignment_id}"),
        )
        .await?;
        ensure!(status.json()[0]["status"] == "waiting", "{}", status.text());
        Ok(())
    });
}

#[test]
fn admin_approves_and_the_member_then_sees_it_approved() {
    let stack = app();
    let (username, member) = new_member(stack);
    let (_task, assignment_id) = assign_new_task(stack, &member);
    complete(&member, assignment_id);
    run_scenario("approve", &[], |client| async move {
        review_as_admin(&client, stack, assignment_id, ".approve").await?;
        sign_in(&client, stack, &username, MEMBER_PASSWORD).await?;
        wait_css(
            &client,
            &format!("[data-group='approved'] {}", card(assignment_id)),
        )
        .await?;
        let reviewer = texts(&client, &format!("{} dd", card(assignment_id))).await?;
        ensure!(reviewer.iter().any(|t| t == "admin"), "{reviewer:?}");
        Ok(())
    });
}

/// The other half of the review: a rejected completion lands in the
/// member's "rejected" group with the reviewer named.
#[test]
fn admin_rejects_and_the_member_then_sees_it_rejected() {
    let stack = app();
    let (username, member) = new_member(stack);
    let (task, assignment_id) = assign_new_task(stack, &member);
    complete(&member, assignment_id);
    run_scenario("reject", &[], |client| async move {
        review_as_admin(&client, stack, assignment_id, ".reject").await?;
        sign_in(&client, stack, &username, MEMBER_PASSWORD).await?;
        let rejected = format!("[data-group='rejected'] {}", card(assignment_id));
        wait_css(&client, &rejected).await?;
        let name = texts(&client, &format!("{rejected} .task-name")).await?;
        ensure!(name == [task.clone()], "{name:?}");
        ensure!(
            count(&client, &format!("{rejected} .mark-done")).await? == 0,
            "a rejected completion offers no action"
        );
        let reviewer = texts(&client, &format!("{rejected} dd")).await?;
        ensure!(reviewer.iter().any(|t| t == "admin"), "{reviewer:?}");
        let stored = api_get(
            &member,
            format!("/task_assignments?assignment_id=eq.{assignment_id}"),
        )
        .await?;
        ensure!(
            stored.json()[0]["status"] == "rejected",
            "{}",
            stored.text()
        );
        Ok(())
    });
}

#[test]
fn admin_creates_a_task_and_assigns_it() {
    let stack = app();
    let (username, member) = new_member(stack);
    let member_id = user_id(&member);
    let task = unique("Windows ");
    run_scenario(
        "create_and_assign",
        &["status of 409"],
        |client| async move {
            sign_in(&client, stack, "admin", PASSWORD).await?;
            wait_css(&client, "#my-tasks").await?;
            click(&client, "a[href='#/catalog']").await?;
            click(&client, "#new-task summary").await?;
            fill(&client, "#new-task-name", &task).await?;
            fill(&client, "#new-task-description", "Inside and out").await?;
            click(&client, "#new-task button[type=submit]").await?;
            wait_text(&client, "#task-list .task-name", &task).await?;

            // The same name again: the API's 409 appears next to the field.
            fill(&client, "#new-task-name", &task).await?;
            click(&client, "#new-task button[type=submit]").await?;
            wait_contains(&client, "#new-task-name-error", "already exists").await?;

            let task_id = stack.query_value(&format!(
                "SELECT task_id FROM app_data.tasks WHERE task_name = '{task}'"
            ))?;
            let row = format!("#task-list [data-task-id='{task_id}']");
            select(
                &client,
                &format!("{row} .assign-select"),
                &member_id.to_string(),
            )
            .await?;
            click(&client, &format!("{row} .assign-button")).await?;
            wait_contains(&client, &format!("{row} .assign .success"), &username).await?;

            let assigned = api_get(
                &member,
                format!("/task_assignments?user_id=eq.{member_id}&task_id=eq.{task_id}"),
            )
            .await?;
            let rows = assigned.json().as_array().map(Vec::len);
            ensure!(rows == Some(1), "API: {}", assigned.text());
            Ok(())
        },
    );
}

#[test]
fn admin_edits_and_archives_a_task_and_filters_the_board() {
    let stack = app();
    let (_member, api) = new_member(stack);
    let (task, _) = assign_new_task(stack, &api);
    let member_id = user_id(&api).to_string();
    run_scenario(
        "edit_and_archive",
        &["status of 409"],
        |client| async move {
            sign_in(&client, stack, "admin", PASSWORD).await?;
            wait_css(&client, "#my-tasks").await?;
            client
                .goto(&format!("{}#/catalog", page_url(stack)))
                .await?;
            let id = stack.query_value(&format!(
                "SELECT task_id FROM app_data.tasks WHERE task_name = '{task}'"
            ))?;
            let row = format!("#task-list [data-task-id='{id}']");
            click(&client, &format!("{row} .edit")).await?;
            fill(
                &client,
                &format!("#edit-task-{id}-name"),
                "Kitchen Cleaning",
            )
            .await?;
            click(&client, &format!("{row} button[type=submit]")).await?;
            // The hardened API never echoes input in its message
            // (SECURITY-API.md "Errors"): the fixed text, by the field.
            wait_contains(
                &client,
                &format!("#edit-task-{id}-name-error"),
                "A task with this name already exists",
            )
            .await?;
            let renamed = format!("{task} (renamed)");
            fill(&client, &format!("#edit-task-{id}-name"), &renamed).await?;
            click(&client, &format!("{row} button[type=submit]")).await?;
            wait_text(&client, &format!("{row} .task-name"), &renamed).await?;
            click(&client, &format!("{row} .archive")).await?;
            wait_gone(&client, &row).await?;
            click(&client, "#show-archived").await?;
            wait_css(&client, &format!("{row} .badge-archived")).await?;

            click(&client, "a[href='#/board']").await?;
            wait_css(&client, "#board .assignment").await?;
            select(&client, "#filter-member", &member_id).await?;
            // The open work is counted (the old "1 of <every assignment
            // ever>" went with loading them all).
            wait_contains(&client, "#board .result-count", "1 open").await?;
            let shown = texts(&client, "#board .task-name").await?;
            ensure!(
                shown == [renamed.clone()],
                "the member's one task: {shown:?}"
            );
            select(&client, "#filter-status", "approved").await?;
            wait_css(&client, "#board .empty").await?;
            Ok(())
        },
    );
}

#[test]
fn member_sees_no_admin_controls_and_the_api_refuses_them() {
    let stack = app();
    let (username, member) = new_member(stack);
    let (_task, assignment_id) = assign_new_task(stack, &member);
    run_scenario("no_admin_controls", &[], |client| async move {
        sign_in(&client, stack, &username, MEMBER_PASSWORD).await?;
        wait_css(&client, "#my-tasks .assignment").await?;
        ensure!(count(&client, "a[href='#/approvals']").await? == 0, "link");
        click(&client, "a[href='#/catalog']").await?;
        wait_css(&client, "#task-list .task").await?;
        for admin_only in [
            "#new-task",
            ".edit",
            ".archive",
            ".assign-select",
            ".badge-admin",
            "#new-chore",
            ".schedule-link",
        ] {
            ensure!(count(&client, admin_only).await? == 0, "{admin_only}");
        }
        // Typing the URL does not help either.
        client
            .goto(&format!("{}#/approvals", page_url(stack)))
            .await?;
        wait_css(&client, ".error-box").await?;
        ensure!(count(&client, ".approve").await? == 0);
        Ok(())
    });
    let refused = [
        member.rpc(
            "create_task",
            &json!({"p_task_name": unique("Sneaky "), "p_description": ""}),
        ),
        member.rpc(
            "assign_task",
            &json!({"p_task_id": 1, "p_user_id": user_id(&member)}),
        ),
        member.rpc(
            "approve_assignment",
            &json!({"p_assignment_id": assignment_id}),
        ),
        member.rpc("delete_task", &json!({"p_task_id": 1})),
    ];
    for reply in refused {
        let reply = reply.expect("request");
        assert_eq!(reply.status, 403, "{}", reply.text());
    }
}

#[test]
fn a_new_user_registers_and_signs_in() {
    let stack = app();
    let username = unique("new");
    let name = username.clone();
    let code = invite_code(stack);
    run_scenario("register", &[], |client| async move {
        let username = name;
        client.goto(&format!("{}#/signin", page_url(stack))).await?;
        click(&client, "#to-register").await?;
        wait_contains(&client, "#auth-title", "Create").await?;
        // The API's rules are checked before sending, with its wording.
        fill(&client, "#username", "x").await?;
        fill(&client, "#password", MEMBER_PASSWORD).await?;
        click(&client, "#auth-form button[type=submit]").await?;
        wait_contains(&client, "#username-error", "3-32 characters").await?;

        fill(&client, "#username", &username).await?;
        fill(&client, "#invite-code", &code).await?;
        click(&client, "#auth-form button[type=submit]").await?;
        // A new account lands on Today, with nothing to do yet.
        wait_css(&client, "#today-list .empty").await?;
        sign_out(&client).await?;

        sign_in(&client, stack, &username, MEMBER_PASSWORD).await?;
        wait_css(&client, "#my-tasks .empty").await?;
        let whoami = texts(&client, ".whoami").await?;
        ensure!(whoami == [username.clone()], "header: {whoami:?}");
        Ok(())
    });
    let created = stack
        .query_value(&format!(
            "SELECT count(*) FROM app_data.users WHERE username = '{username}'"
        ))
        .expect("query");
    assert_eq!(created, "1");
}

#[test]
fn reload_keeps_the_session_and_the_page() {
    let stack = app();
    let (username, _member) = new_member(stack);
    run_scenario("reload", &[], |client| async move {
        sign_in(&client, stack, &username, MEMBER_PASSWORD).await?;
        wait_css(&client, "#my-tasks").await?;
        click(&client, "a[href='#/board']").await?;
        wait_css(&client, "#board .assignment").await?;
        client.refresh().await?;
        wait_css(&client, "#board .assignment").await?;
        let url = client.current_url().await?;
        ensure!(url.fragment() == Some("/board"), "after reload: {url}");
        ensure!(texts(&client, ".whoami").await? == std::slice::from_ref(&username));
        Ok(())
    });
}

/// Expired (known from its `exp`) and rejected (a forged signature the
/// server refuses) stored tokens both end on the sign-in page with a notice.
#[test]
fn a_stale_or_rejected_session_returns_to_sign_in_with_a_message() {
    let stack = app();
    let claims = |exp: i64| json!({"role": "api_authenticated", "user_id": 1, "exp": exp});
    let expired = stack.sign_claims(&claims(1_000_000_000)).expect("sign");
    let valid = stack.sign_claims(&claims(4_000_000_000)).expect("sign");
    let forged = format!("{}x", &valid[..valid.len() - 1]);
    run_scenario(
        "stale_session",
        &["the server responded with a status of 401"],
        |client| async move {
            for token in [expired, forged] {
                client.goto(&page_url(stack)).await?;
                wait_css(&client, "#auth-form").await?;
                let user = json!({"user_id": 1, "username": "user1", "is_admin": false});
                let session = json!({"token": token, "user": user}).to_string();
                let script = "localStorage.setItem('ctt.session', arguments[0]);";
                client.execute(script, vec![json!(session)]).await?;
                client.goto(&format!("{}#/board", page_url(stack))).await?;
                client.refresh().await?;
                wait_contains(&client, ".notice", "expired").await?;
                ensure!(count(&client, "#sign-out").await? == 0, "signed out");
                let stored = client
                    .execute("return localStorage.getItem('ctt.session');", vec![])
                    .await?;
                ensure!(stored.is_null(), "the stale token is forgotten: {stored}");
            }
            Ok(())
        },
    );
}

#[test]
fn the_published_page_serves_every_asset() {
    let stack = app();
    let page = stack.api().get("/rpc/serve_html").expect("page");
    assert_eq!(page.status, 200);
    let html = page.text();
    // trunk serve's live-reload script must never be published.
    let clean = !html.contains("\"/frontend-") && !html.contains("__trunk_address__");
    assert!(clean, "not a rewritten release build: {html}");
    let urls: Vec<String> = html
        .match_indices("./serve_")
        .map(|(at, _)| {
            html[at + 1..]
                .chars()
                .take_while(|c| !"'\"".contains(*c))
                .collect()
        })
        .collect();
    // The css, the icon, and the js and wasm (each imported and preloaded).
    assert!(urls.len() >= 4, "asset references: {urls:?}");
    // A strict CSP: scripts only from the app itself plus the page's own
    // inline bootstrap, allowed by its hash (sent by the uploader).
    let csp = page
        .header("content-security-policy")
        .expect("serve_html sends a Content-Security-Policy");
    let script_src = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src "))
        .unwrap_or_else(|| panic!("no script-src: {csp}"));
    assert!(!script_src.contains("unsafe-inline"), "{csp}");
    let hashes = uploader::rewrite::inline_script_hashes(&html);
    assert!(!hashes.is_empty(), "Trunk's page bootstraps inline");
    for hash in hashes {
        assert!(script_src.contains(&format!("'{hash}'")), "{hash}: {csp}");
    }
    for directive in ["default-src 'self'", "object-src 'none'", "base-uri 'none'"] {
        assert!(csp.contains(directive), "{directive}: {csp}");
    }
    for url in urls {
        let reply = stack.api().get(&format!("/rpc{url}")).expect("asset");
        assert_eq!(reply.status, 200, "{url}: {}", reply.text());
    }
}

/// The CSP check itself works: an inline script added at run time is
/// refused by the page's policy, and the violation reaches the log.
#[test]
fn an_inline_script_is_refused_and_reported() {
    let stack = app();
    run_scenario("csp_detector", &[], |client| async move {
        client.goto(&page_url(stack)).await?;
        wait_css(&client, "#auth-form").await?;
        client
            .execute(
                "const s = document.createElement('script'); \
                 s.textContent = 'window.inlineRan = true;'; document.head.appendChild(s);",
                vec![],
            )
            .await?;
        // Give the event a moment, then read (and consume) the log.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let ran = client
            .execute("return window.inlineRan === true;", vec![])
            .await?;
        ensure!(ran == json!(false), "the inline script must not run");
        let log = browser_log(&client).await?;
        ensure!(
            !csp_violations(&log).is_empty(),
            "the violation is in the log: {log:?}"
        );
        Ok(())
    });
}

#[test]
fn a_member_changes_their_password_and_signs_in_with_it() {
    let stack = app();
    let (username, member) = new_member(stack);
    let new_password = format!("{}-Longer", unique("Pw"));
    run_scenario(
        "change_password",
        &["status of 403", "status of 400"],
        |client| async move {
            sign_in(&client, stack, &username, MEMBER_PASSWORD).await?;
            wait_css(&client, "#my-tasks").await?;
            let first_token = stored_token(&client).await?;
            click(&client, "#account-link").await?;
            wait_css(&client, "#password-form").await?;

            // Checked before sending: the two new passwords must match.
            fill(&client, "#current-password", MEMBER_PASSWORD).await?;
            fill(&client, "#new-password", &new_password).await?;
            fill(&client, "#repeat-password", "something-else").await?;
            click(&client, "#password-form button[type=submit]").await?;
            wait_contains(&client, "#repeat-password-error", "differ").await?;

            // The server checks the current password.
            fill(&client, "#current-password", "wrong-password-1").await?;
            fill(&client, "#repeat-password", &new_password).await?;
            click(&client, "#password-form button[type=submit]").await?;
            wait_contains(&client, "#current-password-error", "current password").await?;

            fill(&client, "#current-password", MEMBER_PASSWORD).await?;
            click(&client, "#password-form button[type=submit]").await?;
            wait_contains(&client, "#password-success", "Password changed").await?;
            // Still signed in, with the new token kept and working.
            let token = stored_token(&client).await?;
            ensure!(token.is_some() && token != first_token, "a new token");
            click(&client, "a[href='#/board']").await?;
            wait_css(&client, "#board").await?;
            ensure!(count(&client, "#sign-out").await? == 1, "still signed in");
            let old = api_get(&member, "/rpc/me".into()).await?;
            ensure!(
                old.status == 401,
                "the earlier token is revoked: {}",
                old.text()
            );

            sign_out(&client).await?;
            sign_in(&client, stack, &username, &new_password).await?;
            wait_css(&client, "#my-tasks").await?;
            ensure!(texts(&client, ".whoami").await? == std::slice::from_ref(&username));
            Ok(())
        },
    );
}

#[test]
fn admin_resets_a_members_password() {
    let stack = app();
    let (username, member) = new_member(stack);
    let id = user_id(&member);
    let new_password = format!("{}-Reset", unique("Pw"));
    let own = user_id(&admin(stack));
    run_scenario("reset_password", &[], |client| async move {
        sign_in(&client, stack, "admin", PASSWORD).await?;
        wait_css(&client, "#my-tasks").await?;
        click(&client, "a[href='#/members']").await?;
        let row = format!("#member-list [data-user-id='{id}']");
        wait_css(&client, &row).await?;
        let name = texts(&client, &format!("{row} .member-name")).await?;
        ensure!(name == [username.clone()], "{name:?}");
        // No tools on the admin's own row.
        let own_row = format!("#member-list [data-user-id='{own}']");
        ensure!(count(&client, &format!("{own_row} .remove")).await? == 0);
        ensure!(count(&client, &format!("{own_row} .reset-password")).await? == 0);

        click(&client, &format!("{row} .reset-password")).await?;
        fill(&client, &format!("#reset-{id}-password"), &new_password).await?;
        click(&client, &format!("{row} .set-password")).await?;
        wait_contains(&client, &format!("{row} .success"), "New password set").await?;
        let old = api_get(&member, "/rpc/me".into()).await?;
        ensure!(
            old.status == 401,
            "the member's sessions ended: {}",
            old.text()
        );
        sign_out(&client).await?;

        sign_in(&client, stack, &username, &new_password).await?;
        wait_css(&client, "#my-tasks").await?;
        ensure!(texts(&client, ".whoami").await? == std::slice::from_ref(&username));
        Ok(())
    });
}

/// The removed member's browser stays open; its next action meets the
/// revoked session and lands on the sign-in page with a message.
#[test]
fn admin_removes_a_member_whose_open_session_is_then_signed_out() {
    let stack = app();
    let (username, member) = new_member(stack);
    let id = user_id(&member);
    run_scenario("remove_member", &[], |admin_browser| async move {
        let member_name = username.clone();
        with_second_browser(
            "remove_member_member_side",
            &["status of 401"],
            |member_browser| async move {
                sign_in(&member_browser, stack, &member_name, MEMBER_PASSWORD).await?;
                wait_css(&member_browser, "#my-tasks").await?;

                sign_in(&admin_browser, stack, "admin", PASSWORD).await?;
                wait_css(&admin_browser, "#my-tasks").await?;
                click(&admin_browser, "a[href='#/members']").await?;
                let row = format!("#member-list [data-user-id='{id}']");
                click(&admin_browser, &format!("{row} .remove")).await?;
                // Nothing happens before the confirmation.
                wait_css(&admin_browser, &format!("{row} .confirm-remove")).await?;
                ensure!(count(&admin_browser, &row).await? == 1);
                click(&admin_browser, &format!("{row} .confirm-remove")).await?;
                wait_gone(&admin_browser, &row).await?;
                let gone = api_get(&member, "/rpc/me".into()).await?;
                ensure!(gone.status == 401, "{}", gone.text());

                // The member's next click.
                click(&member_browser, "a[href='#/board']").await?;
                wait_contains(&member_browser, ".notice", "signed out").await?;
                wait_css(&member_browser, "#auth-form").await?;
                ensure!(count(&member_browser, "#sign-out").await? == 0);
                ensure!(stored_token(&member_browser).await?.is_none());
                Ok(())
            },
        )
        .await?;
        let removed = stack.query_value(&format!(
            "SELECT removed_at IS NOT NULL FROM app_data.users WHERE user_id = {id}"
        ))?;
        ensure!(removed == "t", "removed, history kept: {removed}");
        Ok(())
    });
}

#[test]
fn admin_invites_and_a_new_person_registers_with_the_code() {
    let stack = app();
    let username = unique("inv");
    let anonymous = stack.api();
    run_scenario("invite", &["status of 403"], |client| async move {
        // Without a code, registration is refused, and says why.
        client
            .goto(&format!("{}#/register", page_url(stack)))
            .await?;
        fill(&client, "#username", &username).await?;
        fill(&client, "#password", MEMBER_PASSWORD).await?;
        click(&client, "#auth-form button[type=submit]").await?;
        wait_contains(
            &client,
            "#invite-code-error",
            "Registration needs an invite code",
        )
        .await?;

        sign_in(&client, stack, "admin", PASSWORD).await?;
        wait_css(&client, "#my-tasks").await?;
        click(&client, "a[href='#/invites']").await?;
        fill(&client, "#invite-hours", "24").await?;
        fill(&client, "#invite-uses", "1").await?;
        click(&client, "#new-invite .create-invite").await?;
        wait_css(&client, "#invite-code").await?;
        let code = texts(&client, "#invite-code").await?.concat();
        ensure!(code.len() >= 12, "a code: {code:?}");
        click(&client, "#copy-invite").await?;
        wait_css(&client, ".invite-code .success:not(:empty)").await?;
        wait_css(&client, "#invite-list .invite[data-active='true']").await?;
        sign_out(&client).await?;

        client
            .goto(&format!("{}#/register", page_url(stack)))
            .await?;
        fill(&client, "#username", &username).await?;
        fill(&client, "#password", MEMBER_PASSWORD).await?;
        fill(&client, "#invite-code", &code).await?;
        click(&client, "#auth-form button[type=submit]").await?;
        // A new account lands on Today, with nothing to do yet.
        wait_css(&client, "#today-list .empty").await?;
        ensure!(texts(&client, ".whoami").await? == std::slice::from_ref(&username));

        // The code was for one person: it is used up now.
        let again = json!({
            "p_username": unique("late"),
            "p_password": MEMBER_PASSWORD,
            "p_invite_code": code,
        });
        let refused = api_rpc(&anonymous, "register_user", again).await?;
        ensure!(refused.status == 403, "{}", refused.text());
        Ok(())
    });
}

#[test]
fn signing_out_revokes_the_token() {
    let stack = app();
    let (username, member) = new_member(stack);
    run_scenario("sign_out_revokes", &[], |client| async move {
        sign_in(&client, stack, &username, MEMBER_PASSWORD).await?;
        wait_css(&client, "#my-tasks").await?;
        let token = stored_token(&client).await?.expect("a stored token");
        let before = api_get(&member.with_token(&token), "/rpc/me".into()).await?;
        ensure!(before.status == 200, "{}", before.text());
        sign_out(&client).await?;
        ensure!(stored_token(&client).await?.is_none(), "forgotten");
        let after = api_get(&member.with_token(&token), "/rpc/me".into()).await?;
        ensure!(after.status == 401, "revoked: {}", after.text());
        Ok(())
    });
}

/// Five wrong passwords lock the name for a while: the form says how long.
#[test]
fn repeated_wrong_passwords_show_when_to_try_again() {
    let stack = app();
    let (username, _member) = new_member(stack);
    let anonymous = stack.api();
    run_scenario(
        "sign_in_throttled",
        &["status of 429"],
        |client| async move {
            for _ in 0..5 {
                let wrong = json!({"p_username": username, "p_password": "wrong-password-1"});
                let reply = api_rpc(&anonymous, "login", wrong).await?;
                ensure!(reply.status == 401, "{}", reply.text());
            }
            // The fifth locks the name for 2 s; make it long enough to
            // see in the browser whatever the machine's speed.
            stack.psql(&format!(
                "UPDATE app_data.login_attempts SET locked_until = now() + interval '120 seconds' \
                 WHERE username_key = lower('{username}')"
            ))?;
            sign_in(&client, stack, &username, MEMBER_PASSWORD).await?;
            wait_contains(&client, "#auth-error", "Too many attempts — try again in").await?;
            let message = texts(&client, "#auth-error").await?.concat();
            ensure!(
                message.ends_with("seconds.") || message.ends_with("second."),
                "{message}"
            );
            ensure!(count(&client, "#sign-out").await? == 0, "still signed out");
            Ok(())
        },
    );
}
