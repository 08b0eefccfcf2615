import type pg from 'pg';
import { qualified } from '../model/index.ts';
import { DuplicateInstanceError } from './errors.ts';
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
 * Starts one instance of a flow: the first start in the domain creates the
 * flow's schema (runtime.ensureFlowSchema), then the instance and its first
 * data version are inserted in one transaction. Typed clients (issue 5)
 * will do the same with static types.
 */
export async function startInstance(runtime: Runtime, pool: pg.Pool, flow: string, key: string, data: unknown): Promise<StartedInstance> {
  await runtime.ensureFlowSchema(flow);
  const entry = runtime.flow(flow);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const inserted = await client
      .query<{ id: string; status: string }>(`INSERT INTO ${qualified(entry.schema, 'instances')} (key, flow_version, current_state) VALUES ($1, $2, $3) RETURNING id, status`, [key, entry.version, entry.initialState])
      .catch((error: { code?: string }) => {
        throw error.code === '23505' ? new DuplicateInstanceError(flow, key, error) : error;
      });
    const id = inserted.rows[0]!.id;
    const version = await client.query<{ etag: string }>(`INSERT INTO ${qualified(entry.schema, 'instance_data')} (instance_id, version, data) VALUES ($1, 1, $2) RETURNING etag`, [id, JSON.stringify(data ?? {})]);
    await client.query('COMMIT');
    return { id, key, flow, flowVersion: entry.version, currentState: entry.initialState, status: inserted.rows[0]!.status, data: data ?? {}, etag: version.rows[0]!.etag };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
