// Unmodelled resource types are summarised: one warning per type with its count and the first
// logical ids (issue 11: a real stack printed a line per IAM role and Lambda function).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importCloudFormation } from '../../src/import/cloudformation/index.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'vpcsim-skipped-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function stack(roles: number): string {
  const lines = ['Resources:', '  Vpc: { Type: AWS::EC2::VPC, Properties: { CidrBlock: 10.0.0.0/16 } }'];
  for (let i = 0; i < roles; i++) lines.push(`  Role${i}: { Type: AWS::IAM::Role }`);
  lines.push('  FnA: { Type: AWS::Lambda::Function }', '  Bucket: { Type: AWS::S3::Bucket }', '  FnB: { Type: AWS::Lambda::Function }');
  lines.push('  Api: { Type: AWS::ApiGateway::RestApi }');
  return lines.join('\n') + '\n';
}

describe('unmodelled resource types', () => {
  it('one warning per type, in template order, with the count and the first three logical ids', () => {
    const warnings: string[] = [];
    importCloudFormation(stack(412), 's.yaml', { warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([
      "s.yaml: skipping 412 AWS::IAM::Role (not modelled): 'Role0', 'Role1', 'Role2' and 409 more",
      "s.yaml: skipping 2 AWS::Lambda::Function (not modelled): 'FnA', 'FnB'",
      "s.yaml: skipping AWS::S3::Bucket 'Bucket' (not modelled)",
    ]);
  });

  it('validate prints three warning lines for a stack of 415 unmodelled resources', async () => {
    const file = join(dir, 'big-stack.yaml');
    writeFileSync(file, stack(412));
    const r = await runCli('validate', file);
    expect(r.code).toBe(0);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(3);
    expect(r.stdout).toMatch(/\(3 warnings\)\n$/);
  });
});
