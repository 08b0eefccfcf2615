export { devServerStatus, keepDevServer, openDevServer, stopDevServer, type DevServer, type DevServerStatus } from './dev-server.ts';
export { devServerPaths, type DevServerPaths } from './paths.ts';
export { serverUrl as devServerUrl, SUPERUSER } from './cluster.ts';
export { domainDatabases, resetDomainDatabases } from './reset.ts';
