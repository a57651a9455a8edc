import { awscdk } from 'projen';
import { INTEG_ENV, TS_NODE } from './ts-node';

/**
 * The integ tests' tasks: integ-runner's snapshot check, re-synthesis and AWS deploy, the same
 * tests' assertions run offline by graviton-local, and cfn-lint over the snapshot templates.
 * `npm test` runs the snapshot check, the offline assertions and cfn-lint, in that order.
 */
export function addIntegTasks(project: awscdk.AwsCdkConstructLibrary): void {
  // integ-runner checks the committed snapshots (no AWS account needed) and fails when one is stale.
  const integRunner = 'integ-runner --directory integ --language typescript';
  const integTask = project.addTask('integ', {
    description: 'Check the integ test snapshots in integ/ (fails when a snapshot is stale)',
    env: INTEG_ENV,
    exec: integRunner,
    receiveArgs: true,
  });
  project.addTask('integ:snapshot', {
    description: 'Re-synthesize the integ snapshots without deploying (after a deliberate change)',
    env: INTEG_ENV,
    exec: `${integRunner} --update-on-failed --dry-run --force`,
    receiveArgs: true,
  });
  project.addTask('integ:deploy', {
    description: 'Deploy every integ test on AWS, run its assertions, update snapshots that changed (needs AWS credentials)',
    env: INTEG_ENV,
    exec: `${integRunner} --update-on-failed`,
    receiveArgs: true,
  });
  project.testTask.spawn(integTask);

  // The integ tests' own assertions, run for real in the offline cloud (no AWS account needed).
  // integ.authorization.ts's JWT issuer is a fixed test issuer whose key set is committed
  // (integ/jwt-test-issuer.ts): the offline run is given it, as AWS would fetch it from the issuer.
  const integOffline = project.addTask('integ:offline', {
    description: 'Deploy every integ test on this machine with graviton-local and run its assertions',
    // --allow-placeholders: integ.operations.ts's CloudWatch alarms and CodeDeploy deployment group
    // are not emulated offline; its results are marked PASS* so nobody mistakes them for a real check.
    exec: `${TS_NODE} --transpile-only src/local/cli.ts integ integ --allow-placeholders --jwks https://issuer.example.com=integ/jwt-test-issuer.jwks.json`,
    receiveArgs: true,
  });
  project.testTask.spawn(integOffline);

  // cfn-lint over every integ snapshot template (installs its pinned version from PyPI on first use).
  const cfnLint = project.addTask('test:cfn-lint', {
    description: 'Lint every integ snapshot template with cfn-lint (an error fails)',
    exec: 'bash integ/cfn-lint.sh',
  });
  project.testTask.spawn(cfnLint);
}
