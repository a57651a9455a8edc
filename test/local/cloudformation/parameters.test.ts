import { CDK_BOOTSTRAP_VERSION, resolveParameters } from '../../../src/local/cloudformation/parameters';
import { DeployError, NotSupportedError } from '../../../src/local/cloudformation/resource-provider';
import { Template, TemplateParameter } from '../../../src/local/cloudformation/template';

function withParameters(parameters: Record<string, TemplateParameter>): Template {
  return { Parameters: parameters, Resources: { A: { Type: 'T' } } };
}

describe('resolveParameters', () => {
  test('takes the default when no value is given', () => {
    const values = resolveParameters(withParameters({ Env: { Type: 'String', Default: 'dev' }, Size: { Type: 'Number', Default: 3 } }), {}, 't.json');
    expect(values.get('Env')).toBe('dev');
    expect(values.get('Size')).toBe('3');
  });

  test('takes the given value over the default', () => {
    const values = resolveParameters(withParameters({ Env: { Type: 'String', Default: 'dev' } }), { Env: 'prod' }, 't.json');
    expect(values.get('Env')).toBe('prod');
  });

  test('names every parameter that has neither value nor default', () => {
    const template = withParameters({ A: { Type: 'String' }, B: { Type: 'String', Default: 'b' }, C: { Type: 'Number' } });
    expect(() => resolveParameters(template, {}, 't.json')).toThrow(new DeployError('t.json: Parameters: [A, C] must have values'));
  });

  test('refuses a value for a parameter the template does not declare', () => {
    expect(() => resolveParameters(withParameters({}), { Ghost: 'x' }, 't.json'))
      .toThrow('t.json: Parameters: [Ghost] do not exist in the template');
  });

  test('checks AllowedValues, on defaults and given values alike', () => {
    const template = withParameters({ Env: { Type: 'String', Default: 'dev', AllowedValues: ['dev', 'prod'] } });
    expect(resolveParameters(template, { Env: 'prod' }, 't.json').get('Env')).toBe('prod');
    expect(() => resolveParameters(template, { Env: 'test' }, 't.json'))
      .toThrow("t.json: Parameter 'Env' must be one of AllowedValues (dev, prod), got \"test\"");
  });

  test('says the ConstraintDescription when a constraint fails', () => {
    const template = withParameters({ Name: { Type: 'String', AllowedPattern: '[a-z]+', ConstraintDescription: 'lower case letters only' } });
    expect(resolveParameters(template, { Name: 'abc' }, 't.json').get('Name')).toBe('abc');
    expect(() => resolveParameters(template, { Name: 'abc1' }, 't.json'))
      .toThrow("t.json: Parameter 'Name' failed to satisfy constraint: lower case letters only");
  });

  test('checks Number parameters are numbers within MinValue and MaxValue', () => {
    const template = withParameters({ Size: { Type: 'Number', MinValue: 1, MaxValue: 10 } });
    expect(() => resolveParameters(template, { Size: 'big' }, 't.json')).toThrow("Parameter 'Size' must be a number, got \"big\"");
    expect(() => resolveParameters(template, { Size: '11' }, 't.json')).toThrow("Parameter 'Size' must be a number not greater than 10");
    expect(resolveParameters(template, { Size: '10' }, 't.json').get('Size')).toBe('10');
  });

  test('checks MinLength and MaxLength', () => {
    const template = withParameters({ Name: { Type: 'String', MinLength: 2, MaxLength: 3 } });
    expect(() => resolveParameters(template, { Name: 'a' }, 't.json')).toThrow("Parameter 'Name' must contain at least 2 characters");
    expect(() => resolveParameters(template, { Name: 'abcd' }, 't.json')).toThrow("Parameter 'Name' must contain at most 3 characters");
  });

  test('splits list types into trimmed lists', () => {
    const template = withParameters({
      Subnets: { Type: 'CommaDelimitedList', Default: 'a, b ,c' },
      Ports: { Type: 'List<Number>', Default: '80,443' },
      Groups: { Type: 'List<AWS::EC2::SecurityGroup::Id>', Default: 'sg-1,sg-2' },
    });
    const values = resolveParameters(template, {}, 't.json');
    expect(values.get('Subnets')).toEqual(['a', 'b', 'c']);
    expect(values.get('Ports')).toEqual(['80', '443']);
    expect(values.get('Groups')).toEqual(['sg-1', 'sg-2']);
  });

  test('checks each member of a List<Number>', () => {
    const template = withParameters({ Ports: { Type: 'List<Number>' } });
    expect(() => resolveParameters(template, { Ports: '80,http' }, 't.json')).toThrow("Parameter 'Ports' must be a number, got \"http\"");
  });

  test('answers the CDK bootstrap version SSM parameter as a bootstrapped environment', () => {
    const template = withParameters({
      BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' },
      CustomQualifier: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/myqualif/version' },
    });
    const values = resolveParameters(template, {}, 't.json');
    expect(values.get('BootstrapVersion')).toBe(CDK_BOOTSTRAP_VERSION);
    expect(values.get('CustomQualifier')).toBe('30');
  });

  test('takes a given value for an SSM parameter, as a list for an SSM list type', () => {
    const template = withParameters({
      Ami: { Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>', Default: '/aws/service/ami' },
      Names: { Type: 'AWS::SSM::Parameter::Value<List<String>>', Default: '/my/names' },
    });
    const values = resolveParameters(template, { Ami: 'ami-123', Names: 'a,b' }, 't.json');
    expect(values.get('Ami')).toBe('ami-123');
    expect(values.get('Names')).toEqual(['a', 'b']);
  });

  test('does not support reading any other SSM parameter', () => {
    const template = withParameters({ Ami: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/aws/service/ami' } });
    expect(() => resolveParameters(template, {}, 't.json')).toThrow(NotSupportedError);
    expect(() => resolveParameters(template, {}, 't.json')).toThrow(/^not supported: SSM parameter \/aws\/service\/ami .* at Ami$/);
  });
});
