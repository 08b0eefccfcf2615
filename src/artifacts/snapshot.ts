import type { FlowModel, SchemaModel } from '../model/index.ts';
import { stableJson } from './json.ts';

export const SNAPSHOT_FORMAT = 1;

/** What the last migration of a flow schema leads to: the input of the next diff. */
export interface Snapshot {
  readonly format: number;
  readonly flow: string;
  readonly domain: string;
  readonly version: string;
  readonly dataFields: FlowModel['dataFields'];
  readonly schema: SchemaModel;
}

export function snapshotOf(flow: FlowModel): Snapshot {
  return { format: SNAPSHOT_FORMAT, flow: flow.key, domain: flow.domain, version: flow.version, dataFields: flow.dataFields, schema: flow.schema };
}

export function renderSnapshot(flow: FlowModel): string {
  return stableJson(snapshotOf(flow));
}
