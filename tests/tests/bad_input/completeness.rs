//! Every parameter of every `api` function and every view has bad-input
//! cases (read from the catalog).

use super::*;
use tests::api_catalog::{self, Endpoint};

/// (function, parameter) for every bad-input target; the views with a bad
/// filter.
fn covered(targets: &[Target]) -> (Vec<(&'static str, &'static str)>, Vec<&'static str>) {
    let params = targets.iter().map(|t| (t.function, t.param)).collect();
    let views = bad_filters().into_iter().map(|(view, _, _)| view).collect();
    (params, views)
}

/// Every parameter of every function in `api` (read from the catalog, so a
/// new one in db/api counts at once) has bad-input cases, and every view a
/// bad filter. Functions without parameters are exempt.
#[test]
fn every_api_parameter_and_view_has_bad_input_cases() {
    let _serial = one_at_a_time();
    let stack = Stack::shared();
    let catalog = api_catalog::read(stack).unwrap();
    let targets = targets(fixtures(stack));
    let (params, views) = covered(&targets);
    let missing = api_catalog::missing_bad_input(&catalog, &params, &views);
    assert!(
        missing.is_empty(),
        "the bad-input table is incomplete (add to targets() or bad_filters() in tests/tests/bad_input.rs):\n{}",
        missing.join("\n")
    );
}

/// The completeness check is not vacuous: a function or view the table does
/// not know is reported by name.
#[test]
fn an_endpoint_without_bad_input_is_reported() {
    let _serial = one_at_a_time();
    let stack = Stack::shared();
    let mut catalog = api_catalog::read(stack).unwrap();
    catalog.push(Endpoint::function("fake_endpoint", &["p_x", "p_y"]));
    catalog.push(Endpoint::function("fake_no_params", &[]));
    catalog.push(Endpoint::view("fake_view"));
    let targets = targets(fixtures(stack));
    let (params, views) = covered(&targets);
    assert_eq!(
        api_catalog::missing_bad_input(&catalog, &params, &views),
        [
            "function fake_endpoint: no bad-input case for p_x",
            "function fake_endpoint: no bad-input case for p_y",
            "view fake_view: no bad-filter case",
        ]
    );
}
