// Parameter declarations hold literals only (CloudFormation "Parameters" section: Default,
// AllowedValues, AllowedPattern, MinLength/MaxLength, MinValue/MaxValue, ConstraintDescription,
// Type). A map, a list of maps or an intrinsic function there is bad input: exit 2 with one line
// naming the parameter and the field (issue 11: it used to exit 70 "internal").
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'vpcsim-params-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A one-VPC template whose parameter P has the declaration lines given (YAML, 4-space indent). */
function template(name: string, declaration: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, `Parameters:\n  P:\n${declaration.replace(/^/gm, '    ')}\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !Ref P\n`);
  return file;
}

async function refusal(file: string): Promise<string> {
  const r = await runCli('validate', file);
  expect(r.code).toBe(2);
  expect(r.stderr).not.toContain('internal');
  const lines = r.stderr.split('\n');
  expect(lines).toHaveLength(2);
  return lines[0]!;
}

describe('parameter declarations with maps or intrinsics: exit 2 naming the parameter and field', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['default-map', 'Type: String\nDefault: { a: 1 }', /Parameter 'P': Default must be a string, a number or a list of them, got \{"a":1\}$/],
    ['default-ref', 'Type: String\nDefault: !Ref AWS::Region', /Parameter 'P': Default must be .*got \{"Ref":"AWS::Region"\} \(Parameters take literal values; intrinsic functions are not evaluated there\)$/],
    ['default-list-of-maps', 'Type: CommaDelimitedList\nDefault: [{ a: 1 }]', /Parameter 'P': Default must be/],
    ['allowed-values-map', 'Type: String\nDefault: 10.0.0.0/16\nAllowedValues: { a: 1 }', /Parameter 'P': AllowedValues must be a list of strings, got \{"a":1\}$/],
    ['allowed-values-list-of-maps', 'Type: String\nDefault: 10.0.0.0/16\nAllowedValues: [{ a: 1 }]', /Parameter 'P': AllowedValues must be a list of strings, got \[\{"a":1\}\]$/],
    ['allowed-pattern-map', 'Type: String\nDefault: 10.0.0.0/16\nAllowedPattern: { a: 1 }', /Parameter 'P': AllowedPattern must be a string/],
    ['max-length-map', 'Type: String\nDefault: 10.0.0.0/16\nMaxLength: { a: 1 }', /Parameter 'P': MaxLength must be a number, got \{"a":1\}$/],
    ['min-length-text', 'Type: String\nDefault: 10.0.0.0/16\nMinLength: short', /Parameter 'P': MinLength must be a number, got "short"$/],
    ['min-value-map', 'Type: Number\nDefault: 1\nMinValue: { a: 1 }', /Parameter 'P': MinValue must be a number, got \{"a":1\}$/],
    ['max-value-ref', 'Type: Number\nDefault: 1\nMaxValue: !Ref AWS::AccountId', /Parameter 'P': MaxValue must be a number, got \{"Ref":"AWS::AccountId"\} \(Parameters take literal/],
    ['constraint-description-map', 'Type: String\nDefault: 10.0.0.0/16\nConstraintDescription: { a: 1 }', /Parameter 'P': ConstraintDescription must be a string/],
    ['type-map', 'Type: { a: 1 }\nDefault: 10.0.0.0/16', /Parameter 'P': Type must be a string, got \{"a":1\}$/],
  ];
  for (const [name, declaration, expected] of cases) {
    it(name, async () => {
      const line = await refusal(template(name, declaration));
      expect(line).toMatch(/^error: .*\.yaml: /);
      expect(line).toMatch(expected);
    });
  }

  it('a --param override does not hide a malformed constraint', async () => {
    const r = await runCli('validate', template('override', 'Type: String\nDefault: 10.0.0.0/16\nMaxLength: [1]'), '--param', 'P=10.1.0.0/16');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Parameter 'P': MaxLength must be a number, got \[1\]/);
  });
});

describe('well-formed declarations still work', () => {
  it('numbers written as strings, a list Default for a list type, a pattern and allowed values', async () => {
    const file = template('fine', "Type: String\nDefault: 10.0.0.0/16\nMinLength: '9'\nMaxLength: 18\nAllowedPattern: '[0-9./]+'\nAllowedValues: [10.0.0.0/16, 10.1.0.0/16]");
    const r = await runCli('validate', file);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('the constraints still bite: MaxLength from a numeric string', async () => {
    const r = await runCli('validate', template('too-long', "Type: String\nDefault: 10.0.0.0/16\nMaxLength: '5'"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Parameter 'P': value "10\.0\.0\.0\/16" is longer than MaxLength 5/);
  });
});
