import { awscdk } from 'projen';
import { JobPermission } from 'projen/lib/github/workflows-model';

/**
 * CI beyond this machine: the offline integ suite on every pull request; where a repository
 * variable AWS_INTEG_ROLE_ARN names a role trusted for GitHub OIDC, the same tests on real AWS.
 */
export function addIntegWorkflow(project: awscdk.AwsCdkConstructLibrary): void {
  const integWorkflow = project.github!.addWorkflow('integ');
  integWorkflow.on({ pullRequest: {}, workflowDispatch: {} });
  const checkoutAndInstall = [
    { name: 'Checkout', uses: 'actions/checkout@v4' },
    { name: 'Setup Node.js', uses: 'actions/setup-node@v4', with: { 'node-version': '20' } },
    { name: 'Install dependencies', run: 'npm ci' },
  ];
  integWorkflow.addJobs({
    offline: {
      name: 'Integ tests offline (graviton-local)',
      runsOn: ['ubuntu-latest'],
      permissions: { contents: JobPermission.READ },
      steps: [
        ...checkoutAndInstall,
        { name: 'Setup Python', uses: 'actions/setup-python@v5', with: { 'python-version': '3.13' } },
        { name: 'Run the integ assertions offline', run: 'npx projen integ:offline' },
      ],
    },
    aws: {
      name: 'Integ tests on AWS (integ-runner)',
      runsOn: ['ubuntu-latest'],
      if: "vars.AWS_INTEG_ROLE_ARN != ''",
      permissions: { contents: JobPermission.READ, idToken: JobPermission.WRITE },
      steps: [
        ...checkoutAndInstall,
        {
          name: 'AWS credentials (OIDC)',
          uses: 'aws-actions/configure-aws-credentials@v4',
          with: { 'role-to-assume': '${{ vars.AWS_INTEG_ROLE_ARN }}', 'aws-region': '${{ vars.AWS_REGION || \'us-east-1\' }}' },
        },
        { name: 'Deploy, assert and destroy on AWS', run: 'npx projen integ:deploy' },
      ],
    },
  });
}
