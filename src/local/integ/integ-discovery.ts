import * as fs from 'fs';
import * as path from 'path';

// integ-runner's default test pattern for TypeScript and JavaScript integ tests.
const INTEG_FILE = /^integ\..*\.(ts|js)$/;

/**
 * The integ test files under `dir`, as integ-runner finds them: `integ.*.ts` (or `.js` where no
 * `.ts` of the same name exists), recursively, skipping snapshots and node_modules; sorted.
 */
export function discoverIntegTests(dir: string, filter?: string): string[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new Error(`${dir}: no such directory; give the folder that holds your integ.*.ts files`);
  }
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.endsWith('.snapshot') && !entry.name.startsWith('cdk-integ.out')) {
          walk(full);
        }
      } else if (INTEG_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        // A compiled .js next to its .ts is the same test.
        if (entry.name.endsWith('.js') && fs.existsSync(full.replace(/\.js$/, '.ts'))) continue;
        found.push(full);
      }
    }
  };
  walk(dir);
  return found.filter((file) => !filter || path.relative(dir, file).includes(filter)).sort();
}

/** Which integ tests to run: named files, or those under a folder. */
export interface IntegTestSelection {
  /** The folder of the integ tests; test names are relative to it. */
  readonly dir: string;
  /** Test files (as given, or relative to `dir`); none = every test under `dir`. */
  readonly files?: readonly string[];
  /** Only tests whose name (path relative to `dir`) contains this. */
  readonly filter?: string;
}

/**
 * The test files of a selection, absolute and sorted. A named file is looked for as given, then
 * under `dir`; a missing one is an error naming it.
 */
export function selectIntegTests(selection: IntegTestSelection): string[] {
  const { dir, files = [], filter } = selection;
  if (files.length === 0) return discoverIntegTests(dir, filter).map((file) => path.resolve(file));
  const found = files.map((file) => {
    const candidates = [path.resolve(file), path.resolve(dir, file)];
    const existing = candidates.find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
    if (!existing) {
      throw new Error(`${file}: no such integ test file (looked in the current folder and in ${dir})`);
    }
    return existing;
  });
  return [...new Set(found)].filter((file) => !filter || integTestName(dir, file).includes(filter)).sort();
}

/** A test's name in the output: its path relative to the tests' folder, or to the current folder when outside it. */
export function integTestName(dir: string, file: string): string {
  const relative = path.relative(path.resolve(dir), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? path.relative(process.cwd(), file) : relative;
}
