// The YAML subset reader (src/import/yaml-fast.ts) against the YAML 1.2.2 spec and against js-yaml
// (the path it stands in for, through template-text.ts). Whatever it takes must read as js-yaml reads
// it; what it is unsure of it declines (undefined), and js-yaml then reads the file as before.
import { describe, expect, it } from 'vitest';
import { parseTemplateText, SHORT_FORMS } from '../../src/import/cloudformation/template-text.js';
import { sliceYamlTemplate } from '../../src/import/cloudformation/yaml-template.js';
import { yamlSubsetToJson } from '../../src/import/yaml-fast.js';

/** The fast reader's value, or undefined when it declines. */
function fast(text: string): unknown {
  const json = yamlSubsetToJson(text, SHORT_FORMS);
  return json === undefined ? undefined : JSON.parse(json);
}

/** js-yaml's value (as template-text.ts builds it), as plain JSON-shaped data. */
function slow(text: string): unknown {
  return structuredClone(parseTemplateText(text, 't.yaml'));
}

/** The fast reader takes `text` and reads it exactly as js-yaml does. */
function takes(text: string): unknown {
  const value = fast(text);
  expect(value, `declined:\n${text}`).not.toBeUndefined();
  expect(value).toStrictEqual(slow(text));
  return value;
}

/** The value of `v` in `Key: <v>`, when the fast reader takes it (it must agree with js-yaml then). */
function scalar(v: string): unknown {
  const text = `Key: ${v}\n`;
  const value = fast(text) as { Key: unknown } | undefined;
  if (value !== undefined) expect(value).toStrictEqual(slow(text));
  return value === undefined ? DECLINED : value.Key;
}
const DECLINED = Symbol('declined');

describe('plain scalars: YAML 1.2.2 core schema (10.3.2 Tag Resolution)', () => {
  // "null | Null | NULL | ~" and the empty scalar resolve to tag:yaml.org,2002:null.
  it('null', () => {
    for (const v of ['null', 'Null', 'NULL', '~']) expect(scalar(v)).toBeNull();
    expect(takes('Key:\nOther: 1\n')).toStrictEqual({ Key: null, Other: 1 });
    expect(takes('Key:   # nothing\n')).toStrictEqual({ Key: null });
  });
  // "true | True | TRUE | false | False | FALSE" resolve to tag:yaml.org,2002:bool.
  it('booleans, and the YAML 1.1 words that are strings in 1.2', () => {
    for (const v of ['true', 'True', 'TRUE']) expect(scalar(v)).toBe(true);
    for (const v of ['false', 'False', 'FALSE']) expect(scalar(v)).toBe(false);
    for (const v of ['yes', 'No', 'on', 'OFF', 'y', 'tRUE', 'nULL', 'truex']) expect(scalar(v)).toBe(v);
  });
  // "[-+]? [0-9]+" resolves to tag:yaml.org,2002:int (base 10); 0o / 0x forms: taken or declined, never a string.
  it('integers', () => {
    expect(scalar('0')).toBe(0);
    expect(scalar('8080')).toBe(8080);
    expect(scalar('-1')).toBe(-1);
    expect(scalar('+12')).toBe(12);
    expect(scalar('-0')).toBe(0);
    expect(scalar('123456789012345')).toBe(123456789012345);
    for (const v of ['007', '0o17', '0x1F', '0x1f', '12345678901234567890']) {
      const value = scalar(v);
      if (value !== DECLINED) expect(value).toBe(Number(v.replace(/^0o/, '0o')));
    }
  });
  // "[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?" resolves to tag:yaml.org,2002:float.
  it('floats', () => {
    expect(scalar('3.14')).toBe(3.14);
    expect(scalar('-2.5')).toBe(-2.5);
    expect(scalar('1.')).toBe(1);
    expect(scalar('.5')).toBe(0.5);
    expect(scalar('1e3')).toBe(1000);
    expect(scalar('1.5E-3')).toBe(0.0015);
    expect(scalar('+1.5')).toBe(1.5);
    expect(Object.is(scalar('-0.0'), -0)).toBe(true);
    // Floats the spec reads one way and js-yaml another ("-.5" is a string to js-yaml), or that JSON cannot hold.
    for (const v of ['-.5', '+.5', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '1e400']) expect(scalar(v)).toBe(DECLINED);
  });
  // "Otherwise: tag:yaml.org,2002:str".
  it('strings that look a little like numbers', () => {
    for (const v of ['10.0.0.0/16', '1.2.3', '1e', '1.5e', '0x', 'e3', '-', '-x', '1-2', '1:2', '::/0', '3a', 't3.micro', 'us-east-1a']) {
      if (v === '-') expect(scalar(v)).toBe(DECLINED);
      else expect(scalar(v)).toBe(v);
    }
  });
  // YAML 1.1 integer and float forms js-yaml still reads as numbers (binary, `_` separators): declined.
  it('declines YAML 1.1 number forms', () => {
    for (const v of ['0b101', '1_000', '1_0.5', '0_1', '+0x1F', '1__']) expect(scalar(v)).toBe(DECLINED);
  });
  it('plain scalars end at a comment and lose trailing spaces; `#` inside is content', () => {
    expect(scalar('a b   # note')).toBe('a b');
    expect(scalar('a#b')).toBe('a#b');
    expect(scalar('a "b" \\c')).toBe('a "b" \\c');
    expect(scalar('arn:aws:s3:::bucket/*')).toBe('arn:aws:s3:::bucket/*');
  });
});

