#!/usr/bin/env node
// Thin launcher: the CLI lives in src/cli (compiled to dist/ by `npm run build`).
import { main } from '../dist/node/src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
