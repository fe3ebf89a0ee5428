// webpack builds app/browser.js into out/webpack/, with nothing set up for the package: webpack 5
// emits the .wasm as an asset because the package names it with new URL(..., import.meta.url).
const path = require('node:path');

module.exports = {
  mode: 'production',
  target: 'web',
  entry: './app/browser.js',
  output: { path: path.resolve(__dirname, 'out/webpack'), filename: 'main.js', clean: true },
  experiments: { topLevelAwait: true },
  performance: { hints: false },
};
