// `npm run build:web`: the playground page (web/, issue 17) as static files in dist/web/, offline:
// - app.js: web/main.ts (compiled by build:ts into dist/node/web/) and elkjs's API, minified (terser);
//   it imports the library as any page would, from the published browser bundle (dist/browser/vpcsim.js,
//   copied to lib/browser/), and cytoscape from its own minified ES module (lib/cytoscape.esm.min.mjs):
//   both are minified already, so this build takes seconds instead of re-minifying them;
// - elk-worker.min.js: elkjs's layout worker, so the layout runs off the page's main thread;
// - lib/browser/montecarlo-worker.js and build/release.wasm: the Monte Carlo Web Worker and the engine,
//   placed so that the worker's default engine URL (../../build/release.wasm) resolves inside dist/web;
// - index.html, style.css, and examples/ (the bundled examples, index.json listing them, and a
//   generated 100-VPC design to try a large one).
// Nothing is fetched from elsewhere: no CDN, no web font (the page uses the system's fonts).
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import terser from '@rollup/plugin-terser';

const OUT = 'dist/web';

/** Example -> its title in the page and the Monte Carlo scenario bundled for it. */
const EXAMPLES = [
  { file: 'two-tier.yaml', title: 'Two-tier VPC: bastion, web, app, NAT gateway' },
  { file: 'peering.yaml', title: 'VPC peering' },
  { file: 'transit-gateway.yaml', title: 'Transit gateway hub and spokes' },
  { file: 'vpn.yaml', title: 'Site-to-Site VPN' },
  { file: 's3-gateway-endpoint.yaml', title: 'S3 gateway endpoint' },
  { file: 'ipv6-egress-only.yaml', title: 'IPv6 egress-only internet gateway' },
  { file: 'availability/nat-single.yaml', title: 'Availability: one NAT gateway', scenario: 'availability/nat-scenario.yaml' },
  { file: 'availability/nat-per-az.yaml', title: 'Availability: a NAT gateway per AZ', scenario: 'availability/nat-scenario.yaml' },
  { file: 'availability/hybrid.json', title: 'Availability: VPN and Direct Connect (snapshot)', scenario: 'availability/hybrid-scenario.yaml' },
];
const GENERATED = { file: 'generated-100-vpcs.json', title: 'Large: 100 VPCs on a transit gateway (generated)' };

function copy(from, to) {
  mkdirSync(dirname(join(OUT, to)), { recursive: true });
  copyFileSync(from, join(OUT, to));
}

function staticFiles() {
  return {
    name: 'vpcsim-web-static-files',
    async writeBundle() {
      copy('web/index.html', 'index.html');
      copy('web/style.css', 'style.css');
      copy('node_modules/elkjs/lib/elk-worker.min.js', 'elk-worker.min.js');
      copy('dist/browser/montecarlo-worker.js', 'lib/browser/montecarlo-worker.js');
      copy('dist/browser/vpcsim.js', 'lib/browser/vpcsim.js');
      copy('node_modules/cytoscape/dist/cytoscape.esm.min.mjs', 'lib/cytoscape.esm.min.mjs');
      copy('build/release.wasm', 'build/release.wasm');
      const listed = new Set(EXAMPLES.flatMap((e) => [e.file, e.scenario]));
      for (const e of EXAMPLES) {
        copy(join('examples', e.file), join('examples', e.file));
        if (e.scenario) copy(join('examples', e.scenario), join('examples', e.scenario));
      }
      for (const f of readdirSync('examples')) if (/\.ya?ml$/.test(f) && !listed.has(f)) throw new Error(`examples/${f} is not listed in rollup.web.config.mjs`);
      // The library as built by build:ts: the same generator `vpcsim generate` runs.
      const { generateTopology, toCloudFormation } = await import('./dist/node/src/index.js');
      const big = generateTopology({ seed: 17, vpcs: 100, subnetsPerVpc: 3, instancesPerSubnet: 2, hub: 'tgw', azs: 3 });
      writeFileSync(join(OUT, 'examples', GENERATED.file), toCloudFormation(big, { format: 'json' }));
      writeFileSync(join(OUT, 'examples/index.json'), `${JSON.stringify([...EXAMPLES, GENERATED], null, 1)}\n`);
    },
  };
}

/** Imports served as files of their own: bare or resolved id -> the URL app.js imports. */
function sharedModule(id) {
  if (id === 'cytoscape') return './lib/cytoscape.esm.min.mjs';
  if (id.replaceAll('\\', '/').endsWith('dist/node/src/browser.js')) return './lib/browser/vpcsim.js';
  return undefined;
}

export default {
  input: 'dist/node/web/main.js',
  external: (id, importer) => sharedModule(id) !== undefined || (importer !== undefined && id === '../src/browser.js'),
  output: { file: join(OUT, 'app.js'), format: 'es', sourcemap: false, paths: (id) => sharedModule(id) ?? id },
  plugins: [nodeResolve({ browser: true, preferBuiltins: false }), commonjs(), terser(), staticFiles()],
  onwarn(warning, warn) {
    if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return;
    warn(warning);
  },
};
