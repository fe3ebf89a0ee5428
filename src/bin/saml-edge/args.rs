//! A small argument reader: `--flag`, `--key VALUE` (repeatable), positionals.

use std::collections::HashMap;

pub struct Args {
    values: HashMap<String, Vec<String>>,
    flags: Vec<String>,
    pub positional: Vec<String>,
    /// `--help` or `-h` was given (every command takes it).
    pub help: bool,
}

/// Flags that take no value, per command.
pub fn parse(argv: &[String], value_keys: &[&str], flag_keys: &[&str]) -> Result<Args, String> {
    let mut a = Args { values: HashMap::new(), flags: Vec::new(), positional: Vec::new(), help: false };
    let mut i = 0;
    while i < argv.len() {
        let arg = &argv[i];
        if arg == "--help" || arg == "-h" {
            a.help = true;
        } else if let Some(key) = arg.strip_prefix("--") {
            let (key, inline) = match key.split_once('=') {
                Some((k, v)) => (k, Some(v.to_string())),
                None => (key, None),
            };
            if flag_keys.contains(&key) && inline.is_none() {
                a.flags.push(key.to_string());
            } else if value_keys.contains(&key) {
                let v = match inline {
                    Some(v) => v,
                    None => {
                        i += 1;
                        argv.get(i).cloned().ok_or_else(|| format!("--{key} needs a value"))?
                    }
                };
                a.values.entry(key.to_string()).or_default().push(v);
            } else {
                return Err(format!("unknown option --{key}"));
            }
        } else {
            a.positional.push(arg.clone());
        }
        i += 1;
    }
    Ok(a)
}

impl Args {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.values.get(key).and_then(|v| v.last()).map(|s| s.as_str())
    }
    pub fn all(&self, key: &str) -> &[String] {
        self.values.get(key).map(|v| v.as_slice()).unwrap_or(&[])
    }
    pub fn flag(&self, key: &str) -> bool {
        self.flags.iter().any(|f| f == key)
    }
    pub fn require(&self, key: &str) -> Result<&str, String> {
        self.get(key).ok_or_else(|| format!("--{key} is required"))
    }
    pub fn one_input(&self) -> Result<&str, String> {
        match self.positional.as_slice() {
            [one] => Ok(one),
            [] => Err("an INPUT (a file path, or - for standard input) is required".into()),
            _ => Err("exactly one INPUT is expected".into()),
        }
    }
}
