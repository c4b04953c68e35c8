//! End-to-end: the Trunk release build, published into the harness's stack
//! and served by PostgREST at /rpc/serve_html, driven in headless Chromium.
//! Needs `trunk build --release=true` first (dist/, or CTT_DIST).
//!
//! Every scenario also fails on unexpected console errors. Each uses users
//! and tasks of its own, so they do not depend on one another's order.

use anyhow::ensure;
use serde_json::json;
use tests::browser::{
    browser_log, click, count, fill, run_scenario, select, texts, wait_contains, wait_css,
    wait_gone, wait_text,
};
use tests::browser_fixtures::{
    api_get, app, assign_new_task, card, complete, new_member, page_url, review_as_admin, sign_in,
    sign_out, unique, user_id, PASSWORD,
};

#[test]
fn member_sees_exactly_their_seeded_assignments() {
    let stack = app();
    run_scenario("seeded_assignments", &[], |client| async move {
        // user3 is never given work by other tests: the seed is all it has.
        sign_in(&client, stack, "user3", PASSWORD).await?;
        wait_css(&client, "#my-tasks .assignment").await?;
        let mut names = texts(&client, "#my-tasks .assignment .task-name").await?;
        names.sort();
        ensure!(names == ["Dishwashing", "Living Room Tidying"], "{names:?}");
        let todo = count(&client, "[data-group='todo'] .assignment").await?;
        ensure!(todo == 2, "both seeded assignments are to do, got {todo}");
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
        sign_in(&client, stack, &username, PASSWORD).await?;
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
        sign_in(&client, stack, &username, PASSWORD).await?;
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
        sign_in(&client, stack, &username, PASSWORD).await?;
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
            wait_text(
                &client,
                &format!("#edit-task-{id}-name-error"),
                "A task named \"Kitchen Cleaning\" already exists",
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
            wait_contains(&client, ".result-count", "1 of ").await?;
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
        sign_in(&client, stack, &username, PASSWORD).await?;
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
    run_scenario("register", &[], |client| async move {
        let username = name;
        client.goto(&format!("{}#/signin", page_url(stack))).await?;
        click(&client, "#to-register").await?;
        wait_contains(&client, "#auth-title", "Create").await?;
        // The API's rules are checked before sending, with its wording.
        fill(&client, "#username", "x").await?;
        fill(&client, "#password", PASSWORD).await?;
        click(&client, "#auth-form button[type=submit]").await?;
        wait_contains(&client, "#username-error", "3-32 characters").await?;

        fill(&client, "#username", &username).await?;
        click(&client, "#auth-form button[type=submit]").await?;
        wait_css(&client, "#my-tasks .empty").await?;
        sign_out(&client).await?;

        sign_in(&client, stack, &username, PASSWORD).await?;
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
        sign_in(&client, stack, &username, PASSWORD).await?;
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
    for url in urls {
        let reply = stack.api().get(&format!("/rpc{url}")).expect("asset");
        assert_eq!(reply.status, 200, "{url}: {}", reply.text());
    }
}
