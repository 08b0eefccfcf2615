import { defineFlow } from 'flowschema';
// Same version, same schema, a label and a transition more: the runtime would refuse to deploy 1.0.0 again.
export default defineFlow({
  key: 'evo',
  domain: 'd',
  version: '1.0.0',
  labels: { en: 'Evolution' },
  states: { open: { type: 'initial', transitions: { close: 'closed', archive: 'closed' } }, closed: { type: 'final' } },
  tables: {
    items: { columns: { id: { type: 'integer', primaryKey: true }, name: { type: 'text' } } },
  },
});
