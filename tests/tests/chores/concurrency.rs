//! The same action from several threads at once: exactly one succeeds,
//! the others answer 409 and change nothing.
use super::*;
use std::sync::Barrier;

/// Sends every call at the same moment (one thread each); returns the
/// statuses in call order.
fn race(calls: Vec<(Api, &'static str, Value)>) -> Vec<u16> {
    let barrier = Barrier::new(calls.len());
    std::thread::scope(|scope| {
        let handles: Vec<_> = calls
            .iter()
            .map(|(api, function, args)| {
                let barrier = &barrier;
                scope.spawn(move || {
                    barrier.wait();
                    api.rpc(function, args).unwrap()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                let reply = h.join().unwrap();
                assert!(
                    reply.status < 300 || reply.is_json_error(),
                    "{} {}",
                    reply.status,
                    reply.text()
                );
                reply.status
            })
            .collect()
    })
}

#[track_caller]
fn exactly_one_wins(statuses: &[u16]) {
    assert_eq!(
        statuses.iter().filter(|s| **s < 300).count(),
        1,
        "one 2xx: {statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        statuses.len() - 1,
        "the rest 409: {statuses:?}"
    );
}

fn weekly_for(user: i64) -> i64 {
    chore(
        json!({"p_schedule_kind": "interval", "p_interval_count": 1, "p_interval_unit": "weeks",
                 "p_assignee_mode": "fixed", "p_user_id": user}),
    )
}

#[test]
fn simultaneous_completions_reviews_and_undos_have_one_winner() {
    let _zone = berlin();
    let _one = racing();
    let user1 = seeded(1);
    for _ in 0..3 {
        // The member twice and an admin on their behalf twice.
        let task = weekly_for(1);
        let (id, _) = the_open_turn(task);
        let args = json!({"p_assignment_id": id});
        let statuses = race(vec![
            (user1.clone(), "complete_assignment", args.clone()),
            (admin(), "complete_assignment", args.clone()),
            (user1.clone(), "complete_assignment", args.clone()),
            (admin(), "complete_assignment", args.clone()),
        ]);
        exactly_one_wins(&statuses);
        assert_eq!(column(id, "status"), "waiting");
        assert_eq!(
            open_turns(task).len(),
            1,
            "one next occurrence, not one per call"
        );

        // Approve against reject.
        let statuses = race(vec![
            (admin(), "approve_assignment", args.clone()),
            (admin(), "reject_assignment", args.clone()),
            (admin(), "approve_assignment", args.clone()),
        ]);
        exactly_one_wins(&statuses);
        let status = column(id, "status");
        let open = open_turns(task).len();
        assert!(
            (status == "approved" && open == 1) || (status == "rejected" && open == 2),
            "{status} with {open} open"
        );

        // The review undone, then the completion undone three times at
        // once (each undo takes back one step: the last one left). Only an
        // admin may undo whoever completed it.
        expect(rpc(&admin(), "undo_assignment", args.clone()), 200);
        assert_eq!(column(id, "status"), "waiting");
        let statuses = race(vec![
            (admin(), "undo_assignment", args.clone()),
            (admin(), "undo_assignment", args.clone()),
            (admin(), "undo_assignment", args.clone()),
        ]);
        exactly_one_wins(&statuses);
        assert_eq!(open_turns(task), [(id, 1)]);
    }
}

#[test]
fn simultaneous_claims_and_swap_answers_have_one_winner() {
    let _zone = berlin();
    let _one = racing();
    let m = members(4);
    for _ in 0..3 {
        let task = chore(
            json!({"p_schedule_kind": "interval", "p_interval_count": 1, "p_interval_unit": "days",
                                "p_assignee_mode": "anyone", "p_pool": ids(&m)}),
        );
        let (id, _) = the_open_turn(task);
        let args = json!({"p_assignment_id": id});
        let statuses = race(
            m.iter()
                .map(|x| (x.api.clone(), "claim_assignment", args.clone()))
                .collect(),
        );
        exactly_one_wins(&statuses);
        let winner = &m[statuses.iter().position(|s| *s < 300).unwrap()];
        assert_eq!(column(id, "user_id"), winner.id.to_string());

        // Claim against complete: a completion of an unclaimed one claims it.
        let task = chore(
            json!({"p_schedule_kind": "interval", "p_interval_count": 1, "p_interval_unit": "days",
                                "p_assignee_mode": "anyone", "p_pool": ids(&m)}),
        );
        let (id, _) = the_open_turn(task);
        let args = json!({"p_assignment_id": id});
        let mut statuses = race(vec![
            (m[0].api.clone(), "claim_assignment", args.clone()),
            (m[1].api.clone(), "complete_assignment", args.clone()),
            (m[2].api.clone(), "claim_assignment", args.clone()),
        ]);
        // A completion that starts after a claim finds someone else's
        // occurrence: 403, as it would a moment later; one that starts
        // before finds it taken when it writes: 409.
        if statuses[1] == 403 {
            statuses[1] = 409;
        }
        exactly_one_wins(&statuses);
        let owner = column(id, "user_id");
        assert!(
            [m[0].id, m[1].id, m[2].id]
                .iter()
                .any(|u| u.to_string() == owner),
            "claimed by one of them: {owner}"
        );

        // The addressee accepts twice while the offerer cancels.
        let (from, to) = (&m[0], &m[1]);
        let task = chore(
            json!({"p_schedule_kind": "interval", "p_interval_count": 1, "p_interval_unit": "days",
                                "p_assignee_mode": "fixed", "p_user_id": from.id}),
        );
        let (id, _) = the_open_turn(task);
        let offer = offered(from, id, to.id);
        let args = json!({"p_offer_id": offer});
        let statuses = race(vec![
            (to.api.clone(), "accept_swap", args.clone()),
            (from.api.clone(), "cancel_swap", args.clone()),
            (to.api.clone(), "accept_swap", args.clone()),
        ]);
        exactly_one_wins(&statuses);
        let (status, owner) = (
            value(&format!(
                "SELECT status FROM app_data.swap_offers WHERE offer_id = {offer}"
            )),
            column(id, "user_id"),
        );
        assert!(
            (status == "accepted" && owner == to.id.to_string())
                || (status == "cancelled" && owner == from.id.to_string()),
            "{status}, owner {owner}"
        );
    }
}
