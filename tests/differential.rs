//! Differential tests against libxml2 (tests/differential/README.md).
//!
//! `c14n.jsonl`: random well-formed documents with the expected canonical bytes
//! (libxml2 through lxml, cross-checked by `tests/c14n/refc14n.py` and xmlsec1) of the
//! whole document and of the subtree of every element carrying an `ID`/`Id`/`id`, in
//! six modes. `parser.jsonl`: near-well-formed and malformed documents with the
//! expected verdict (libxml2's, except that any DOCTYPE and any encoding but UTF-8 are
//! refused by design) and, where meaningful, the expected error code.
//!
//! By default the committed fixed-seed sample in `tests/differential/sample/` runs;
//! `SAML_EDGE_DIFF_DIR=<dir>` runs a generated batch instead (`scripts/differential.sh`).
//! Every mismatch is collected and each test fails once, listing them.
//!
//! `serde_json` is an optional dependency (behind the default `cli` feature), so this
//! test only builds with that feature on.
#![cfg(feature = "cli")]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use saml_edge::internals::c14n::{canonicalize_to_vec, Method};
use saml_edge::internals::encoding::base64_decode_xml;
use saml_edge::internals::xml::{parse, Document, Node};
use saml_edge::saml::bindings::decode_post_input;
use saml_edge::Limits;
use serde_json::Value;

/// Floors for the committed sample, so that a sample that goes missing or shrinks cannot pass silently.
const MIN_SAMPLE_DOCUMENTS: usize = 250;
const MIN_SAMPLE_SUBTREES: usize = 250;
const MIN_SAMPLE_OUTPUTS: usize = 3000;
const MIN_SAMPLE_PARSER_CASES: usize = 500;
/// Mismatches printed in the panic message; all of them go to a file for a generated batch.
const MAX_LISTED: usize = 60;

fn data_dir() -> (PathBuf, bool) {
    match std::env::var_os("SAML_EDGE_DIFF_DIR") {
        Some(d) if !d.is_empty() => (PathBuf::from(d), false),
        _ => (PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests").join("differential").join("sample"), true),
    }
}

fn read_jsonl(name: &str) -> (PathBuf, bool, Vec<Value>) {
    let (dir, sample) = data_dir();
    let path = dir.join(name);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let rows = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), i + 1)))
        .collect();
    (dir, sample, rows)
}

fn str_of<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str)
}

/// Report every failure at once; for a generated batch also write them all to `<dir>/<file>`.
fn finish(what: &str, dir: &Path, sample: bool, file: &str, total: usize, failures: &[String]) {
    if failures.is_empty() {
        return;
    }
    let mut msg = format!("{} of {total} {what} disagree with the oracle:\n", failures.len());
    for f in failures.iter().take(MAX_LISTED) {
        let _ = writeln!(msg, "  {f}");
    }
    if failures.len() > MAX_LISTED {
        let _ = writeln!(msg, "  ... and {} more", failures.len() - MAX_LISTED);
    }
    if !sample {
        let path = dir.join(file);
        if fs::write(&path, failures.join("\n") + "\n").is_ok() {
            let _ = writeln!(msg, "all of them: {}", path.display());
        }
    }
    panic!("{msg}");
}

fn snippet(bytes: &[u8], at: usize) -> String {
    let start = at.saturating_sub(40);
    let end = (at + 40).min(bytes.len());
    format!("{:?}", String::from_utf8_lossy(&bytes[start.min(end)..end]))
}

fn first_difference(expected: &[u8], found: &[u8]) -> String {
    let at = expected.iter().zip(found.iter()).position(|(a, b)| a != b).unwrap_or(expected.len().min(found.len()));
    format!(
        "first difference at byte {at} (expected {} bytes, found {})\n      expected: {}\n      found:    {}",
        expected.len(),
        found.len(),
        snippet(expected, at),
        snippet(found, at)
    )
}

