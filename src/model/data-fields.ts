import type { LoadedValue } from '../loader/index.ts';
import { readColumnType } from './column-type.ts';
import { snakeCase } from './names.ts';
import type { Reader } from './read.ts';
import { readEnumValues } from './tables.ts';
import type { DataField } from './types.ts';
import { checkIdentifier } from './validate-names.ts';

const INSTANCE_DATA_COLUMNS = ['instance_id', 'version', 'is_latest', 'etag', 'data', 'created_at'];

const FIELD_PROPS = ['type', 'optional', 'array', 'index', 'values', 'length', 'precision', 'scale', 'name', 'comment', 'renamedFrom'];

/**
 * Types whose cast from the JSON text is immutable, as a stored generated
 * column requires (date and timestamp casts depend on session settings).
 */
export const INDEXABLE_DATA_TYPES = ['text', 'varchar', 'char', 'uuid', 'smallint', 'integer', 'bigint', 'numeric', 'real', 'double', 'boolean', 'enum', 'inet'];

export function readDataFields(r: Reader, value: LoadedValue | undefined): DataField[] {
  const obj = r.object(value, 'data');
  if (!obj) return [];
  const fields: DataField[] = [];
  for (const p of obj.props) {
    const what = `data field '${p.key}'`;
    const f = r.object(p.value, what);
    if (!f) continue;
    r.only(f, FIELD_PROPS, what);
    const get = (k: string) => r.prop(f, k)?.value;
    const type = readColumnType(r, { type: r.required(f, 'type', what), length: get('length'), precision: get('precision'), scale: get('scale'), array: get('array') }, f.pos, what);
    if (!type) continue;
    const values = type.base === 'enum' ? readEnumValues(r, get('values'), f.pos, what) : undefined;
    if (type.base === 'enum' && !values) continue;
    const indexValue = get('index');
    let index: DataField['index'] = 'none';
    if (indexValue?.kind === 'boolean') index = indexValue.value ? 'btree' : 'none';
    else if (indexValue?.kind === 'string' && indexValue.value === 'unique') index = 'unique';
    else if (indexValue && indexValue.kind !== 'invalid') r.error('FS1108', indexValue.pos, `'index' of ${what} must be true, false or 'unique'`);
    if (index !== 'none' && (type.array || !INDEXABLE_DATA_TYPES.includes(type.base))) {
      r.error('FS1409', indexValue!.pos, `${what} of type ${type.array ? `${type.base}[]` : type.base} cannot be indexed`, `index a field of type ${INDEXABLE_DATA_TYPES.join(', ')}; store dates as text in ISO 8601 form to index them`);
      index = 'none';
    }
    const optional = r.boolean(get('optional'), `'optional' of ${what}`) ?? false;
    const column = r.string(get('name'), `the name of ${what}`) ?? snakeCase(p.key);
    if (index !== 'none') {
      const twin = fields.find((x) => x.index !== 'none' && x.column === column);
      if (twin) {
        r.error('FS1205', p.keyPos, `indexed data fields '${twin.key}' and '${p.key}' both become column '${column}' of instance_data`, 'rename one, or set `name:` on one of them');
        continue;
      }
      if (INSTANCE_DATA_COLUMNS.includes(column)) {
        r.error('FS1205', p.keyPos, `indexed data field '${p.key}' would become column '${column}', which instance_data already has`, 'give its generated column another name with `name:`');
        continue;
      }
      checkIdentifier(r, column, p.keyPos, 'generated column name', `data field '${p.key}'`);
    }
    const comment = r.string(get('comment'), `the comment of ${what}`);
    const renamedFrom = r.string(get('renamedFrom'), `renamedFrom of ${what}`);
    fields.push({
      key: p.key,
      column,
      type,
      optional,
      index,
      ...(values && { values }),
      ...(comment !== undefined && { comment }),
      ...(renamedFrom !== undefined && { renamedFrom }),
      pos: p.keyPos,
    });
  }
  return fields;
}
