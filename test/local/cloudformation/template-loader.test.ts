import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DeployError } from '../../../src/local/cloudformation/resource-provider';
import { loadTemplate, parseTemplate } from '../../../src/local/cloudformation/template-loader';

function writeTemp(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'template-loader-')), name);
  writeFileSync(file, text);
  return file;
}

const yamlWithEveryShortForm = `
AWSTemplateFormatVersion: 2010-09-09
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Or [!Condition NotProd, !Equals [a, a]]]
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Ref: !Ref Param
      AttScalar: !GetAtt Role.Arn
      AttDotted: !GetAtt Db.Endpoint.Address
      AttSeq: !GetAtt [Role, Arn]
      SubScalar: !Sub 'arn:\${AWS::Partition}:x'
      SubSeq: !Sub ['\${A}-b', { A: !Ref Param }]
      Join: !Join [',', [a, b]]
      Select: !Select [0, !Split [',', 'x,y']]
      If: !If [IsProd, yes-value, !Ref AWS::NoValue]
      Import: !ImportValue SharedName
      Find: !FindInMap [Map, Top, Second]
      UserData: !Base64 { 'Fn::Sub': 'echo \${AWS::Region}' }
      Zones: !GetAZs ''
      Subnets: !Cidr [10.0.0.0/16, 2, 8]
`;

describe('loadTemplate', () => {
  test('reads a JSON template', () => {
    const file = writeTemp('stack.json', JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } }));
    expect(loadTemplate(file).Resources.Topic.Type).toBe('AWS::SNS::Topic');
  });

  test('rewrites every YAML short-form tag into the long form of a JSON template', () => {
    const template = loadTemplate(writeTemp('stack.yaml', yamlWithEveryShortForm));
    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
    expect(template.Conditions).toEqual({
      IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
      NotProd: { 'Fn::Not': [{ Condition: 'IsProd' }] },
      Both: { 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Or': [{ Condition: 'NotProd' }, { 'Fn::Equals': ['a', 'a'] }] }] },
    });
    expect(template.Resources.Fn.Properties).toEqual({
      Ref: { Ref: 'Param' },
      AttScalar: { 'Fn::GetAtt': ['Role', 'Arn'] },
      AttDotted: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] },
      AttSeq: { 'Fn::GetAtt': ['Role', 'Arn'] },
      SubScalar: { 'Fn::Sub': 'arn:${AWS::Partition}:x' },
      SubSeq: { 'Fn::Sub': ['${A}-b', { A: { Ref: 'Param' } }] },
      Join: { 'Fn::Join': [',', ['a', 'b']] },
      Select: { 'Fn::Select': [0, { 'Fn::Split': [',', 'x,y'] }] },
      If: { 'Fn::If': ['IsProd', 'yes-value', { Ref: 'AWS::NoValue' }] },
      Import: { 'Fn::ImportValue': 'SharedName' },
      Find: { 'Fn::FindInMap': ['Map', 'Top', 'Second'] },
      UserData: { 'Fn::Base64': { 'Fn::Sub': 'echo ${AWS::Region}' } },
      Zones: { 'Fn::GetAZs': '' },
      Subnets: { 'Fn::Cidr': ['10.0.0.0/16', 2, 8] },
    });
  });

  test('reads YAML by content when the extension says nothing', () => {
    const file = writeTemp('stack.template', 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n');
    expect(loadTemplate(file).Resources.Topic.Type).toBe('AWS::SNS::Topic');
  });

  test('reads JSON by content when the extension says nothing', () => {
    const file = writeTemp('stack.template', '{ "Resources": { "Topic": { "Type": "AWS::SNS::Topic" } } }');
    expect(loadTemplate(file).Resources.Topic.Type).toBe('AWS::SNS::Topic');
  });

  test('resolves YAML aliases to the anchored value', () => {
    const template = parseTemplate('Resources:\n  A:\n    Type: X::Y::Z\n    Properties:\n      Tags: &tags [a, b]\n      Again: *tags\n', 'a.yaml');
    expect(template.Resources.A.Properties).toEqual({ Tags: ['a', 'b'], Again: ['a', 'b'] });
  });

  test('names the file, the resource and the line of invalid YAML', () => {
    const file = writeTemp('broken.yaml', 'Resources:\n  A:\n    Type: [unclosed\n');
    expect(() => loadTemplate(file)).toThrow(DeployError);
    expect(() => loadTemplate(file)).toThrow(new RegExp(`${file}: A: line \\d+, column \\d+: invalid YAML`));
  });

  test('names the resource of a YAML error after other resources, and none for an error outside Resources', () => {
    const broken = 'Resources:\n  Good:\n    Type: X\n  Broken:\n    Type: Y\n    Properties:\n      Name: "unterminated\n';
    expect(() => parseTemplate(broken, 't.yaml')).toThrow(/^t\.yaml: Broken: line \d+, column \d+: invalid YAML: Missing closing "quote/);
    expect(() => parseTemplate('Outputs: [unclosed\nResources:\n  A:\n    Type: X\n', 't.yaml')).toThrow(/^t\.yaml: line \d+, column \d+: invalid YAML/);
  });

  test('rejects a YAML tag CloudFormation does not define', () => {
    expect(() => parseTemplate('Resources:\n  A:\n    Type: !Bogus x\n', 't.yaml')).toThrow(/t\.yaml: A: line 3, column \d+: invalid YAML: .*!Bogus/);
  });

  test('names the file and the line of invalid JSON', () => {
    const file = writeTemp('broken.json', '{\n  "Resources": {\n    "A": {}\n    "B": {}\n  }\n}\n');
    expect(() => loadTemplate(file)).toThrow(new RegExp(`${file}: line 4, column 5: invalid JSON`));
  });

  test('refuses a template that is not an object', () => {
    expect(() => parseTemplate('[1, 2]', 'list.json')).toThrow('list.json: a template must be an object');
  });

  test('refuses a template without a Resources section', () => {
    expect(() => parseTemplate('{ "Outputs": {} }', 'none.json')).toThrow('none.json: the template has no Resources section');
  });

  test('refuses an empty Resources section', () => {
    expect(() => parseTemplate('{ "Resources": {} }', 'empty.json')).toThrow('empty.json: Resources: at least one resource must be defined');
  });

  test('refuses a resource without a Type', () => {
    expect(() => parseTemplate('{ "Resources": { "A": { "Properties": {} } } }', 't.json')).toThrow('t.json: A: the resource has no Type');
  });

  test('names the file it cannot read', () => {
    expect(() => loadTemplate('/nonexistent/stack.json')).toThrow('/nonexistent/stack.json: cannot read the template');
  });
});
