//! Skip, claim, and swap offers both ways on Today.

use super::{card, chore, instant, occurrence, sign_in, wait_focus, window_focus};
use anyhow::{ensure, Context};
use serde_json::json;
use tests::browser::{
    click, count, run_scenario, select, texts, wait_contains, wait_css, wait_gone,
};
use tests::browser_fixtures::{
    api_get, api_rpc, app, new_member, unique, user_id, MEMBER_PASSWORD,
};

#[test]
fn today_skip_claim_and_swap_offers_both_ways() {
    let stack = app();
    let (username, member) = new_member(stack);
    let (_, other) = new_member(stack);
    let (me, them) = (user_id(&member), user_id(&other));
    let prefix = unique("S");
    let name = |what: &str| format!("{prefix} {what}");
    let due = instant(
        stack,
        "(today + interval '2 days 12 hours') AT TIME ZONE zone",
    );
    let skip = chore(stack, &name("skip"), Some(&due), "fixed", &[me]);
    let shared = chore(stack, &name("shared"), Some(&due), "anyone", &[me, them]);
    let offered = chore(stack, &name("offered"), Some(&due), "fixed", &[them]);
    let taken = chore(stack, &name("taken"), Some(&due), "anyone", &[me, them]);
    run_scenario("today_swaps", &["status of 409"], |client| async move {
        // An offer to me is waiting when I arrive.
        let offer = api_rpc(
            &other,
            "offer_swap",
            json!({"p_assignment_id": offered, "p_to_user_id": me}),
        )
        .await?;
        ensure!(offer.status == 201, "{}", offer.text());
        let offer_id = offer.json()["offer_id"].as_i64().context("offer_id")?;
        sign_in(&client, stack, &username, MEMBER_PASSWORD).await?;
        wait_css(&client, &format!("#accept-{offer_id}")).await?;
        ensure!(texts(&client, "#today-h-offers")
            .await?
            .concat()
            .starts_with("Swap offers"));

        // Someone else was quicker: the API's 409 is said on the card.
        let claimed = api_rpc(
            &other,
            "claim_assignment",
            json!({"p_assignment_id": taken}),
        )
        .await?;
        ensure!(claimed.status == 200, "{}", claimed.text());
        click(&client, &format!("#more-{taken}")).await?;
        click(&client, &format!("#claim-{taken}")).await?;
        wait_contains(&client, &format!("#err-{taken}"), "already taken").await?;

        // Skip, from the card's "More".
        click(&client, &format!("#more-{skip}")).await?;
        click(&client, &format!("#skip-{skip}")).await?;
        wait_gone(&client, &card(skip)).await?;
        wait_contains(
            &client,
            "#today-snackbar",
            &format!("Skipped: {}", name("skip")),
        )
        .await?;
        ensure!(occurrence(&member, skip).await?["status"] == "skipped");

        // Claim the unclaimed one: it is mine now.
        wait_contains(
            &client,
            &format!("{} .today-meta", card(shared)),
            "Anyone can take it",
        )
        .await?;
        click(&client, &format!("#more-{shared}")).await?;
        click(&client, &format!("#claim-{shared}")).await?;
        wait_focus(&client, &format!("done-{shared}")).await?;
        ensure!(occurrence(&member, shared).await?["user_id"] == me);
        ensure!(!texts(&client, &format!("{} .today-meta", card(shared)))
            .await?
            .concat()
            .contains("Anyone"));

        // Offer it to the other member, who accepts: it leaves my Today
        // the next time the tab has focus.
        click(&client, &format!("#more-{shared}")).await?;
        click(&client, &format!("#offer-{shared}")).await?;
        wait_contains(&client, &format!("#swap-{shared}-error"), "Choose").await?;
        select(&client, &format!("#swap-{shared}"), &them.to_string()).await?;
        click(&client, &format!("#offer-{shared}")).await?;
        wait_contains(
            &client,
            &format!("{} .today-meta", card(shared)),
            "Offered to",
        )
        .await?;
        let pending = api_get(
            &other,
            format!("/swap_offers?assignment_id=eq.{shared}&status=eq.pending"),
        )
        .await?;
        let to_accept = pending.json()[0]["offer_id"]
            .as_i64()
            .context("the pending offer")?;
        let accepted = api_rpc(&other, "accept_swap", json!({"p_offer_id": to_accept})).await?;
        ensure!((200..300).contains(&accepted.status), "{}", accepted.text());
        window_focus(&client).await?;
        wait_gone(&client, &card(shared)).await?;
        ensure!(occurrence(&member, shared).await?["user_id"] == them);

        // I accept the offer made to me: the chore is on my list, focused.
        click(&client, &format!("#accept-{offer_id}")).await?;
        wait_css(&client, &format!("#done-{offered}")).await?;
        wait_focus(&client, &format!("done-{offered}")).await?;
        ensure!(
            count(&client, "#today-h-offers").await? == 0,
            "no offer left"
        );
        ensure!(occurrence(&member, offered).await?["user_id"] == me);

        // Left, Today listens no more: a focus event elsewhere reads no
        // agenda (coming back reads it once).
        let agenda_reads = "return performance.getEntriesByType('resource')\
                            .filter(e => e.name.includes('/rpc/agenda')).length;";
        click(&client, "a[href='#/tasks']").await?;
        wait_css(&client, "#my-tasks").await?;
        let before = client.execute(agenda_reads, vec![]).await?;
        window_focus(&client).await?;
        click(&client, "a[href='#/today']").await?;
        wait_css(&client, &format!("#done-{offered}")).await?;
        let after = client.execute(agenda_reads, vec![]).await?;
        ensure!(
            after.as_u64() == before.as_u64().map(|n| n + 1),
            "agenda reads: {before} before, {after} after"
        );
        Ok(())
    });
}
