//! The `partnerdesk` binary: serve the portal, or migrate the database.

use std::process::ExitCode;

use clap::Parser;
use partnerdesk::config::{Cli, Command, Config};
use partnerdesk::startup::Application;
use partnerdesk::{db, telemetry};

fn main() -> ExitCode {
    telemetry::init();
    let cli = Cli::parse();
    let outcome = Config::from_settings(cli.settings).and_then(|config| match cli.command.unwrap_or(Command::Serve) {
        Command::Migrate => db::prepare(&config.database_url).map(|_| println!("database is migrated")),
        Command::Serve => serve(config),
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // One line that says what to fix.
            eprintln!("partnerdesk: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn serve(config: Config) -> anyhow::Result<()> {
    actix_web::rt::System::new().block_on(async {
        let app = Application::build(config)?;
        app.run_until_stopped().await?;
        Ok(())
    })
}
