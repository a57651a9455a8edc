export * from './graviton-http-lambda-api';
export * from './invoke-permission-mode';
export * from './throttle-settings';
