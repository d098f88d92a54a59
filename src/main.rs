//! The `partnerdesk` binary: serve the portal, or migrate the database.

use std::process::ExitCode;

use clap::Parser;
use partnerdesk::config::{Cli, Command, Config, VendorCommand};
use partnerdesk::provision::{self, VendorRequest};
use partnerdesk::startup::Application;
use partnerdesk::{db, telemetry};

fn main() -> ExitCode {
    telemetry::init();
    let cli = Cli::parse();
    let outcome =
        Config::from_settings(cli.settings).and_then(|config| match cli.command.clone().unwrap_or(Command::Serve) {
            Command::Migrate => db::prepare(&config.database_url).map(|_| println!("database is migrated")),
            Command::Serve => serve(config),
            Command::Demo { check_books: Some(sample), .. } => check_books(&config, sample),
            Command::Demo { partners, clicks, check_books: None } => {
                partnerdesk::demo::run(&config, partnerdesk::demo::Size { partners, clicks })
                    .map(|summary| println!("{summary}"))
            }
            Command::Vendor(VendorCommand::Create { name, owner_email, owner_name, website }) => {
                let request = VendorRequest {
                    name: &name,
                    owner_email: &owner_email,
                    owner_name: owner_name.as_deref(),
                    website: &website,
                };
                provision::create(&config, &request).map(|made| {
                    println!("vendor created: {}/vendor/{}", config.base_url(), made.slug);
                    if made.emailed {
                        println!(
                            "{} was sent a link to set their password (the running portal sends it)",
                            made.owner_email
                        );
                    } else {
                        println!("{} already has an account and now owns the vendor", made.owner_email);
                    }
                })
            }
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

fn check_books(config: &Config, sample: u32) -> anyhow::Result<()> {
    let audit = partnerdesk::demo::check_books(config, sample)?;
    for line in &audit.disagreements {
        println!("{line}");
    }
    anyhow::ensure!(
        audit.disagreements.is_empty(),
        "{} of {} events differ from what the ledger writes",
        audit.disagreements.len(),
        audit.events
    );
    println!(
        "the books agree: {} events, {} commissions ({} referral overrides) recomputed by the ledger",
        audit.events, audit.commissions, audit.overrides
    );
    Ok(())
}

fn serve(config: Config) -> anyhow::Result<()> {
    actix_web::rt::System::new().block_on(async {
        let app = Application::build(config)?;
        app.run_until_stopped().await?;
        Ok(())
    })
}
