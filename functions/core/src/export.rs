//! The daily open-data export (`scheduled-open-data` in template.yaml; EventBridge Scheduler calls it every
//! night with the time it was scheduled for). For each day since its last run it reads the public signals the
//! stream saw change that day (never the table), and writes to the site's bucket:
//! - `open-data/signals/<day>.csv` and `.geojson`: those signals as they stand;
//! - `open-data/accounts/<day>.csv`: the public account of every unit and district as of the run (its history);
//! - `open-data/index.json`: the licence and the days there are.

use crate::domain::accounts::assemble;
use crate::domain::calendar::sofia_time_zone;
use crate::domain::catalogue::Catalogue;
use crate::domain::open_data::{LICENCE, public_signals, signals_csv, signals_geojson};
use crate::ports::{ChangeLog, DocumentStore, FileError, RunLog, SitePublisher, StatsStore, StoreError};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

const RUN_NAME: &str = "open-data";
const FIRST_DAY: &str = "open-data-first";

crate::dependencies! {
    /// What the export uses: the day's changes, the documents, the counters of the public account, the run log
    /// and the site's bucket.
    pub struct Exporter {
        changes: Arc<dyn ChangeLog>, documents: Arc<dyn DocumentStore>, stats: Arc<dyn StatsStore>,
        runs: Arc<dyn RunLog>, site: Arc<dyn SitePublisher>, catalogue: &'static Catalogue,
    }
}

/// What a run exported.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ExportReport {
    pub days: Vec<String>,
    pub signals: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("store: {0}")]
    Store(#[from] StoreError),
    #[error("site bucket: {0}")]
    File(#[from] FileError),
}

/// One run as of `at`: every day from the one after the last exported up to yesterday (the first run: yesterday).
#[tracing::instrument(skip_all, name = "export::run", fields(at = %at))]
pub async fn run(deps: &Exporter, at: Timestamp) -> Result<ExportReport, ExportError> {
    let today = at.to_zoned_datetime(sofia_time_zone()).date();
    let yesterday = today.yesterday().unwrap_or(today);
    let mut day = match deps.runs.last_day(RUN_NAME).await? {
        Some(last) => last.tomorrow().unwrap_or(today),
        None => yesterday,
    };
    let first = match deps.runs.last_day(FIRST_DAY).await? {
        Some(first) => first,
        None => {
            deps.runs.record_day(FIRST_DAY, day).await?;
            day
        }
    };
    let mut report = ExportReport::default();
    // The public account as of the run, written for each day it covers (its history, day by day).
    let (months, all_time, now) = crate::handlers::accounts::account_counters(deps.stats.as_ref(), today).await?;
    let account = assemble(&months, &all_time, &now, &BTreeMap::new(), today, deps.catalogue).to_csv();
    while day <= yesterday {
        report.signals += export_day(deps, day, at, &account).await?;
        report.days.push(day.to_string());
        deps.runs.record_day(RUN_NAME, day).await?;
        day = day.tomorrow().unwrap_or(today);
    }
    if let Some(last) = report.days.last() {
        let index = serde_json::json!({
            "licence": LICENCE,
            "from": first.to_string(),
            "to": last,
            "signals": ["open-data/signals/{day}.csv", "open-data/signals/{day}.geojson"],
            "accounts": "open-data/accounts/{day}.csv",
            "about": "Public signals filed or changed each day, as they stood at the export; no personal data.",
        });
        deps.site.publish_site_file("open-data/index.json", index.to_string().into_bytes(), "application/json").await?;
    }
    tracing::info!(?report, "open data exported");
    Ok(report)
}

async fn export_day(deps: &Exporter, day: Date, at: Timestamp, account: &str) -> Result<usize, ExportError> {
    let numbers = deps.changes.changed_on(day).await?;
    let documents = deps.documents.get_many(&numbers).await?;
    let signals = public_signals(&documents);
    let csv = signals_csv(&signals, deps.catalogue, at);
    let geojson = signals_geojson(&signals, deps.catalogue, at).to_string();
    deps.site
        .publish_site_file(&format!("open-data/signals/{day}.csv"), csv.into_bytes(), "text/csv; charset=utf-8")
        .await?;
    deps.site
        .publish_site_file(&format!("open-data/signals/{day}.geojson"), geojson.into_bytes(), "application/geo+json")
        .await?;
    deps.site
        .publish_site_file(
            &format!("open-data/accounts/{day}.csv"),
            account.as_bytes().to_vec(),
            "text/csv; charset=utf-8",
        )
        .await?;
    Ok(signals.len())
}

impl crate::scheduled::ScheduledJob for Exporter {
    type Report = ExportReport;
    type Error = ExportError;
    async fn run(&self, at: Timestamp) -> Result<ExportReport, ExportError> {
        run(self, at).await
    }
}
