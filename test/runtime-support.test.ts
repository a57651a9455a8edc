import { checkRuntime } from '../src/runtime-support';

describe('checkRuntime', () => {
  test.each(['python3.12', 'python3.13', 'python3.14', 'nodejs22.x', 'nodejs24.x', 'provided.al2023'])(
    'accepts %s on arm64 on 2026-11-25 with nothing to say', (runtime) => {
      expect(checkRuntime(runtime, 'arm64', '2026-11-25')).toEqual({});
    });

  test('a deprecated runtime before its creation block is a warning with both dates', () => {
    const verdict = checkRuntime('nodejs20.x', 'arm64', '2026-11-25');
    expect(verdict.error).toBeUndefined();
    expect(verdict.warning).toMatch(/runtime nodejs20.x is deprecated since 2026-04-30 .*refuses new functions with it from 2027-02-01/);
  });

  test('a runtime is an error from the day Lambda blocks creating functions with it', () => {
    expect(checkRuntime('nodejs22.x', 'arm64', '2027-05-31').error).toBeUndefined();
    expect(checkRuntime('nodejs22.x', 'arm64', '2027-06-01').error)
      .toMatch(/runtime nodejs22.x: Lambda no longer accepts it for new functions since 2027-06-01/);
  });

  test('a deprecated runtime without a published block date warns that creation may be refused', () => {
    expect(checkRuntime('nodejs16.x', 'arm64', '2026-11-25').warning).toMatch(/Lambda may refuse new functions with it at any time/);
  });

  test.each(['python2.7', 'python3.6', 'nodejs10.x', 'nodejs12.x'])('%s is refused as retired', (runtime) => {
    expect(checkRuntime(runtime, 'x86_64', '2026-11-25').error).toMatch(new RegExp(`runtime ${runtime}: Lambda no longer accepts it`));
  });

  test.each(['python3.7', 'java8', 'go1.x', 'provided', 'dotnetcore3.1'])('%s is refused on arm64', (runtime) => {
    expect(checkRuntime(runtime, 'arm64', '2026-11-25').error)
      .toBe(`runtime ${runtime} does not run on arm64 (Graviton); choose a newer runtime or architecture x86_64`);
  });

  test('a runtime that runs on x86_64 only is fine there', () => {
    expect(checkRuntime('java8.al2', 'x86_64', '2026-11-25')).toEqual({});
  });

  test('an unknown Python or Node.js runtime is a warning; other families are not checked', () => {
    expect(checkRuntime('python3.15', 'arm64', '2026-11-25').warning).toMatch(/runtime python3.15 is not one this library knows Lambda accepts/);
    expect(checkRuntime('java25', 'arm64', '2026-11-25')).toEqual({});
  });
});
