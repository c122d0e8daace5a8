// loadTopologyFromBytes (src/import/load-bytes.ts) scans a JSON template in the bytes it was read as,
// before any text exists; it must give what decoding the bytes (decodeText: BOM, NUL, invalid UTF-8,
// empty) and loadTopologyFromText give: the same Topology, the same warnings, or the same error
// message. Differential tests on every file of examples/ and test/fixtures/ as it is on disk, on the
// JSON corpus (compact and pretty), on seeded byte-level changes of them, and on the edge cases of
// the bytes paths, JSON and YAML (BOMs, white space, characters outside ASCII, NUL, CR, bytes that are
// not UTF-8, what the YAML subset reader declines).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sliceTemplateBytes } from '../../src/import/cloudformation/template-slices.js';
import { sliceAsciiYamlTemplate } from '../../src/import/cloudformation/yaml-template.js';
import { decodeText } from '../../src/import/decode-text.js';
import { loadTopologyFromBytes, loadTopologyFromHeldBytes, type HeldBytes } from '../../src/import/load-bytes.js';
import { loadTopologyFromText } from '../../src/import/load-text.js';
import { readFileBytes } from '../../src/import/read-input.js';
import { InputError } from '../../src/model/errors.js';
import { jsonCorpus, random } from './json-corpus.js';

/** What a load gives: the Topology and the warnings told, or the message of the InputError it throws. */
function outcome(load: (warn: (w: string) => void) => unknown): unknown {
  const warnings: string[] = [];
  try {
    return { value: load((w) => warnings.push(w)), warnings };
  } catch (err) {
    if (err instanceof InputError) return { error: err.message, warnings };
    throw err;
  }
}

/** loadTopologyFromBytes agrees with decoding then loadTopologyFromText. */
function expectAgrees(bytes: Uint8Array, file: string): void {
  const fromText = outcome((warn) => loadTopologyFromText(decodeText(file, bytes), file, { warn }));
  const fromBytes = outcome((warn) => loadTopologyFromBytes(bytes, file, { warn }));
  expect(fromBytes, `${file}: ${new TextDecoder().decode(bytes.subarray(0, 120))}`).toEqual(fromText);
}

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path));
    else out.push(path);
  }
  return out;
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const corpus = jsonCorpus();

/** A change of one byte, a byte inserted, or the bytes cut short. */
function mutate(bytes: Uint8Array, next: () => number): Uint8Array {
  const at = Math.floor(next() * bytes.length);
  const kind = Math.floor(next() * 3);
  const byte = [0x00, 0x22, 0x5c, 0x7b, 0x7f, 0x80, 0xc3, 0xe9, 0xef, 0xff, 0x20, 0x0a][Math.floor(next() * 12)]!;
  if (kind === 0) {
    const out = bytes.slice();
    out[at] = byte;
    return out;
  }
  if (kind === 1) return Uint8Array.from([...bytes.subarray(0, at), byte, ...bytes.subarray(at)]);
  return bytes.slice(0, at);
}

