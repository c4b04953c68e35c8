//! One function per subcommand: the library's options from the flags, the
//! library call, the result to the [`Printer`].

use crate::flags::{ApiArgs, Cli, Command, Format, ListArgs, PruneArgs, PublishArgs, VerifyArgs};
use crate::output::Printer;

/// Runs a parsed command line.
pub fn run(cli: &Cli) -> anyhow::Result<()> {
    let api = &cli.api;
    match &cli.command {
        Command::Publish(args) => publish(api, args),
        Command::List(args) => list(api, args),
        Command::Verify(args) => verify(api, args),
        Command::Rollback(format) => rollback(api, format),
        Command::Prune(args) => prune(api, args),
    }
}

fn publish(api: &ApiArgs, args: &PublishArgs) -> anyhow::Result<()> {
    let summary = uploader::publish(&args.options(api.options()?))?;
    Printer::new(&args.format).publish(&summary)?;
    Ok(())
}

fn list(api: &ApiArgs, args: &ListArgs) -> anyhow::Result<()> {
    let api = api.options_with_token()?;
    let printer = Printer::new(&args.format);
    if args.releases {
        printer.releases(&uploader::releases(&api)?)?;
    } else {
        printer.assets(&uploader::list(&api)?)?;
    }
    Ok(())
}

fn verify(api: &ApiArgs, args: &VerifyArgs) -> anyhow::Result<()> {
    let report = uploader::verify_report(&args.options(api.options_with_token()?))?;
    Printer::new(&args.format).verify(&report)?;
    match report.failure() {
        Some(failure) => Err(failure.into()),
        None => Ok(()),
    }
}

fn rollback(api: &ApiArgs, format: &Format) -> anyhow::Result<()> {
    let result = uploader::rollback(&api.options_with_token()?)?;
    Printer::new(format).rollback(&result)?;
    Ok(())
}

fn prune(api: &ApiArgs, args: &PruneArgs) -> anyhow::Result<()> {
    let pruned = uploader::prune(&api.options_with_token()?, args.dry_run)?;
    Printer::new(&args.format).prune(&pruned, args.dry_run)?;
    Ok(())
}
