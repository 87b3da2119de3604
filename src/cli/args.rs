//! Command-line syntax (clap derive). Converted once into library types by the subcommands.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use vigil::engine::{
    DEFAULT_MAX_DECODE_DEPTH, DEFAULT_MAX_LINE_LENGTH, Limits, MAX_DECODE_DEPTH,
    MIN_MAX_LINE_LENGTH,
};

/// vigil: a fast, parallel secret scanner and git hook.
#[derive(Debug, Parser)]
#[command(
    name = "vigil",
    version,
    about,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files and directories (or `-` for standard input) for secrets.
    Scan(ScanArgs),
    /// List or check rules.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Scan the changes staged for the next commit (what the pre-commit hook runs).
    Staged(StagedArgs),
    /// Scan the commits of a range (for CI and pre-push): the lines each commit adds, and
    /// each commit's message.
    Git(GitArgs),
    /// Entry points for installed git hooks.
    #[command(subcommand)]
    Hook(HookCommand),
    /// Install vigil's git hooks (pre-commit; --pre-push for the pre-push hook).
    Install(InstallArgs),
    /// Remove vigil's git hooks and restore whatever was there before.
    Uninstall(InstallArgs),
    /// Verify commit signatures against the repository's signing policy.
    Verify(VerifyArgs),
    /// Record today's findings so that later scans (`--baseline FILE`) report only new ones.
    #[command(subcommand)]
    Baseline(BaselineCommand),
}

/// `vigil baseline ...`.
#[derive(Debug, Subcommand)]
pub enum BaselineCommand {
    /// Scan PATHs and write their findings (hashed, no secrets, no line numbers) to FILE.
    Create(BaselineCreateArgs),
}

