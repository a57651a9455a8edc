import { spawnSync } from 'child_process';
import { TestFileResult } from '../../../src/local/integ/integ-runner';
import { escapeXml, junitXml } from '../../../src/local/integ/junit-report';

/** An XML element as Python's expat-based parser (a strict, well-formedness-checking reader) sees it. */
interface ParsedElement {
  readonly tag: string;
  readonly attributes: Record<string, string>;
  readonly text: string;
  readonly children: ParsedElement[];
}

const PARSE_XML = `
import json, sys, xml.etree.ElementTree as ET
def walk(e):
    return {"tag": e.tag, "attributes": dict(e.attrib), "text": e.text or "", "children": [walk(c) for c in e]}
print(json.dumps(walk(ET.fromstring(sys.stdin.buffer.read()))))
`;

/** Parses `xml` with Python's XML parser; throws with its error when the document is not well-formed. */
function parseXml(xml: string): ParsedElement {
  const run = spawnSync('python3', ['-c', PARSE_XML], { input: xml, encoding: 'utf-8' });
  if (run.status !== 0) throw new Error(`not well-formed XML: ${run.stderr.trim().split('\n').pop()}`);
  return JSON.parse(run.stdout);
}

function testFile(name: string, durationMs: number, results: TestFileResult['results']): TestFileResult {
  return { file: `/project/integ/${name}`, name, results, durationMs, startedAt: '2026-01-02T03:04:05.000Z', placeholders: [] };
}

describe('junitXml', () => {
  test('writes one testsuite per test file and one testcase per assertion, with counts and times in seconds', () => {
    const report = parseXml(junitXml([
      testFile('integ.hello.ts', 4200, [{ id: 'HttpApiCall1', passed: true }, { id: 'HttpApiCall2', passed: true }]),
      testFile('sub/integ.other.ts', 1500, [{ id: 'LambdaInvoke1', passed: false, message: 'Expected 1 but received 2' }]),
    ], 5750));
    expect(report.tag).toBe('testsuites');
    expect(report.attributes).toEqual({ name: 'graviton-local integ', tests: '3', failures: '1', errors: '0', time: '5.750' });
    expect(report.children.map((suite) => suite.attributes)).toEqual([
      { name: 'integ.hello.ts', tests: '2', failures: '0', errors: '0', skipped: '0', time: '4.200', timestamp: '2026-01-02T03:04:05.000Z' },
      { name: 'sub/integ.other.ts', tests: '1', failures: '1', errors: '0', skipped: '0', time: '1.500', timestamp: '2026-01-02T03:04:05.000Z' },
    ]);
    expect(report.children[0].children.map((testcase) => [testcase.tag, testcase.attributes, testcase.children])).toEqual([
      ['testcase', { classname: 'integ.hello.ts', name: 'HttpApiCall1' }, []],
      ['testcase', { classname: 'integ.hello.ts', name: 'HttpApiCall2' }, []],
    ]);
  });

  test('a failed assertion has a failure whose message attribute is the one-line message and whose text is the whole message', () => {
    const message = '{\n  "status": 500,\n!! Expected 200 but received 500\n}';
    const report = parseXml(junitXml([testFile('integ.a.ts', 1000, [{ id: 'HttpApiCallX', passed: false, message }])], 1000));
    const failure = report.children[0].children[0].children[0];
    expect(failure.tag).toBe('failure');
    expect(failure.attributes).toEqual({ message: 'Expected 200 but received 500 | actual: { "status": 500, }', type: 'AssertionFailure' });
    expect(failure.text).toBe(message);
  });

  test('escapes markup, quotes and ampersands, and replaces characters XML cannot hold, so the report stays well-formed', () => {
    const nasty = 'a <b> & "c" \'d\' ]]> \u0000\u0007\u001b e \ud800 f';
    const report = parseXml(junitXml([testFile('integ.<&>.ts', 0, [{ id: 'Id"\'<&>', passed: false, message: nasty }])], 0));
    const suite = report.children[0];
    expect(suite.attributes.name).toBe('integ.<&>.ts');
    expect(suite.children[0].attributes.name).toBe('Id"\'<&>');
    expect(suite.children[0].children[0].text).toBe('a <b> & "c" \'d\' ]]> \ufffd\ufffd\ufffd e \ufffd f');
  });

  test('keeps newlines and tabs in attributes as character references, which a reader turns back into them', () => {
    expect(escapeXml('a\nb\tc\rd')).toBe('a&#10;b&#9;c&#13;d');
    const report = parseXml(`<x a="${escapeXml('line 1\nline 2')}"/>`);
    expect(report.attributes.a).toBe('line 1\nline 2');
  });

  test('an empty run is a well-formed report of 0 tests', () => {
    expect(parseXml(junitXml([], 0)).attributes).toMatchObject({ tests: '0', failures: '0' });
  });
});