describe('loadTopologyFromBytes', () => {
  it('every file of examples/ and test/fixtures/, as on disk: what decoding and loadTopologyFromText give', () => {
    const paths = [...files('examples'), ...files('test/fixtures')].filter((p) => /\.(ya?ml|json)$/.test(p));
    expect(paths.length).toBeGreaterThan(40);
    for (const path of paths) expectAgrees(readFileSync(path), path);
  });

  it('the JSON corpus, compact and pretty, under JSON, YAML and no file names; the scan takes every one from its bytes', () => {
    expect(corpus.length).toBeGreaterThan(20);
    for (const text of corpus) {
      for (const form of [text, JSON.stringify(JSON.parse(text), null, 2)]) {
        const bytes = encode(form);
        // ASCII JSON: read from the bytes (the path under test), not through a text.
        expect(sliceTemplateBytes(bytes)).toBeDefined();
        for (const file of ['t.json', 't.yaml', 't']) expectAgrees(bytes, file);
      }
    }
  });

  it('BOMs, white space, characters outside ASCII, NUL, bytes that are not UTF-8, empty input', () => {
    const good = corpus.find((t) => t.includes('"AWS::EC2::Subnet"'))!;
    const withBom = (s: string) => Uint8Array.from([0xef, 0xbb, 0xbf, ...encode(s)]);
    const cases: Uint8Array[] = [
      withBom(good),
      withBom(`\ufeff${good}`),
      withBom(` \n\t\r${good}\n`),
      encode(` \n${good}\n\n`),
      encode(`\f${good}`),
      encode(good.replace('"AWS::EC2::Subnet"', '"AWS::EC2::Subnet","Metadata":{"note":"caf\u00e9 \u2713 \ud83d\ude00"}')),
      encode(`{"Description":"r\u00e9seau",${good.slice(1)}`),
      encode(good.replace('"Resources"', '"R\u00e9sources":1,"Resources"')),
      encode(good.replace('"AWS::EC2::Subnet"', '"AWS::EC2::Subnet\u0000"')),
      encode(`${good}\u0000`),
      Uint8Array.from([...encode(good.slice(0, 40)), 0xff, ...encode(good.slice(40))]),
      Uint8Array.from([...encode(good.slice(0, 40)), 0xc3, ...encode(good.slice(40))]),
      Uint8Array.from([...encode(good), 0xe2, 0x82]),
      encode(''),
      encode(' \n\t'),
      withBom(''),
      withBom('  '),
      encode('{}'),
      encode('{"Resources":{}}'),
      encode('[1,2]'),
      encode(good.slice(0, -1)),
      encode(`${good} x`),
      encode(good.replace('"Resources":{', '"Resources":{"A":{"Type":"AWS::EC2::VPC"},"A":{"Type":"AWS::EC2::VPC"},')),
    ];
    for (const bytes of cases) for (const file of ['t.json', 't.yml', 't']) expectAgrees(bytes, file);
    // What the scan must not take from the bytes (the text path decides, with its errors).
    for (const bytes of cases.slice(0, 3).concat(cases.slice(5, 13))) expect(sliceTemplateBytes(bytes)).toBeUndefined();
  });

  it('YAML from its bytes: CR LF, non-ASCII, NUL, declined constructs, odd white space, JSON-looking text, BOMs', () => {
    const yaml = readFileSync('examples/two-tier.yaml', 'utf8');
    const withBom = (s: string) => Uint8Array.from([0xef, 0xbb, 0xbf, ...encode(s)]);
    const cases: Uint8Array[] = [
      encode(yaml),
      withBom(yaml),
      withBom(`\ufeff${yaml}`),
      encode(yaml.replace(/\n/g, '\r\n')),
      encode(yaml.replace('\n', '\r')),
      encode(`# caf\u00e9\n${yaml}`),
      encode(`${yaml}\u0000`),
      encode(`\v\f \n${yaml}`),
      encode(`\t${yaml}`),
      encode(yaml.replace('Resources:', 'Anchored: &a { x: 1 }\nAliased: *a\nResources:')),
      encode(yaml.replace('Resources:', 'Resources:\n  Dup: { Type: AWS::EC2::VPC }\n  Dup: { Type: AWS::EC2::VPC }')),
      encode(`[${yaml}`),
      encode(` {${yaml}`),
      encode('Resources: {}\n'),
      encode('just text\n'),
      encode('\v\f\n'),
    ];
    for (const bytes of cases) for (const file of ['t.yaml', 't.YML', 't.json', 't']) expectAgrees(bytes, file);
    // The path under test: the subset reader reads the bytes as they are.
    expect(sliceAsciiYamlTemplate(encode(yaml))).toBeDefined();
  });

  it('seeded byte-level changes of the YAML examples: the same Topology, warnings or error message', () => {
    const next = random(62);
    const yamls = files('examples').filter((p) => /\.ya?ml$/.test(p)).map((p) => readFileSync(p));
    expect(yamls.length).toBeGreaterThan(5);
    for (let round = 0; round < 4; round++) {
      for (const bytes of yamls) {
        let mutated = mutate(bytes, next);
        if (next() < 0.3) mutated = mutate(mutated, next);
        expectAgrees(mutated, 't.yaml');
      }
    }
  });

  it('seeded byte-level changes of the corpus: the same Topology, warnings or error message', () => {
    const next = random(61);
    for (let round = 0; round < 3; round++) {
      for (const text of corpus) {
        let bytes = mutate(encode(text), next);
        if (next() < 0.3) bytes = mutate(bytes, next);
        expectAgrees(bytes, 't.json');
      }
    }
  });

  it('bytes handed over: dropped once the scan or the YAML reader takes them, kept for the text path otherwise; the same outcome', () => {
    const json = encode(corpus.find((t) => t.includes('"AWS::EC2::Subnet"'))!);
    const yaml = readFileSync('examples/two-tier.yaml');
    const cases: [Uint8Array, string, boolean][] = [
      [json, 't.json', true],
      [yaml, 't.yaml', true],
      // Not taken by a reader (non-ASCII; CR LF; NUL): read as text, from the bytes still held.
      [encode(new TextDecoder().decode(json).replace('"AWS::EC2::Subnet"', '"AWS::EC2::Subnet","Metadata":{"n":"caf\u00e9"}')), 't.json', false],
      [encode(new TextDecoder().decode(yaml).replace(/\n/g, '\r\n')), 't.yaml', false],
      [encode(`${new TextDecoder().decode(json)}\u0000`), 't.json', false],
    ];
    for (const [bytes, file, dropped] of cases) {
      const held: HeldBytes = { bytes };
      const fromHeld = outcome((warn) => loadTopologyFromHeldBytes(held, file, { warn }));
      expect(fromHeld).toEqual(outcome((warn) => loadTopologyFromBytes(bytes, file, { warn })));
      expect(held.bytes === undefined, file).toBe(dropped);
    }
  });

  it('YAML bytes with room after them: the terminator is written there and the bytes read in place, with the same outcome', async () => {
    for (const path of files('examples').filter((p) => /\.ya?ml$/.test(p))) {
      const yaml = readFileSync(path);
      // A byte after the view that is not the terminator: a reader that read past the bytes would see it.
      const buffer = new Uint8Array(yaml.length + 1).fill(0x41);
      buffer.set(yaml);
      const inPlace = sliceAsciiYamlTemplate(buffer.subarray(0, yaml.length), true);
      expect(inPlace, path).toBeDefined();
      expect(buffer[yaml.length]).toBe(0);
      expect(inPlace!.json).toBe(sliceAsciiYamlTemplate(yaml)!.json);
      // As the CLI reads a file: the read leaves room after the bytes, and the import gives what it gives from a copy.
      const read = await readFileBytes(path);
      expect(read.roomAfter).toBe(true);
      expect(outcome((warn) => loadTopologyFromHeldBytes(read, path, { warn }))).toEqual(outcome((warn) => loadTopologyFromBytes(yaml, path, { warn })));
    }
  });
});
