import type pg from 'pg';
import { exampleDocument, validateData, type DataSchema } from '../artifacts/index.ts';
import { qualified } from '../model/index.ts';
import { artifactsOf } from './artifacts.ts';
import { DuplicateInstanceError, InvalidDataError, InvalidInstanceKeyError, RuntimeError } from './errors.ts';
import type { Runtime } from './runtime.ts';

export interface StartedInstance {
  readonly id: string;
  readonly key: string;
  readonly flow: string;
  readonly flowVersion: string;
  readonly currentState: string;
  readonly status: string;
  readonly data: unknown;
  readonly etag: string;
}

/**
 * The JSON Schema of a flow's data document, from the artifacts the
 * runtime reads (generated/<domain>/flows/<schema>/data.schema.json),
 * checked and read once per runtime.
 */
export function flowDataSchema(runtime: Runtime, flow: string): DataSchema {
  const entry = runtime.flow(flow);
  const artifacts = artifactsOf(entry);
  if (!artifacts) throw new RuntimeError(`flow ${flow}: this runtime's artifacts were not read by readDomainArtifacts, so its data schema cannot be found`);
  return artifacts.dataSchema(entry);
}

/**
 * A small data document the flow's schema accepts (its required fields,
 * strings taken from the end of `seed`): for demos such as
 * `up --start-all`, where no data is given. See `exampleDocument`.
 */
export function exampleInstanceData(runtime: Runtime, flow: string, seed: string): Record<string, unknown> {
  return exampleDocument(flowDataSchema(runtime, flow), seed);
}

/**
 * Starts one instance of a flow. The data document (`{}` when undefined)
 * is checked against the flow's data schema first: a document that
 * violates it throws InvalidDataError listing every violation, and nothing
 * is written (not even the flow's schema on its first start). Then the
 * first start in the domain creates the flow's schema
 * (runtime.ensureFlowSchema), and the instance and its first data version
 * are inserted in one transaction.
 */
export async function startInstance(runtime: Runtime, pool: pg.Pool, flow: string, key: string, data: unknown, options: { readonly deploy?: boolean } = {}): Promise<StartedInstance> {
  if (key === '') throw new InvalidInstanceKeyError(flow);
  const schema = flowDataSchema(runtime, flow);
  const given = data === undefined ? {} : data;
  const violations = validateData(schema, given);
  if (violations.length > 0) throw new InvalidDataError(flow, violations);
  // The text written is the text checked (a toJSON() that answers differently the second time is refused too).
  const text = JSON.stringify(given) ?? 'null';
  const document = JSON.parse(text) as unknown;
  const again = validateData(schema, document);
  if (again.length > 0) throw new InvalidDataError(flow, again);
  await runtime.ensureFlowSchema(flow);
  // With `deploy`, an instance never runs a flow version the domain has not recorded (its schema is live by now).
  if (options.deploy) await runtime.deployFlow(flow);
  const entry = runtime.flow(flow);
  const client = await pool.connect();
  const ended = () => {}; // the server ending the connection mid-transaction fails the next query, not the process
  client.on('error', ended);
  try {
    await client.query('BEGIN');
    const inserted = await client
      .query<{ id: string; status: string }>(`INSERT INTO ${qualified(entry.schema, 'instances')} (key, flow_version, current_state) VALUES ($1, $2, $3) RETURNING id, status`, [key, entry.version, entry.initialState])
      .catch((error: { code?: string }) => {
        throw error.code === '23505' ? new DuplicateInstanceError(flow, key, error) : error;
      });
    const id = inserted.rows[0]!.id;
    const version = await client.query<{ etag: string }>(`INSERT INTO ${qualified(entry.schema, 'instance_data')} (instance_id, version, data) VALUES ($1, 1, $2) RETURNING etag`, [id, text]);
    await client.query('COMMIT');
    return { id, key, flow, flowVersion: entry.version, currentState: entry.initialState, status: inserted.rows[0]!.status, data: document, etag: version.rows[0]!.etag };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.removeListener('error', ended);
    client.release();
  }
}
