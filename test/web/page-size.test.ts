// The playground's size budget (docs/playground.md): what a first visit downloads, the page's own
// code and styles plus the engine and the layout worker, gzipped as a static host would send them.
// Examples and the Monte Carlo worker are fetched only when used and are counted apart.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../bindings/node.js';

const WEB = join(packageRoot(), 'dist/web');
const FIRST_VISIT = ['index.html', 'style.css', 'app.js', 'lib/browser/vpcsim.js', 'lib/cytoscape.esm.min.mjs', 'elk-worker.min.js', 'build/release.wasm'];
/** Bytes, gzipped: the budget docs/playground.md states. */
const BUDGET_GZIP = 900_000;
const BUDGET_RAW = 3_000_000;

describe('the playground page size', () => {
  it(`a first visit stays within ${BUDGET_GZIP} bytes gzipped (${BUDGET_RAW} raw)`, () => {
    const sizes = FIRST_VISIT.map((f) => {
      const bytes = readFileSync(join(WEB, f));
      return { file: f, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    });
    const raw = sizes.reduce((s, x) => s + x.raw, 0);
    const gzip = sizes.reduce((s, x) => s + x.gzip, 0);
    console.log(sizes.map((s) => `${s.file} ${s.raw} B, ${s.gzip} B gzipped`).join('\n'), `\ntotal ${raw} B, ${gzip} B gzipped`);
    expect(gzip).toBeLessThanOrEqual(BUDGET_GZIP);
    expect(raw).toBeLessThanOrEqual(BUDGET_RAW);
  });

  it('the page references nothing outside itself: no http(s) URL in its HTML, styles or script imports', () => {
    const html = readFileSync(join(WEB, 'index.html'), 'utf8');
    const css = readFileSync(join(WEB, 'style.css'), 'utf8');
    expect(html.match(/(src|href)="https?:/g)).toBeNull();
    expect(css.match(/url\(/g)).toBeNull();
    expect(statSync(join(WEB, 'lib/browser/montecarlo-worker.js')).size).toBeGreaterThan(0);
  });
});
