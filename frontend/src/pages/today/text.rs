//! Every word the Today screen shows, in one place until the app's
//! English/German table exists.

pub const TITLE: &str = "Today";
pub const SCOPE: &str = "Whose chores";
pub const ME: &str = "Me";
pub const EVERYONE: &str = "Everyone";
pub const LOADING: &str = "Loading today's chores…";
pub const RETRY: &str = "Try again";
pub const REFRESH_FAILED: &str = "Could not refresh the list:";

pub const OVERDUE: &str = "Overdue";
pub const DUE_TODAY: &str = "Due today";
pub const UPCOMING: &str = "Upcoming";
pub const OFFERS: &str = "Swap offers";

pub const NOTHING_OVERDUE: &str = "Nothing overdue. Well done!";
pub const NOTHING_TODAY: &str = "Nothing due today. Look at Upcoming if you want a head start.";
pub const NOTHING_UPCOMING: &str =
    "Nothing due in the next 7 days. An admin can plan more chores under Tasks.";
pub const NOTHING_UPCOMING_ME: &str =
    "Nothing due for you in the next 7 days. Switch to Everyone to help someone out.";
pub const TRUNCATED: &str = "Only the first chores are shown. Switch to Me for your own.";

pub const DUE: &str = "Due";
pub const NO_DUE_DATE: &str = "No due date";
pub const ANYONE: &str = "Anyone can take it";
pub const OFFERED_TO: &str = "Offered to";
pub const FROM: &str = "from";

pub const DONE: &str = "Done";
pub const MORE: &str = "More";
pub const NOTE: &str = "Note (optional)";
pub const DONE_EARLIER: &str = "Done earlier at";
pub const DONE_EARLIER_HINT: &str = "Leave empty if you did it just now.";
pub const BAD_TIME: &str = "Enter a date and a time.";
pub const SKIP: &str = "Skip";
pub const CLAIM: &str = "Claim";
pub const OFFER_TO: &str = "Offer a swap to";
pub const CHOOSE_MEMBER: &str = "Choose a member";
pub const CHOOSE_MEMBER_FIRST: &str = "Choose whom to offer it to.";
pub const OFFER: &str = "Offer swap";
pub const TAKE_BACK: &str = "Take back the offer";
pub const ACCEPT: &str = "Accept";
pub const DECLINE: &str = "Decline";
pub const WORKING: &str = "Working…";

// The snackbar: "<what>: <chore>".
pub const DID_DONE: &str = "Done";
pub const DID_SKIP: &str = "Skipped";
pub const DID_CLAIM: &str = "Claimed";
pub const DID_OFFER: &str = "Offered";
pub const DID_ACCEPT: &str = "Accepted";
pub const DID_DECLINE: &str = "Declined";
pub const DID_UNDO: &str = "Undone";
pub const DID_TAKE_BACK: &str = "Offer taken back";
pub const UNDO: &str = "Undo";
pub const UNDO_WINDOW: &str = "for 10 seconds";
