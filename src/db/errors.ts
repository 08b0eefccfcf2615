/**
 * Problems with reaching PostgreSQL at all, before anything was done: the
 * CLI reports them in one line with exit code 2 (no usable server).
 */
export class ServerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The server cannot be reached (refused, unknown host, timed out). */
export class ServerUnreachableError extends ServerError {}

/** A connection URL that is not one (DATABASE_URL='not a url'). */
export class InvalidDatabaseUrlError extends ServerError {}

const NETWORK_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EAI_AGAIN'];

/** A connection failure that says the server is not there (rather than that it said no). */
export function isNetworkError(error: unknown): boolean {
  return NETWORK_CODES.includes((error as { code?: string })?.code ?? '');
}
