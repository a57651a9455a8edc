import { parseSubString, subStringVariables } from '../../../src/local/cloudformation/sub-string';

describe('parseSubString', () => {
  test('cuts a string into literals and variables', () => {
    expect(parseSubString('arn:${AWS::Partition}:s3:::${Bucket}/*')).toEqual([
      { literal: 'arn:' }, { variable: 'AWS::Partition' }, { literal: ':s3:::' }, { variable: 'Bucket' }, { literal: '/*' },
    ]);
  });

  test('keeps ${!Name} as the literal ${Name}', () => {
    expect(parseSubString('a ${!Name} b')).toEqual([{ literal: 'a ${Name} b' }]);
  });

  test('keeps an unterminated ${ as text', () => {
    expect(parseSubString('cost: ${5')).toEqual([{ literal: 'cost: ${5' }]);
  });

  test('lists the variables, attributes included', () => {
    expect(subStringVariables('${A}${B.Arn}${!C}')).toEqual(['A', 'B.Arn']);
  });
});
