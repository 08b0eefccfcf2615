/**
 * Runtime failures are typed so callers can tell them apart; those that come
 * from PostgreSQL keep its error (with its SQLSTATE) as `cause`.
 */
export class RuntimeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The database is stamped with another domain: nothing was changed. */
export class DomainMismatchError extends RuntimeError {
  constructor(readonly expected: string, readonly actual: string, readonly database: string) {
    super(`database ${database} belongs to domain '${actual}', not '${expected}': refusing to touch it`);
  }
}

/** An applied migration's file no longer has the checksum it was applied with. */
export class ChecksumMismatchError extends RuntimeError {
  constructor(readonly schema: string, readonly file: string, readonly applied: string, readonly current: string) {
    super(`${file}: schema ${schema} applied this migration with sha256 ${applied.slice(0, 12)}…, but the file now has ${current.slice(0, 12)}…; an applied migration must never change`);
  }
}

/** A migration the manifest lists is not on disk. */
export class MissingMigrationError extends RuntimeError {
  constructor(readonly schema: string, readonly file: string) {
    super(`${file}: migration of schema ${schema} is listed in the manifest but the file is missing`);
  }
}

/** The database has migrations the artifacts do not know: it is newer than this code. */
export class DowngradeError extends RuntimeError {
  constructor(readonly schema: string, readonly unknown: readonly string[]) {
    super(`schema ${schema} has applied migrations these artifacts do not know (${unknown.join(', ')}): refusing to downgrade`);
  }
}

/** Another process held the schema's lock longer than the wait allowed. */
export class LockTimeoutError extends RuntimeError {
  constructor(readonly schema: string, readonly waitedMs: number, cause: unknown) {
    super(`timed out after ${waitedMs} ms waiting for the migration lock of schema ${schema}; another process is migrating it`, { cause });
  }
}

export class UnknownFlowError extends RuntimeError {
  constructor(readonly flow: string, readonly domain: string) {
    super(`domain ${domain} has no flow '${flow}' in its generated artifacts`);
  }
}

/** A migration PostgreSQL refused: nothing of it stays. */
export class MigrationFailedError extends RuntimeError {
  constructor(
    readonly file: string,
    readonly sqlstate: string | undefined,
    readonly statement: string | undefined,
    message: string,
    cause: unknown,
  ) {
    super(message, { cause });
  }
}

/** A start whose key is already used by an instance of the flow. */
export class DuplicateInstanceError extends RuntimeError {
  constructor(readonly flow: string, readonly key: string, cause: unknown) {
    super(`flow ${flow} already has an instance with key '${key}'`, { cause });
  }
}

/** A definition version already deployed with other content (the platform's 409): nothing was deployed. */
export class DeployConflictError extends RuntimeError {
  constructor(readonly kind: string, readonly key: string, readonly version: string) {
    super(`${kind} ${key} version ${version} is already deployed with other content: bump the version to deploy a change`);
  }
}
