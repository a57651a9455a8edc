import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { userCacheDir } from './java-runtime-client';

/**
 * The AWS SDK for Python that Python functions import without packaging it, as Lambda's Python
 * runtimes include it; pinned, so every machine runs the same.
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
 */
export const BOTO3_VERSION = '1.44.5';

/** The folder boto3 is importable from, or why there is none (a sentence naming what was tried). */
export type PythonSdk = { readonly dir: string } | { readonly problem: string };

/** The cache folder of boto3 and its dependencies (an import root: `boto3/`, `botocore/`, ...). */
export function pythonSdkCacheDir(cacheDir = userCacheDir()): string {
  return path.join(cacheDir, `boto3-${BOTO3_VERSION}`);
}

/**
 * boto3 from the user's cache, installed with `python -m pip` on first use into a folder beside
 * it that is then renamed (as the Java client's cache): an install cut short, or two offline
 * clouds installing at once, never leave a half-filled cache.
 */
export async function resolvePythonSdk(python: string, log: (line: string) => void, cacheDir = userCacheDir()): Promise<PythonSdk> {
  const dir = pythonSdkCacheDir(cacheDir);
  if (fs.existsSync(path.join(dir, 'boto3'))) return { dir };
  log(`Python functions get boto3 as on Lambda: installing boto3 ${BOTO3_VERSION} with pip into ${dir} (once)`);
  const staging = `${dir}.install-${process.pid}-${Date.now()}`;
  fs.mkdirSync(path.dirname(staging), { recursive: true });
  const args = ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-compile', '--only-binary=:all:',
    '--target', staging, `boto3==${BOTO3_VERSION}`];
  return new Promise((resolve) => {
    // PIP_* settings and proxies as they are now; root's warning about pip and the system is noise here.
    execFile(python, args, { timeout: 300_000, env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' } }, (error, _stdout, stderr) => {
      if (!error && fs.existsSync(path.join(staging, 'boto3'))) {
        try {
          fs.renameSync(staging, dir);
        } catch {
          // Another offline cloud finished first: its copy serves.
          fs.rmSync(staging, { recursive: true, force: true });
        }
        resolve({ dir });
        return;
      }
      fs.rmSync(staging, { recursive: true, force: true });
      const reason = stderr.split('\n').map((line) => line.trim()).filter((line) => line.startsWith('ERROR') || line.includes('No module named')).slice(0, 2).join(' ');
      resolve({
        problem: `boto3 ${BOTO3_VERSION} is not in ${dir} and ${python} -m pip could not install it from PyPI (${reason || error?.message.trim() || 'pip installed no boto3'}); `
          + `install it there yourself (pip install --target ${dir} boto3==${BOTO3_VERSION}), or package boto3 with the function`,
      });
    });
  });
}
