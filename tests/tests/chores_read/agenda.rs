//! GET /rpc/agenda: open occurrences due before the end of day N on the
//! household's wall clock, overdue ones included, undated ones last.
use crate::*;
use serde_json::json;

/// What the agenda must list, by the rule in DESIGN.md written again here:
/// open, not archived, due before local midnight after today + days, or
/// undated; by due time, undated last.
fn expected(stack: &Stack, days: i64, member: Option<i64>) -> Vec<i64> {
    let member_filter = member.map_or(String::new(), |id| {
        format!(
            "AND (a.user_id = {id} OR (a.user_id IS NULL AND EXISTS \
               (SELECT 1 FROM app_data.task_pool p WHERE p.task_id = a.task_id AND p.user_id = {id})))"
        )
    });
    sql_ids(
        stack,
        &format!(
            "SELECT a.assignment_id FROM app_data.task_assignments a JOIN app_data.tasks t USING (task_id) \
             CROSS JOIN (SELECT time_zone AS z FROM app_data.household) h \
             WHERE a.status = 'todo' AND t.archived_at IS NULL {member_filter} \
               AND (a.due_at IS NULL OR a.due_at < \
                    (date_trunc('day', now() AT TIME ZONE h.z) + interval '{} days') AT TIME ZONE h.z) \
             ORDER BY a.due_at NULLS LAST, a.assignment_id",
            days + 1
        ),
    )
}

#[test]
fn the_household_agenda_is_every_open_occurrence_before_the_window_ends() {
    let (stack, _serial) = household();
    let member = login(stack, "user1");
    let mut sizes = Vec::new();
    for days in [0, 1, 7, 30, 366] {
        let reply = get(&member, &format!("/rpc/agenda?p_days={days}"));
        let items = items(&reply);
        assert_eq!(ids(&items), expected(stack, days, None), "p_days={days}");
        sizes.push(items.len());
        let body = reply.json();
        assert_eq!(body["time_zone"], ZONE);
        assert_eq!(body["truncated"], false);
        assert_eq!(
            body["today"],
            sql(
                stack,
                &format!("SELECT to_char(now() AT TIME ZONE '{ZONE}', 'YYYY-MM-DD')")
            )
        );
        assert_eq!(
            body["until"],
            sql(
                stack,
                &format!(
                    "SELECT to_char((date_trunc('day', now() AT TIME ZONE '{ZONE}') + interval '{} days') \
                     AT TIME ZONE '{ZONE}' AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
                    days + 1
                )
            )
        );
    }
    // The seed spreads due dates from three days ago to three weeks ahead.
    assert!(sizes.windows(2).all(|w| w[0] <= w[1]), "{sizes:?}");
    assert!(
        sizes[0] >= 20 && sizes[2] > sizes[0] && sizes[4] > sizes[2],
        "{sizes:?}"
    );

    let items = items(&get(&member, "/rpc/agenda"));
    assert_eq!(
        ids(&items),
        expected(stack, 7, None),
        "the default is 7 days"
    );
    let keys: Vec<&str> = items[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "assignment_id",
        "task_id",
        "task_name",
        "schedule_kind",
        "assignee_mode",
        "requires_approval",
        "user_id",
        "username",
        "due_at",
        "status",
        "is_overdue",
        "swap_offer",
    ] {
        assert!(keys.contains(&key), "{key} missing from {}", items[0]);
    }
    // Overdue: due before now (rows due within a minute of now left out:
    // they may turn while the test runs).
    let overdue = sql_ids(
        stack,
        "SELECT assignment_id FROM app_data.task_assignments WHERE status = 'todo' AND due_at < now() - interval '1 minute'",
    );
    let soon = sql_ids(
        stack,
        "SELECT assignment_id FROM app_data.task_assignments WHERE status = 'todo' AND due_at > now() + interval '1 minute'",
    );
    let mut seen_overdue = 0;
    for item in &items {
        let id = item["assignment_id"].as_i64().unwrap();
        if overdue.contains(&id) {
            assert_eq!(item["is_overdue"], true, "{item}");
            seen_overdue += 1;
        } else if soon.contains(&id) || item["due_at"].is_null() {
            assert_eq!(item["is_overdue"], false, "{item}");
        }
        assert_eq!(item["status"], "todo");
        // Due times are instants in UTC.
        if let Some(due) = item["due_at"].as_str() {
            assert!(due.ends_with('Z') && due.len() == 20, "{due}");
        }
    }
    assert!(seen_overdue > 0, "the seed has overdue occurrences");
    // Pending swap offers ride along with their occurrence.
    let offers = stack
        .psql(
            "SELECT o.assignment_id, o.offer_id, o.to_user_id FROM app_data.swap_offers o \
             WHERE o.status = 'pending'",
        )
        .unwrap();
    let mut seen_offers = 0;
    for item in &items {
        let id = item["assignment_id"].as_i64().unwrap();
        let offer = offers
            .lines()
            .find(|l| l.split('|').next() == Some(&id.to_string()));
        match offer {
            Some(line) => {
                let f: Vec<i64> = line.split('|').map(|v| v.parse().unwrap()).collect();
                assert_eq!(
                    item["swap_offer"],
                    json!({"offer_id": f[1], "to_user_id": f[2]})
                );
                seen_offers += 1;
            }
            None => assert!(item["swap_offer"].is_null(), "{item}"),
        }
    }
    assert!(
        seen_offers > 0,
        "the seed has pending swap offers in the first week"
    );
}

