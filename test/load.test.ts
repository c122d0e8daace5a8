// loadTopology / loadTopologyFromText: format detection, validation after import, file names in errors.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadTopology, loadTopologyFromText } from '../src/import/load.js';
import { inputErrorOf as errorOf } from './helpers/input-error.js';

const VPC_YAML = `Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
`;
const VPC_JSON = JSON.stringify({ Resources: { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } } } });

describe('loadTopologyFromText: format detection', () => {
  it('YAML text is a CloudFormation template', () => {
    const t = loadTopologyFromText(VPC_YAML, 'vpc.yaml');
    expect(t.vpcs.map((v) => [v.logicalId, v.cidrBlocks[0]!.text])).toEqual([['Vpc', '10.0.0.0/16']]);
  });

  it('JSON with Resources is a CloudFormation template, whatever the file name', () => {
    for (const name of ['vpc.json', 'vpc.template', 'vpc']) {
      expect(loadTopologyFromText(VPC_JSON, name).vpcs[0]!.logicalId).toBe('Vpc');
    }
  });

  it('JSON with AWSTemplateFormatVersion and no Resources goes to the template importer', () => {
    const err = errorOf(() => loadTopologyFromText('{"AWSTemplateFormatVersion": "2010-09-09"}', 't.json'));
    expect(err.message).toMatch(/^t\.json: /);
    expect(err.message).not.toMatch(/neither a CloudFormation template nor/);
  });

  it('JSON with describe-* keys is a snapshot', () => {
    const json = JSON.stringify({ Vpcs: [{ VpcId: 'vpc-0a1b2c3d4e5f67890', CidrBlock: '10.1.0.0/16', State: 'available', OwnerId: '111122223333' }] });
    const t = loadTopologyFromText(json, 'vpcs.json');
    expect(t.vpcs.map((v) => v.id)).toEqual(['vpc-0a1b2c3d4e5f67890']);
  });

  it('JSON that is neither names the file', () => {
    expect(errorOf(() => loadTopologyFromText('{"Foo": 1}', 'x.json')).message).toMatch(/^x\.json: is neither a CloudFormation template nor a describe-\* snapshot/);
  });

  it('a BOM is ignored', () => {
    expect(loadTopologyFromText('\ufeff' + VPC_JSON, 'bom.json').vpcs).toHaveLength(1);
  });

  it('validation runs after import and errors name the file', () => {
    const bad = VPC_YAML.replace('10.0.0.0/16', '10.0.0.0/12');
    const err = errorOf(() => loadTopologyFromText(bad, 'big.yaml'));
    expect(err.message).toBe("big.yaml: VPC 'Vpc': CidrBlock 10.0.0.0/12 is not /16 to /28 (ADDR-1) (InvalidVpc.Range)");
    expect(err.context).toMatchObject({ file: 'big.yaml', logicalId: 'Vpc', field: 'CidrBlock', code: 'InvalidVpc.Range' });
  });

  it('validation warnings go through opts.warn, prefixed with the file (ADDR-3)', () => {
    const yaml = `${VPC_YAML}  Secondary:
    Type: AWS::EC2::VPCCidrBlock
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 192.168.0.0/24
`;
    const warnings: string[] = [];
    loadTopologyFromText(yaml, 'two.yaml', { warn: (m) => warnings.push(m) });
    expect(warnings).toContain(
      "two.yaml: VPC 'Vpc': secondary CidrBlock 192.168.0.0/24 is in 192.168.0.0/16, which AWS does not associate with a VPC whose primary CIDR block is 10.0.0.0/16 (ADDR-3)",
    );
  });
});

describe('loadTopology: files and directories', () => {
  it('a snapshot directory and its merged file give the same model', async () => {
    const dir = await loadTopology('test/fixtures/snapshot/account');
    const merged = await loadTopology('test/fixtures/snapshot/account-merged.json');
    const strip = (t: typeof dir) => ({ ...t, warnings: [] });
    expect(strip(dir)).toEqual(strip(merged));
    expect(dir.subnets.length).toBeGreaterThan(0);
  });

  it('a file gives the same model as its text', async () => {
    const path = 'test/fixtures/validate/lab.yaml';
    const fromFile = await loadTopology(path);
    expect(fromFile).toEqual(loadTopologyFromText(readFileSync(path, 'utf8'), path));
  });

  it('errors of a snapshot directory name the directory', async () => {
    await expect(loadTopology('test/fixtures/bad/snapshot-broken')).rejects.toThrow(/^test\/fixtures\/bad\/snapshot-broken\/describe-vpcs\.json:3:40: /);
  });

  it('maxSizeBytes limits the input', async () => {
    await expect(loadTopology('test/fixtures/validate/lab.yaml', { maxSizeBytes: 100 })).rejects.toThrow(/over the 100 bytes limit/);
  });
});
