//! What the fuzz tests (`tests/fuzz_*.rs`) share: a seeded, bounded proptest runner, the real
//! files the mutations start from, and the mutations themselves. See docs/fuzzing.md.
//!
//! proptest earns its place over a mutator of our own: its runner takes a fixed seed with a
//! deterministic RNG (ChaCha), so `cargo test` tries the same cases on every machine, and when
//! a case fails it shrinks it, so a failure reads as "this seed file with these two edits"
//! rather than as 100 KB of mutated text; the case count and seed are plain configuration.
//! A hand-written mutator would have needed its own shrinking to report as well.

// Each fuzz test binary uses only a part of this module.
#![allow(dead_code)]

use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};

pub mod models;

/// Cases per fuzz test, instead of each test's own default (docs/fuzzing.md).
pub const CASES_VAR: &str = "THREATSKETCH_FUZZ_CASES";
/// Another seed than the fixed one, to explore other inputs before a release.
pub const SEED_VAR: &str = "THREATSKETCH_FUZZ_SEED";
/// The seed of every `cargo test` run.
pub const DEFAULT_SEED: u64 = 20_261_201;
/// No mutated input grows past this: the loaders are fuzzed for crashes and hangs on inputs of
/// a realistic size, not for how they cope with gigabytes.
pub const MAX_INPUT: usize = 1 << 20;
/// One case taking longer than this is a hang (a case takes milliseconds in the debug build).
pub const HANG: Duration = Duration::from_secs(10);

/// The number of cases: the test's default, or the count from the environment.
pub fn cases(default: u32) -> u32 {
    match std::env::var(CASES_VAR) {
        Ok(value) => value.trim().parse().unwrap_or_else(|_| panic!("{CASES_VAR}={value:?} is not a whole number")),
        Err(_) => default,
    }
}

fn seed() -> u64 {
    match std::env::var(SEED_VAR) {
        Ok(value) => value.trim().parse().unwrap_or_else(|_| panic!("{SEED_VAR}={value:?} is not a whole number")),
        Err(_) => DEFAULT_SEED,
    }
}

/// 32 bytes of ChaCha seed from the run's seed and the test's name, so that each test has its
/// own stream and adding a test changes no other test's cases.
fn rng_seed(seed: u64, name: &str) -> [u8; 32] {
    // FNV-1a of the name, then splitmix64 to fill the bytes.
    let mut state =
        name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    state ^= seed;
    let mut bytes = [0; 32];
    for chunk in bytes.chunks_mut(8) {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        chunk.copy_from_slice(&(z ^ (z >> 31)).to_le_bytes());
    }
    bytes
}

/// Runs `test` on `cases` inputs from `strategy`, seeded; a failure is shrunk and reported with
/// the smallest input found and how to run it again.
#[allow(clippy::print_stderr)] // the one line saying what ran, seen with --nocapture
pub fn check<S>(name: &str, default_cases: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S: Strategy,
    S::Value: Debug,
{
    let cases = cases(default_cases);
    let seed = seed();
    let config = Config {
        cases,
        // No proptest-regressions/ files: the seed is fixed, so a failure comes back anyway.
        failure_persistence: None,
        max_shrink_time: 60_000,
        max_shrink_iters: 4096,
        rng_algorithm: RngAlgorithm::ChaCha,
        ..Config::default()
    };
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &rng_seed(seed, name)));
    let start = Instant::now();
    let result = runner.run(&strategy, |value| {
        let case = Instant::now();
        test(value)?;
        let took = case.elapsed();
        prop_assert!(took < HANG, "one case took {took:?}: a hang or a blow-up");
        Ok(())
    });
    eprintln!("fuzz {name}: {cases} cases in {:.2?} (seed {seed})", start.elapsed());
    match result {
        Ok(()) => {}
        Err(TestError::Fail(reason, input)) => panic!(
            "fuzz {name} failed (seed {seed}; rerun with {SEED_VAR}={seed} {CASES_VAR}={cases}):\n{reason}\n\
             smallest failing input: {input:#?}"
        ),
        Err(TestError::Abort(reason)) => panic!("fuzz {name} gave up: {reason}"),
    }
}