/// The element whose `ID`, `Id` or `id` attribute is `id` (exactly one), else an error.
fn apex<'d>(doc: &'d Document, id: &str) -> Result<Node<'d>, String> {
    let found: Vec<Node<'d>> = doc
        .root()
        .descendants()
        .filter(|n| n.is_element() && ["ID", "Id", "id"].iter().any(|a| n.attribute(a) == Some(id)))
        .collect();
    match found.len() {
        1 => Ok(found[0]),
        n => Err(format!("{n} elements with ID/Id/id = {id:?}")),
    }
}

/// (exclusive, with comments, uses the document's PrefixList) for each mode name.
fn mode(name: &str) -> Option<(bool, bool, bool)> {
    Some(match name {
        "exc" => (true, false, false),
        "exc-comments" => (true, true, false),
        "inc" => (false, false, false),
        "inc-comments" => (false, true, false),
        "exc-prefixes" => (true, false, true),
        "exc-prefixes-comments" => (true, true, true),
        _ => return None,
    })
}

#[test]
fn c14n_matches_libxml2() {
    let (dir, sample, rows) = read_jsonl("c14n.jsonl");
    let limits = Limits::default();
    let mut failures: Vec<String> = Vec::new();
    let (mut documents, mut subtrees, mut outputs) = (0usize, 0usize, 0usize);

    for row in &rows {
        let name = str_of(row, "name").unwrap_or("?");
        let input = str_of(row, "input").expect("input");
        let prefixes: Vec<String> = row
            .get("prefixes")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(String::from).collect())
            .unwrap_or_default();
        documents += 1;
        let doc = match catch_unwind(AssertUnwindSafe(|| parse(input, &limits))) {
            Ok(Ok(d)) => d,
            Ok(Err(e)) => {
                failures.push(format!("{name}: refused a well-formed document: {} ({e})", e.code()));
                continue;
            }
            Err(_) => {
                failures.push(format!("{name}: the parser panicked"));
                continue;
            }
        };
        for target in row.get("targets").and_then(Value::as_array).expect("targets") {
            let id = str_of(target, "id");
            let label = match id {
                Some(id) => format!("{name} #{id}"),
                None => format!("{name} (document)"),
            };
            let node = match id {
                Some(id) => {
                    subtrees += 1;
                    match apex(&doc, id) {
                        Ok(n) => n,
                        Err(e) => {
                            failures.push(format!("{label}: {e}"));
                            continue;
                        }
                    }
                }
                None => doc.root(),
            };
            let expected_outputs: Vec<&str> = target
                .get("outputs")
                .and_then(Value::as_array)
                .expect("outputs")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            let modes = target.get("modes").and_then(Value::as_object).expect("modes");
            for (mode_name, index) in modes {
                let Some((exclusive, with_comments, use_list)) = mode(mode_name) else {
                    failures.push(format!("{label}: unknown mode {mode_name}"));
                    continue;
                };
                let expected = index.as_u64().and_then(|i| expected_outputs.get(i as usize)).expect("output index");
                let method = if exclusive {
                    let inclusive_prefixes = if use_list { prefixes.clone() } else { Vec::new() };
                    Method::Exclusive { with_comments, inclusive_prefixes }
                } else {
                    Method::Inclusive { with_comments }
                };
                outputs += 1;
                let found = match catch_unwind(AssertUnwindSafe(|| canonicalize_to_vec(node, &method, None))) {
                    Ok(v) => v,
                    Err(_) => {
                        failures.push(format!("{label} [{mode_name}]: canonicalize_to_vec panicked"));
                        continue;
                    }
                };
                if found != expected.as_bytes() {
                    let notes = target.get("oracle_notes").and_then(|n| n.get(mode_name.as_str()));
                    let notes = notes.map(|n| format!(" (expected output has oracle notes {n})")).unwrap_or_default();
                    let list = if use_list { format!(", PrefixList {prefixes:?}") } else { String::new() };
                    failures.push(format!(
                        "{label} [{mode_name}{list}]{notes}: {}",
                        first_difference(expected.as_bytes(), &found)
                    ));
                }
            }
        }
    }

    eprintln!(
        "DIFFERENTIAL c14n: {documents} documents, {subtrees} subtrees, {outputs} outputs compared, {} mismatches",
        failures.len()
    );
    if sample {
        assert!(documents >= MIN_SAMPLE_DOCUMENTS, "only {documents} documents (want >= {MIN_SAMPLE_DOCUMENTS})");
        assert!(subtrees >= MIN_SAMPLE_SUBTREES, "only {subtrees} subtrees (want >= {MIN_SAMPLE_SUBTREES})");
        assert!(outputs >= MIN_SAMPLE_OUTPUTS, "only {outputs} outputs compared (want >= {MIN_SAMPLE_OUTPUTS})");
    }
    finish("canonical outputs", &dir, sample, "c14n-mismatches.txt", outputs, &failures);
}

