// The library as its users meet it: every value the entries export (src/index.ts for Node,
// src/browser.ts for browsers) has a doc comment (what an editor shows on hover) and every exported
// function a declared result type; the README's library examples type-check as written against the
// Node entry (`import ... from 'vpcsim'`). Run by the TypeScript compiler, as a user's build would.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './imports.js';

const options: ts.CompilerOptions = {
  ...ts.parseJsonConfigFileContent(ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile).config, ts.sys, ROOT).options,
  noEmit: true,
  // `vpcsim` as the README imports it: the Node entry (package.json "exports" -> dist/node/src/index.js).
  paths: { vpcsim: ['./src/index.ts'] },
  baseUrl: ROOT,
};

/** The README's ```ts blocks, each as a module of its own next to the package root. */
const README_BLOCKS = [...readFileSync(join(ROOT, 'README.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m, i) => ({ file: join(ROOT, `readme-example-${i + 1}.ts`), text: m[1]! }));

const host = ts.createCompilerHost(options);
const readFile = host.readFile.bind(host);
const fileExists = host.fileExists.bind(host);
const getSourceFile = host.getSourceFile.bind(host);
host.readFile = (f) => README_BLOCKS.find((b) => b.file === f)?.text ?? readFile(f);
host.fileExists = (f) => README_BLOCKS.some((b) => b.file === f) || fileExists(f);
host.getSourceFile = (f, v, ...rest) => {
  const block = README_BLOCKS.find((b) => b.file === f);
  return block ? ts.createSourceFile(f, block.text, v) : getSourceFile(f, v, ...rest);
};
const ENTRIES = [join(ROOT, 'src/index.ts'), join(ROOT, 'src/browser.ts')];
const program = ts.createProgram([...ENTRIES, ...README_BLOCKS.map((b) => b.file)], options, host);
const checker = program.getTypeChecker();

function undocumented(entry: string): string[] {
  const found: string[] = [];
  for (const exported of checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(entry)!)!)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (!(symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Variable | ts.SymbolFlags.Class))) continue;
    const declaration = symbol.getDeclarations()?.[0];
    if (!declaration) continue;
    const where = `${exported.name} (${declaration.getSourceFile().fileName.slice(ROOT.length + 1)})`;
    if (ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() === '') found.push(`${where}: no doc comment`);
    if (ts.isFunctionDeclaration(declaration) && !declaration.type) found.push(`${where}: no declared result type`);
  }
  return found;
}

describe('the library API', () => {
  it('every exported value of the Node and browser entries has a doc comment; functions declare their result', () => {
    for (const entry of ENTRIES) expect(undocumented(entry), entry).toEqual([]);
  });

  it("the README's library examples type-check against the Node entry, as written", () => {
    expect(README_BLOCKS.length).toBeGreaterThanOrEqual(3);
    for (const block of README_BLOCKS) {
      const errors = ts.getPreEmitDiagnostics(program, program.getSourceFile(block.file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      expect(errors, block.text).toEqual([]);
    }
  });
});