/// A real file the mutations start from.
#[derive(Clone)]
pub struct SeedFile {
    pub name: String,
    pub text: String,
}

impl Debug for SeedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({} bytes)", self.name, self.text.len())
    }
}

/// The repository's root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Files ending in `ext` under each folder (recursively), skipping names that end in any of
/// `skip`; folder by folder, sorted in each, and each content once (the first folder's copy).
/// A folder that is not there adds nothing.
pub fn seed_files(folders: &[PathBuf], ext: &str, skip: &[&str]) -> Vec<SeedFile> {
    let mut paths = Vec::new();
    for folder in folders {
        let mut found = Vec::new();
        collect(folder, ext, &mut found);
        found.sort();
        paths.extend(found);
    }
    paths.retain(|p| !skip.iter().any(|s| p.to_string_lossy().ends_with(s)));
    let mut files: Vec<SeedFile> = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        if files.iter().all(|f| f.text != text) {
            let name = path.strip_prefix(root()).unwrap_or(&path).display().to_string();
            files.push(SeedFile { name, text });
        }
    }
    files
}

fn collect(folder: &Path, ext: &str, into: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, ext, into);
        } else if path.extension().is_some_and(|e| e == ext) {
            into.push(path);
        }
    }
}

/// The language a mutated file is in: tokens are written the way it writes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Ron,
    Json,
}

