//! Every string of My settings and the Household screen (a later pass
//! moves them into the English and German table).

pub const HEAD: &str = "<div class=\"page-head\"><h1>My settings</h1></div>";

pub const THEME_TITLE: &str = "Theme";
/// (value as theme.rs keeps it, label).
pub const THEMES: [(&str, &str); 3] = [
    ("system", "Same as this device"),
    ("light", "Light"),
    ("dark", "Dark"),
];

pub const MY_AWAY_TITLE: &str = "When I am away";
pub const MY_AWAY_HINT: &str =
    "Your turns on these days go to the next person; chores only you do wait for you.";
pub const LOADING_AWAY: &str = "Loading away periods…";
pub const NO_AWAY: &str = "No away periods planned.";
pub const COLUMNS: [&str; 3] = ["First day", "Last day", "Remove"];
pub const COLUMNS_MEMBER: [&str; 4] = ["Member", "First day", "Last day", "Remove"];
pub const MEMBER: &str = "Member";
pub const FIRST_DAY: &str = "First day";
pub const LAST_DAY: &str = "Last day";
pub const ADD: &str = "Add away period";
pub const ADDED: &str = "Away period added.";
pub const REMOVE: &str = "Remove";
pub const REMOVING: &str = "Removing…";
pub const REMOVED: &str = "Away period removed.";
pub const CHOOSE_DAY: &str = "Choose a day.";

pub const FEED_TITLE: &str = "My calendar feed";
pub const FEED_HINT: &str =
    "Subscribe to this link in your phone's calendar app to see your chores there. \
    The link is shown only once: copy it now. Anyone with it can see your chores.";
pub const FEED_NEW: &str = "Make a new feed link";
pub const FEED_CONFIRM: &str =
    "A new link replaces the old one: calendars subscribed to the old link stop getting your chores.";
pub const FEED_YES: &str = "Yes, make a new link";
pub const FEED_MAKING: &str = "Making…";
pub const CANCEL: &str = "Cancel";
pub const FEED_URL: &str = "Feed link";
pub const COPY: &str = "Copy link";
pub const COPIED: &str = "Copied.";
pub const COPY_REFUSED: &str = "Copying is not allowed here: select the link and copy it.";

pub const PASSWORD_TITLE: &str = "Password";
pub const PASSWORD_LINK: &str = "Change my password";

pub const HOUSEHOLD_HEAD: &str = "<div class=\"page-head\"><h1>Household</h1>\
    <a class=\"button secondary\" href=\"#/invites\">Invite someone</a></div>";
pub const ZONE_TITLE: &str = "Time zone";
pub const ZONE_LABEL: &str = "Household time zone";
pub const ZONE_HINT: &str =
    "Due times and days follow this zone's clock; changing it moves no chore already planned.";
pub const LOADING_ZONE: &str = "Loading the household…";
pub const SAVE_ZONE: &str = "Save time zone";
pub const SAVING: &str = "Saving…";
pub const ZONE_SAVED: &str = "Time zone saved.";
pub const AWAY_TITLE: &str = "Away periods";
pub const AWAY_HINT: &str = "While a member is away their turns go to the next person.";
pub const MEMBERS_TITLE: &str = "Members";
pub const HOUSEHOLD: &str = "Household";
pub const ADMINS_ONLY: &str = "Only household admins can change household settings.";
