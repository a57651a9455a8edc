import { oneLineMessage } from './assertion-results';
import { TestFileResult } from './integ-runner';

/**
 * A JUnit XML report of an integ run, as CI systems read it (Jenkins, GitLab, GitHub Actions'
 * test reporters): one `<testsuite>` per integ test file, one `<testcase>` per assertion, a
 * `<failure>` with the one-line message as its `message` attribute and the full message as its
 * text. Times are in seconds: each suite's is its file's wall time (synthesis, deploy and
 * assertions together; the assertions run inside one deploy, so they have no time of their own
 * and their testcases carry none).
 * https://github.com/testmoapp/junitxml
 */
export function junitXml(tests: readonly TestFileResult[], durationMs: number): string {
  const total = tests.reduce((sum, test) => sum + test.results.length, 0);
  const failures = tests.reduce((sum, test) => sum + test.results.filter((result) => !result.passed).length, 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="graviton-local integ" tests="${total}" failures="${failures}" errors="0" time="${seconds(durationMs)}">`,
  ];
  for (const test of tests) {
    const failed = test.results.filter((result) => !result.passed).length;
    lines.push(`  <testsuite name="${escapeXml(test.name)}" tests="${test.results.length}" failures="${failed}" errors="0" skipped="0" `
      + `time="${seconds(test.durationMs)}" timestamp="${escapeXml(test.startedAt)}">`);
    for (const result of test.results) {
      const testcase = `    <testcase classname="${escapeXml(test.name)}" name="${escapeXml(result.id)}"`;
      if (result.passed) {
        lines.push(`${testcase}/>`);
      } else {
        const message = result.message ?? 'failed';
        lines.push(`${testcase}>`);
        lines.push(`      <failure message="${escapeXml(oneLineMessage(message))}" type="AssertionFailure">${escapeXmlText(message)}</failure>`);
        lines.push('    </testcase>');
      }
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

/** Milliseconds as seconds with three decimals. */
function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/**
 * Text safe in an XML element: `&`, `<` and `>` as entities, and the characters XML 1.0 does not
 * allow at all (control characters but tab, newline and carriage return; lone surrogates)
 * replaced by U+FFFD.
 * https://www.w3.org/TR/xml/#charsets
 */
export function escapeXmlText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Text safe in a double- or single-quoted XML attribute; newlines kept as character references (a reader would turn them into spaces). */
export function escapeXml(text: string): string {
  return escapeXmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;');
}