/// Something hostile to put into a file.
#[derive(Clone, Debug)]
pub enum Token {
    /// Written as is: a huge number, NaN, a stray bracket, a keyword, a BOM…
    Fixed(&'static str),
    /// `depth` opening brackets, then as many closing ones.
    Nesting {
        open: &'static str,
        close: &'static str,
        depth: usize,
    },
    /// A string literal of `len` copies of `ch`.
    LongString {
        ch: char,
        len: usize,
    },
    /// A string literal holding a control character, raw or escaped.
    Control {
        ch: char,
        escaped: bool,
    },
    /// A word of the format that fits where a value goes: a kind, a question, an option.
    Word(String),
    /// A number (RON files have floats and u32s, JSON ones every kind).
    Number(f64),
    Integer(i128),
}

impl Token {
    pub fn render(&self, dialect: Dialect) -> String {
        match self {
            Self::Fixed(text) => (*text).to_owned(),
            Self::Word(word) => word.clone(),
            Self::Nesting { open, close, depth } => format!("{}{}", open.repeat(*depth), close.repeat(*depth)),
            Self::LongString { ch, len } => format!("\"{}\"", ch.to_string().repeat(*len)),
            Self::Control { ch, escaped: false } => format!("\"a{ch}b\""),
            Self::Control { ch, escaped: true } => match dialect {
                Dialect::Ron => format!("\"a\\u{{{:x}}}b\"", u32::from(*ch)),
                Dialect::Json => format!("\"a\\u{:04x}b\"", u32::from(*ch)),
            },
            Self::Number(n) => format!("{n:?}"),
            Self::Integer(n) => n.to_string(),
        }
    }
}

/// Tokens that either language may choke on.
const COMMON: &[&str] = &[
    "NaN",
    "inf",
    "-inf",
    "Infinity",
    "1e999",
    "-1e999",
    "1e39",
    "3.4028236e38",
    "1e9",
    "-1e9",
    "1e8",
    "100000001.0",
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775809",
    "340282366920938463463374607431768211456",
    "-1",
    "-0",
    "-0.0",
    "0",
    "0.0",
    "1e-45",
    "1e-400",
    ".5",
    "5.",
    "+1",
    "1e",
    "0x7fffffff",
    "0b101",
    "1_000",
    "true",
    "false",
    "null",
    "()",
    "[]",
    "{}",
    "\"\"",
    "\" \"",
    "\"Yes\"",
    "\"Unknown\"",
    "\"e1\"",
    "\"f1\"",
    "\"b1\"",
    "\"e1@e2\"",
    "\"@\"",
    ",",
    ":",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "\\",
    "\\u",
    "'",
    "/*",
    "*/",
    "//",
    "\u{feff}",
    "\u{0}",
    "\r",
    "\t",
    "\n",
    "\u{202e}",
    "\u{2028}",
    "\u{fffd}",
    "é",
    "🦀",
    "\u{10ffff}",
];

/// Words and shapes of the RON model and catalogue formats.
const RON: &[&str] = &[
    "Yes",
    "No",
    "Unknown",
    "None",
    "Some(Yes)",
    "Some(1)",
    "Some(())",
    "Element(())",
    "Flow(())",
    "Answer(Yes)",
    "AtMost(89)",
    "Above(30)",
    "AtMost(-1)",
    "Above(4294967296)",
    "[Yes, No, Unknown]",
    "[\"none\", Unknown]",
    "Internet",
    "CloudAccount",
    "PersonalData",
    "PaymentCard",
    "Spoofing",
    "Tampering",
    "DenialOfService",
    "Low",
    "High",
    "VeryHigh",
    "Critical",
    "FiveLevels",
    "Open",
    "NotApplicable",
    "Accepted",
    "PciDss",
    "Identify",
    "Misconfiguration",
    "Developer",
    "(x: NaN, y: 0.0)",
    "(x: 1e30, y: -1e30)",
    "(x: 0.0, y: 0.0, width: -1.0, height: 1e38)",
    "(x: 0.0, y: 0.0, width: inf, height: 1.0)",
    "\"threatsketch\"",
    "\"api_gateway\"",
    "\"function\"",
    "\"mainframe\"",
    "\"jwt\"",
    "\"authorizer\"",
    "\"has_authorizer\"",
    "\"retention_days\"",
    "\"internet_facing\"",
    "\"\\u{0}\"",
    "\"\\u{d800}\"",
    "\"\\x41\"",
    "\"\\q\"",
    "r#\"raw\"#",
    "b\"bytes\"",
    "'c'",
    "#![enable(implicit_some)]",
    "#![enable(unwrap_newtypes)]",
    "#![enable(unwrap_variant_newtypes)]",
    "#![enable(explicit_struct_names)]",
    "1",
    "2",
    "3",
    "ThreatModel(",
    "r#format",
    "format",
    "version",
    "elements",
];

/// Words and shapes of Threat Dragon's JSON.
const JSON: &[&str] = &[
    "1e309",
    "-1e309",
    "1.7976931348623157e308",
    "9007199254740993",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"\\udc00\\ud800\"",
    "\"\\u001b[2J\"",
    "\"\\r\\n\"",
    "\"\\/\"",
    "\"tm.Actor\"",
    "\"tm.Process\"",
    "\"tm.Store\"",
    "\"tm.Flow\"",
    "\"tm.Boundary\"",
    "\"tm.BoundaryBox\"",
    "\"tm.Text\"",
    "\"actor\"",
    "\"process\"",
    "\"store\"",
    "\"flow\"",
    "\"trust-boundary-box\"",
    "\"trust-boundary-curve\"",
    "\"trust-broundary-curve\"",
    "\"text-block\"",
    "\"2.0.0\"",
    "\"2.3.0\"",
    "\"1.0\"",
    "\"Open\"",
    "\"Mitigated\"",
    "\"NotApplicable\"",
    "\"Not Applicable\"",
    "\"Avoided\"",
    "\"Critical\"",
    "\"TBA\"",
    "\"STRIDE\"",
    "\"LINDDUN\"",
    "\"CIA\"",
    "\"EOP\"",
    "\"Spoofing\"",
    "\"Integrity\"",
    "[{}]",
    "[null]",
    "[[]]",
    "{\"x\": 1e308, \"y\": -1e308}",
    "{\"width\": 1e12, \"height\": 1e12}",
    "{\"x\": NaN}",
    "{\"cell\": \"missing\"}",
    "{\"threatsketch\": {}}",
    "{\"threatsketch\": null}",
    "{\"threatsketch\": {\"kind\": \"mainframe\"}}",
    "{\"threatsketch\": {\"properties\": {\"authorizer\": 5}}}",
    "{\"type\": \"tm.Actor\", \"name\": \"x\"}",
];

fn fixed_tokens(dialect: Dialect) -> Vec<&'static str> {
    let specific = match dialect {
        Dialect::Ron => RON,
        Dialect::Json => JSON,
    };
    COMMON.iter().chain(specific).copied().collect()
}