describe('quoted scalars', () => {
  it('single-quoted: `\'\'` is a quote, nothing else is an escape', () => {
    expect(scalar("'it''s'")).toBe("it's");
    expect(scalar("'a\\nb \"c\"'")).toBe('a\\nb "c"');
    expect(scalar("'true'")).toBe('true');
    expect(scalar("'8080'")).toBe('8080');
    expect(scalar("''")).toBe('');
  });
  it('double-quoted: the escapes JSON shares are taken, the others declined', () => {
    expect(scalar('"a\\tb\\n\\"c\\" \\\\ \\/ \\u00e9"')).toBe('a\tb\n"c" \\ / é');
    expect(scalar('"null"')).toBe('null');
    for (const v of ['"\\x41"', '"\\e"', '"\\N"', '"\\_"', '"\\0"', '"\\U0001F600"', '"\\ "', '"\\u12"']) expect(scalar(v)).toBe(DECLINED);
  });
  it('quoted scalars over several lines are declined', () => {
    expect(fast('Key: "a\n  b"\n')).toBeUndefined();
    expect(fast("Key: 'a\n  b'\n")).toBeUndefined();
  });
});

describe('short-form intrinsic tags (CloudFormation "Intrinsic function reference"), as template-text.ts constructs them', () => {
  const cases: Record<string, string> = {
    Ref: 'A: !Ref Vpc\nB: !Ref 123\nC: !Ref "AWS::Region"\n',
    Condition: 'A: !Condition IsProd\n',
    GetAtt: 'A: !GetAtt Vpc.CidrBlock\nB: !GetAtt [Vpc, CidrBlock]\n',
    Sub: "A: !Sub '${AWS::StackName}-x'\nB: !Sub\n  - '${A}-${B}'\n  - { A: !Ref X, B: b }\n",
    Join: "A: !Join ['', [a, !Ref B, c]]\nB: !Join\n  - ','\n  - - x\n    - y\n",
    Select: "A: !Select [0, !GetAZs '']\nB: !Select [1, !Split [',', 'a,b']]\n",
    Split: "A: !Split [',', !Ref List]\n",
    GetAZs: "A: !GetAZs ''\nB: !GetAZs us-east-1\nC: !GetAZs\n  Ref: AWS::Region\n",
    If: 'A: !If [IsProd, !Ref X, !Ref AWS::NoValue]\nB: !If\n  - IsProd\n  - 1\n  - 2\n',
    Equals: 'A: !Equals [!Ref Env, prod]\n',
    Not: 'A: !Not [!Equals [!Ref Env, prod]]\n',
    And: 'A: !And\n  - !Condition X\n  - !Not [!Condition Y]\n',
    Or: 'A: !Or [!Condition X, !Condition Y]\n',
    FindInMap: 'A: !FindInMap [RegionMap, !Ref AWS::Region, Ami]\n',
    Cidr: 'A: !Cidr [!GetAtt Vpc.CidrBlock, 6, 8]\n',
    Base64: 'A: !Base64 hello\nB:\n  Fn::Base64: !Sub |\n    #!/bin/bash\n    echo ${AWS::Region}\n',
    ImportValue: 'A: !ImportValue Shared-VpcId\nB: !ImportValue\n  Fn::Sub: ${Net}-VpcId\n',
    Transform: 'A: !Transform { Name: AWS::Include, Parameters: { Location: s3://b/k } }\n',
    Length: 'A: !Length [a, b]\n',
    ToJsonString: 'A: !ToJsonString\n  Key: value\n',
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`!${name}`, () => {
      const value = takes(text) as Record<string, Record<string, unknown>>;
      expect(Object.keys(value.A!)).toEqual([name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`]);
    });
  }
  it('a tagged scalar stays a string (no implicit resolution)', () => {
    expect(takes('A: !Ref 123\nB: !Ref true\nC: !Ref null\n')).toStrictEqual({ A: { Ref: '123' }, B: { Ref: 'true' }, C: { Ref: 'null' } });
  });
  it('declines unknown tags, standard tags, a tag with no content and a tag not followed by a space', () => {
    for (const text of ['A: !Reff X\n', 'A: !!str 5\n', 'A: !Ref\nB: 1\n', 'A: [!Ref , x]\n', 'A: !Ref[x]\n', 'A: !<tag:yaml.org,2002:str> x\n']) {
      expect(fast(text), text).toBeUndefined();
    }
  });
});

describe('block structure', () => {
  it('mappings and sequences nested, compact and at the parent key indentation', () => {
    takes('A:\n  B:\n    - 1\n    - x: 1\n      y: [a, b]\n    - - n1\n      - n2\n  C:\n  - p\n  - q\nD: {a: 1, b: {c: [1, 2]}}\n');
    takes('- a\n- b\n'.replace(/^/, 'List:\n'));
    takes('A:\n-\n  x: 1\n- # comment\n  y: 2\n-\n');
  });
  it('comments, blank lines and a document start marker', () => {
    takes('# head\n---\n# c\nA: 1 # one\n\n   \n  # indented comment\nB: x\n');
    takes('--- # start\nA: 1\n');
  });
  it('literal and folded block scalars (clip and strip)', () => {
    takes('A: |\n  line 1\n    indented\n\n  line 3\nB: >\n  folded\n  lines\n\n  para\nC: |-\n  x\n  y\n\n\nD: >-\n  a\n  b\n');
    takes('A:\n  - |\n    in a list\n  - !Sub |\n    #!/bin/bash\n    echo "${X}" \\ done\n# a comment ending the scalar\nB: 1\n');
  });
  it('declines block scalars outside the subset', () => {
    for (const text of [
      'A: |+\n  x\n\nB: 1\n',
      'A: |2\n    x\n',
      'A: >\n  x\n    more indented\n  y\n',
      'A: |\n\n  leading blank line\n',
      'A: |\n  x\n      \n  y\n',
      'A: |\n  no final line break',
      'A: |\nB: 1\n',
    ]) {
      expect(fast(text), text).toBeUndefined();
    }
  });
  it('declines what the subset leaves out', () => {
    for (const text of [
      'A: &a 1\nB: *a\n',
      'A: 1\nB:\n  <<: *a\n',
      'A: plain\n  continued\n',
      '? complex\n: key\n',
      'A:\n\t- x\n',
      'A: 1\rB: 2\n',
      'A: \u0085x\n',
      'A: x\uFEFFy\n',
      'A: \uFFFE\n',
      'A: 😀\n',
      'A: \uD800x\n',
      'Clé: 1\n',
      '%YAML 1.2\n---\nA: 1\n',
      'A: 1\n---\nB: 2\n',
      'A: 1\n...\n',
      'true: 1\n',
      'Null: 1\n',
      '1: a\n',
      '"a" : 1\n',
      'A: [a,\n  b]\n',
      'A: [a, b,]\n',
      'A: {a: }\n',
      'A: [a: 1]\n',
      'A: b: c\n',
      'A: - x\n',
      'A: @x\n',
      'A: `x\n',
      'A: 1\n B: 2\n',
      '- a\n- b\n',
      '',
      '# only a comment\n',
      'A: "x"y\n',
      'A: "x"#c\n',
    ]) {
      expect(fast(text), JSON.stringify(text)).toBeUndefined();
    }
  });
  it('CR LF line breaks read as LF (YAML 1.2.2 5.4 Line Break Characters: "normalized to a single line feed")', () => {
    const lf = 'A: 1 # c\nB:\n  - x\n  - |\n    l1\n    l2\nC: >-\n  f1\n  f2\n';
    expect(takes(lf.replace(/\n/g, '\r\n'))).toStrictEqual(takes(lf));
  });
  it('non-ASCII characters in scalars and comments (UTF-8 through), not in keys', () => {
    takes("# Résumé — notes\nA: café\nB: 'naïve — ok'\nC: \"日本語 \\u00e9\"\nD: |\n  ligne é\n  ü\nE: [é, ñ]\nF: x\u2028y\n");
  });
  it('nesting past 100 levels declines', () => {
    const deep = (n: number): string => `A: ${'['.repeat(n)}1${']'.repeat(n)}\n`;
    expect(fast(deep(98))).not.toBeUndefined();
    expect(fast(deep(101))).toBeUndefined();
  });
});

