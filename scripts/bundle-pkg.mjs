#!/usr/bin/env node
// Bundles each runtime entry of the npm package into one ES module (scripts/build-pkg.sh runs it):
//
//   pkg/src/{node,deno,browser,workerd}.js          -> pkg/dist/{node,deno,browser,workerd}.js   ('saml-edge')
//   pkg/src/inspect/{node,deno,browser,workerd}.js  -> pkg/dist/inspect/*.js                     ('saml-edge/inspect')
//
// An entry imported unbundled reads about fifteen modules; measured in Node, resolving and
// evaluating them was most of `import` (BENCHMARKS.md, cold start). A bundle keeps the same
// relative paths to dist/ as its source (dist/node.js sits where src/node.js does, one level
// below pkg/), so every `../dist/...` specifier stays as written and external: the wasm-bindgen
// glue of each core (shared by both builds' entries: one instance of a core per process), the
// .wasm files, the full build's glue that the edge entries import on first use. pkg/src/errors.js
// stays one external module too, so that SamlError is one class for every entry and for
// saml-edge/redis, /durable-object, /deno-kv and /entra (unbundled, they import it).
//
//   node scripts/bundle-pkg.mjs PATH_TO_ESBUILD_BIN
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(root, 'pkg');
const esbuildBin = process.argv[2];
if (!esbuildBin) throw new Error('usage: node scripts/bundle-pkg.mjs PATH_TO_ESBUILD_BIN');
// The JS API of the esbuild package that holds this binary (node_modules/.bin/esbuild -> ../esbuild).
const esbuild = createRequire(join(dirname(esbuildBin), '..', 'esbuild', 'package.json'))('esbuild');

const ENTRIES = ['node', 'deno', 'browser', 'workerd'];
const version = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version;

/** Keeps `../dist/...` (glue, .wasm) and errors.js outside the bundle; errors.js by its path from `outdir`. */
function externals(outdir) {
  return {
    name: 'saml-edge-externals',
    setup(build) {
      build.onResolve({ filter: /^(node:|cloudflare:)/ }, (args) => ({ path: args.path, external: true }));
      build.onResolve({ filter: /\/dist\/(edge|full)\// }, (args) => ({ path: args.path, external: true }));
      build.onResolve({ filter: /(^|\/)errors\.js$/ }, (args) => {
        const target = resolve(args.resolveDir, args.path);
        if (target !== join(pkg, 'src', 'errors.js')) return undefined;
        const path = relative(outdir, target).split('\\').join('/');
        return { path: path.startsWith('.') ? path : `./${path}`, external: true };
      });
    },
  };
}

async function bundle(dir, types) {
  const outdir = join(pkg, 'dist', dir);
  const result = await esbuild.build({
    entryPoints: ENTRIES.map((e) => join(pkg, 'src', dir, `${e}.js`)),
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    charset: 'utf8',
    legalComments: 'none',
    // Minified, names kept (stack traces and error classes read as in src/): measured in Node, the
    // bundle's import took about 1 ms less CPU than unminified (8.8 vs 9.9 ms, medians of 25 fresh
    // processes, load 4); the readable source ships beside it in src/.
    minify: true,
    keepNames: true,
    // Deno finds the types of a path import by this comment (the same relative path as from src/).
    banner: { js: `/* @ts-self-types="${types}" */\n// saml-edge ${version}: bundled from pkg/src by scripts/bundle-pkg.mjs (do not edit).` },
    plugins: [externals(outdir)],
    logLevel: 'warning',
    metafile: true,
  });
  for (const [file, out] of Object.entries(result.metafile.outputs)) {
    console.log(`${relative(root, join(root, file))}: ${out.bytes} bytes, ${Object.keys(out.inputs).length} modules`);
  }
}

await bundle('', '../index.d.ts');
await bundle('inspect', '../../inspect.d.ts');