/// Any hostile token of the language.
pub fn token(dialect: Dialect) -> impl Strategy<Value = Token> {
    let brackets: &[(&str, &str)] = match dialect {
        Dialect::Ron => &[("[", "]"), ("(", ")"), ("{\"k\":", "}"), ("Some(", ")"), ("[(", ")]")],
        Dialect::Json => &[("[", "]"), ("{\"k\":", "}"), ("[{\"a\":", "}]")],
    };
    let controls =
        ['\u{0}', '\u{7}', '\u{8}', '\t', '\n', '\r', '\u{b}', '\u{c}', '\u{1b}', '\u{7f}', '\u{85}', '\u{2028}'];
    prop_oneof![
        6 => select(fixed_tokens(dialect)).prop_map(Token::Fixed),
        1 => (select(brackets), prop_oneof![1..=40usize, 100..=200usize, 1000..=5000usize])
            .prop_map(|((open, close), depth)| Token::Nesting { open, close, depth }),
        1 => (select(vec!['A', 'é', '🦀', '"', '\\', ' ']), prop_oneof![0..=300usize, 10_000..=100_000usize])
            .prop_map(|(ch, len)| Token::LongString { ch, len }),
        1 => (select(controls.to_vec()), any::<bool>()).prop_map(|(ch, escaped)| Token::Control { ch, escaped }),
        1 => any::<f64>().prop_map(Token::Number),
        1 => any::<i128>().prop_map(Token::Integer),
        3 => select(words(dialect)).prop_map(Token::Word),
    ]
}

/// The words of the format, quoted as values: kinds, questions and options of the built-in
/// catalogue for RON (a mutation that swaps one for another still parses and reaches
/// validation and the engine); Threat Dragon's cell types and statuses are in [`JSON`].
fn words(dialect: Dialect) -> Vec<String> {
    let kinds = threatsketch::model::KindCatalog::builtin();
    let mut words: Vec<String> = kinds.kinds.iter().map(|k| k.id.clone()).collect();
    for property in &kinds.properties {
        words.push(property.id.clone());
        if let threatsketch::model::ValueType::Choice(options) = &property.value {
            words.extend(options.iter().map(|o| o.id.clone()));
        }
    }
    let mut quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
    if dialect == Dialect::Ron {
        quoted.extend(["15", "30", "89", "90", "365", "1000000"].map(str::to_owned));
    }
    quoted
}

/// A string literal: long, with control characters, empty, or any token at all.
pub fn string_token(dialect: Dialect) -> impl Strategy<Value = Token> {
    let controls =
        ['\u{0}', '\u{7}', '\u{8}', '\t', '\n', '\r', '\u{b}', '\u{c}', '\u{1b}', '\u{7f}', '\u{85}', '\u{2028}'];
    prop_oneof![
        2 => (select(controls.to_vec()), any::<bool>()).prop_map(|(ch, escaped)| Token::Control { ch, escaped }),
        1 => (select(vec!['A', 'é', '🦀', '"', '\\', ' ', '\n']), prop_oneof![0..=3usize, 200..=300usize, 10_000..=100_000usize])
            .prop_map(|(ch, len)| Token::LongString { ch, len }),
        1 => token(dialect),
    ]
}

/// Field names to add where a struct or map opens: real ones (duplicates), unknown ones, odd ones.
const FIELDS: &[&str] = &[
    "zzz",
    "format",
    "version",
    "name",
    "id",
    "kind",
    "elements",
    "flows",
    "boundaries",
    "layout",
    "decisions",
    "properties",
    "x",
    "width",
    "data",
    "cells",
    "diagrams",
    "type",
    "threats",
    "status",
    "severity",
    "source",
    "target",
    "position",
    "size",
    "threatsketch",
    "summary",
    "detail",
    "rules",
    "when",
    "applies",
    "likelihood",
];

