//! Memory of one native verification: heap bytes (a counting allocator around the system one)
//! and the process's peak RSS (VmHWM, /proc/self/status) before and after.
//!
//!   saml-edge-bench-mem FILE [ITERATIONS]    FILE: XML (made base64 here); prints one JSON line
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use saml_edge_bench::{b64, read_json, Verifier};
use serde_json::json;

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static COUNT: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = System.alloc(l);
        if !p.is_null() {
            let now = LIVE.fetch_add(l.size(), Relaxed) + l.size();
            PEAK.fetch_max(now, Relaxed);
            COUNT.fetch_add(1, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Relaxed);
        System.dealloc(p, l)
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = System.realloc(p, l, new);
        if !q.is_null() {
            if new >= l.size() {
                let now = LIVE.fetch_add(new - l.size(), Relaxed) + (new - l.size());
                PEAK.fetch_max(now, Relaxed);
            } else {
                LIVE.fetch_sub(l.size() - new, Relaxed);
            }
            COUNT.fetch_add(1, Relaxed);
        }
        q
    }
}

#[global_allocator]
static A: Counting = Counting;

fn status_kb(field: &str) -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let file = args.first().expect("FILE");
    let iters: usize = args.get(1).map(|n| n.parse().expect("a number")).unwrap_or(1000);
    let manifest = read_json("bench/fixtures/fixtures.json");
    let v = Verifier::from_defaults(&manifest["defaults"]);
    let xml = std::fs::read(file).expect("FILE");
    let input = b64(&xml);
    let hwm_before = status_kb("VmHWM:");
    let live_before = LIVE.load(Relaxed);
    PEAK.store(live_before, Relaxed);
    let count_before = COUNT.load(Relaxed);
    let first = v.verify(black_box(&input));
    assert!(first.is_ok(), "{first:?}");
    drop(first);
    let heap_peak = PEAK.load(Relaxed) - live_before;
    let allocations = COUNT.load(Relaxed) - count_before;
    let hwm_first = status_kb("VmHWM:");
    for _ in 0..iters {
        black_box(v.verify(black_box(&input))).ok();
    }
    let row = json!({
        "file": file, "xml_bytes": xml.len(), "input_bytes": input.len(),
        "heap_peak_bytes": heap_peak, "allocations": allocations,
        "heap_live_before": live_before, "heap_live_after": LIVE.load(Relaxed),
        "vmhwm_kb_before": hwm_before, "vmhwm_kb_after_first": hwm_first,
        "vmhwm_kb_after": status_kb("VmHWM:"), "iterations": iters + 1,
    });
    println!("{row}");
}