describe('sliceYamlTemplate', () => {
  const template = (extra: string): string => `Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n${extra}`;
  it('reads a non-ASCII template (which the JSON scan does not take) as a whole', () => {
    const taken = sliceYamlTemplate(template('      Tags: [{ Key: Name, Value: réseau }]\n'));
    expect(taken?.json).toContain('réseau');
    expect(sliceYamlTemplate(template('      Tags: [{ Key: Name, Value: réseau }]\n      CidrBlock: 10.1.0.0/16\n'))).toBeUndefined();
  });
  it('takes a template the JSON scan takes', () => {
    const taken = sliceYamlTemplate(template(''));
    expect(taken?.json).toBe('{"Resources":{"Vpc":{"Type":"AWS::EC2::VPC","Properties":{"CidrBlock":"10.0.0.0/16"}}}}');
  });
  it('leaves repeated keys to js-yaml (the JSON scan refuses them)', () => {
    expect(sliceYamlTemplate(template('      CidrBlock: 10.1.0.0/16\n'))).toBeUndefined();
    expect(sliceYamlTemplate(template('  Vpc:\n    Type: AWS::EC2::VPC\n'))).toBeUndefined();
    expect(sliceYamlTemplate(`Resources: {}\n${template('')}`)).toBeUndefined();
  });
});
