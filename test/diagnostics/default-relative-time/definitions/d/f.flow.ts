import { defineFlow, sql } from 'flowschema';
export default defineFlow({ key: 'f', domain: 'd', version: '1.0.0', states: { a: { type: 'initial', transitions: { go: 'b' } }, b: { type: 'final' } },
  tables: {
    t: { columns: {
      createdAt: { type: 'timestamptz', default: 'now' },
      updatedAt: { type: 'timestamp', default: ' NOW ' },
      day: { type: 'date', default: 'today' },
      due: { type: 'timestamptz', default: 'tomorrow 12:00' },
      since: { type: 'date', default: 'Yesterday' },
      at: { type: 'time', default: 'now' },
      stamps: { type: 'timestamptz', array: true, default: ['epoch', 'now'] },
      stamps2: { type: 'timestamptz', array: true, default: [sql('now()')] },
      // fixed values and other types: no diagnostic
      born: { type: 'timestamptz', default: 'epoch' },
      until: { type: 'timestamp', default: 'infinity' },
      from: { type: 'date', default: '-infinity' },
      midnight: { type: 'time', default: 'allballs' },
      known: { type: 'date', default: '2024-01-01' },
      note: { type: 'text', default: 'now' },
      good: { type: 'timestamptz', default: sql('now()') },
    } },
    events: { columns: { id: { type: 'integer', primaryKey: true }, at: { type: 'timestamptz' }, on: { type: 'date', optional: true } } },
  },
  seeds: { events: [{ id: 1, at: 'now', on: 'today' }, { id: 2, at: sql('now()'), on: '2024-01-01' }] },
});
