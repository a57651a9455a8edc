import * as path from 'path';
import { USAGE, UsageError, parseArguments } from '../../src/local/cli-arguments';

describe('parseArguments', () => {
  test('serve with defaults binds loopback on any free port', () => {
    expect(parseArguments(['serve', 'cdk.out'])).toEqual({
      command: 'serve', source: 'cdk.out', port: 0, host: '127.0.0.1', parameters: {}, concurrency: 1000, passEnvironment: [], jwks: {}, serviceEndpoints: {},
    });
  });

  test('serve takes --port, --host and repeated --param', () => {
    expect(parseArguments(['serve', 't.yaml', '--port', '3000', '--host', '0.0.0.0', '--param', 'A=1', '--param', 'B=x=y'])).toEqual({
      command: 'serve', source: 't.yaml', port: 3000, host: '0.0.0.0', parameters: { A: '1', B: 'x=y' }, concurrency: 1000, passEnvironment: [], jwks: {}, serviceEndpoints: {},
    });
  });

  test('serve takes --concurrency and repeated --pass-env', () => {
    expect(parseArguments(['serve', 't.yaml', '--concurrency', '20', '--pass-env', 'AWS_PROFILE', '--pass-env', 'MY_VAR'])).toMatchObject({
      concurrency: 20, passEnvironment: ['AWS_PROFILE', 'MY_VAR'],
    });
  });

  test('serve takes --workers; without it the machine\'s default applies', () => {
    expect(parseArguments(['serve', 't.yaml', '--workers', '3'])).toMatchObject({ workers: 3 });
    expect(parseArguments(['serve', 't.yaml'])).toMatchObject({ command: 'serve', workers: undefined });
  });

  test('serve takes --region and --account for environment-agnostic stacks; without them the defaults apply', () => {
    expect(parseArguments(['serve', 't.yaml', '--region', 'ap-northeast-1', '--account', '210987654321'])).toMatchObject({
      region: 'ap-northeast-1', accountId: '210987654321',
    });
    expect(parseArguments(['serve', 't.yaml', '--region', 'us-gov-west-1'])).toMatchObject({ region: 'us-gov-west-1' });
    expect(parseArguments(['serve', 't.yaml'])).toMatchObject({ region: undefined, accountId: undefined });
  });

  test('serve and invoke take --inspect[=port] and --debug-python[=port]; without a port, any free one', () => {
    expect(parseArguments(['serve', 't.yaml', '--inspect'])).toMatchObject({ command: 'serve', inspect: 0 });
    expect(parseArguments(['serve', 't.yaml', '--inspect=9229', '--debug-python=5678'])).toMatchObject({ inspect: 9229, debugPython: 5678 });
    expect(parseArguments(['invoke', 'Stack/Fn', '--debug-python'])).toMatchObject({ command: 'invoke', functionId: 'Stack/Fn', debugPython: 0 });
    expect(parseArguments(['serve', 't.yaml'])).toMatchObject({ inspect: undefined, debugPython: undefined });
    expect(() => parseArguments(['serve', '--inspect=abc'])).toThrow('--inspect=abc: must be a port number from 1 to 65535 (--inspect alone takes any free port)');
    expect(() => parseArguments(['serve', '--debug-python=70000'])).toThrow('--debug-python=70000: must be a port number');
  });

  test('serve, invoke and integ take --java-ric, the jar of the Java runtime interface client; without it, it is fetched with Maven', () => {
    expect(parseArguments(['serve', 't.yaml', '--java-ric', 'ric/client.jar'])).toMatchObject({ javaRic: 'ric/client.jar' });
    expect(parseArguments(['serve', 't.yaml'])).toMatchObject({ javaRic: undefined });
    expect(parseArguments(['invoke', 'Stack/Fn', '--java-ric', 'ric/client.jar'])).toMatchObject({ command: 'invoke', functionId: 'Stack/Fn', javaRic: 'ric/client.jar' });
    expect(() => parseArguments(['invoke', 'Stack/Fn', '--java-ric'])).toThrow('--java-ric needs a value');
    expect(parseArguments(['integ', 'tests', '--java-ric', 'client.jar'])).toMatchObject({ command: 'integ', dir: 'tests', javaRic: 'client.jar', jwks: {} });
    expect(() => parseArguments(['integ', '--java-ric'])).toThrow('--java-ric needs a value');
    expect(USAGE).toContain('--java-ric JAR');
    expect(USAGE).toContain('[--inspect[=port]] [--debug-python[=port]]');
  });

  test('serve, invoke and integ take repeated --jwks <issuer>=<file or URL> and --jwt-unverified', () => {
    const jwks = ['--jwks', 'https://a.example.com=keys/a.json', '--jwks', 'https://b.example.com/=https://b.example.com/jwks?v=2'];
    const expected = { jwks: { 'https://a.example.com': 'keys/a.json', 'https://b.example.com/': 'https://b.example.com/jwks?v=2' } };
    expect(parseArguments(['serve', 't.yaml', ...jwks])).toMatchObject({ ...expected, jwtUnverified: undefined });
    expect(parseArguments(['invoke', 'Stack/Fn', ...jwks, '--jwt-unverified'])).toMatchObject({ ...expected, jwtUnverified: true });
    expect(parseArguments(['integ', ...jwks, '--jwt-unverified'])).toMatchObject({ command: 'integ', dir: 'integ', ...expected, jwtUnverified: true });
    for (const command of [['serve'], ['integ']]) {
      expect(() => parseArguments([...command, '--jwks', 'keys.json'])).toThrow('--jwks "keys.json": must be <issuer>=<file or URL>');
      expect(() => parseArguments([...command, '--jwks', 'https://a.example.com='])).toThrow('must be <issuer>=<file or URL>');
      expect(() => parseArguments([...command, '--jwks'])).toThrow('--jwks needs a value');
    }
    expect(USAGE).toContain('--jwks <issuer>=<file or URL>');
    expect(USAGE).toContain('--jwt-unverified');
  });

  test('serve, invoke and integ take --iam-credentials <file>', () => {
    expect(parseArguments(['serve', 't.yaml', '--iam-credentials', 'keys.json'])).toMatchObject({ command: 'serve', iamCredentials: 'keys.json' });
    expect(parseArguments(['invoke', 'Stack/Fn', '--iam-credentials', 'keys.json'])).toMatchObject({ command: 'invoke', iamCredentials: 'keys.json' });
    expect(parseArguments(['integ', '--iam-credentials', 'keys.json'])).toMatchObject({ command: 'integ', iamCredentials: 'keys.json' });
    expect(parseArguments(['serve', 't.yaml'])).toMatchObject({ iamCredentials: undefined });
    for (const command of [['serve'], ['invoke', 'Stack/Fn'], ['integ']]) {
      expect(() => parseArguments([...command, '--iam-credentials'])).toThrow('--iam-credentials needs a value');
    }
    expect(USAGE).toContain('--iam-credentials FILE');
  });

  test('serve and invoke take --dynamodb-dir, resolved to an absolute folder; without it DynamoDB lives in memory', () => {
    expect(parseArguments(['serve', 'cdk.out', '--dynamodb-dir', 'data/dynamodb'])).toMatchObject({ dynamodbDir: path.resolve('data/dynamodb') });
    expect(parseArguments(['invoke', 'Stack/Fn', '--dynamodb-dir', '/tmp/x'])).toMatchObject({ dynamodbDir: '/tmp/x' });
    expect(parseArguments(['serve', 'cdk.out'])).toMatchObject({ dynamodbDir: undefined });
    expect(() => parseArguments(['serve', 'cdk.out', '--dynamodb-dir', __filename])).toThrow(`--dynamodb-dir "${__filename}": is a file; it must be a folder (made if absent)`);
    expect(() => parseArguments(['serve', 'cdk.out', '--dynamodb-dir'])).toThrow('--dynamodb-dir needs a value');
    expect(USAGE).toContain('--dynamodb-dir DIR');
  });

  test('serve, invoke and integ take repeated --service-endpoint <service>=<url>, the service as the SDK\'s key; integ takes --allow-placeholders', () => {
    const endpoints = ['--service-endpoint', 'sqs=http://127.0.0.1:9324', '--service-endpoint', 'Secrets-Manager=https://localhost:4566/'];
    const expected = { serviceEndpoints: { sqs: 'http://127.0.0.1:9324', secrets_manager: 'https://localhost:4566/' } };
    expect(parseArguments(['serve', 't.yaml', ...endpoints])).toMatchObject(expected);
    expect(parseArguments(['invoke', 'Stack/Fn', ...endpoints])).toMatchObject(expected);
    expect(parseArguments(['integ', ...endpoints, '--allow-placeholders'])).toMatchObject({ ...expected, allowPlaceholders: true });
    expect(parseArguments(['integ'])).toMatchObject({ allowPlaceholders: undefined, serviceEndpoints: {} });
    for (const command of [['serve', 't.yaml'], ['invoke', 'Stack/Fn'], ['integ']]) {
      expect(() => parseArguments([...command, '--service-endpoint', 'sqs'])).toThrow('--service-endpoint "sqs": must be <service>=<url>, e.g. --service-endpoint sqs=http://127.0.0.1:9324');
      expect(() => parseArguments([...command, '--service-endpoint', 'sqs=localhost:9324'])).toThrow('"localhost:9324" is not an http:// or https:// URL');
      expect(() => parseArguments([...command, '--service-endpoint', 's q s=http://x'])).toThrow('the service must be the SDK\'s key for it');
      expect(() => parseArguments([...command, '--service-endpoint', 'lambda=http://x'])).toThrow('lambda cannot be pointed elsewhere');
      expect(() => parseArguments([...command, '--service-endpoint'])).toThrow('--service-endpoint needs a value');
    }
    expect(() => parseArguments(['serve', 't.yaml', '--allow-placeholders'])).toThrow('unknown option "--allow-placeholders"');
    expect(USAGE).toContain('[--service-endpoint <service>=<url> ...]');
    expect(USAGE).toContain('[--allow-placeholders]');
  });

  test('serve with no cdk.out or template runs the CDK app: of cdk.json, or --app', () => {
    expect(parseArguments(['serve'])).toMatchObject({ command: 'serve', source: undefined, app: undefined });
    expect(parseArguments(['serve', '--app', 'npx ts-node bin/app.ts', '--port', '3000'])).toMatchObject({
      command: 'serve', source: undefined, app: 'npx ts-node bin/app.ts', port: 3000,
    });
  });

  test('invoke takes the function, then an optional source, --event and the deploy options', () => {
    expect(parseArguments(['invoke', 'Stack/Fn'])).toEqual({
      command: 'invoke', functionId: 'Stack/Fn', parameters: {}, concurrency: 1000, passEnvironment: [], jwks: {}, serviceEndpoints: {},
    });
    expect(parseArguments(['invoke', 'my-function', 'cdk.out', '--event', '-', '--region', 'eu-west-1', '--pass-env', 'A'])).toMatchObject({
      command: 'invoke', functionId: 'my-function', source: 'cdk.out', event: '-', region: 'eu-west-1', passEnvironment: ['A'],
    });
  });

  test('no command, help, --help and -h ask for the usage', () => {
    for (const argv of [[], ['help'], ['--help'], ['-h']]) {
      expect(parseArguments(argv)).toEqual({ command: 'help' });
    }
  });

  test.each([
    [['deploy', 'x'], /unknown command "deploy"; the commands are: serve/],
    [['serve', 'cdk.out', '--app', 'node app.js'], /give a cdk.out folder or template \("cdk.out"\) or --app, not both/],
    [['serve', '--app', ' '], /--app needs a command/],
    [['invoke'], /invoke needs the function: <StackName>\/<LogicalId> or its function name/],
    [['invoke', 'S/Fn', 'cdk.out', 'more'], /unexpected argument "more": invoke takes the function, then at most one/],
    [['invoke', 'S/Fn', '--event'], /--event needs a value/],
    [['invoke', 'S/Fn', '--port', '3000'], /unknown option "--port"; the options are --event, --app/],
    [['serve', 'a', 'b'], /unexpected argument "b"/],
    [['serve', 'a', '--port'], /--port needs a value/],
    [['serve', 'a', '--port', 'http'], /--port "http": must be a port number from 0 to 65535/],
    [['serve', 'a', '--port', '70000'], /--port "70000"/],
    [['serve', 'a', '--param', 'novalue'], /--param "novalue": must be Key=Value/],
    [['serve', 'a', '--verbose'], /unknown option "--verbose"/],
    [['serve', 'a', '--concurrency', '0'], /--concurrency "0": must be a whole number of 1 or more/],
    [['serve', 'a', '--concurrency', '2.5'], /--concurrency "2.5"/],
    [['serve', 'a', '--workers', '0'], /--workers "0": must be a whole number of 1 or more \(the default here is \d+, twice the cores\)/],
    [['serve', 'a', '--workers', '-2'], /--workers "-2": must be a whole number of 1 or more/],
    [['serve', 'a', '--workers', '1.5'], /--workers "1.5": must be a whole number of 1 or more/],
    [['serve', 'a', '--workers', 'many'], /--workers "many": must be a whole number of 1 or more/],
    [['serve', 'a', '--workers'], /--workers needs a value/],
    [['serve', 'a', '--pass-env', 'A=B'], /--pass-env "A=B": must be the name of an environment variable/],
    [['serve', 'a', '--region', 'Tokyo'], /--region "Tokyo": must be a Region code such as us-east-1/],
    [['serve', 'a', '--account', '1234'], /--account "1234": must be an AWS account id of 12 digits/],
  ])('%j is refused with what is wrong', (argv, message) => {
    expect(() => parseArguments(argv)).toThrow(UsageError);
    expect(() => parseArguments(argv)).toThrow(message);
  });
});

