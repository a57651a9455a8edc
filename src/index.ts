export * from './access-log-settings';
export * from './alarm-settings';
export * from './custom-domain';
export * from './graviton-http-lambda-api';
export * from './graviton-http-lambda-api-props';
export * from './invoke-permission-mode';
export * from './route-authorization';
export * from './throttle-settings';