/// `vigil baseline create`.
#[derive(Debug, Args)]
pub struct BaselineCreateArgs {
    /// Files or directories to scan.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Where to write the baseline (default: `.vigil-baseline.json` at the repository root).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Do not honour .gitignore, .ignore and git exclude files.
    #[arg(long)]
    pub no_ignore: bool,
    /// Skip files larger than this many bytes; accepts K, M, G suffixes.
    #[arg(long, value_name = "SIZE", default_value = "10M", value_parser = parse_size)]
    pub max_file_size: u64,
    #[command(flatten)]
    pub rules: RuleArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Engine resource limits shared by scanning commands. Each limit hit is reported (per file,
/// and counted in the summary), never silent.
#[derive(Debug, Args, Clone)]
#[command(next_help_heading = "Limits")]
pub struct LimitArgs {
    /// Layers of encoding (base64 inside base64 ...) to look through; 0 turns decoding off.
    /// Deeper values are reported, not decoded.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_DECODE_DEPTH, value_parser = parse_decode_depth)]
    pub max_decode_depth: u8,
    /// How far either side of a keyword a line is read (at least 256; K, M suffixes). Longer
    /// lines are cut there and reported.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_LINE_LENGTH as u64, value_parser = parse_line_length)]
    pub max_line_length: u64,
    /// Time allowed per file or blob (`5s`, `500ms`, `2m`, seconds as a number; `0` or `off`:
    /// no limit). A file that runs out is reported; what was found before is kept.
    #[arg(long, value_name = "DURATION", default_value = DEFAULT_TIME_BUDGET, value_parser = parse_time_budget)]
    pub file_time_budget: TimeBudget,
}

/// The default of `--file-time-budget`, as typed (the library's default; a test keeps the two
/// equal).
const DEFAULT_TIME_BUDGET: &str = "5s";

/// A parsed `--file-time-budget`: `None` is no limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeBudget(pub Option<Duration>);

impl LimitArgs {
    /// The engine limits these flags ask for.
    pub fn limits(&self) -> Limits {
        Limits {
            max_decode_depth: self.max_decode_depth,
            max_line_length: usize::try_from(self.max_line_length).unwrap_or(usize::MAX),
            file_time_budget: self.file_time_budget.0,
        }
    }
}

impl Default for LimitArgs {
    fn default() -> Self {
        let d = Limits::default();
        LimitArgs {
            max_decode_depth: d.max_decode_depth,
            max_line_length: d.max_line_length as u64,
            file_time_budget: TimeBudget(d.file_time_budget),
        }
    }
}

/// Noise control shared by scanning commands.
#[derive(Debug, Args, Clone, Default)]
pub struct FilterArgs {
    /// Report only findings not recorded in this baseline (see `vigil baseline create`).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Also list the findings that allowlists, inline markers, ignore files or the baseline
    /// suppressed, and what suppressed each.
    #[arg(long)]
    pub show_suppressed: bool,
    /// Do not read `.vigilignore` / `.gitleaksignore`.
    #[arg(long)]
    pub no_ignore_file: bool,
    /// Report only findings of at least this severity (`info` adds keys that are public by
    /// design, such as Stripe publishable keys; the rest are counted as suppressed).
    #[arg(long, value_enum, value_name = "LEVEL", default_value_t = SeverityArg::Low)]
    pub min_severity: SeverityArg,
    /// Report only findings of at least this confidence (`high`: checksummed or uniquely
    /// prefixed tokens and private keys; `low` includes generic assignments).
    #[arg(long, value_enum, value_name = "LEVEL", default_value_t = ConfidenceArg::Low)]
    pub min_confidence: ConfidenceArg,
}

/// `--min-severity`.
#[derive(Debug, Clone, Copy, Default, ValueEnum, PartialEq, Eq)]
pub enum SeverityArg {
    /// Everything, including keys that are public by design.
    Info,
    /// Low and above (the default).
    #[default]
    Low,
    /// Medium and above.
    Medium,
    /// High and critical.
    High,
    /// Critical only.
    Critical,
}

impl From<SeverityArg> for vigil::finding::Severity {
    fn from(a: SeverityArg) -> Self {
        use vigil::finding::Severity as S;
        match a {
            SeverityArg::Info => S::Info,
            SeverityArg::Low => S::Low,
            SeverityArg::Medium => S::Medium,
            SeverityArg::High => S::High,
            SeverityArg::Critical => S::Critical,
        }
    }
}

/// `--min-confidence`.
#[derive(Debug, Clone, Copy, Default, ValueEnum, PartialEq, Eq)]
pub enum ConfidenceArg {
    /// Everything (the default).
    #[default]
    Low,
    /// Medium and high.
    Medium,
    /// High only.
    High,
}

impl From<ConfidenceArg> for vigil::finding::Confidence {
    fn from(a: ConfidenceArg) -> Self {
        use vigil::finding::Confidence as C;
        match a {
            ConfidenceArg::Low => C::Low,
            ConfidenceArg::Medium => C::Medium,
            ConfidenceArg::High => C::High,
        }
    }
}

/// `vigil staged`.
#[derive(Debug, Args)]
pub struct StagedArgs {
    /// Run in the repository at PATH instead of the current directory (as `git -C`).
    #[arg(short = 'C', value_name = "PATH", default_value = ".")]
    pub repo: PathBuf,
    /// Skip (and report) files whose added text is larger than this; accepts K, M, G suffixes.
    #[arg(long, value_name = "SIZE", default_value = "10M", value_parser = parse_size)]
    pub max_file_size: u64,
    #[command(flatten)]
    pub rules: RuleArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// `vigil git`.
#[derive(Debug, Args)]
pub struct GitArgs {
    /// Revision range, as git understands it (`origin/main..HEAD`, `v1.2.0..`, `abc123`).
    #[arg(
        value_name = "RANGE",
        required_unless_present_any = ["since", "all"],
        conflicts_with_all = ["since", "all"]
    )]
    pub range: Option<String>,
    /// Scan the commits after REF up to HEAD (same as `REF..HEAD`).
    #[arg(long, value_name = "REF", conflicts_with = "all")]
    pub since: Option<String>,
    /// Audit the whole history: every blob of every commit reachable from any ref, each once,
    /// attributed to the first commit and path that had it; commit and tag messages too.
    #[arg(long)]
    pub all: bool,
    /// With --all: also scan objects no ref reaches (dangling commits and blobs).
    #[arg(long, requires = "all")]
    pub all_objects: bool,
    /// With --all: worker threads (default: number of CPUs).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// With --all: scan every blob whole, not only the lines new at its path (slower; for
    /// checking the line selection).
    #[arg(long, requires = "all", hide = true)]
    pub whole_blobs: bool,
    /// With --all: no progress bar (it is drawn only when standard error is a terminal).
    #[arg(long)]
    pub no_progress: bool,
    /// Run in the repository at PATH (as `git -C`).
    #[arg(short = 'C', value_name = "PATH", default_value = ".")]
    pub repo: PathBuf,
    /// Skip (and report) files whose added text is larger than this.
    #[arg(long, value_name = "SIZE", default_value = "10M", value_parser = parse_size)]
    pub max_file_size: u64,
    #[command(flatten)]
    pub rules: RuleArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// `vigil hook ...`.
#[derive(Debug, Subcommand)]
pub enum HookCommand {
    /// The pre-push hook: reads git's pre-push lines on standard input and scans exactly the
    /// commits being pushed.
    PrePush {
        /// Remote name (passed by git; informational).
        remote: Option<String>,
        /// Remote URL (passed by git; informational).
        url: Option<String>,
        /// Run in the repository at PATH (as `git -C`).
        #[arg(short = 'C', value_name = "PATH", default_value = ".")]
        repo: PathBuf,
    },
}

/// `vigil install` / `vigil uninstall`.
#[derive(Debug, Args)]
pub struct InstallArgs {
    /// The repository (as `git -C`).
    #[arg(short = 'C', value_name = "PATH", default_value = ".")]
    pub repo: PathBuf,
    /// The pre-push hook instead of the pre-commit hook.
    #[arg(long)]
    pub pre_push: bool,
    /// Install: move an existing hook aside to `<hook>.vigil-backup` instead of chaining it.
    #[arg(long)]
    pub force: bool,
}

/// `vigil verify`.
#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 every commit satisfies the policy, 1 violations, 2 error.\n\
The policy judging a commit is the one in force in its parent (a root commit: its own),\n\
unless --policy or --trust-root is given."
)]
pub struct VerifyArgs {
    /// Revision range (`origin/main..HEAD`, a single revision for it and its ancestors).
    /// Default: HEAD.
    #[arg(conflicts_with_all = ["all", "pre_commit", "pre_push"])]
    pub range: Option<String>,
    /// Verify every commit reachable from any reference.
    #[arg(long)]
    pub all: bool,
    /// Run as if started in PATH.
    #[arg(short = 'C', value_name = "PATH", default_value = ".")]
    pub dir: PathBuf,
    /// Judge every commit by this policy file (a .vigil.toml with a [signing] section;
    /// its paths are relative to the file's directory) instead of the history's own.
    #[arg(long, value_name = "FILE", conflicts_with = "trust_root")]
    pub policy: Option<PathBuf>,
    /// Trust this commit: verify only its descendants, starting from its policy.
    #[arg(long, value_name = "COMMIT")]
    pub trust_root: Option<String>,
    /// List the commits that changed the signing policy and whether each change was allowed.
    #[arg(long, conflicts_with_all = ["pre_commit", "pre_push"])]
    pub policy_history: bool,
    /// Pre-commit check: fail if the policy requires signing and git is not set up to sign.
    #[arg(long, conflicts_with = "pre_push")]
    pub pre_commit: bool,
    /// Pre-push check: read git's pre-push lines from standard input, verify the pushed commits.
    #[arg(long)]
    pub pre_push: bool,
    /// Report format: human, json, sarif or junit.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
    /// Write the report to FILE (created with owner-only permissions) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `vigil scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or directories to scan; `-` reads standard input.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Do not honour .gitignore, .ignore and git exclude files.
    #[arg(long)]
    pub no_ignore: bool,
    /// Skip (and report) files larger than this many bytes; accepts K, M, G suffixes.
    #[arg(long, value_name = "SIZE", default_value = "10M", value_parser = parse_size)]
    pub max_file_size: u64,
    /// Follow symbolic links (loops are detected and reported).
    #[arg(long, short = 'L')]
    pub follow_symlinks: bool,
    /// Worker threads (default: number of CPUs).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// Name shown for standard input.
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    pub stdin_name: String,
    #[command(flatten)]
    pub rules: RuleArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Rule selection shared by scanning commands.
#[derive(Debug, Args, Clone)]
pub struct RuleArgs {
    /// Extra configuration (rules, disabled rules); may be repeated. Replaces the automatic
    /// `.vigil.toml` at the repository root.
    #[arg(long = "config", short = 'c', value_name = "FILE")]
    pub config: Vec<PathBuf>,
    /// Do not load `.vigil.toml` from the scanned repository.
    #[arg(long)]
    pub no_config: bool,
}

/// Report options shared by scanning commands.
#[derive(Debug, Args, Clone)]
pub struct OutputArgs {
    /// Report format.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
    /// Write the report to FILE (created with owner-only permissions) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Show secrets in clear instead of redacted.
    #[arg(long)]
    pub show_secrets: bool,
    /// When to use colours.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

/// `--format`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FormatArg {
    /// Human-readable text.
    Human,
    /// JSON.
    Json,
    /// SARIF 2.1.0 (GitHub code scanning and other static-analysis dashboards).
    Sarif,
    /// JUnit XML (CI test dashboards): one test case per finding.
    Junit,
    /// CSV, one row per finding.
    Csv,
}

/// `--color`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ColorArg {
    /// Colours on a terminal unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// `vigil rules ...`.
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List the active rules.
    List {
        /// Output format.
        #[arg(long, short = 'f', value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Run rules' own examples through the engine (the built-in pack when no FILE is given).
    Check {
        /// Rule files (same format as rules/*.toml or a .vigil.toml).
        files: Vec<PathBuf>,
        /// Also check the built-in pack (the default when no FILE is given).
        #[arg(long)]
        builtin: bool,
        /// Directory of ordinary source to measure keyword frequency on (first 64 MiB); without
        /// it, keywords are judged against a list of very common code words.
        #[arg(long, value_name = "DIR")]
        sample: Option<PathBuf>,
    },
}

/// `rules list --format`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ListFormat {
    /// Aligned table.
    Table,
    /// JSON array.
    Json,
}

