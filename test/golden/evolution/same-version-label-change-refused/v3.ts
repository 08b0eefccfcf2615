import { defineFlow } from 'flowschema';
// The same change at a new version: no migration, a new component version.
export default defineFlow({
  key: 'evo',
  domain: 'd',
  version: '1.0.1',
  labels: { en: 'Evolution' },
  states: { open: { type: 'initial', transitions: { close: 'closed', archive: 'closed' } }, closed: { type: 'final' } },
  tables: {
    items: { columns: { id: { type: 'integer', primaryKey: true }, name: { type: 'text' } } },
  },
});
