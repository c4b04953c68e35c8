//! The `uploader` binary: [`flags`] reads the command line, [`commands`]
//! runs one subcommand through the library, [`output`] writes what the user
//! sees. Every failure ends in one line on stderr and exit code 1 (2 for
//! usage errors, from clap); a closed stdout ends quietly with 0.

mod commands;
mod flags;
mod output;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = flags::Cli::parse();
    match commands::run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`uploader list | head`): nobody is left to tell.
        Err(err) if output::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            output::error(&err);
            ExitCode::FAILURE
        }
    }
}
