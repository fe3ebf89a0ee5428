// Vite builds app/index.html (entry app/browser.js) into out/vite/, with nothing set up for the
// package: it copies the .wasm because the package names it with new URL(..., import.meta.url).
export default {
  root: 'app',
  base: './',
  logLevel: 'warn',
  build: { outDir: '../out/vite', emptyOutDir: true, target: 'es2022' },
};