/// One edit of a file.
#[derive(Clone, Debug)]
pub enum Mutation {
    /// Flips one bit of one byte (the text may stop being UTF-8: it is then read lossily).
    FlipBit { at: Index, bit: u8 },
    /// Cuts the file off, as a crash during a copy would.
    Truncate { at: Index },
    /// Drops a few bytes.
    Delete { at: Index, len: usize },
    /// Repeats a stretch right after itself (duplicate fields, ids, entries).
    Duplicate { at: Index, len: usize },
    /// Puts a token anywhere.
    Insert { at: Index, token: Token },
    /// Replaces a number, string or word of the file by a token: type confusion where a
    /// value is expected.
    ReplaceValue { which: Index, token: Token },
    /// Replaces a string of the file (an id, a kind, a name, a key) by a token.
    ReplaceString { which: Index, token: Token },
    /// Replaces a whole bracketed value (a struct, a list, a map) by a token.
    ReplaceGroup { which: Index, token: Token },
    /// Adds `field: token,` where a struct or map opens.
    AddField { which: Index, field: &'static str, token: Token },
    /// Writes one string of the file over another (duplicate ids, dangling references).
    CopyString { from: Index, to: Index },
    /// Writes one value of the file over another (a number where a name was, `Yes` for an id).
    CopyValue { from: Index, to: Index },
}

pub fn mutation(dialect: Dialect) -> impl Strategy<Value = Mutation> {
    prop_oneof![
        2 => (any::<Index>(), 0..8u8).prop_map(|(at, bit)| Mutation::FlipBit { at, bit }),
        1 => any::<Index>().prop_map(|at| Mutation::Truncate { at }),
        1 => (any::<Index>(), 1..64usize).prop_map(|(at, len)| Mutation::Delete { at, len }),
        1 => (any::<Index>(), 1..512usize).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
        2 => (any::<Index>(), token(dialect)).prop_map(|(at, token)| Mutation::Insert { at, token }),
        4 => (any::<Index>(), token(dialect)).prop_map(|(which, token)| Mutation::ReplaceValue { which, token }),
        3 => (any::<Index>(), string_token(dialect)).prop_map(|(which, token)| Mutation::ReplaceString { which, token }),
        1 => (any::<Index>(), token(dialect)).prop_map(|(which, token)| Mutation::ReplaceGroup { which, token }),
        2 => (any::<Index>(), select(FIELDS), token(dialect))
            .prop_map(|(which, field, token)| Mutation::AddField { which, field, token }),
        3 => (any::<Index>(), any::<Index>()).prop_map(|(from, to)| Mutation::CopyString { from, to }),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(from, to)| Mutation::CopyValue { from, to }),
    ]
}

/// A few edits: one in three cases out of five. Most edits break the syntax, and a file
/// broken once tests the parser only, while one that still parses goes on to validation and
/// the round trip. A failure shrinks to the one edit, or to the few, that it needs.
pub fn mutations(dialect: Dialect) -> impl Strategy<Value = Vec<Mutation>> {
    (mutation(dialect), proptest::bool::weighted(0.4), proptest::collection::vec(mutation(dialect), 1..=4)).prop_map(
        |(first, more, rest)| {
            let mut edits = vec![first];
            if more {
                edits.extend(rest);
            }
            edits
        },
    )
}

/// Where the values and groups of a text are: a rough lexer that is right for the files we
/// ship and harmless on broken ones.
#[derive(Default)]
struct Spans {
    /// Strings (with their quotes), numbers and words.
    values: Vec<(usize, usize)>,
    strings: Vec<(usize, usize)>,
    /// Offsets of `(`, `[` and `{` outside strings.
    opens: Vec<usize>,
}