/// What saml-edge does with one input: `Ok(document)` or `Err(code)`.
enum Verdict {
    Accept(Box<Document>),
    Refuse(&'static str),
    Panic,
}

/// The parser on its own: the caller hands it text, so bytes that are not UTF-8 never reach it
/// (they are refused by the caller as `ERR_INPUT_ENCODING`, which is what `decode_post_input` does).
fn parse_bytes(bytes: &[u8], limits: &Limits) -> Verdict {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Verdict::Refuse("ERR_INPUT_ENCODING");
    };
    match catch_unwind(AssertUnwindSafe(|| parse(text, limits))) {
        Ok(Ok(d)) => Verdict::Accept(Box::new(d)),
        Ok(Err(e)) => Verdict::Refuse(e.code()),
        Err(_) => Verdict::Panic,
    }
}

/// The POST-binding path: `decode_post_input` (raw XML, base64 or a form) and then the parser.
fn post_bytes(bytes: &[u8], limits: &Limits) -> Verdict {
    match catch_unwind(AssertUnwindSafe(|| decode_post_input(bytes, limits).and_then(|p| parse(&p.xml, limits)))) {
        Ok(Ok(d)) => Verdict::Accept(Box::new(d)),
        Ok(Err(e)) => Verdict::Refuse(e.code()),
        Err(_) => Verdict::Panic,
    }
}

/// Where a failure is a known deviation of saml-edge (`known` in the case, listed in
/// tests/differential/EXCEPTIONS.md part B) it is counted instead of failing the test.
struct Tally<'r> {
    known: Vec<(&'r str, Vec<&'r str>)>,
}

impl Tally<'_> {
    fn record(&self, path: &str, msg: String, failures: &mut Vec<String>, known_hits: &mut BTreeMap<String, usize>) {
        match self.known.iter().find(|(_, paths)| paths.contains(&path)) {
            Some((kind, _)) => *known_hits.entry(format!("{kind} [{path}]")).or_default() += 1,
            None => failures.push(msg),
        }
    }
}

