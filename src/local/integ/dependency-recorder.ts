// @ts-nocheck: plain JavaScript on purpose (see below); it has no types to check.
/*
 * Preloaded (`node -r`) into an integ test's synthesis by `integ --watch`: when the app exits,
 * writes the files it depended on, outside node_modules and its output folder, as a JSON array to
 * $GRAVITON_LOCAL_INTEG_DEPENDENCIES. They are the modules Node (and ts-node) loaded (the test, and
 * everything it imports transitively: `../src/**`, helpers; exact where an import scan would guess
 * at path aliases, index files and re-exports), and the files the app looked at or read through
 * `fs` (the files of a `Code.fromAsset` folder, which aws-cdk-lib fingerprints; JSON it reads).
 * Plain JavaScript syntax on purpose: it runs as it is under ts-node and without it.
 */
(function recordDependencies() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('fs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const path = require('path');
  const out = process.env.GRAVITON_LOCAL_INTEG_DEPENDENCIES;
  if (!out) return;
  const touched = new Set();
  const statSync = fs.statSync;
  // Each of these takes the file first; recording it changes nothing in what the call does.
  for (const name of ['statSync', 'lstatSync', 'openSync', 'readFileSync', 'copyFileSync']) {
    const original = fs[name];
    fs[name] = function recorded(file, ...rest) {
      if (typeof file === 'string') touched.add(path.resolve(file));
      return original.call(this, file, ...rest);
    };
  }
  const outputDir = process.env.CDK_OUTDIR ? path.resolve(process.env.CDK_OUTDIR) + path.sep : undefined;
  const isDependency = (file) => {
    if (/[\\/]node_modules[\\/]/.test(file) || file === __filename || (outputDir && file.startsWith(outputDir))) return false;
    try {
      return statSync(file).isFile();
    } catch {
      return false;
    }
  };
  process.on('exit', () => {
    const files = new Set([...Object.keys(require.cache), ...touched]);
    fs.writeFileSync(out, JSON.stringify([...files].filter(isDependency)));
  });
})();
