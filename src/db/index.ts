export { startEmbedded, type EmbeddedServer, type EmbeddedOptions } from './embedded.ts';
export { openServer, type Server } from './server.ts';
export { createDatabase, databaseExists, databaseUrl, dropDatabase, withClient } from './databases.ts';
export { passwordVariable, ROLE_KINDS, rolePassword, rolePasswords, roleUrl, type PasswordSource, type RoleKind, type RolePasswords } from './credentials.ts';
export { InvalidDatabaseUrlError, isNetworkError, ServerError, ServerUnreachableError } from './errors.ts';
export { checkServerUrl, interrupted } from './server.ts';
