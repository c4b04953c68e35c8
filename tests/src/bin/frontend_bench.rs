//! The frontend load benchmark (not a timed test): publishes dist/ into an
//! isolated stack and prints, as medians over CTT_BENCH_RUNS (default 7)
//! headless-Chromium runs, bytes on the wire for a first and a repeat visit,
//! asset bodies downloaded again, and navigation → Today (the landing
//! screen) rendered.
fn main() -> anyhow::Result<()> {
    tests::browser_bench::run_and_print(tests::browser_fixtures::app())
}
