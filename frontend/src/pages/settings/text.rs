//! The Household screen's heading (its words are i18n keys).

use crate::i18n::{t, K};

pub fn household_head() -> String {
    format!(
        "<div class=\"page-head\"><h1>{}</h1>\
         <a class=\"button secondary\" href=\"#/invites\">{}</a></div>",
        t(K::RtHousehold),
        t(K::SetInviteSomeone)
    )
}
