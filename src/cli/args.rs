//! Command-line syntax (clap derive). Converted once into library types by the subcommands.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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
    /// Skip (and count) files whose added text is larger than this.
    #[arg(long, value_name = "SIZE", default_value = "10M", value_parser = parse_size)]
    pub max_file_size: u64,
    #[command(flatten)]
    pub rules: RuleArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub output: OutputArgs,
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

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("10M"), Ok(10 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("7"), Ok(7));
        assert!(parse_size("ten").is_err());
    }
}
