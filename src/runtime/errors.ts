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

/**
 * A migration file whose sha256 is not the one it must have. `applied`: the
 * database applied it with the checksum `applied` and the file now has
 * `current`. `pending`: not applied yet, but the file no longer has the
 * manifest's checksum (`applied` is then the manifest's).
 */
export class ChecksumMismatchError extends RuntimeError {
  constructor(readonly schema: string, readonly file: string, readonly applied: string, readonly current: string, readonly state: 'applied' | 'pending' | 'partly applied' = 'applied') {
    super(
      state === 'applied'
        ? `${file}: schema ${schema} applied this migration with sha256 ${applied.slice(0, 12)}…, but the file now has ${current.slice(0, 12)}…; an applied migration must never change`
        : state === 'partly applied'
          ? `${file}: schema ${schema} applied steps of this migration with sha256 ${applied.slice(0, 12)}…, but the file now has ${current.slice(0, 12)}…; a migration stopped midway resumes only from the same file: restore it`
          : `${file}: its sha256 (${current.slice(0, 12)}…) differs from the manifest's (${applied.slice(0, 12)}…); the file was changed after it was generated: restore it`,
    );
  }
}

/**
 * generated/<domain>/manifest.json cannot be read, or is not what flowschema
 * writes (a missing or mistyped field): nothing it names was read.
 */
export class InvalidManifestError extends RuntimeError {
  constructor(readonly manifest: string, problem: string, options?: { cause?: unknown }) {
    super(`${manifest}: ${problem}`, options);
  }
}

/**
 * A manifest names a domain, schema or file that is not where flowschema
 * writes it (`../../etc/passwd`, another schema's migration): refused before
 * any file it names is read.
 */
export class ManifestPathError extends InvalidManifestError {}

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
/** A migration in steps stopped midway that the artifacts do not hold as their next pending migration: nothing is applied. */
export class PartlyAppliedError extends RuntimeError {
  constructor(readonly schema: string, readonly migration: string, readonly next: string | undefined) {
    super(
      `schema ${schema} has migration ${migration} partly applied (some of its steps), but generated/ ${next === undefined ? 'has nothing pending' : `has ${next} next`}: ` +
        `the schema is between two versions. Deploy the generated/ that holds ${migration} and run up to finish it (it resumes at its step); nothing was applied`,
    );
  }
}

export class LockTimeoutError extends RuntimeError {
  constructor(readonly schema: string, readonly waitedMs: number, readonly holder: { readonly pid: number; readonly role: string | null } | undefined, cause: unknown) {
    const who = holder ? `process ${holder.pid} (role ${holder.role ?? 'unknown'}) holds it` : 'another process holds it';
    super(`timed out after ${waitedMs} ms waiting for the migration lock of schema ${schema}: ${who}`, { cause });
  }
}

export class UnknownFlowError extends RuntimeError {
  constructor(readonly flow: string, readonly domain: string) {
    super(`domain ${domain} has no flow '${flow}' in its generated artifacts`);
  }
}

/** A migration that waited for a table lock longer than its lock_timeout, every try: nothing of it stays. */
export class MigrationLockTimeoutError extends RuntimeError {
  constructor(readonly schema: string, readonly file: string, readonly timeoutMs: number, readonly tries: number, readonly holders: readonly { readonly pid: number; readonly role: string | null; readonly state: string | null }[], cause: unknown, resumable = '') {
    const who = holders.length ? holders.map((h) => `process ${h.pid} (role ${h.role ?? 'unknown'}${h.state ? `, ${h.state}` : ''})`).join(', ') : 'another transaction';
    super(`${file}: waited for a lock on schema ${schema} longer than ${timeoutMs} ms, ${tries} time(s); ${who} holds locks there; nothing of ${resumable ? 'this step' : 'it'} was changed${resumable} (end or wait for that transaction, then run it again)`, { cause });
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
    /** for a migration in steps: where (a byte offset in the file) the refused step starts; the steps before it are applied */
    readonly stepStart?: number,
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

/** The connection is not the least-privileged one the runtime must use: nothing was run. */
export class UnsafeConnectionError extends RuntimeError {}

/** The domain's databases, roles or grants are not (all) there, and this connection may not create them. */
export class NotBootstrappedError extends RuntimeError {
  /** `code`: the SQLSTATE of the init role's failed login, if that was the problem (3D000: no database) */
  constructor(message: string, readonly problems: readonly string[], readonly code?: string) {
    super(message);
  }
}

// (Appended: the data checks. An import declaration may stand anywhere at a module's top level.)
import { violationsText } from '../artifacts/data-schema.ts';

/**
 * An instance's data document does not satisfy its flow's data schema
 * (generated/<domain>/flows/<schema>/data.schema.json): nothing was written.
 * `violations` lists each one by JSON pointer ('' is the document itself),
 * in document order; the message lists the first ten, on one line.
 */
export class InvalidDataError extends RuntimeError {
  constructor(readonly flow: string, readonly violations: readonly { readonly pointer: string; readonly message: string }[]) {
    super(`invalid data for flow ${flow}: ${violationsText(violations)}`);
  }
}

/** A flow's data.schema.json is missing, unreadable or not what flowschema writes: no data can be checked, so none is written. */
export class InvalidDataSchemaError extends RuntimeError {
  constructor(readonly file: string, problem: string, options?: { cause?: unknown }) {
    super(`${file}: ${problem}`, options);
  }
}

/** An instance key must not be empty: nothing was written. */
export class InvalidInstanceKeyError extends RuntimeError {
  constructor(readonly flow: string) {
    super(`an instance of flow ${flow} needs a key that is not empty`);
  }
}
