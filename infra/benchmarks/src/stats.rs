//! Percentiles, the results table and a small deterministic random source (the seed data must be the same on
//! every run).

use std::time::Duration;

/// Latencies in milliseconds.
#[derive(Debug, Default, Clone)]
pub struct Samples(pub Vec<f64>);

impl Samples {
    pub fn push(&mut self, elapsed: Duration) {
        self.0.push(elapsed.as_secs_f64() * 1000.0);
    }

    /// The nearest-rank percentile (`p` in 0..=100).
    pub fn percentile(&self, p: f64) -> f64 {
        if self.0.is_empty() {
            return f64::NAN;
        }
        let mut sorted = self.0.clone();
        sorted.sort_by(f64::total_cmp);
        let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
        sorted[rank.min(sorted.len()) - 1]
    }

    pub fn p50(&self) -> f64 {
        self.percentile(50.0)
    }

    pub fn p99(&self) -> f64 {
        self.percentile(99.0)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }
}

/// How a figure is judged against its target.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    AtMost(f64),
    AtLeast(f64),
    Exactly(f64),
    /// Shown for context; no target of its own.
    None,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub section: &'static str,
    pub figure: String,
    pub value: f64,
    pub unit: &'static str,
    pub target: Target,
    pub note: String,
}

impl Row {
    pub fn new(
        section: &'static str,
        figure: impl Into<String>,
        value: f64,
        unit: &'static str,
        target: Target,
    ) -> Self {
        Self { section, figure: figure.into(), value, unit, target, note: String::new() }
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = note.into();
        self
    }

    fn verdict(&self) -> &'static str {
        let met = match self.target {
            Target::AtMost(limit) => self.value <= limit,
            Target::AtLeast(limit) => self.value >= limit,
            Target::Exactly(wanted) => (self.value - wanted).abs() < 1e-9,
            Target::None => return "",
        };
        if met { "met" } else { "MISSED" }
    }

    fn target_text(&self) -> String {
        match self.target {
            Target::AtMost(limit) => format!("≤ {}", number(limit)),
            Target::AtLeast(limit) => format!("≥ {}", number(limit)),
            Target::Exactly(wanted) => format!("= {}", number(wanted)),
            Target::None => "—".into(),
        }
    }
}

pub fn number(value: f64) -> String {
    if value.is_nan() {
        "n/a".into()
    } else if value == value.trunc() && value.abs() < 1e12 {
        format!("{value:.0}")
    } else if value.abs() >= 100.0 {
        format!("{value:.0}")
    } else if value.abs() >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

/// The table, as Markdown (it goes into BENCHMARKS.md as printed).
pub fn table(rows: &[Row]) -> String {
    let mut out = String::from("| # | figure | value | target | verdict | note |\n|---|---|---|---|---|---|\n");
    for row in rows {
        let value = if row.unit.is_empty() { number(row.value) } else { format!("{} {}", number(row.value), row.unit) };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            row.section,
            row.figure,
            value,
            row.target_text(),
            row.verdict(),
            row.note
        ));
    }
    out
}

/// xorshift64*: deterministic pseudo-random numbers for the seed data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let samples = Samples((1..=100).map(f64::from).collect());
        assert_eq!((samples.p50(), samples.p99(), samples.percentile(100.0)), (50.0, 99.0, 100.0));
        assert!(Samples::default().p50().is_nan());
    }

    #[test]
    fn verdicts_follow_targets() {
        let row = |value, target| Row::new("1", "x", value, "", target);
        assert_eq!(row(1.1, Target::AtMost(1.1)).verdict(), "met");
        assert_eq!(row(1.2, Target::AtMost(1.1)).verdict(), "MISSED");
        assert_eq!(row(0.8, Target::AtLeast(0.9)).verdict(), "MISSED");
        assert_eq!(row(1.0, Target::Exactly(1.0)).verdict(), "met");
        assert_eq!(row(3.0, Target::None).verdict(), "");
    }
}