fn spans(bytes: &[u8]) -> Spans {
    let mut spans = Spans::default();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let end = (i + 1).min(bytes.len());
                spans.values.push((start, end));
                spans.strings.push((start, end));
                i = end;
            }
            b'(' | b'[' | b'{' => {
                spans.opens.push(i);
                i += 1;
            }
            b'0'..=b'9' | b'-' | b'+' | b'.' => {
                let start = i;
                while i < bytes.len() && matches!(bytes[i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E' | b'_') {
                    i += 1;
                }
                spans.values.push((start, i));
            }
            b'A'..=b'Z' | b'a'..=b'z' | b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                spans.values.push((start, i));
            }
            _ => i += 1,
        }
    }
    spans
}

/// Where the group that opens at `open` closes (just past its closing bracket), counting
/// brackets outside strings; the end of the text when it never closes.
fn group_end(bytes: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

fn splice(bytes: &mut Vec<u8>, range: std::ops::Range<usize>, with: &[u8]) {
    let end = range.end.min(bytes.len());
    let start = range.start.min(end);
    bytes.splice(start..end, with.iter().copied());
}

/// Applies the edits in order to `text`; the result is at most [`MAX_INPUT`] bytes.
pub fn apply_bytes(text: &str, mutations: &[Mutation], dialect: Dialect) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for mutation in mutations {
        let len = bytes.len();
        match mutation {
            Mutation::FlipBit { at, bit } => {
                if len > 0 {
                    bytes[at.index(len)] ^= 1 << bit;
                }
            }
            Mutation::Truncate { at } => bytes.truncate(at.index(len + 1)),
            Mutation::Delete { at, len: n } => {
                let start = at.index(len + 1);
                splice(&mut bytes, start..start + n, b"");
            }
            Mutation::Duplicate { at, len: n } => {
                let start = at.index(len + 1);
                let copy = bytes[start..(start + n).min(len)].to_vec();
                splice(&mut bytes, start..start, &copy);
            }
            Mutation::Insert { at, token } => {
                let at = at.index(len + 1);
                splice(&mut bytes, at..at, token.render(dialect).as_bytes());
            }
            Mutation::ReplaceValue { which, token } => {
                let values = spans(&bytes).values;
                if !values.is_empty() {
                    let (start, end) = values[which.index(values.len())];
                    splice(&mut bytes, start..end, token.render(dialect).as_bytes());
                }
            }
            Mutation::ReplaceString { which, token } => {
                let strings = spans(&bytes).strings;
                if !strings.is_empty() {
                    let (start, end) = strings[which.index(strings.len())];
                    splice(&mut bytes, start..end, token.render(dialect).as_bytes());
                }
            }
            Mutation::ReplaceGroup { which, token } => {
                let opens = spans(&bytes).opens;
                if !opens.is_empty() {
                    let start = opens[which.index(opens.len())];
                    let end = group_end(&bytes, start);
                    splice(&mut bytes, start..end, token.render(dialect).as_bytes());
                }
            }
            Mutation::AddField { which, field, token } => {
                let opens = spans(&bytes).opens;
                if !opens.is_empty() {
                    let at = opens[which.index(opens.len())] + 1;
                    // Maps and JSON objects take quoted keys, RON structs bare names.
                    let quoted = dialect == Dialect::Json || bytes[at - 1] == b'{';
                    let key = if quoted { format!("\"{field}\"") } else { (*field).to_owned() };
                    let inserted = format!("{key}: {}, ", token.render(dialect));
                    splice(&mut bytes, at..at, inserted.as_bytes());
                }
            }
            Mutation::CopyValue { from, to } => {
                let values = spans(&bytes).values;
                if !values.is_empty() {
                    let (fs, fe) = values[from.index(values.len())];
                    let (ts, te) = values[to.index(values.len())];
                    let copy = bytes[fs..fe].to_vec();
                    splice(&mut bytes, ts..te, &copy);
                }
            }
            Mutation::CopyString { from, to } => {
                let strings = spans(&bytes).strings;
                if !strings.is_empty() {
                    let (fs, fe) = strings[from.index(strings.len())];
                    let (ts, te) = strings[to.index(strings.len())];
                    let copy = bytes[fs..fe].to_vec();
                    splice(&mut bytes, ts..te, &copy);
                }
            }
        }
        bytes.truncate(MAX_INPUT);
    }
    bytes
}