#[test]
fn a_members_agenda_is_theirs_and_the_unclaimed_ones_they_may_claim() {
    let (stack, _serial) = household();
    let (x, _) = new_member(stack);
    let (y, _) = new_member(stack);
    let anyone = new_chore(stack, &unique("Read anyone "), "assignee_mode", "'anyone'");
    sql(
        stack,
        &format!("INSERT INTO app_data.task_pool VALUES ({anyone}, {x}, 0) RETURNING 1"),
    );
    let unclaimed = open_occurrence(stack, anyone, None, "now() + interval '1 day'");
    // One chore per occurrence: a member has one open occurrence of a chore.
    let fixed = || {
        new_chore(
            stack,
            &unique("Read fixed "),
            "fixed_user_id",
            &x.to_string(),
        )
    };
    let xs = open_occurrence(stack, fixed(), Some(x), "now() + interval '2 days'");
    let xs_later = open_occurrence(stack, fixed(), Some(x), "now() + interval '20 days'");
    let undated = open_occurrence(stack, fixed(), Some(x), "NULL");
    let other = new_chore(stack, &unique("Read other "), "", "");
    let ys = open_occurrence(stack, other, Some(y), "now() + interval '1 day'");

    let member = login(stack, "user1");
    let agenda_of = |id: i64| {
        ids(&items(&get(
            &member,
            &format!("/rpc/agenda?p_user_id={id}"),
        )))
    };
    assert_eq!(agenda_of(x), [unclaimed, xs, undated]);
    assert_eq!(agenda_of(x), expected(stack, 7, Some(x)));
    assert_eq!(agenda_of(y), [ys]);
    let x_month = ids(&items(&get(
        &member,
        &format!("/rpc/agenda?p_user_id={x}&p_days=30"),
    )));
    assert_eq!(x_month, [unclaimed, xs, xs_later, undated]);
    // A seeded member's, against the rule.
    assert_eq!(agenda_of(5), expected(stack, 7, Some(5)));
    let household = ids(&items(&get(&member, "/rpc/agenda")));
    for id in [unclaimed, xs, undated, ys] {
        assert!(
            household.contains(&id),
            "{id} missing from the household's agenda"
        );
    }
    assert!(!household.contains(&xs_later));
    let item = items(&get(&member, &format!("/rpc/agenda?p_user_id={x}")))[0].clone();
    assert_eq!(item["user_id"], Value::Null);
    assert_eq!(item["username"], Value::Null);
    assert_eq!(item["assignee_mode"], "anyone");
}