/// Parses `123`, `10K`, `10M`, `1G` (binary multiples).
fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (num, mult) = match s.char_indices().last() {
        Some((i, 'k' | 'K')) => (&s[..i], 1u64 << 10),
        Some((i, 'm' | 'M')) => (&s[..i], 1 << 20),
        Some((i, 'g' | 'G')) => (&s[..i], 1 << 30),
        _ => (s, 1),
    };
    num.trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(mult))
        .ok_or_else(|| format!("invalid size `{s}` (examples: 1048576, 512K, 10M, 1G)"))
}

/// `--max-decode-depth`: 0 to the library's maximum.
fn parse_decode_depth(s: &str) -> Result<u8, String> {
    s.trim()
        .parse::<u8>()
        .ok()
        .filter(|&n| n <= MAX_DECODE_DEPTH)
        .ok_or_else(|| {
            format!("invalid depth `{s}`: a number of layers from 0 (decoding off) to {MAX_DECODE_DEPTH}")
        })
}

/// `--max-line-length`: a size of at least [`MIN_MAX_LINE_LENGTH`] bytes.
fn parse_line_length(s: &str) -> Result<u64, String> {
    let n = parse_size(s)?;
    if n < MIN_MAX_LINE_LENGTH as u64 {
        return Err(format!(
            "{n} bytes is too short: at least {MIN_MAX_LINE_LENGTH}, or ordinary lines would be cut"
        ));
    }
    Ok(n)
}

