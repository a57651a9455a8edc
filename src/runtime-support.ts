/**
 * Which Lambda runtimes a new function may use, and on which architectures.
 *
 * Dates are Lambda's published schedule (ISO dates, UTC); AWS moves them, so they are checked
 * against the day of synthesis and updated with each release of this library.
 *
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
 */

interface RuntimeSchedule {
  /** From this day the runtime gets no security patches and no support. */
  readonly deprecated: string;
  /** From this day Lambda refuses to create functions with it. */
  readonly blockCreate?: string;
}

// Current Python and Node.js runtimes (lambda-runtimes.html, "Supported runtimes" and "Deprecated runtimes").
const SCHEDULES: Record<string, RuntimeSchedule> = {
  'python3.7': { deprecated: '2023-12-04' },
  'python3.8': { deprecated: '2024-10-14', blockCreate: '2027-02-01' },
  'python3.9': { deprecated: '2025-12-15', blockCreate: '2027-02-01' },
  'python3.10': { deprecated: '2026-10-31', blockCreate: '2027-02-01' },
  'python3.11': { deprecated: '2027-06-30', blockCreate: '2027-07-31' },
  'python3.12': { deprecated: '2028-10-31', blockCreate: '2028-11-30' },
  'python3.13': { deprecated: '2029-06-30', blockCreate: '2029-07-31' },
  'python3.14': { deprecated: '2029-06-30', blockCreate: '2029-07-31' },
  'nodejs14.x': { deprecated: '2023-12-04' },
  'nodejs16.x': { deprecated: '2024-06-12' },
  'nodejs18.x': { deprecated: '2025-09-01', blockCreate: '2027-02-01' },
  'nodejs20.x': { deprecated: '2026-04-30', blockCreate: '2027-02-01' },
  'nodejs22.x': { deprecated: '2027-04-30', blockCreate: '2027-06-01' },
  'nodejs24.x': { deprecated: '2028-04-30', blockCreate: '2028-06-01' },
  'provided.al2023': { deprecated: '2029-06-30', blockCreate: '2029-07-31' },
};

// Runtimes Lambda stopped accepting for new functions years ago.
const RETIRED = new Set([
  'nodejs', 'nodejs4.3', 'nodejs4.3-edge', 'nodejs6.10', 'nodejs8.10', 'nodejs10.x', 'nodejs12.x',
  'python2.7', 'python3.6',
]);

// Runtimes that never ran on Graviton (arm64); everything newer runs on both architectures.
const X86_64_ONLY = new Set([
  'nodejs', 'nodejs4.3', 'nodejs4.3-edge', 'nodejs6.10', 'nodejs8.10', 'nodejs10.x',
  'python2.7', 'python3.6', 'python3.7',
  'java8', 'go1.x', 'provided', 'ruby2.5',
  'dotnetcore1.0', 'dotnetcore2.0', 'dotnetcore2.1', 'dotnetcore3.1',
]);

const LIFECYCLE_PAGE = 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html';

/** What synthesis should say about a runtime: an error stops it, a warning does not. */
export interface RuntimeVerdict {
  readonly error?: string;
  readonly warning?: string;
}

/**
 * Checks a runtime and an architecture together, as of `today` (`YYYY-MM-DD`).
 *
 * @param runtime the runtime identifier, e.g. `python3.14`
 * @param architecture the architecture name, `arm64` or `x86_64`
 */
export function checkRuntime(runtime: string, architecture: string, today: string): RuntimeVerdict {
  if (architecture === 'arm64' && X86_64_ONLY.has(runtime)) {
    return {
      error: `runtime ${runtime} does not run on arm64 (Graviton); choose a newer runtime or architecture x86_64`,
    };
  }
  if (RETIRED.has(runtime)) {
    return { error: `runtime ${runtime}: Lambda no longer accepts it for new functions; choose a supported runtime (${LIFECYCLE_PAGE})` };
  }
  const schedule = SCHEDULES[runtime];
  if (!schedule) {
    if (/^(python|nodejs)/.test(runtime)) {
      return {
        warning: `runtime ${runtime} is not one this library knows Lambda accepts (${Object.keys(SCHEDULES).join(', ')}); deployment may fail (${LIFECYCLE_PAGE})`,
      };
    }
    return {};
  }
  if (schedule.blockCreate && today >= schedule.blockCreate) {
    return {
      error: `runtime ${runtime}: Lambda no longer accepts it for new functions since ${schedule.blockCreate}; choose a supported runtime (${LIFECYCLE_PAGE})`,
    };
  }
  if (today >= schedule.deprecated) {
    const block = schedule.blockCreate
      ? `Lambda refuses new functions with it from ${schedule.blockCreate}`
      : 'Lambda may refuse new functions with it at any time';
    return {
      warning: `runtime ${runtime} is deprecated since ${schedule.deprecated} (no security patches); ${block}. Choose a newer runtime (${LIFECYCLE_PAGE})`,
    };
  }
  return {};
}
