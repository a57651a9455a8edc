// How the tasks run TypeScript outside src/: tsconfig.dev.json covers the integ apps, tests,
// benchmarks and the example app.
export const TS_NODE = 'ts-node --project tsconfig.dev.json';
// Type errors are caught by the test task's type-check; the integ apps only need to run.
export const INTEG_ENV = { TS_NODE_PROJECT: 'tsconfig.dev.json', TS_NODE_TRANSPILE_ONLY: 'true' };
