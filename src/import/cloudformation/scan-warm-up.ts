// The template scan (./template-scan.ts) run once over a few small templates before the first real
// scan of a process, so that V8 has seen every branch of it before it optimizes it. A generated
// template lists its resources by type (VPCs, then subnets, ... then routes): each new type brings a
// branch the scan had not run yet (a number, an array, Fn::GetAtt), and optimized code compiled
// without feedback for it is thrown away there and compiled again, with the scan back in unoptimized
// code meanwhile. For a big template, ~50 KB of a generated template then make the scan's loop hot:
// V8 compiles it optimized in the background, and a caller that warms up before it reads the file
// (load.ts, validate, the image cache) has the compile done while the file is read, instead of the
// scan running its first part ~9x slower while it compiles. Nothing of these scans is kept; they cost
// a few ms (~10 ms with the generated template).
import { TemplateScan } from './template-scan.js';

/** One of each shape the scan reads: values, intrinsics, definitions, escapes, repeated-length keys, a zone. */
const COMPACT =
  '{"AWSTemplateFormatVersion":"2010-09-09","Parameters":{"P":{"Type":"Number","Default":-1.5e+3,"AllowedValues":[0,10,2.5E-1,7e2],"NoEcho":false,"X":null}},' +
  '"Resources":{' +
  '"Vpc":{"Type":"AWS::EC2::VPC","Properties":{"CidrBlock":"10.0.0.0/16","EnableDnsSupport":true,"Tags":[{"Key":"k","Value":"v"}],"List":[],"Empty":{},"Zone":"us-east-1a","N":0,"M":12,"Flags":[true,false,null,true,false,null,true,false,null,true,false,null,true,false,null,true,false,null]}},' +
  '"Subnet":{"Type":"AWS::EC2::Subnet","Properties":{"VpcId":{"Ref":"Vpc"},"AvailabilityZone":"us-east-1a","Ids":[{"Ref":"Vpc"},"a"],"Att":{"Fn::GetAtt":"Vpc.CidrBlock"},' +
  '"Att2":{"Fn::GetAtt":["Vpc","CidrBlock"]},"R2":{"Ref":"Vpc","Other":1},"Strs":["a","b"],"Nested":[[1],{"a":1}],"Off":false,"Nil":null}},' +
  '"Instance":{"DependsOn":["Subnet"],"Type":"AWS::EC2::Instance","Condition":"C","Properties":{"SubnetId":{"Ref":"Subnet"}},"Metadata":{"a":"b"}},' +
  '"Props":{"Properties":{"A":{"Fn::GetAtt":"NoDot"},"B":{"Fn::GetAtt":[{"Ref":"Vpc"},"X"]},"C":{"Fn::GetAtt":{"a":1}},"D":{"Ref":1},"E":{"Ref":{"a":1}},' +
  '"F":{"Fn::Join":["",["a"]]},"G":{"Fn::GetAtt":[]},"H":{"Ref":"V\\u0061"},"I":{"Fn::GetAtt":"A.B","More":1}},"Type":"AWS::EC2::RouteTable"},' +
  '"Sub":{"Type":"AWS::EC2::Route","Properties":{"A":{"Fn::Sub":"${Vpc}"}}},' +
  '"If":{"Type":"T","Properties":{"A":{"Fn::If":["C",{"Ref":"Vpc"},{"Ref":"AWS::NoValue"}]}}},' +
  '"Esc\\u0041":{"Type":"T\\n\\"\\\\\\/\\b\\f\\r\\t","Properties":{"k\\u00e9":"\\u00e9"}},' +
  '"Index":{"Type":"T","Properties":{"0":1,"1":2}},' +
  '"Many":{"Type":"T","Properties":{"a":1,"b":1,"c":1,"d":1,"e":1,"f":1,"g":1,"h":1,"i":1,"j":1,"k":1,"l":1,"m":1,"n":1,"o":1,"p":1,"q":1,"r":1}},' +
  '"NotMap":"x","EmptyDef":{},"TypeOnly":{"Type":"T"}},' +
  '"Outputs":{"O":{"Value":{"Ref":"Vpc"}}}}';

/** COMPACT, white space of every kind between tokens, an empty Resources map: templates the scan takes. */
export const WARM_UP_TAKEN: readonly string[] = [
  COMPACT,
  ' {\n\t"Resources" : {\r\n "A" : { "Type" : "T" , "Properties" : { "B" : [ 1 , { "Ref" : "A" } , [ ] ] , "C" : { } , "D" : [ "x" ] } } } }\n',
  '{ "Resources" : { } }',
];

/** No Resources map, a repeated key: what the scan does not take. */
export const WARM_UP_REFUSED: readonly string[] = ['{}', '{"Resources":{"A":{"Type":"T","Type":"T"}}}'];

/** Enough rounds for every function of the scan to record feedback in the last. */
const ROUNDS = 4;

/**
 * Resources of a generated template, `count` of them (~190 bytes each): scanned last, they make the
 * scan's loop hot enough for V8 to compile it optimized (~40 KB of template), so that the compile runs
 * in the background while the caller reads the file when the warm-up is called before (readFileBytes).
 */
export function generatedTemplate(count: number): string {
  const resources: string[] = [];
  for (let n = 0; n < count; n++) {
    resources.push(
      `"Subnet${n}":{"Type":"AWS::EC2::Subnet","Properties":{"VpcId":{"Ref":"Vpc${n}"},"CidrBlock":"10.${n >> 8}.${n & 255}.0/24",` +
        `"AvailabilityZone":"us-east-1a","MapPublicIpOnLaunch":false,"Tags":[{"Key":"Name","Value":"subnet-${n}"}]}}`,
    );
  }
  return `{"Resources":{${resources.join(',')}}}`;
}

export const GENERATED_RESOURCES = 256;
/** Templates from this size on are scanned long enough for the compile to pay (a 1,000-VPC template: 34 MB). */
export const HOT_FROM_BYTES = 1 << 20;

let warm = false;
let hot = false;

/**
 * Runs the scan over the documents above, the first time it is called in a process; the generated
 * template too, the first time it is called for a template of HOT_FROM_BYTES or more (`templateBytes`).
 */
export function warmUpScan(templateBytes: number): void {
  const encoder = new TextEncoder();
  if (!warm) {
    warm = true;
    const documents = [...WARM_UP_TAKEN, ...WARM_UP_REFUSED].map((text) => encoder.encode(text));
    // V8 records what a function meets only once it has run a while (lazy feedback allocation): the first rounds record little.
    for (let round = 0; round < ROUNDS; round++) for (const bytes of documents) new TemplateScan(bytes).run();
  }
  if (!hot && templateBytes >= HOT_FROM_BYTES) {
    hot = true;
    new TemplateScan(encoder.encode(generatedTemplate(GENERATED_RESOURCES))).run();
  }
}
