//! The shared stack, one drill at a time, and the load-fault-check cycle.

use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Duration;
use tests::drill::{Household, Load, Summary};
use tests::Stack;

/// Longest any single request may take during a drill (the clients' own
/// timeout is 20 s: a request past this bound counts as hung).
pub const REQUEST_BOUND: Duration = Duration::from_secs(6);
/// Every client is served again within this after the fault was injected.
pub const RECOVERY_BOUND: Duration = Duration::from_secs(15);

/// The drills' stack; holding the guard runs one drill at a time.
pub fn stack() -> (MutexGuard<'static, ()>, &'static Stack) {
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    static STACK: OnceLock<Stack> = OnceLock::new();
    let guard = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let stack = STACK.get_or_init(|| Stack::start().expect("the drill stack"));
    (guard, stack)
}

/// What one drill measured.
pub struct Measured {
    pub summary: Summary,
}

/// Load (4 members + an admin) for 1.5 s, then `fault`, then load until
/// every client is served again and 1 s more; checks that no acknowledged
/// write was lost and that every request ended within [`REQUEST_BOUND`].
pub fn under_load(stack: &Stack, tag: &str, fault: impl FnOnce(&Stack)) -> Measured {
    let household = Household::new(stack, tag, 4, 150).expect("drill household");
    let load = Load::start(stack, &household);
    std::thread::sleep(Duration::from_millis(1500));
    let fault_at = load.now();
    fault(stack);
    let recovered = load.wait_recovered(fault_at, Duration::from_secs(40));
    std::thread::sleep(Duration::from_secs(1));
    let record = load.stop();
    let summary = record.summary();
    println!("{tag}: {summary:#?}");
    let recovered = recovered.unwrap_or_else(|e| panic!("{tag}: {e:#}: {summary:?}"));
    println!("{tag}: every client served again {recovered:?} after the fault");
    if let Some(first) = record.events.iter().find(|e| !e.ok()) {
        println!(
            "{tag}: first failure {:?} after load start: {:?}",
            first.start, first.outcome
        );
    }
    let lost = record.lost_writes(stack).expect("checking writes");
    assert!(lost.is_empty(), "{tag}: acknowledged writes lost: {lost:?}");
    assert!(
        summary.completed > 0 && summary.approved > 0,
        "{tag}: {summary:?}"
    );
    assert!(
        summary.unclear.is_empty(),
        "{tag}: failures without a clear JSON error: {:?}",
        summary.unclear
    );
    assert!(
        summary.slowest <= REQUEST_BOUND,
        "{tag}: a request took {:?} (bound {REQUEST_BOUND:?})",
        summary.slowest
    );
    assert!(
        recovered <= RECOVERY_BOUND,
        "{tag}: recovery took {recovered:?} (bound {RECOVERY_BOUND:?})"
    );
    Measured { summary }
}
