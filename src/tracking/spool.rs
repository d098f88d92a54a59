//! The click spool: while PostgreSQL cannot take clicks, batches are
//! appended to a file under `DATA_DIR` (one JSON line per click, synced to
//! disk per batch) and replayed when it is back.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::clicks::Row;

pub struct Spool {
    path: PathBuf,
    /// Clicks in the file.
    len: usize,
}

impl Spool {
    /// The spool at `DATA_DIR/spool/clicks.jsonl`, with whatever an earlier
    /// run left in it.
    pub fn open(data_dir: &Path) -> anyhow::Result<Spool> {
        let dir = data_dir.join("spool");
        std::fs::create_dir_all(&dir).with_context(|| format!("cannot create the spool folder {}", dir.display()))?;
        let mut spool = Spool { path: dir.join("clicks.jsonl"), len: 0 };
        spool.end_torn_line()?;
        spool.len = spool.read()?.len();
        Ok(spool)
    }

    /// A crash mid-append can leave a line without its end; ending it keeps
    /// the next batch from being glued to it and lost with it.
    fn end_torn_line(&self) -> anyhow::Result<()> {
        let Ok(text) = std::fs::read(&self.path) else { return Ok(()) };
        if text.last().is_some_and(|&last| last != b'\n') {
            let mut file = OpenOptions::new().append(true).open(&self.path)?;
            file.write_all(b"\n")?;
            file.sync_data()?;
        }
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Appends the batch and syncs it to disk before returning.
    pub fn append(&mut self, rows: &[Row]) -> anyhow::Result<()> {
        let mut text = String::new();
        for row in rows {
            text.push_str(&serde_json::to_string(row)?);
            text.push('\n');
        }
        let mut file = OpenOptions::new().create(true).append(true).open(&self.path)?;
        file.write_all(text.as_bytes())?;
        file.sync_data()?;
        self.len += rows.len();
        Ok(())
    }

    /// Every spooled click. A line cut short by a crash mid-append is skipped.
    pub fn read(&self) -> anyhow::Result<Vec<Row>> {
        let file = match File::open(&self.path) {
            Ok(file) => file,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(error) => return Err(error).context("opening the click spool"),
        };
        let mut rows = Vec::new();
        for line in BufReader::new(file).lines() {
            match serde_json::from_str(&line?) {
                Ok(row) => rows.push(row),
                Err(error) => tracing::warn!(%error, "skipping an unreadable line of the click spool"),
            }
        }
        Ok(rows)
    }

    /// Empties the file once its clicks are committed.
    pub fn clear(&mut self) -> anyhow::Result<()> {
        let file = OpenOptions::new().create(true).write(true).truncate(true).open(&self.path)?;
        file.sync_all()?;
        self.len = 0;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::Spool;
    use crate::db::ids::{LinkId, PartnershipId};
    use crate::tracking::clicks::Row;

    fn row(id: &str) -> Row {
        Row {
            public_id: id.into(),
            link: LinkId(1),
            partnership: PartnershipId(2),
            ad: None,
            at: Utc::now(),
            visitor_hash: "ab".into(),
            referer: None,
            user_agent: Some("Firefox".into()),
            unique: true,
        }
    }

    #[test]
    fn spooled_clicks_survive_a_restart_until_cleared() {
        let dir = std::env::temp_dir().join(format!("pd-spool-{}", std::process::id()));
        let mut spool = Spool::open(&dir).unwrap();
        spool.clear().unwrap();
        spool.append(&[row("a"), row("b")]).unwrap();
        std::fs::OpenOptions::new()
            .append(true)
            .open(dir.join("spool/clicks.jsonl"))
            .and_then(|mut f| std::io::Write::write_all(&mut f, b"{\"cut short"))
            .unwrap();

        let mut reopened = Spool::open(&dir).unwrap();
        assert_eq!(reopened.len(), 2, "the torn line is skipped");
        reopened.append(&[row("c")]).unwrap();
        let ids: Vec<String> = reopened.read().unwrap().into_iter().map(|r| r.public_id).collect();
        assert_eq!(ids, ["a", "b", "c"], "a batch after a torn line is kept");
        reopened.clear().unwrap();
        assert!(Spool::open(&dir).unwrap().is_empty());
        std::fs::remove_dir_all(&dir).ok();
    }
}
