//! saml-edge natively: `verify_response` from the base64 POST field to the NameID, keys parsed
//! once. Prints one JSON object per line (read by bench/report.mjs).
//!
//!   saml-edge-bench table   [--reps 5] [--target-ms 400]   bench/fixtures/fixtures.json: accept the
//!                           valid fixture, refuse the tampered one, then time it
//!   saml-edge-bench scaling [--reps 5] [--target-ms 400]   bench/fixtures/scaling/index.json, the
//!                           points interleaved (each repetition times every point once)
//!   saml-edge-bench loop FILE ITERATIONS                   verify FILE (XML, made base64 here) in a
//!                                                          loop, for valgrind --tool=callgrind
use std::hint::black_box;

use saml_edge_bench::{b64, measure, read, read_json, Verifier};
use serde_json::json;

fn arg(args: &[String], name: &str, default: f64) -> f64 {
    args.iter().position(|a| a == name).map(|i| args[i + 1].parse().expect("a number")).unwrap_or(default)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = args.first().map(String::as_str).unwrap_or("table");
    let reps = arg(&args, "--reps", 5.0) as usize;
    let target_ms = arg(&args, "--target-ms", 400.0);
    let manifest = read_json("bench/fixtures/fixtures.json");
    let v = Verifier::from_defaults(&manifest["defaults"]);
    match mode {
        "table" => {
            for f in manifest["fixtures"].as_array().expect("fixtures") {
                let name = f["name"].as_str().unwrap();
                let good = b64(&read(f["file"].as_str().unwrap()));
                let bad = b64(&read(f["tampered"].as_str().unwrap()));
                let accept = v.verify(&good);
                let refuse = v.verify(&bad);
                let accepted = matches!(&accept, Ok((n, s)) if n == f["name_id"].as_str().unwrap() && *s == f["signed"].as_str().unwrap());
                let refused = refuse == Err(f["tampered_error"].as_str().unwrap());
                let mut row = json!({
                    "verifier": "native", "fixture": name,
                    "accept": { "ok": accepted, "detail": format!("{accept:?}") },
                    "refuse": { "ok": refused, "detail": format!("{refuse:?}") },
                });
                if accepted && refused {
                    let (iters, us) = measure(
                        || {
                            black_box(v.verify(black_box(&good))).ok();
                        },
                        reps,
                        target_ms,
                        200.0,
                    );
                    row["iters"] = json!(iters);
                    row["us"] = json!(us);
                }
                println!("{row}");
            }
        }
        "scaling" => {
            // Interleaved: after a warm-up per point, each round times every point once, so a
            // drift of the machine's speed during the run hits all sizes alike.
            let index = read_json("bench/fixtures/scaling/index.json");
            let mut points = Vec::new();
            for f in index["fixtures"].as_array().expect("fixtures") {
                let good = b64(&read(f["file"].as_str().unwrap()));
                let accept = v.verify(&good);
                let accepted = matches!(&accept, Ok((n, _)) if n == "B.Simon@contoso.com");
                let row = json!({
                    "verifier": "native", "fixture": f["name"], "bytes": f["bytes"],
                    "accept": { "ok": accepted, "detail": format!("{accept:?}") },
                });
                let iters = if accepted {
                    measure(
                        || {
                            black_box(v.verify(black_box(&good))).ok();
                        },
                        0,
                        target_ms,
                        200.0,
                    )
                    .0
                } else {
                    0
                };
                points.push((row, good, iters, Vec::new()));
            }
            for _ in 0..reps {
                for (_, good, iters, us) in points.iter_mut().filter(|p| p.2 > 0) {
                    let t = std::time::Instant::now();
                    for _ in 0..*iters {
                        black_box(v.verify(black_box(&*good))).ok();
                    }
                    us.push(t.elapsed().as_secs_f64() * 1e6 / *iters as f64);
                }
            }
            for (mut row, _, iters, us) in points {
                if iters > 0 {
                    row["iters"] = json!(iters);
                    row["us"] = json!(us);
                }
                println!("{row}");
            }
        }
        "loop" => {
            let file = args.get(1).expect("FILE");
            let n: usize = args.get(2).expect("ITERATIONS").parse().expect("a number");
            let good = b64(&std::fs::read(file).expect("FILE"));
            for _ in 0..n {
                let r = v.verify(black_box(&good));
                assert!(r.is_ok(), "{r:?}");
            }
        }
        other => panic!("unknown mode {other}"),
    }
}
