//! What the storm leaves behind, checked from the database: the ledger
//! against the occurrences and redemptions it speaks of.
use crate::storm::World;
use crate::*;

/// Every storm occurrence holds exactly what its state says, per member;
/// one that is gone holds nothing. Never twice the points, never more
/// than the penalty.
pub fn check_occurrences(w: &World) {
    let wrong = sql(&format!(
        "WITH held AS ( \
           SELECT l.assignment_id, l.user_id, l.task_id, \
                  sum(l.amount) FILTER (WHERE l.kind IN ('earned', 'reversed')) AS earned, \
                  sum(l.amount) FILTER (WHERE l.kind = 'penalty') AS penalty \
           FROM app_data.points_ledger l WHERE l.task_id IN ({tasks}) \
           GROUP BY l.assignment_id, l.user_id, l.task_id) \
         SELECT coalesce(string_agg(format('occurrence %s member %s: earned %s penalty %s (status %s)', \
                                           h.assignment_id, h.user_id, h.earned, h.penalty, a.status), '; '), '') \
         FROM held h JOIN app_data.tasks t ON t.task_id = h.task_id \
         LEFT JOIN app_data.task_assignments a ON a.assignment_id = h.assignment_id \
         WHERE coalesce(h.earned, 0) <> CASE WHEN a.user_id = h.user_id AND a.status IN ('done', 'approved') \
                                             THEN t.points ELSE 0 END \
            OR coalesce(h.penalty, 0) NOT BETWEEN CASE WHEN a.user_id = h.user_id AND a.status = 'missed' \
                                                       THEN -t.penalty_points ELSE 0 END AND 0",
        tasks = w.tasks
    ));
    assert_eq!(
        wrong, "",
        "occurrences whose credit does not match their state"
    );
    // ... and every credited occurrence has its row (none was missed out).
    let uncredited = sql_i64(&format!(
        "SELECT count(*) FROM app_data.task_assignments a JOIN app_data.tasks t ON t.task_id = a.task_id \
         WHERE a.task_id IN ({}) AND a.status IN ('done', 'approved') \
           AND (SELECT coalesce(sum(l.amount), 0) FROM app_data.points_ledger l \
                WHERE l.assignment_id = a.assignment_id AND l.user_id = a.user_id \
                  AND l.kind IN ('earned', 'reversed')) <> t.points",
        w.tasks
    ));
    assert_eq!(
        uncredited, 0,
        "done or approved occurrences without their points"
    );
    let credited = sql_i64(&format!(
        "SELECT count(*) FROM app_data.task_assignments WHERE task_id IN ({}) AND status IN ('done', 'approved')",
        w.tasks
    ));
    let missed = sql_i64(&format!(
        "SELECT count(*) FROM app_data.points_ledger WHERE task_id IN ({}) AND kind = 'penalty'",
        w.tasks
    ));
    eprintln!("storm: {credited} occurrences credited, {missed} penalty entries");
    assert!(credited > 0);
}

/// Approved redemptions are spent exactly once, at their cost; no other is
/// spent at all; stock is what was there minus what was approved.
pub fn check_redemptions(w: &World) {
    let rewards = w
        .rewards
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let wrong = sql(&format!(
        "SELECT coalesce(string_agg(format('redemption %s (%s): %s spent', r.redemption_id, r.status, \
                                           coalesce(s.spent, 0)), '; '), '') \
         FROM app_data.redemptions r \
         LEFT JOIN (SELECT redemption_id, sum(amount) AS spent, count(*) AS n FROM app_data.points_ledger \
                    WHERE kind = 'redemption' GROUP BY redemption_id) s ON s.redemption_id = r.redemption_id \
         WHERE r.reward_id IN ({rewards}) \
           AND (CASE WHEN r.status = 'approved' THEN coalesce(s.spent, 0) <> -r.cost OR s.n <> 1 \
                     ELSE s.redemption_id IS NOT NULL END)"
    ));
    assert_eq!(wrong, "", "redemptions spent wrongly");
    let stock = sql(&format!(
        "SELECT string_agg(format('%s:%s', w.stock, (SELECT count(*) FROM app_data.redemptions r \
                                                    WHERE r.reward_id = w.reward_id AND r.status = 'approved')), \
                           ',' ORDER BY w.reward_id) \
         FROM app_data.rewards w WHERE w.reward_id IN ({rewards})"
    ));
    eprintln!("storm: stock left:approved per reward {stock}");
    // Created with unlimited, unlimited, 5 and 2.
    let initial = [None, None, Some(5), Some(2)];
    for (entry, initial) in stock.split(',').zip(initial) {
        let (left, approved) = entry.split_once(':').unwrap();
        let approved: i64 = approved.parse().unwrap();
        match initial {
            None => assert_eq!(left, "", "unlimited stays unlimited"),
            Some(n) => {
                let left: i64 = left.parse().unwrap();
                assert!(left >= 0);
                assert_eq!(left, n - approved, "{entry}");
            }
        }
    }
    let approved = sql_i64(&format!(
        "SELECT count(*) FROM app_data.redemptions WHERE reward_id IN ({rewards}) AND status = 'approved'"
    ));
    assert!(approved > 0, "no redemption was approved");
}
