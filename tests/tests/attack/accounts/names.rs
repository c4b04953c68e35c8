//! Names are normalised and cannot hide characters.

use super::*;

fn refused_name(api: &Api, function: &str, args: serde_json::Value) {
    let reply = rpc(api, function, args.clone());
    assert_eq!(reply.status, 400, "{function} {args}: {}", reply.text());
}

#[test]
fn names_are_normalised_and_cannot_hide_characters() {
    let stack = stack();
    let admin = admin(stack);
    let base = unique("Caf");
    let composed = format!("{base} caf\u{e9}");
    let decomposed = format!("{base} cafe\u{301}");
    new_task(stack, &composed, "");
    let reply = rpc(&admin, "create_task", json!({"p_task_name": decomposed}));
    assert_eq!(
        reply.status,
        409,
        "the decomposed é is the same name: {}",
        reply.text()
    );
    // And a decomposed name is stored composed.
    let other = unique("Nfc");
    let reply = rpc(
        &admin,
        "create_task",
        json!({"p_task_name": format!("{other} cre\u{300}me")}),
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    assert_eq!(
        reply.json()["task_name"],
        json!(format!("{other} cr\u{e8}me"))
    );

    let task = new_task(stack, &unique("Rename me "), "");
    for (what, bad) in [
        ("RLO", "\u{202e}"),
        ("LRI", "\u{2066}"),
        ("ZWSP", "\u{200b}"),
        ("ZWJ", "\u{200d}"),
        ("BOM", "\u{feff}"),
        ("soft hyphen", "\u{ad}"),
        ("CR", "\r"),
        ("LF", "\n"),
        ("TAB", "\t"),
        ("NUL-ish C0", "\u{1}"),
        ("C1", "\u{85}"),
    ] {
        let name = format!("{} {what} x{bad}y", unique("Bad"));
        refused_name(&admin, "create_task", json!({"p_task_name": name}));
        refused_name(
            &admin,
            "update_task",
            json!({"p_task_id": task, "p_task_name": name}),
        );
        let username = format!("{}{bad}z", unique("u"));
        let reply = register(stack, &username, MEMBER_PASSWORD, Some(&invite(stack)));
        assert_eq!(reply.status, 400, "username with {what}: {}", reply.text());
        if bad != "\n" && bad != "\t" {
            // Descriptions may hold LF and TAB only.
            refused_name(
                &admin,
                "create_task",
                json!({"p_task_name": unique("Desc "), "p_description": format!("a{bad}b")}),
            );
        }
    }
    let reply = rpc(
        &admin,
        "create_task",
        json!({"p_task_name": unique("Multi-line "), "p_description": "line 1\n\tline 2"}),
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
}
