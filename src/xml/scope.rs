//! Namespace bindings in scope, with O(log n) lookups and cheap undo.
//!
//! A document may declare up to `Limits::max_namespace_declarations` namespaces,
//! all of them in scope at once; scanning a list for every name (or every
//! canonicalized element) would make parsing and canonicalization quadratic,
//! a denial of service before any signature is checked.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;

/// Prefix → stack of URIs; the default namespace is the empty prefix. URIs are shared
/// (`Arc<str>`): every element and attribute in a binding's scope gets a reference, not a copy.
#[derive(Debug, Default, Clone)]
pub(crate) struct Scope {
    map: BTreeMap<String, Vec<Arc<str>>>,
    log: Vec<String>,
}

fn key(prefix: Option<&str>) -> &str {
    prefix.unwrap_or("")
}

impl Scope {
    /// Bind `prefix` (`None`: the default namespace) to `uri` until [`Scope::pop_to`].
    pub(crate) fn push(&mut self, prefix: Option<&str>, uri: &str) {
        let k = String::from(key(prefix));
        self.map.entry(k.clone()).or_default().push(Arc::from(uri));
        self.log.push(k);
    }

    /// A mark to return to with [`Scope::pop_to`].
    pub(crate) fn mark(&self) -> usize {
        self.log.len()
    }

    /// Undo every binding made since `mark`.
    pub(crate) fn pop_to(&mut self, mark: usize) {
        while self.log.len() > mark {
            let Some(k) = self.log.pop() else { break };
            if let Some(stack) = self.map.get_mut(&k) {
                stack.pop();
                if stack.is_empty() {
                    self.map.remove(&k);
                }
            }
        }
    }

    /// The URI `prefix` is bound to (`Some("")` where `xmlns=""` undeclared the default).
    pub(crate) fn get(&self, prefix: Option<&str>) -> Option<&str> {
        self.get_shared(prefix).map(|s| &**s)
    }

    /// As [`Scope::get`], the shared string itself (cloning it copies no text).
    pub(crate) fn get_shared(&self, prefix: Option<&str>) -> Option<&Arc<str>> {
        self.map.get(key(prefix)).and_then(|s| s.last())
    }

    /// Every binding in effect, ordered by prefix (the default namespace first).
    pub(crate) fn bindings(&self) -> impl Iterator<Item = (Option<&str>, &str)> {
        self.map.iter().filter_map(|(k, s)| {
            let uri = s.last()?;
            Some((if k.is_empty() { None } else { Some(k.as_str()) }, &**uri))
        })
    }
}
