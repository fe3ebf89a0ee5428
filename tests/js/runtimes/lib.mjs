// Shared helpers for the Node-side drivers of the runtime test runners (workerd, chromium).
// Node built-ins only.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const runtimesDir = dirname(fileURLToPath(import.meta.url));

/** Repository root: $SAML_EDGE_ROOT (to run against a scratch copy) or ../../.. from here. */
export const repoRoot = resolve(process.env.SAML_EDGE_ROOT || join(runtimesDir, '..', '..', '..'));

/**
 * Resolves the `subpath` export ("." by default; "./inspect" for the full build) of
 * pkg/package.json for one set of conditions, the way Node, bundlers and runtimes do: the first
 * key (in the map's order) that is in `conditions` or is "default" wins, recursively. Returns
 * { path: './dist/x.js', condition: 'workerd' } (condition = the key chosen at the outermost
 * level) or throws.
 */
export function resolveExport(pkgDir, conditions, subpath = '.') {
  const pj = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  let exp = pj.exports;
  if (exp == null) throw new Error(`${pkgDir}/package.json has no "exports"`);
  if (typeof exp === 'object' && !Array.isArray(exp) && Object.keys(exp).some((k) => k.startsWith('.'))) {
    exp = exp[subpath];
    if (exp === undefined) throw new Error(`pkg/package.json exports has no "${subpath}"`);
  }
  const walk = (t) => {
    if (typeof t === 'string') return t;
    if (Array.isArray(t)) {
      for (const x of t) { const r = walk(x); if (r) return r; }
      return null;
    }
    if (t && typeof t === 'object') {
      for (const [k, v] of Object.entries(t)) {
        if (k === 'default' || conditions.includes(k)) { const r = walk(v); if (r) return r; }
      }
    }
    return null;
  };
  if (exp && typeof exp === 'object' && !Array.isArray(exp)) {
    for (const [k, v] of Object.entries(exp)) {
      if (k === 'default' || conditions.includes(k)) {
        const r = walk(v);
        if (r) return { path: r, condition: k };
      }
    }
    throw new Error(`pkg/package.json exports["${subpath}"] has no target for conditions ${conditions.join(',')}`);
  }
  const r = walk(exp);
  if (!r) throw new Error('pkg/package.json exports["."] resolves to nothing');
  return { path: r, condition: '(unconditional)' };
}

/** All files under dir (recursively), as paths relative to `base`, '/'-separated, sorted. */
export function listFiles(dir, base, skip = () => false) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (skip(p, name)) continue;
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) out.push(p.slice(base.length + 1).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** One line for a failure: the suite's failures are strings; the runners' own are {name, error}. */
export function describeFailure(f) {
  if (typeof f === 'string') return f;
  if (!f || typeof f !== 'object') return String(f);
  const title = f.name ?? f.test ?? f.title ?? JSON.stringify(f);
  const err = f.error ?? f.message ?? f.detail;
  return err === undefined ? String(title) : `${title}: ${typeof err === 'string' ? err : JSON.stringify(err)}`;
}

/** Prints failures and the closing line; returns the process exit code. */
export function report(name, result, ms) {
  const { passed = 0, failed = 0, failures = [] } = result || {};
  for (const f of failures || []) console.log(`FAIL ${describeFailure(f)}`);
  console.log(`${name}: ${passed} passed, ${failed} failed in ${(ms / 1000).toFixed(1)}s`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

export function withTimeout(promise, ms, what) {
  let t;
  return Promise.race([
    promise,
    new Promise((_, rej) => { t = setTimeout(() => rej(new Error(`${what}: timed out after ${ms / 1000}s`)), ms); }),
  ]).finally(() => clearTimeout(t));
}
