// Shared by the Node-side runners of tests/entra: where things are, the package link, the subpath export
// resolution, and the directory server's URLs. Node built-ins only; the closing-line and timeout helpers
// are tests/js/runtimes/lib.mjs's.
import { lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export { report, withTimeout } from '../../js/runtimes/lib.mjs';

export const runtimesDir = dirname(fileURLToPath(import.meta.url));
export const entraDir = join(runtimesDir, '..');
export const repoRoot = join(entraDir, '..', '..');
/** Where the runtime npm packages (deno, workerd, playwright-core) are installed by scripts/test-js.sh. */
export const toolsDir = join(repoRoot, 'tests', 'js', 'runtimes', 'node_modules');

/** tests/entra/node_modules/saml-edge -> pkg/, so that Node and Deno resolve the package by name. */
export function linkPackage() {
  const nm = join(entraDir, 'node_modules');
  const link = join(nm, 'saml-edge');
  const target = relative(nm, join(repoRoot, 'pkg'));
  mkdirSync(nm, { recursive: true });
  let ok = false;
  try {
    ok = lstatSync(link).isSymbolicLink() && readlinkSync(link) === target;
  } catch {
    ok = false;
  }
  if (!ok) {
    rmSync(link, { recursive: true, force: true });
    symlinkSync(target, link, 'dir');
  }
}

/**
 * Resolves a subpath export ("./entra") of pkg/package.json for a list of conditions, the way bundlers
 * and runtimes do (first matching key in the map's order, "default" always matches). Returns './src/...'.
 */
export function resolveSubpath(subpath, conditions) {
  const pj = JSON.parse(readFileSync(join(repoRoot, 'pkg', 'package.json'), 'utf8'));
  const walk = (t) => {
    if (typeof t === 'string') return t;
    if (t && typeof t === 'object' && !Array.isArray(t)) {
      for (const [k, v] of Object.entries(t)) {
        if (k === 'default' || conditions.includes(k)) {
          const r = walk(v);
          if (r) return r;
        }
      }
    }
    return null;
  };
  const target = pj.exports?.[subpath];
  const r = target === undefined ? null : walk(target);
  if (!r) throw new Error(`pkg/package.json exports["${subpath}"] has no target for ${conditions.join(', ')}`);
  return r;
}
