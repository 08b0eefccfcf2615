import { defineView } from 'flowschema';

// A JSON view (vNext view type 1) of a dispatch, shown in back-office screens.
export default defineView({
  key: 'dispatch-summary',
  domain: 'notification',
  version: '1.0.0',
  tags: ['notification'],
  attributes: {
    type: 1,
    content: { title: 'Dispatch', fields: ['recipient', 'channel', 'templateKey'] },
    labels: [{ language: 'en-US', label: 'Dispatch summary' }],
  },
});
