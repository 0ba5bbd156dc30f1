#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (`npm run build`; the published package ships it, built by prepack).
import { main } from '../dist/cli.js';

main(process.argv.slice(2)).then(
  (code) => { if (typeof code === 'number') process.exitCode = code; },
  (err) => { console.error(err instanceof Error ? err.message : String(err)); process.exitCode = 1; },
);
