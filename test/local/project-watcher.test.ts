import * as fs from 'fs';
import * as path from 'path';
import { tempDir, removeTempDirs } from './local-cloud-support';
import { waitFor } from './serve-process';
import { globToRegExp, watchPatterns, watchProject } from '../../src/local/project-watcher';

afterAll(removeTempDirs);

test.each([
  ['**', ['a', 'src/app.ts', 'deep/er/x.py'], []],
  ['*.json', ['cdk.json', 'routes.json'], ['src/routes.json', 'a.jsonx']],
  ['**/*.d.ts', ['x.d.ts', 'lib/x.d.ts'], ['x.ts']],
  ['src/**', ['src/a', 'src/b/c'], ['srcx/a', 'other/src/a']],
  ['cdk?.json', ['cdk1.json'], ['cdk.json', 'cdk12.json']],
  ['**/.*', ['.git', 'a/.env'], ['a/b']],
])('the watch glob %s matches what cdk watch would, against a project-relative path', (glob, matching, other) => {
  const re = globToRegExp(glob);
  for (const file of matching) expect(file).toMatch(re);
  for (const file of other) expect(file).not.toMatch(re);
});

test('watch patterns: include defaults to **; the output folder, dot files and node_modules are always excluded', () => {
  expect(watchPatterns(undefined, 'cdk.out')).toEqual({
    include: ['**'],
    exclude: ['cdk.out/**', 'cdk.out', '**/.*', '**/.*/**', '**/node_modules/**', 'node_modules'],
  });
  expect(watchPatterns({ include: 'src/**', exclude: ['README.md'] }, 'out')).toMatchObject({ include: ['src/**'], exclude: expect.arrayContaining(['README.md', 'out/**']) });
});

test('changes are reported once per burst, only for selected files', async () => {
  const dir = tempDir('graviton-watcher-');
  fs.mkdirSync(path.join(dir, 'src', 'deep'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'node_modules'));
  const bursts: string[][] = [];
  const watcher = watchProject(dir, watchPatterns({ exclude: ['README.md'] }, 'cdk.out'), (changed) => bursts.push(changed.sort()), 100);
  try {
    fs.writeFileSync(path.join(dir, 'src', 'deep', 'a.ts'), '1');
    fs.writeFileSync(path.join(dir, 'app.ts'), '2');
    fs.writeFileSync(path.join(dir, 'README.md'), 'excluded');
    fs.writeFileSync(path.join(dir, 'node_modules', 'x.js'), 'not watched');
    await waitFor(() => bursts.length > 0, 'a burst');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bursts).toEqual([['app.ts', 'src/deep/a.ts']]);
  } finally {
    watcher.close();
  }
});