/// Restores the household's zone when the test ends, also when it fails.
struct ZoneBack<'a>(&'a Stack);
impl Drop for ZoneBack<'_> {
    fn drop(&mut self) {
        let _ = self.0.psql(&format!(
            "UPDATE app_data.household SET time_zone = '{ZONE}'"
        ));
    }
}

#[test]
fn the_window_ends_at_midnight_on_the_households_wall_clock() {
    let (stack, _serial) = household();
    let _back = ZoneBack(stack);
    let (x, api) = new_member(stack);
    // UTC+14 and UTC-11: the local day is far from the UTC day.
    for zone in ["Pacific/Kiritimati", "Pacific/Pago_Pago"] {
        sql(
            stack,
            &format!("UPDATE app_data.household SET time_zone = '{zone}' RETURNING 1"),
        );
        let midnight = format!("(date_trunc('day', now() AT TIME ZONE '{zone}') + interval '1 day') AT TIME ZONE '{zone}'");
        let chore = || new_chore(stack, &unique("Read midnight "), "", "");
        let before = open_occurrence(
            stack,
            chore(),
            Some(x),
            &format!("{midnight} - interval '1 second'"),
        );
        let at = open_occurrence(stack, chore(), Some(x), &midnight);
        let today = get(&api, &format!("/rpc/agenda?p_days=0&p_user_id={x}"));
        assert_eq!(
            ids(&items(&today)),
            [before],
            "{zone}: day 0 ends at local midnight"
        );
        assert_eq!(today.json()["time_zone"], zone);
        assert_eq!(
            today.json()["until"],
            sql(stack, &format!("SELECT to_char({midnight} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"))
        );
        let tomorrow = get(&api, &format!("/rpc/agenda?p_days=1&p_user_id={x}"));
        assert_eq!(ids(&items(&tomorrow)), [before, at], "{zone}");
        sql(
            stack,
            &format!("DELETE FROM app_data.task_assignments WHERE assignment_id IN ({before}, {at}) RETURNING 1"),
        );
    }
}

#[test]
fn archived_chores_and_closed_occurrences_stay_out() {
    let (stack, _serial) = household();
    let (x, api) = new_member(stack);
    let kept = new_chore(stack, &unique("Read kept "), "", "");
    let open = open_occurrence(stack, kept, Some(x), "now() + interval '1 hour'");
    let archived = new_chore(stack, &unique("Read archived "), "archived_at", "now()");
    open_occurrence(stack, archived, Some(x), "now() + interval '1 hour'");
    missed_occurrence(stack, kept, x);
    assert_eq!(
        ids(&items(&get(&api, &format!("/rpc/agenda?p_user_id={x}")))),
        [open]
    );
}

#[test]
fn agenda_arguments_are_checked() {
    let (stack, _serial) = household();
    let member = login(stack, "user1");
    for days in ["-1", "367", "100000"] {
        let reply = get(&member, &format!("/rpc/agenda?p_days={days}"));
        assert_refused(&reply, 400, Some("p_days"), days);
    }
    assert_refused(
        &get(&member, "/rpc/agenda?p_days=seven"),
        400,
        None,
        "not a number",
    );
    assert_refused(
        &get(&member, "/rpc/agenda?p_user_id=0"),
        400,
        Some("p_user_id"),
        "id 0",
    );
    assert_refused(
        &get(&member, "/rpc/agenda?p_user_id=999999999"),
        404,
        None,
        "unknown member",
    );
    assert_refused(&get(&stack.api(), "/rpc/agenda"), 401, None, "anonymous");
    // 366 days is the longest window.
    assert_eq!(get(&member, "/rpc/agenda?p_days=366").status, 200);
}