/// `--file-time-budget`: `5s`, `500ms`, `2m`, `1.5` (seconds), or `0` / `off` / `none`.
fn parse_time_budget(s: &str) -> Result<TimeBudget, String> {
    let t = s.trim().to_ascii_lowercase();
    if matches!(t.as_str(), "off" | "none" | "0") {
        return Ok(TimeBudget(None));
    }
    let (num, unit) = match t.find(|c: char| c.is_ascii_alphabetic()) {
        Some(i) => t.split_at(i),
        None => (t.as_str(), "s"),
    };
    let scale = match unit.trim() {
        "ms" => 1e-3,
        "s" | "sec" => 1.0,
        "m" | "min" => 60.0,
        _ => f64::NAN,
    };
    let secs = num.trim().parse::<f64>().map(|n| n * scale);
    match secs {
        Ok(0.0) => Ok(TimeBudget(None)),
        Ok(secs) if secs.is_finite() && secs > 0.0 => Duration::try_from_secs_f64(secs)
            .map(|d| TimeBudget(Some(d)))
            .map_err(|e| format!("invalid duration `{s}`: {e}")),
        _ => Err(format!(
            "invalid duration `{s}` (examples: 5s, 500ms, 2m, 10 for seconds; 0 or off for no limit)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("10M"), Ok(10 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("7"), Ok(7));
        assert!(parse_size("ten").is_err());
    }

    #[test]
    fn limit_values() {
        assert_eq!(parse_decode_depth("0"), Ok(0));
        assert_eq!(parse_decode_depth("3"), Ok(3));
        assert!(parse_decode_depth("9").is_err());
        assert!(parse_decode_depth("-1").is_err());
        assert_eq!(parse_line_length("64K"), Ok(64 << 10));
        assert_eq!(parse_line_length("256"), Ok(256));
        assert!(parse_line_length("255").is_err());
        let secs = |s: &str| parse_time_budget(s).map(|b| b.0);
        assert_eq!(secs("5s"), Ok(Some(Duration::from_secs(5))));
        assert_eq!(secs("500ms"), Ok(Some(Duration::from_millis(500))));
        assert_eq!(secs("2m"), Ok(Some(Duration::from_secs(120))));
        assert_eq!(secs("1.5"), Ok(Some(Duration::from_millis(1500))));
        assert_eq!(secs("10"), Ok(Some(Duration::from_secs(10))));
        for off in ["0", "off", "OFF", "none", "0s", "0ms"] {
            assert_eq!(secs(off), Ok(None), "{off}");
        }
        for bad in ["", "soon", "-1s", "5h", "1e400", "nan", "inf"] {
            assert!(secs(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn limit_defaults_are_the_library_defaults() {
        let d = Limits::default();
        assert_eq!(
            parse_time_budget(DEFAULT_TIME_BUDGET).map(|b| b.0),
            Ok(d.file_time_budget)
        );
        assert_eq!(LimitArgs::default().limits(), d);
        use clap::Parser as _;
        let cli = Cli::try_parse_from(["vigil", "scan"]).unwrap();
        let Command::Scan(args) = cli.command else {
            panic!("scan")
        };
        assert_eq!(args.limits.limits(), d);
    }
}
