// Browser entry without any setup: the package fetches its .wasm from where the bundler put it
// (Vite and webpack copy it, following `new URL(..., import.meta.url)`).
import { show } from './page.js';
import { verifyBoth } from './verify.js';

show(verifyBoth());
