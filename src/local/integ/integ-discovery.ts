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