describe('parseArguments for integ', () => {
  test('with no argument runs every test under integ, one at a time, without a report or watching', () => {
    expect(parseArguments(['integ'])).toEqual({
      command: 'integ',
      dir: 'integ',
      tests: [],
      filter: undefined,
      maxWorkers: 1,
      verbose: undefined,
      junit: undefined,
      watch: undefined,
      javaRic: undefined,
      jwks: {},
      jwtUnverified: undefined,
      iamCredentials: undefined,
      allowPlaceholders: undefined,
      serviceEndpoints: {},
    });
  });

  test('a folder given as argument is the directory, as before, and --filter still narrows it', () => {
    expect(parseArguments(['integ', 'test', '--filter', 'hello'])).toMatchObject({ dir: 'test', tests: [], filter: 'hello' });
  });

  test('files given as arguments are the tests to run, existing or not yet checked, and --directory names the folder', () => {
    expect(parseArguments(['integ', 'integ/integ.hello.ts', 'integ.resource-policy.ts', '--directory', 'integ'])).toMatchObject({
      dir: 'integ', tests: ['integ/integ.hello.ts', 'integ.resource-policy.ts'],
    });
    expect(parseArguments(['integ', '--directory=integ', 'integ.hello.ts'])).toMatchObject({ dir: 'integ', tests: ['integ.hello.ts'] });
  });

  test('takes --max-workers, --verbose, --junit and --watch, with a space or an equals sign', () => {
    expect(parseArguments(['integ', '--max-workers', '2', '--verbose', '--junit', 'reports/integ.xml', '--watch'])).toMatchObject({
      maxWorkers: 2, verbose: true, junit: 'reports/integ.xml', watch: true,
    });
    expect(parseArguments(['integ', '--max-workers=4', '--junit=out.xml', '-v'])).toMatchObject({ maxWorkers: 4, junit: 'out.xml', verbose: true });
  });

  test('the usage text lists every integ option', () => {
    for (const option of ['--directory DIR', '--filter pattern', '--max-workers N', '--verbose', '--junit FILE', '--watch']) {
      expect(USAGE).toContain(option);
    }
  });

  test.each([
    [['integ', '--max-workers', '0'], /--max-workers "0": must be a whole number of 1 or more/],
    [['integ', '--max-workers', 'all'], /--max-workers "all": must be a whole number of 1 or more/],
    [['integ', '--max-workers=1.5'], /--max-workers "1.5"/],
    [['integ', '--max-workers'], /--max-workers needs a value/],
    [['integ', '--junit'], /--junit needs a value/],
    [['integ', '--junit='], /--junit needs a value/],
    [['integ', '--filter'], /--filter needs a value/],
    [['integ', '--directory'], /--directory needs a value/],
    [['integ', '--watch=yes'], /--watch takes no value/],
    [['integ', 'integ', 'test'], /integ takes one directory, got "integ" and "test"; name test files/],
    [['integ', 'test', '--directory', 'integ'], /integ takes one directory, got "test" and "integ"/],
    [['integ', '--update-on-failed'], /unknown option "--update-on-failed"; integ takes --directory, --filter, --max-workers, --verbose, --junit, --watch/],
  ])('%j is refused with what is wrong', (argv, message) => {
    expect(() => parseArguments(argv)).toThrow(UsageError);
    expect(() => parseArguments(argv)).toThrow(message);
  });
});
