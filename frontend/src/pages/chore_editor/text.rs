//! The chore editor's texts that depend on a value (the words themselves
//! are i18n keys).

use crate::i18n::{t, tf, K};
use crate::schedule::{Preset, Unit};

pub fn created(name: &str) -> String {
    tf(K::EdCreated, &[name])
}

pub fn move_label(name: &str, up: bool) -> String {
    tf(if up { K::EdMoveUp } else { K::EdMoveDown }, &[name])
}

pub fn every_how_many(unit: &str) -> String {
    tf(K::EdEveryHowMany, &[unit])
}

pub fn preset(preset: Preset) -> &'static str {
    t(match preset {
        Preset::Once => K::EdPresetOnce,
        Preset::Daily => K::EdPresetDaily,
        Preset::Weekly => K::EdPresetWeekly,
        Preset::MonthlyDay => K::EdPresetMonthlyDay,
        Preset::MonthlyWeekday => K::EdPresetMonthlyWeekday,
        Preset::Yearly => K::EdPresetYearly,
        Preset::AfterDone => K::EdPresetAfterDone,
        Preset::Adaptive => K::EdPresetAdaptive,
        Preset::AfterChore => K::EdPresetAfterChore,
        Preset::Custom => K::EdPresetCustom,
    })
}

/// What the dates depend on when there is no rule to preview.
pub fn no_preview(preset: Preset) -> &'static str {
    t(match preset {
        Preset::AfterDone => K::EdNoPreviewAfterDone,
        Preset::Adaptive => K::EdNoPreviewAdaptive,
        Preset::AfterChore => K::EdNoPreviewAfterChore,
        _ => K::EdNoPreviewOnce,
    })
}

pub fn unit(unit: Unit) -> &'static str {
    t(match unit {
        Unit::Hours => K::EdUnitHours,
        Unit::Days => K::EdUnitDays,
        Unit::Weeks => K::EdUnitWeeks,
        Unit::Months => K::EdUnitMonths,
    })
}

pub fn period(preset: Preset) -> &'static str {
    t(match preset {
        Preset::Daily => K::EdUnitDays,
        Preset::Weekly => K::EdUnitWeeks,
        _ => K::EdUnitMonths,
    })
}

pub fn nth(n: i32) -> &'static str {
    t(match n {
        1 => K::EdNthFirst,
        2 => K::EdNthSecond,
        3 => K::EdNthThird,
        4 => K::EdNthFourth,
        _ => K::EdNthLast,
    })
}

/// (value the API takes, label, explanation).
pub const MODES: [(&str, K, K); 4] = [
    ("fixed", K::EdModeFixed, K::EdModeFixedHint),
    ("rotation", K::EdModeRotation, K::EdModeRotationHint),
    ("anyone", K::EdModeAnyone, K::EdModeAnyoneHint),
    ("everyone", K::EdModeEveryone, K::EdModeEveryoneHint),
];

pub const STRATEGIES: [(&str, K, K); 6] = [
    (
        "round_robin",
        K::EdStratRoundRobin,
        K::EdStratRoundRobinHint,
    ),
    (
        "least_completed",
        K::EdStratLeastCompleted,
        K::EdStratLeastCompletedHint,
    ),
    (
        "least_assigned",
        K::EdStratLeastAssigned,
        K::EdStratLeastAssignedHint,
    ),
    ("random", K::EdStratRandom, K::EdStratRandomHint),
    (
        "random_except_last",
        K::EdStratRandomExceptLast,
        K::EdStratRandomExceptLastHint,
    ),
    ("keep_last", K::EdStratKeepLast, K::EdStratKeepLastHint),
];

/// The one-line explanation of an option of `MODES` or `STRATEGIES`.
pub fn explain(options: &[(&str, K, K)], key: &str) -> &'static str {
    options
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or("", |(_, _, e)| t(*e))
}
