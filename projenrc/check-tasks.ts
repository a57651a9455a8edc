import { awscdk } from 'projen';
import { TS_NODE } from './ts-node';

/**
 * The checks `npm test` runs after the integ tasks: generated files match their sources, the
 * package works as users get it, and the Python, Java and Go packages work through their examples.
 */
export function addCheckTasks(project: awscdk.AwsCdkConstructLibrary): void {
  // Generated files must match .projenrc.ts and the sources: API.md from jsii-docgen, the rest from projen.
  const generatedCheck = project.addTask('check:generated', {
    description: 'Fail when API.md or a projen-generated file differs from what the sources generate',
    steps: [
      { spawn: 'default', env: { PROJEN_DISABLE_POST: 'true' } },
      { spawn: 'compile' },
      { spawn: 'docgen' },
      { exec: 'git diff --exit-code -- API.md package.json .projen tsconfig.json tsconfig.dev.json .eslintrc.json .gitignore .npmignore .gitattributes .github' },
    ],
  });
  project.testTask.spawn(generatedCheck);

  // The package as users get it: packed, installed into a fresh CDK app, README examples compiled,
  // graviton-local serve and integ run from the installed package.
  const packageTest = project.addTask('test:package', {
    description: 'Pack the library, install it into a fresh CDK app and use it as the README says',
    steps: [
      { spawn: 'compile' },
      { exec: `${TS_NODE} --transpile-only test/package/package-test.ts` },
    ],
  });
  project.testTask.spawn(packageTest);

  // The Python, Java and Go packages, each used by its example app: same template as TypeScript.
  const languagesTest = project.addTask('test:languages', {
    description: 'Build the Python, Java and Go packages and check their example apps synthesize the TypeScript template',
    exec: `${TS_NODE} --transpile-only test/languages/languages-test.ts`,
  });
  project.testTask.spawn(languagesTest);
}
