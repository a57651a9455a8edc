/**
 * `graviton-local serve --watch` in a CDK project, as a real process: an edited handler is served
 * on the same URL, an edit that breaks the app keeps the last version answering, a route added
 * to the app appears.
 */
import * as fs from 'fs';
import * as path from 'path';
import { removeTempDirs, request, tempDir } from './local-cloud-support';
import { GravitonProcess, graviton, stopGravitonProcesses, waitFor } from './serve-process';
import { WATCHED_APP, handlerSource, watchedProject } from './watched-project';

afterEach(stopGravitonProcesses);
afterAll(removeTempDirs);

/** Waits for the next stderr line matching `pattern` after the `seen` lines already read. */
async function nextLine(run: GravitonProcess, seen: number, pattern: RegExp): Promise<string> {
  await waitFor(() => run.stderrLines.slice(seen).some((line) => pattern.test(line)), String(pattern), 60_000);
  return run.stderrLines.slice(seen).find((line) => pattern.test(line))!;
}

test('an edited handler, a broken app and an added route: the same URL answers, the last good version stays', async () => {
  const dir = watchedProject();
  const run = graviton(['serve', '--watch'], undefined, dir);
  await waitFor(() => run.stdout.includes('ready'), 'ready', 60_000);
  const [apiName, url] = run.stdout[0].split(' ');
  expect(apiName).toMatch(/^Watched\/Api\w+$/);
  expect((await request(url)).body).toBe('v1 /');
  await nextLine(run, 0, /^watching /);

  // The handler: its asset changes, the function's new code answers on the same URL.
  let seen = run.stderrLines.length;
  fs.writeFileSync(path.join(dir, 'handler', 'index.py'), handlerSource('v2'));
  expect(await nextLine(run, seen, /^reload: /)).toMatch(/^reload: handler\/index\.py changed; redeployed 1 stack\(s\) in \d+ ms$/);
  expect((await request(url)).body).toBe('v2 /');

  // A broken app: its own error, and v2 keeps answering.
  seen = run.stderrLines.length;
  fs.writeFileSync(path.join(dir, 'app.js'), `${WATCHED_APP}\nthrow new Error('half-written edit');\n`);
  expect(await nextLine(run, seen, /^reload failed /)).toMatch(
    /^reload failed \(app\.js changed\): the app failed \(exit code 1\): node app\.js; still serving the previous version$/);
  expect(run.stderr()).toContain('Error: half-written edit');
  expect((await request(url)).body).toBe('v2 /');

  // Fixed, with a route added: it answers on the same URL; the stdout lines stay as they were.
  seen = run.stderrLines.length;
  fs.writeFileSync(path.join(dir, 'routes.json'), JSON.stringify(['/', '/added']));
  fs.writeFileSync(path.join(dir, 'app.js'), WATCHED_APP);
  await nextLine(run, seen, /^reload: /);
  expect((await request(`${url}added`)).body).toBe('v2 /added');
  expect((await request(url)).body).toBe('v2 /');
  expect(run.stdout.filter((line) => line.startsWith('Watched/'))).toEqual([`${apiName} ${url}`]);

  // Files the watch block excludes, and the output folder, do not reload.
  seen = run.stderrLines.length;
  fs.writeFileSync(path.join(dir, 'README.md'), '# notes');
  fs.writeFileSync(path.join(dir, 'cdk.out', 'scratch.txt'), 'x');
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(run.stderrLines.slice(seen).filter((line) => /^reload/.test(line))).toEqual([]);

  run.child.kill('SIGTERM');
  expect(await run.exit).toBe(0);
}, 180_000);

test('--watch with a cdk.out is refused: it needs a CDK app to run again', async () => {
  const run = graviton(['serve', 'cdk.out', '--watch'], undefined, tempDir('graviton-watch-empty-'));
  expect(await run.exit).toBe(2);
  expect(run.stderr()).toContain('--watch runs a CDK app again on each change: run serve --watch in a CDK project (cdk.json) or with --app, not with "cdk.out"');
}, 30_000);
