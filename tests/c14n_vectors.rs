//! Byte-exact canonicalization vectors: `tests/c14n/cases/*` and `tests/c14n/w3c/*`.
//!
//! Each case directory holds `input.xml`, `case.json` and one expected file per
//! mode (`exc.xml`, `exc-comments.xml`, `inc.xml`, `inc-comments.xml`); see
//! `tests/c14n/README.md` for how they were made. Every mismatch is collected
//! and the test fails once at the end, listing them all.
//!
//! `serde_json` is an optional dependency (behind the default `cli` feature),
//! so this test only builds with that feature on.
#![cfg(feature = "cli")]

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use saml_edge::internals::c14n::{canonicalize_to_vec, Method};
use saml_edge::internals::xml::{parse, Document, Node};
use saml_edge::Limits;

/// (expected file, exclusive, with comments)
const MODES: [(&str, bool, bool); 4] = [
    ("exc.xml", true, false),
    ("exc-comments.xml", true, true),
    ("inc.xml", false, false),
    ("inc-comments.xml", false, true),
];

/// Floors, so that a vector directory that goes missing cannot pass silently.
const MIN_POSITIVE_CASES: usize = 290;
const MIN_COMPARISONS: usize = 1160;
const MIN_REFUSED_CASES: usize = 6;

struct Case {
    dir: PathBuf,
    name: String,
    subtree_id: Option<String>,
    subtree_qname: Option<String>,
    prefixes: Vec<String>,
    expect_error: Option<String>,
}

fn load_cases() -> Vec<Case> {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("c14n");
    let mut out = Vec::new();
    for sub in ["cases", "w3c"] {
        let dir = base.join(sub);
        let mut entries: Vec<PathBuf> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("directory entry").path())
            .filter(|p| p.is_dir())
            .collect();
        entries.sort();
        for d in entries {
            let json_path = d.join("case.json");
            let text = fs::read_to_string(&json_path).unwrap_or_else(|e| panic!("{}: {e}", json_path.display()));
            let v: serde_json::Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", json_path.display()));
            let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(String::from);
            let prefixes = v
                .get("prefixes")
                .and_then(|x| x.as_array())
                .map(|a| a.iter().map(|p| p.as_str().expect("prefix is a string").to_string()).collect())
                .unwrap_or_default();
            out.push(Case {
                name: format!("{sub}/{}", d.file_name().unwrap().to_string_lossy()),
                dir: d,
                subtree_id: s("subtree_id"),
                subtree_qname: s("subtree_qname"),
                prefixes,
                expect_error: s("expect_error"),
            });
        }
    }
    out
}

/// The element whose `ID`, `Id` or `id` attribute is `subtree_id` (or, for the
/// W3C exclusive-c14n examples, the first element named `subtree_qname`); else the
/// document node.
fn select<'d>(doc: &'d Document, case: &Case) -> Result<Node<'d>, String> {
    if let Some(id) = &case.subtree_id {
        let found: Vec<Node<'d>> = doc
            .root()
            .descendants()
            .filter(|n| n.is_element() && ["ID", "Id", "id"].iter().any(|a| n.attribute(a) == Some(id.as_str())))
            .collect();
        return match found.len() {
            1 => Ok(found[0]),
            n => Err(format!("{n} elements with ID/Id/id = {id:?}")),
        };
    }
    if let Some(q) = &case.subtree_qname {
        return doc
            .root()
            .descendants()
            .find(|n| n.is_element() && &n.qname() == q)
            .ok_or_else(|| format!("no element named {q:?}"));
    }
    Ok(doc.root())
}

fn snippet(bytes: &[u8], at: usize) -> String {
    let start = at.saturating_sub(40);
    let end = (at + 40).min(bytes.len());
    format!("{:?}", String::from_utf8_lossy(&bytes[start.min(end)..end]))
}

#[test]
fn c14n_vectors() {
    let cases = load_cases();
    let limits = Limits::default();
    let mut failures: Vec<String> = Vec::new();
    let (mut positive, mut refused, mut comparisons) = (0usize, 0usize, 0usize);

    for case in &cases {
        let bytes = fs::read(case.dir.join("input.xml")).expect("input.xml");
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                failures.push(format!("{}: input.xml is not UTF-8: {e}", case.name));
                continue;
            }
        };
        let parsed = catch_unwind(AssertUnwindSafe(|| parse(&text, &limits)));
        if let Some(code) = &case.expect_error {
            refused += 1;
            match parsed {
                Ok(Err(e)) if e.code() == code => {}
                Ok(Err(e)) => failures.push(format!("{}: refused with {}, expected {code}", case.name, e.code())),
                Ok(Ok(_)) => failures.push(format!("{}: accepted, expected refusal with {code}", case.name)),
                Err(_) => failures.push(format!("{}: the parser panicked", case.name)),
            }
            continue;
        }
        positive += 1;
        let doc = match parsed {
            Ok(Ok(d)) => d,
            Ok(Err(e)) => {
                failures.push(format!("{}: parse failed: {} ({e})", case.name, e.code()));
                continue;
            }
            Err(_) => {
                failures.push(format!("{}: the parser panicked", case.name));
                continue;
            }
        };
        let node = match select(&doc, case) {
            Ok(n) => n,
            Err(e) => {
                failures.push(format!("{}: {e}", case.name));
                continue;
            }
        };
        for (file, exclusive, with_comments) in MODES {
            let path = case.dir.join(file);
            if !path.exists() {
                continue;
            }
            let expected = fs::read(&path).expect("expected file");
            comparisons += 1;
            let method = if exclusive {
                Method::Exclusive { with_comments, inclusive_prefixes: case.prefixes.clone() }
            } else {
                Method::Inclusive { with_comments }
            };
            let found = match catch_unwind(AssertUnwindSafe(|| canonicalize_to_vec(node, &method, None))) {
                Ok(v) => v,
                Err(_) => {
                    failures.push(format!("{} [{file}]: canonicalize_to_vec panicked", case.name));
                    continue;
                }
            };
            if found != expected {
                let at = expected
                    .iter()
                    .zip(found.iter())
                    .position(|(a, b)| a != b)
                    .unwrap_or(expected.len().min(found.len()));
                failures.push(format!(
                    "{} [{file}]: first difference at byte {at} (expected {} bytes, found {})\n      expected: {}\n      found:    {}",
                    case.name,
                    expected.len(),
                    found.len(),
                    snippet(&expected, at),
                    snippet(&found, at),
                ));
            }
        }
    }

    assert!(positive >= MIN_POSITIVE_CASES, "only {positive} positive cases ran (want >= {MIN_POSITIVE_CASES})");
    assert!(refused >= MIN_REFUSED_CASES, "only {refused} must-refuse cases ran (want >= {MIN_REFUSED_CASES})");
    assert!(comparisons >= MIN_COMPARISONS, "only {comparisons} outputs compared (want >= {MIN_COMPARISONS})");
    if !failures.is_empty() {
        panic!(
            "{} of {} c14n vector checks failed ({positive} positive cases, {refused} must-refuse cases, {comparisons} outputs):\n  {}",
            failures.len(),
            comparisons + refused,
            failures.join("\n  ")
        );
    }
    eprintln!("c14n vectors: {positive} cases, {comparisons} outputs and {refused} refusals all match");
}