#[test]
fn parser_agrees_with_libxml2() {
    let (dir, sample, rows) = read_jsonl("parser.jsonl");
    let limits = Limits::default();
    let mut failures: Vec<String> = Vec::new();
    let mut known_hits: BTreeMap<String, usize> = BTreeMap::new();
    let (mut cases, mut accepts, mut refusals, mut canonical, mut c14n_fails) =
        (0usize, 0usize, 0usize, 0usize, 0usize);

    for row in &rows {
        let name = str_of(row, "name").unwrap_or("?");
        let bytes: Vec<u8> = match (str_of(row, "input"), str_of(row, "input_b64")) {
            (Some(s), _) => s.as_bytes().to_vec(),
            (None, Some(b)) => base64_decode_xml(b).expect("input_b64 is base64"),
            _ => panic!("{name}: no input"),
        };
        cases += 1;
        let expect = str_of(row, "expect").expect("expect");
        let code = str_of(row, "code");
        let why = str_of(row, "why").unwrap_or("");
        let tally = Tally {
            known: row
                .get("known")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .map(|k| {
                            let kind = str_of(k, "kind").unwrap_or("?");
                            let paths = k
                                .get("paths")
                                .and_then(Value::as_array)
                                .map(|p| p.iter().filter_map(Value::as_str).collect())
                                .unwrap_or_default();
                            (kind, paths)
                        })
                        .collect()
                })
                .unwrap_or_default(),
        };
        let describe = || {
            let kind = str_of(row, "kind").unwrap_or("");
            let note = str_of(row, "note").unwrap_or("");
            let lib = str_of(row, "libxml2_error").map(|e| format!("; libxml2: {e}")).unwrap_or_default();
            let shown = String::from_utf8_lossy(&bytes);
            let shown: String = shown.chars().take(160).collect();
            format!("{name} ({kind}: {note}; expected by {why}{lib})\n      input: {shown:?}")
        };
        let direct = parse_bytes(&bytes, &limits);
        let post = post_bytes(&bytes, &limits);
        let mut fail = |path: &str, msg: String| tally.record(path, msg, &mut failures, &mut known_hits);
        match expect {
            "accept" => {
                accepts += 1;
                if row.get("c14n_fails").and_then(Value::as_bool) == Some(true) {
                    c14n_fails += 1;
                }
                match &direct {
                    Verdict::Accept(doc) => {
                        if let Some(c) = str_of(row, "canonical") {
                            canonical += 1;
                            let method = Method::Inclusive { with_comments: true };
                            let found = canonicalize_to_vec(doc.root(), &method, None);
                            if found != c.as_bytes() {
                                fail(
                                    "parse",
                                    format!(
                                        "accepted, but parsed differently (C14N with comments): {}\n      {}",
                                        describe(),
                                        first_difference(c.as_bytes(), &found)
                                    ),
                                );
                            }
                        }
                    }
                    Verdict::Refuse(got) => {
                        fail("parse", format!("refused with {got}, libxml2 accepts: {}", describe()))
                    }
                    Verdict::Panic => fail("parse", format!("the parser panicked: {}", describe())),
                }
                match &post {
                    Verdict::Accept(_) => {}
                    Verdict::Refuse(got) => fail("post", format!("POST path refused with {got}: {}", describe())),
                    Verdict::Panic => fail("post", format!("POST path panicked: {}", describe())),
                }
            }
            "refuse" => {
                refusals += 1;
                match &direct {
                    Verdict::Accept(_) => fail("parse", format!("accepted, expected a refusal: {}", describe())),
                    Verdict::Refuse(got) => {
                        if let Some(want) = code {
                            if *got != want {
                                fail("parse", format!("refused with {got}, expected {want}: {}", describe()));
                            }
                        }
                    }
                    Verdict::Panic => fail("parse", format!("the parser panicked: {}", describe())),
                }
                match &post {
                    Verdict::Accept(_) => {
                        fail("post", format!("POST path accepted, expected a refusal: {}", describe()))
                    }
                    Verdict::Refuse(_) => {}
                    Verdict::Panic => fail("post", format!("POST path panicked: {}", describe())),
                }
            }
            other => panic!("{name}: unknown expectation {other:?}"),
        }
    }

    eprintln!(
        "DIFFERENTIAL parser: {cases} cases ({accepts} accept, {refusals} refuse), {canonical} parsed forms compared, {} disagreements",
        failures.len()
    );
    let known_total: usize = known_hits.values().sum();
    eprintln!("DIFFERENTIAL parser known deviations (EXCEPTIONS.md part B): {known_total} {known_hits:?}");
    eprintln!(
        "DIFFERENTIAL parser: {c14n_fails} accepted documents declare relative namespace URIs, which libxml2 \
         refuses to canonicalize (Canonical XML 1.0 §2); saml-edge's c14n cannot fail (EXCEPTIONS.md part B)"
    );
    if sample {
        assert!(cases >= MIN_SAMPLE_PARSER_CASES, "only {cases} parser cases (want >= {MIN_SAMPLE_PARSER_CASES})");
    }
    finish("parser checks", &dir, sample, "parser-disagreements.txt", cases, &failures);
}
