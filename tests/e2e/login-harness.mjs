// Small helpers for tests/e2e/login.mjs: a sequential test list with `N passed, N failed`,
// assertions that say expected vs found, and reading the portal's error page.

export function harness() {
  const results = [];
  return {
    async test(name, fn) {
      const t0 = performance.now();
      try {
        await fn();
        results.push(true);
        console.log(`ok   ${name} (${((performance.now() - t0) / 1000).toFixed(1)}s)`);
      } catch (e) {
        results.push(false);
        console.log(`FAIL ${name}: ${e?.stack ?? e}`);
      }
    },
    summary() {
      const failed = results.filter((r) => !r).length;
      console.log(`${results.length - failed} passed, ${failed} failed`);
      return failed === 0 && results.length > 0;
    },
  };
}

export function expectEqual(found, expected, what) {
  if (found !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, found ${JSON.stringify(found)}`);
}

export function expectTrue(cond, what) {
  if (!cond) throw new Error(what);
}

/** The stable code shown on the portal's error page (`<code id="error-code">`), or null. */
export function errorCodeIn(html) {
  return /<code id="error-code">([A-Z0-9_]+)<\/code>/.exec(html)?.[1] ?? null;
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
