import { deployFunction, inlinePython, invokeJson, newService } from './lambda-test-support';
import { LambdaService } from '../../../src/local/lambda';

/** What only Python functions do; what every runtime family does alike is in runtimes.test.ts. */
describe('Python functions, Python only', () => {
  let service: LambdaService;

  beforeAll(() => {
    ({ service } = newService());
  });
  afterAll(async () => {
    await service.stop();
  });

  test('a result that is not JSON serializable is a Runtime.MarshalError', async () => {
    const { ref } = await deployFunction(service, 'Marshal', inlinePython('def handler(event, context):\n    return {1, 2}\n'));

    const { functionError, body } = await invokeJson(service, ref);

    expect(functionError).toBe('Unhandled');
    expect(body.errorType).toBe('Runtime.MarshalError');
    expect(body.errorMessage).toMatch(/^Unable to marshal response: Object of type set is not JSON serializable/);
  });

  test('Decimal values (as boto3 returns DynamoDB numbers) are written as numbers', async () => {
    const { ref } = await deployFunction(service, 'Decimals', inlinePython([
      'from decimal import Decimal',
      'def handler(event, context):',
      '    return {"count": Decimal("3"), "price": Decimal("2.5")}',
    ].join('\n')));

    expect(await invokeJson(service, ref)).toEqual({ functionError: undefined, body: { count: 3, price: 2.5 } });
  });
});