/// The edited text, read as UTF-8 the way a lossy reader would (invalid bytes become U+FFFD).
pub fn apply(text: &str, mutations: &[Mutation], dialect: Dialect) -> String {
    String::from_utf8_lossy(&apply_bytes(text, mutations, dialect)).into_owned()
}

/// Whether a 1-based line and column lie inside `text`: on one of its lines (the one after a
/// final line break counts), at most one past the line's last character.
pub fn inside(text: &str, line: usize, column: usize) -> bool {
    let Some(content) = text.split('\n').nth(line.wrapping_sub(1)) else { return false };
    line >= 1 && column >= 1 && column <= content.chars().count() + 1
}

/// Adds to a failure which seed file it came from and the edited text around its first change.
pub fn from_seed(seed: &SeedFile, edited: &str, result: Result<(), TestCaseError>) -> Result<(), TestCaseError> {
    result.map_err(|e| match e {
        TestCaseError::Fail(reason) => {
            let line = seed.text.split('\n').zip(edited.split('\n')).position(|(a, b)| a != b).unwrap_or(0) + 1;
            let around = excerpt(edited, line);
            TestCaseError::fail(format!(
                "{}: {}\nthe edited file, where it starts to differ:\n{around}",
                seed.name,
                reason.message()
            ))
        }
        other => other,
    })
}

/// A few lines of `text` around `line`, for failure messages.
pub fn excerpt(text: &str, line: usize) -> String {
    let first = line.saturating_sub(3);
    let shown: Vec<String> = text
        .split('\n')
        .enumerate()
        .skip(first)
        .take(5)
        .map(|(i, l)| format!("{:>5} | {}", i + 1, visible(&l.chars().take(200).collect::<String>())))
        .collect();
    shown.join("\n")
}

/// The first line where two texts differ, with a little of both, for failure messages.
pub fn first_difference(a: &str, b: &str) -> String {
    let line =
        a.split('\n').zip(b.split('\n')).position(|(x, y)| x != y).unwrap_or(a.lines().count().min(b.lines().count()));
    format!("first difference at line {}:\n{}\n---\n{}", line + 1, excerpt(a, line + 1), excerpt(b, line + 1))
}

/// How often each outcome came up, printed after the run: a fuzz test whose cases all end in
/// the same syntax error tests little.
#[derive(Default)]
pub struct Tally(std::sync::Mutex<std::collections::BTreeMap<String, usize>>);

impl Tally {
    pub fn add(&self, outcome: impl Into<String>) {
        let mut counts = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *counts.entry(outcome.into()).or_default() += 1;
    }

    #[allow(clippy::print_stderr)]
    pub fn print(&self, name: &str) {
        let counts = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let parts: Vec<String> = counts.iter().map(|(k, v)| format!("{k} {v}")).collect();
        eprintln!("fuzz {name} outcomes: {}", parts.join(", "));
    }
}

/// A message is one line, not empty, and short: values it quotes are cut (issue 12, defects 10
/// and 11), so a 10 MB token cannot make a 10 MB line.
pub fn one_line(message: &str) -> Result<(), TestCaseError> {
    prop_assert!(!message.trim().is_empty(), "an empty message");
    prop_assert!(!message.contains(['\n', '\r']), "a message of more than one line: {:?}", shorten(message));
    let length = message.chars().count();
    prop_assert!(length <= MESSAGE_LIMIT, "a message of {} characters: {:?}", length, shorten(message));
    Ok(())
}

/// Long enough for a path, a place and a sentence; far below a quoted megabyte.
const MESSAGE_LIMIT: usize = 2_000;

/// The start and end of a long text, for failure messages, control characters escaped so that
/// they show and do not act on the terminal.
pub fn shorten(text: &str) -> String {
    let count = text.chars().count();
    if count <= 400 {
        return visible(text);
    }
    let head: String = text.chars().take(200).collect();
    let tail: String = text.chars().skip(count - 200).collect();
    format!("{}…[{} chars]…{}", visible(&head), count - 400, visible(&tail))
}

fn visible(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { c.escape_debug().to_string() } else { c.to_string() }).collect()
}
