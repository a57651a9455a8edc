// The offline cloud's Lambda: what the deployer, the API Gateway emulation and the CLI use.
export * from './lambda-service';
export * from './lambda-errors';
export type { LambdaFunctionConfig } from './function-config';
export type { InvokeOptions, InvokeResult } from './function-invoker';
export { POLICY_SIZE_LIMIT_BYTES } from './resource-policy';
