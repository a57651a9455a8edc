import { checkOutputReferences, deploymentOrder, referencesOf } from '../../../src/local/cloudformation/dependency-order';
import { DeployError } from '../../../src/local/cloudformation/resource-provider';
import { Template } from '../../../src/local/cloudformation/template';

describe('referencesOf', () => {
  test('finds names in Ref, Fn::GetAtt (both forms) and Fn::Sub, not pseudo parameters or Sub variables', () => {
    const value = {
      A: { Ref: 'Param' },
      B: { 'Fn::GetAtt': ['Role', 'Arn'] },
      C: { 'Fn::GetAtt': 'Bucket.Arn' },
      D: { 'Fn::Sub': ['${AWS::Region}-${Local}-${Fn.Arn}-${Topic}', { Local: { Ref: 'Queue' } }] },
      E: { Ref: 'AWS::StackName' },
    };
    expect(referencesOf(value)).toEqual([
      { name: 'Param', kind: 'Ref' },
      { name: 'Role', kind: 'Fn::GetAtt' },
      { name: 'Bucket', kind: 'Fn::GetAtt' },
      { name: 'Fn', kind: 'Fn::GetAtt' },
      { name: 'Topic', kind: 'Ref' },
      { name: 'Queue', kind: 'Ref' },
    ]);
  });
});

describe('deploymentOrder', () => {
  test('puts each resource after the ones it refers to, template order otherwise', () => {
    const template: Template = {
      Parameters: { Name: { Type: 'String' } },
      Resources: {
        Route: { Type: 'R', Properties: { Target: { 'Fn::Sub': 'integrations/${Integration}' } } },
        Api: { Type: 'A', Properties: { Name: { Ref: 'Name' } } },
        Integration: { Type: 'I', Properties: { ApiId: { Ref: 'Api' }, Uri: { 'Fn::GetAtt': ['Function', 'Arn'] } } },
        Function: { Type: 'F' },
        Log: { Type: 'L', DependsOn: 'Api' },
      },
    };
    expect(deploymentOrder(template, 't.json')).toEqual(['Api', 'Function', 'Integration', 'Route', 'Log']);
  });

  test('keeps template order among independent resources', () => {
    const template: Template = { Resources: { C: { Type: 'T' }, A: { Type: 'T' }, B: { Type: 'T' } } };
    expect(deploymentOrder(template, 't.json')).toEqual(['C', 'A', 'B']);
  });

  test('honours DependsOn given as a list', () => {
    const template: Template = { Resources: { A: { Type: 'T', DependsOn: ['B', 'C'] }, B: { Type: 'T' }, C: { Type: 'T' } } };
    expect(deploymentOrder(template, 't.json')).toEqual(['B', 'C', 'A']);
  });

  test('names the file, the resource and the unknown name of an unresolved reference', () => {
    const template: Template = { Resources: { A: { Type: 'T', Properties: { X: { Ref: 'Ghost' } } } } };
    expect(() => deploymentOrder(template, 't.json')).toThrow(new DeployError('t.json: A: unresolved reference to Ghost'));
  });

  test('refuses Fn::GetAtt and DependsOn on a parameter', () => {
    const parameters = { P: { Type: 'String' } };
    expect(() => deploymentOrder({ Parameters: parameters, Resources: { A: { Type: 'T', Properties: { X: { 'Fn::GetAtt': ['P', 'Arn'] } } } } }, 't.json'))
      .toThrow('t.json: A: unresolved reference to P');
    expect(() => deploymentOrder({ Parameters: parameters, Resources: { A: { Type: 'T', DependsOn: 'P' } } }, 't.json'))
      .toThrow('t.json: A: unresolved reference to P');
  });

  test('names the resources of a circular dependency, not those merely waiting on it', () => {
    const template: Template = {
      Resources: {
        Waiting: { Type: 'T', DependsOn: 'A' },
        A: { Type: 'T', Properties: { X: { Ref: 'B' } } },
        B: { Type: 'T', Properties: { Y: { 'Fn::GetAtt': ['A', 'Arn'] } } },
        Free: { Type: 'T' },
      },
    };
    expect(() => deploymentOrder(template, 't.json')).toThrow(new DeployError('t.json: Circular dependency between resources: [A, B]'));
  });

  test('reports a resource that refers to itself as a cycle', () => {
    const template: Template = { Resources: { A: { Type: 'T', Properties: { Self: { Ref: 'A' } } } } };
    expect(() => deploymentOrder(template, 't.json')).toThrow('t.json: Circular dependency between resources: [A]');
  });
});

describe('checkOutputReferences', () => {
  test('names the output that refers to an unknown name', () => {
    const template: Template = { Resources: { A: { Type: 'T' } }, Outputs: { Url: { Value: { 'Fn::GetAtt': ['Missing', 'Url'] } } } };
    expect(() => checkOutputReferences(template, 't.json')).toThrow('t.json: Url: unresolved reference to Missing');
  });

  test('accepts outputs that refer to resources and parameters', () => {
    const template: Template = {
      Parameters: { P: { Type: 'String' } },
      Resources: { A: { Type: 'T' } },
      Outputs: { Out: { Value: { 'Fn::Sub': '${A}-${P}' }, Export: { Name: { 'Fn::Sub': '${AWS::StackName}-out' } } } },
    };
    expect(() => checkOutputReferences(template, 't.json')).not.toThrow();
  });
});
