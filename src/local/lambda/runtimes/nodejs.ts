import * as path from 'node:path';
import { LocalRuntime, RUNTIME_CLIENTS_DIR, warnOnVersionMismatch } from './local-runtime';
import { warnOnForeignNativeExtensions } from './native-extensions';

/** `nodejs*` functions, on the Node.js that runs the offline cloud, with its own runtime client. */
export const NODEJS: LocalRuntime = {
  name: 'Node.js',
  identifiers: 'nodejs*',
  matches: (runtime) => /^nodejs(\d+(\.\d+)*(\.x)?)?$/.test(runtime),
  // Inline code is CommonJS in index.js, as Lambda saves it.
  inlineCodeFile: 'index.js',
  async launch(target, host) {
    warnOnVersionMismatch(host, target, 'Node.js', { executable: process.execPath, version: process.versions.node });
    warnOnForeignNativeExtensions(host, target);
    const client = path.join(RUNTIME_CLIENTS_DIR, 'bootstrap.js');
    const inspectPort = host.options.inspectPort;
    return {
      command: process.execPath,
      args: [client],
      runtimeApi: 'pipe',
      ...(inspectPort !== undefined ? {
        debugger: {
          firstPort: inspectPort,
          args: (address, port) => [`--inspect=${address}:${port}`, client],
          describe: (address, port) => `debugger: node --inspect on ${address}:${port} (chrome://inspect)`,
        },
      } : {}),
    };
  },
};
