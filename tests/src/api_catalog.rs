//! What the `api` schema exposes, read from the database catalog, and the
//! completeness checks built on it: every view and function PostgREST serves
//! must have access-matrix cells for every caller (tests/tests/access_matrix.rs)
//! and bad-input cases for every parameter, or a bad filter for a view
//! (tests/tests/bad_input.rs). A new endpoint in db/api that neither table
//! mentions fails both tests, naming what is missing.
use crate::Stack;
use anyhow::{bail, Result};
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A view (or table) in `api`: PostgREST's `GET /name`.
    View,
    /// A function in `api`: PostgREST's `/rpc/name`.
    Function,
}

/// One object PostgREST exposes from the `api` schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub kind: Kind,
    pub name: String,
    /// The input parameters' names (functions only).
    pub params: Vec<String>,
}

impl Endpoint {
    pub fn function(name: &str, params: &[&str]) -> Endpoint {
        Endpoint {
            kind: Kind::Function,
            name: name.to_string(),
            params: params.iter().map(|p| p.to_string()).collect(),
        }
    }

    pub fn view(name: &str) -> Endpoint {
        Endpoint {
            kind: Kind::View,
            name: name.to_string(),
            params: Vec::new(),
        }
    }
}

/// Every view, table and function in `api`, with the functions' input
/// parameters, from pg_class and pg_proc.
pub fn read(stack: &Stack) -> Result<Vec<Endpoint>> {
    let out = stack.psql(
        "SELECT 'function', p.proname,
                coalesce((SELECT string_agg(a.n, ',' ORDER BY a.i)
                          FROM unnest(p.proargnames,
                                      coalesce(p.proargmodes,
                                               array_fill('i'::\"char\", ARRAY[coalesce(cardinality(p.proargnames), 0)])))
                               WITH ORDINALITY AS a(n, m, i)
                          WHERE a.m IN ('i', 'b', 'v')), '')
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = 'api'
         UNION ALL
         SELECT 'view', c.relname, ''
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'api' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
         ORDER BY 1, 2",
    )?;
    let mut endpoints = Vec::new();
    for line in out.lines().filter(|l| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split('|').collect();
        let [kind, name, params] = fields[..] else {
            bail!("unexpected catalog row {line:?}");
        };
        let params: Vec<&str> = params.split(',').filter(|p| !p.is_empty()).collect();
        endpoints.push(match kind {
            "function" => Endpoint::function(name, &params),
            _ => Endpoint::view(name),
        });
    }
    if endpoints.len() < 10 {
        bail!("the api schema looks empty: {endpoints:?}");
    }
    Ok(endpoints)
}

/// The callers every endpoint needs a cell for (the access matrix's order).
pub const CALLERS: [&str; 5] = ["anonymous", "member", "other member", "admin", "publisher"];

/// What the access matrix lacks: `covered` holds (endpoint name, caller
/// index) for every cell. Also names cells for endpoints `api` does not have
/// (a renamed or dropped endpoint).
pub fn missing_cells(catalog: &[Endpoint], covered: &[(&str, usize)]) -> Vec<String> {
    let mut missing = Vec::new();
    for endpoint in catalog {
        let absent: Vec<&str> = CALLERS
            .iter()
            .enumerate()
            .filter(|(who, _)| !covered.contains(&(endpoint.name.as_str(), *who)))
            .map(|(_, caller)| *caller)
            .collect();
        if !absent.is_empty() {
            missing.push(format!(
                "{} {}: no access-matrix cell for {}",
                kind_word(&endpoint.kind),
                endpoint.name,
                absent.join(", ")
            ));
        }
    }
    missing.extend(unknown(catalog, covered.iter().map(|(name, _)| *name)));
    missing
}

/// What the bad-input table lacks: a case for every parameter of every
/// function (functions without parameters are exempt) and a bad filter for
/// every view. `params` holds (function, parameter) pairs, `views` the views
/// with a bad-filter case.
pub fn missing_bad_input(
    catalog: &[Endpoint],
    params: &[(&str, &str)],
    views: &[&str],
) -> Vec<String> {
    let mut missing = Vec::new();
    for endpoint in catalog {
        match endpoint.kind {
            Kind::Function => {
                for param in &endpoint.params {
                    if !params.contains(&(endpoint.name.as_str(), param.as_str())) {
                        missing.push(format!(
                            "function {}: no bad-input case for {param}",
                            endpoint.name
                        ));
                    }
                }
            }
            Kind::View => {
                if !views.contains(&endpoint.name.as_str()) {
                    missing.push(format!("view {}: no bad-filter case", endpoint.name));
                }
            }
        }
    }
    for (function, param) in params {
        if let Some(endpoint) = catalog
            .iter()
            .find(|e| e.kind == Kind::Function && e.name == *function)
        {
            if !endpoint.params.iter().any(|p| p == param) {
                missing.push(format!(
                    "function {function} has no parameter {param} (a stale bad-input case)"
                ));
            }
        }
    }
    missing.extend(unknown(
        catalog,
        params.iter().map(|(f, _)| *f).chain(views.iter().copied()),
    ));
    missing
}

fn kind_word(kind: &Kind) -> &'static str {
    match kind {
        Kind::View => "view",
        Kind::Function => "function",
    }
}

fn unknown<'a>(catalog: &[Endpoint], names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let names: BTreeSet<&str> = names.collect();
    names
        .into_iter()
        .filter(|name| !catalog.iter().any(|e| e.name == *name))
        .map(|name| format!("{name}: named by a case but not in the api schema"))
        .collect()
}

#[cfg(test)]
mod unit {
    use super::*;

    fn catalog() -> Vec<Endpoint> {
        vec![
            Endpoint::view("tasks"),
            Endpoint::function("ping", &[]),
            Endpoint::function("create_task", &["p_task_name", "p_description"]),
        ]
    }

    #[test]
    fn a_complete_table_reports_nothing() {
        let cells: Vec<(&str, usize)> = ["tasks", "ping", "create_task"]
            .iter()
            .flat_map(|name| (0..5).map(move |who| (*name, who)))
            .collect();
        assert!(missing_cells(&catalog(), &cells).is_empty());
        let params = [
            ("create_task", "p_task_name"),
            ("create_task", "p_description"),
        ];
        assert!(missing_bad_input(&catalog(), &params, &["tasks"]).is_empty());
    }

    #[test]
    fn an_endpoint_without_cells_or_cases_is_named() {
        let mut catalog = catalog();
        catalog.push(Endpoint::function("fake_endpoint", &["p_x"]));
        catalog.push(Endpoint::view("fake_view"));
        let mut cells: Vec<(&str, usize)> = ["tasks", "ping", "create_task"]
            .iter()
            .flat_map(|name| (0..5).map(move |who| (*name, who)))
            .collect();
        cells.retain(|cell| *cell != ("ping", 4));
        assert_eq!(
            missing_cells(&catalog, &cells),
            [
                "function ping: no access-matrix cell for publisher",
                "function fake_endpoint: no access-matrix cell for anonymous, member, other member, admin, publisher",
                "view fake_view: no access-matrix cell for anonymous, member, other member, admin, publisher",
            ]
        );
        assert_eq!(
            missing_bad_input(&catalog, &[("create_task", "p_task_name")], &["tasks"]),
            [
                "function create_task: no bad-input case for p_description",
                "function fake_endpoint: no bad-input case for p_x",
                "view fake_view: no bad-filter case",
            ]
        );
    }

    #[test]
    fn cases_for_endpoints_api_lacks_are_named() {
        let cells = [("gone", 0)];
        assert!(missing_cells(&catalog(), &cells)
            .contains(&"gone: named by a case but not in the api schema".to_string()));
        let report = missing_bad_input(
            &catalog(),
            &[("create_task", "p_renamed"), ("gone", "p_x")],
            &["old_view"],
        );
        assert!(report.contains(
            &"function create_task has no parameter p_renamed (a stale bad-input case)".to_string()
        ));
        assert!(report.contains(&"gone: named by a case but not in the api schema".to_string()));
        assert!(report.contains(&"old_view: named by a case but not in the api schema".to_string()));
    }
}
