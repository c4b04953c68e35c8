//! Progress output: an indicatif bar on a terminal, plain lines otherwise.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};

/// How a command reports progress (always on stderr).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Progress {
    /// A bar when stderr is a terminal, plain lines otherwise.
    #[default]
    Auto,
    Bar,
    Lines,
    Quiet,
}

pub(crate) struct Reporter {
    bar: Option<ProgressBar>,
    lines: bool,
}

impl Reporter {
    pub(crate) fn new(mode: Progress, total_bytes: u64) -> Reporter {
        let mode = match mode {
            Progress::Auto if std::io::stderr().is_terminal() => Progress::Bar,
            Progress::Auto => Progress::Lines,
            other => other,
        };
        match mode {
            Progress::Bar => {
                let bar = ProgressBar::new(total_bytes);
                let style = ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar());
                bar.set_style(style);
                Reporter {
                    bar: Some(bar),
                    lines: false,
                }
            }
            Progress::Lines => Reporter {
                bar: None,
                lines: true,
            },
            _ => Reporter {
                bar: None,
                lines: false,
            },
        }
    }

    /// A line of information (above the bar, or on its own).
    pub(crate) fn line(&self, text: &str) {
        if let Some(bar) = &self.bar {
            bar.println(text);
        } else if self.lines {
            // Progress is a courtesy: a closed stderr must not stop the work.
            let _ = writeln!(std::io::stderr(), "{text}");
        }
    }

    pub(crate) fn advance(&self, bytes: u64, name: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(name.to_string());
            bar.inc(bytes);
        }
    }

    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
