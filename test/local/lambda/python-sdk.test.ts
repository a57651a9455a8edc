import * as fs from 'fs';
import { BOTO3_VERSION, pythonSdkCacheDir, resolvePythonSdk } from '../../../src/local/lambda/runtimes/python-sdk';
import { removeTempDirs, tempDir } from '../local-cloud-support';

afterAll(removeTempDirs);

describe('boto3 for Python functions', () => {
  test('when pip cannot reach an index, the problem names the cache folder, the pinned version and how to install it by hand, and leaves no half-filled folder', async () => {
    const cacheDir = tempDir('graviton-local-cache-');
    const saved = { ...process.env };
    // An index nothing listens on, and no retries: pip fails at once.
    Object.assign(process.env, { PIP_INDEX_URL: 'http://127.0.0.1:9/simple', PIP_RETRIES: '0', PIP_TIMEOUT: '2', PIP_NO_CACHE_DIR: '1', PIP_FIND_LINKS: '' });
    const lines: string[] = [];
    try {
      const sdk = await resolvePythonSdk('python3', (line) => lines.push(line), cacheDir);
      const dir = pythonSdkCacheDir(cacheDir);
      expect(sdk).toEqual({
        problem: expect.stringMatching(new RegExp(`^boto3 ${BOTO3_VERSION.replace(/\./g, '\\.')} is not in ${dir} and python3 -m pip could not install it from PyPI \\(.+\\); `
          + `install it there yourself \\(pip install --target ${dir} boto3==${BOTO3_VERSION.replace(/\./g, '\\.')}\\), or package boto3 with the function$`)),
      });
      expect(lines).toEqual([`Python functions get boto3 as on Lambda: installing boto3 ${BOTO3_VERSION} with pip into ${dir} (once)`]);
      expect(fs.readdirSync(cacheDir)).toEqual([]);
    } finally {
      process.env = saved;
    }
  }, 60_000);

  test('a cache folder holding boto3 is used as it is, without pip', async () => {
    const cacheDir = tempDir('graviton-local-cache-');
    fs.mkdirSync(`${pythonSdkCacheDir(cacheDir)}/boto3`, { recursive: true });
    const lines: string[] = [];
    await expect(resolvePythonSdk('/nonexistent/python', (line) => lines.push(line), cacheDir)).resolves.toEqual({ dir: pythonSdkCacheDir(cacheDir) });
    expect(lines).toEqual([]);
  });
});
