import * as http from 'http';
import { storedApi, storedStage } from './pipeline-fixtures';
import { CustomDomains } from '../../../../src/local/apigatewayv2/custom-domains';
import { GatewayAnswer } from '../../../../src/local/apigatewayv2/error-responses';
import { chooseTarget } from '../../../../src/local/apigatewayv2/pipeline/choose-target';

// chooseTarget reads only the Host header of the request.
const request = (host = '127.0.0.1:3000') => ({ headers: { host } }) as http.IncomingMessage;
const noDomains = new CustomDomains(() => undefined, () => {});

describe('chooseTarget', () => {
  test('a path whose first segment names a deployed stage goes to that stage, the rest routed', () => {
    const api = storedApi({ stages: [storedStage('$default'), storedStage('beta')] });
    const target = chooseTarget(api, request(), '/beta/items/1', noDomains, () => {});
    expect(target.stage?.stageName).toBe('beta');
    expect(target.path).toBe('/items/1');
    expect(target.api).toBe(api);
  });

  test('the stage name alone routes "/"; a URL-encoded stage name is decoded', () => {
    const api = storedApi({ stages: [storedStage('$default'), storedStage('my stage')] });
    expect(chooseTarget(api, request(), '/my%20stage', noDomains, () => {})).toMatchObject({ path: '/' });
    expect(chooseTarget(api, request(), '/my%20stage', noDomains, () => {}).stage?.stageName).toBe('my stage');
  });

  test('any other path goes to $default whole; an undeployed named stage is not selected', () => {
    const api = storedApi({ stages: [storedStage('$default'), storedStage('beta', { deployed: false })] });
    const target = chooseTarget(api, request(), '/beta/items', noDomains, () => {});
    expect(target.stage?.stageName).toBe('$default');
    expect(target.path).toBe('/beta/items');
  });

  test('no deployed stage: the API is chosen, no stage', () => {
    const api = storedApi({ stages: [storedStage('$default', { deployed: false })] });
    const target = chooseTarget(api, request(), '/', noDomains, () => {});
    expect(target.api).toBe(api);
    expect(target.stage).toBeUndefined();
  });

  test('a disabled execute-api endpoint answers 404 and says why in the log', () => {
    const api = storedApi({ overrides: { disableExecuteApiEndpoint: true } });
    const lines: string[] = [];
    let thrown: unknown;
    try {
      chooseTarget(api, request('127.0.0.1:3000'), '/', noDomains, (line) => lines.push(line));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GatewayAnswer);
    expect((thrown as GatewayAnswer).error).toEqual({ status: 404, message: 'Not Found' });
    expect(lines).toEqual([expect.stringContaining('the default (execute-api) endpoint is disabled')]);
  });
});
