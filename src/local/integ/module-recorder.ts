/*
 * Preloaded (`node -r`) into an integ test's synthesis by `integ --watch`: when the app exits,
 * writes the files it loaded outside node_modules (the test, and everything it imports
 * transitively: `../src/**`, helpers) as a JSON array to $GRAVITON_LOCAL_INTEG_MODULES. The module
 * graph Node (and ts-node) actually loaded is exact where an import scan would guess at path
 * aliases, index files and re-exports. Plain JavaScript syntax on purpose: it runs as it is
 * under ts-node and without it.
 */
(function recordModules() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('fs');
  const out = process.env.GRAVITON_LOCAL_INTEG_MODULES;
  if (!out) return;
  process.on('exit', () => {
    const loaded = Object.keys(require.cache).filter((file) => !/[\\/]node_modules[\\/]/.test(file) && file !== __filename);
    fs.writeFileSync(out, JSON.stringify(loaded));
  });
})();
