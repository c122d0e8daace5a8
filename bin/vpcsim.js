#!/usr/bin/env node
// Thin launcher: the CLI is src/cli, bundled into one file by `npm run build` (rollup.config.mjs).
import { main } from '../dist/cli/vpcsim.js';

process.exitCode = await main(process.argv.slice(2));
