export { startEmbedded, type EmbeddedServer, type EmbeddedOptions } from './embedded.ts';
export { openServer, type Server } from './server.ts';
export { createDatabase, databaseExists, databaseUrl, dropDatabase, withClient } from './databases.ts';
export { existingRolePassword, passwordVariable, ROLE_KINDS, rolePassword, rolePasswords, roleUrl, type PasswordSource, type RoleKind, type RolePasswords } from './credentials.ts';
export { InvalidDatabaseUrlError, isNetworkError, ServerError, ServerUnreachableError } from './errors.ts';
export { checkServerUrl } from './server.ts';
export { childHasTerminal, interrupted, onInterrupt, runInterruptCleanups } from './interrupt.ts';
export { devServerStatus, devServerUrl, domainDatabases, keepDevServer, openDevServer, resetDomainDatabases, stopDevServer, type DevServer, type DevServerStatus } from './dev-server/index.ts';
