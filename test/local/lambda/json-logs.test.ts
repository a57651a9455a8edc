import { deployFunction, inlineNode, inlinePython, newService } from './lambda-test-support';
import { LambdaService } from '../../../src/local/lambda';

/** One function per runtime client that logs at four levels through the runtime's logging, then prints a plain line. */
const FAMILIES = [
  {
    family: 'Python',
    warnLevel: 'WARNING',
    props: (extra: Record<string, any>) => inlinePython([
      'import logging',
      'logger = logging.getLogger()',
      'def handler(event, context):',
      '    logger.debug("debug line")',
      '    logger.info("info line")',
      '    logger.warning("warn line")',
      '    logger.error("error line")',
      '    print("plain print")',
      '    if event.get("fail"):',
      '        raise ValueError("bad input")',
      '    return 1',
    ].join('\n'), extra),
  },
  {
    family: 'Node.js',
    warnLevel: 'WARN',
    props: (extra: Record<string, any>) => inlineNode([
      'exports.handler = async (event) => {',
      '  console.debug("debug line");',
      '  console.info("info line");',
      '  console.warn("warn line");',
      '  console.error("error line");',
      '  process.stdout.write("plain print\\n");',
      '  if (event.fail) throw new TypeError("bad input");',
      '  return 1;',
      '};',
    ].join('\n'), extra),
  },
];

describe.each(FAMILIES)('the JSON log format for $family functions', ({ props, warnLevel }) => {
  let service: LambdaService;
  let lines: string[];

  beforeEach(() => ({ service, lines } = newService()));
  afterEach(() => service.stop());

  /** Deploys with the logging config, invokes once, and answers the function's log lines without their `[name] ` prefix. */
  async function logOf(loggingConfig: Record<string, string>, event: object = {}): Promise<{ requestId: string; lines: string[] }> {
    const { ref } = await deployFunction(service, 'Logger', props({ LoggingConfig: loggingConfig }));
    const result = await service.invoke(ref, Buffer.from(JSON.stringify(event)));
    const prefix = `[${ref}] `;
    return { requestId: result.requestId, lines: lines.filter((line) => line.startsWith(prefix)).map((line) => line.slice(prefix.length)) };
  }

  const records = (log: string[]) => log.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));

  test('application records are JSON with timestamp, level, message and requestId; platform lines are platform.start and platform.report records', async () => {
    const { requestId, lines: log } = await logOf({ LogFormat: 'JSON', ApplicationLogLevel: 'DEBUG' });
    const all = records(log);
    const application = all.filter((record) => record.level !== undefined);

    expect(application.map((record) => [record.level, record.message])).toEqual([
      ['DEBUG', 'debug line'], ['INFO', 'info line'], [warnLevel, 'warn line'], ['ERROR', 'error line'],
    ]);
    for (const record of application) {
      expect(record.requestId).toBe(requestId);
      expect(record.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
    // A plain line stays as written.
    expect(log).toContain('plain print');
    expect(all.find((record) => record.type === 'platform.start')).toEqual({
      time: expect.stringMatching(/Z$/), type: 'platform.start', record: { requestId, version: '$LATEST' },
    });
    expect(all.find((record) => record.type === 'platform.report')).toMatchObject({
      type: 'platform.report',
      record: { requestId, status: 'success', metrics: { durationMs: expect.any(Number), billedDurationMs: expect.any(Number), memorySizeMB: 128 } },
    });
    expect(log.some((line) => /^(START|END|REPORT) RequestId/.test(line))).toBe(false);
  });

  test('JSON without levels filters at INFO, as Lambda fills both levels in: the DEBUG record is dropped', async () => {
    const { lines: log } = await logOf({ LogFormat: 'JSON' });

    expect(records(log).filter((record) => record.level !== undefined).map((record) => record.message)).toEqual(['info line', 'warn line', 'error line']);
    expect(records(log).map((record) => record.type).filter(Boolean)).toEqual(['platform.start', 'platform.report']);
  });

  test('the application log level drops records below it, plain lines counting as INFO; the system level WARN drops the platform records', async () => {
    const { lines: log } = await logOf({ LogFormat: 'JSON', ApplicationLogLevel: 'WARN', SystemLogLevel: 'WARN' });

    expect(records(log).map((record) => record.message)).toEqual(['warn line', 'error line']);
    expect(log).not.toContain('plain print');
    expect(log.some((line) => line.includes('platform.'))).toBe(false);
  });

  test('a handler\'s error is one JSON record at ERROR naming its type', async () => {
    const { requestId, lines: log } = await logOf({ LogFormat: 'JSON', ApplicationLogLevel: 'ERROR' }, { fail: true });
    const errors = records(log).filter((record) => record.level === 'ERROR');

    expect(errors).toHaveLength(2);
    expect(errors[0].message).toBe('error line');
    expect(JSON.stringify(errors[1])).toMatch(/"errorType":"(ValueError|TypeError)"/);
    expect(errors[1].requestId ?? errors[1].message?.requestId).toBe(requestId);
  });

  test('the text format writes the managed runtime\'s text lines and Lambda\'s START, END and REPORT', async () => {
    const { lines: log } = await logOf({ LogFormat: 'Text' });

    expect(log[0]).toMatch(/^START RequestId: \S+ Version: \$LATEST$/);
    expect(log.filter((line) => line.includes('warn line'))).toHaveLength(1);
    expect(log.find((line) => line.includes('warn line'))).toMatch(/^(\[WARNING\]\t\S+Z\t\S+\twarn line|\S+Z\t\S+\tWARN\twarn line)$/);
    expect(log.some((line) => line.startsWith('END RequestId'))).toBe(true);
    expect(log.some((line) => line.startsWith('REPORT RequestId'))).toBe(true);
  });
});

describe('LoggingConfig checks', () => {
  let service: LambdaService;
  beforeEach(() => ({ service } = newService()));
  afterEach(() => service.stop());

  test('log levels with the text format, or levels Lambda does not know, fail the deploy naming what is accepted', async () => {
    const python = (loggingConfig: object) => inlinePython('def handler(e, c):\n    return 1\n', { LoggingConfig: loggingConfig });

    await expect(deployFunction(service, 'TextLevels', python({ LogFormat: 'Text', ApplicationLogLevel: 'WARN' })))
      .rejects.toThrow('TextLevels: LoggingConfig.ApplicationLogLevel and SystemLogLevel need LogFormat JSON; got LogFormat Text');
    await expect(deployFunction(service, 'Loud', python({ LogFormat: 'JSON', ApplicationLogLevel: 'LOUD' })))
      .rejects.toThrow('Loud: LoggingConfig.ApplicationLogLevel must be one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL; got "LOUD"');
    await expect(deployFunction(service, 'SystemError', python({ LogFormat: 'JSON', SystemLogLevel: 'ERROR' })))
      .rejects.toThrow('SystemError: LoggingConfig.SystemLogLevel must be one of DEBUG, INFO, WARN; got "ERROR"');
    await expect(deployFunction(service, 'Xml', python({ LogFormat: 'XML' })))
      .rejects.toThrow('Xml: LoggingConfig.LogFormat must be Text or JSON; got "XML"');
  });
});
