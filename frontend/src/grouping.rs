//! How assignment lists are arranged on screen. Pure, unit-tested.

use crate::models::{Assignment, Status};

/// One group per status, in workflow order, each keeping the input order.
/// Empty groups are kept so every page shows the same four headings.
pub fn group_by_status(assignments: &[Assignment]) -> Vec<(Status, Vec<Assignment>)> {
    Status::ALL
        .into_iter()
        .map(|status| {
            let items = assignments
                .iter()
                .filter(|a| a.status == status)
                .cloned()
                .collect();
            (status, items)
        })
        .collect()
}

/// The household board's filters; `None` means "everyone" / "any status".
pub fn filter(
    assignments: &[Assignment],
    member: Option<i64>,
    status: Option<Status>,
) -> Vec<Assignment> {
    assignments
        .iter()
        .filter(|a| member.is_none_or(|m| a.user_id == Some(m)))
        .filter(|a| status.is_none_or(|s| a.status == s))
        .cloned()
        .collect()
}

/// Completions an admin may review: waiting, and not their own work (the
/// API refuses self-review, so offering it would only produce an error).
pub fn reviewable_by(
    assignments: &[Assignment],
    admin_id: i64,
) -> (Vec<Assignment>, Vec<Assignment>) {
    assignments
        .iter()
        .filter(|a| a.status == Status::Waiting)
        .cloned()
        .partition(|a| a.user_id != Some(admin_id))
}
