import { Annotations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { GravitonHttpLambdaApiProps } from '../graviton-http-lambda-api-props';
import { suppressNagRules } from './nag-suppressions';

// CodeDeploy's gradual shift of the alias to each new version, rolled back by the construct's alarms.

/** A gradual deployment without alarms rolls back only when the deployment itself fails. */
export function warnIfRollbackWithoutAlarms(scope: Construct, props: Pick<GravitonHttpLambdaApiProps, 'deploymentConfig' | 'alarms'>): void {
  if (props.deploymentConfig && !props.alarms) {
    Annotations.of(scope).addWarningV2('cdk-graviton-http-lambda-api:deploymentWithoutAlarms',
      'deploymentConfig without alarms: CodeDeploy shifts traffic gradually but rolls back only when the deployment fails, not when the new version errs; give alarms ({} for the defaults)');
  }
}

/**
 * A CodeDeploy application and deployment group that shift the alias by `deploymentConfig` and
 * roll back when the deployment fails or an alarm fires.
 * https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-steps-lambda.html
 */
export function createDeploymentGroup(scope: Construct, alias: lambda.Alias,
  deploymentConfig: codedeploy.ILambdaDeploymentConfig, alarms: cloudwatch.IAlarm[]): codedeploy.LambdaDeploymentGroup {
  const deploymentGroup = new codedeploy.LambdaDeploymentGroup(scope, 'DeploymentGroup', {
    alias,
    deploymentConfig,
    alarms,
    autoRollback: { failedDeployment: true, deploymentInAlarm: alarms.length > 0 },
  });
  // aws-cdk attaches AWS's managed policy for CodeDeploy's Lambda deployments to the service role.
  suppressNagRules(deploymentGroup.role.node.defaultChild as iam.CfnRole, [{
    id: 'AwsSolutions-IAM4',
    appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited'],
    reason: 'AWSCodeDeployRoleForLambdaLimited is the policy AWS maintains for CodeDeploy\'s Lambda deployments (alias updates, alarm reads), already limited to CodeDeployHook_ functions and CodeDeployTopic_ topics.',
  }]);
  return deploymentGroup;
}
