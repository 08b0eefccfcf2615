import { defineFlow } from 'flowschema';

// The workflow header a definition can set: its type, tags, start transition, and labels per transition.
export default defineFlow({
  key: 'credit-check',
  domain: 'lending',
  version: '1.0.0',
  type: 'S',
  tags: ['lending', 'credit', 'subflow'],
  labels: { en: 'Credit check', tr: 'Kredi kontrolü' },
  start: { key: 'begin-check', labels: { en: 'Begin the check', tr: 'Kontrole başla' } },
  states: {
    requested: {
      type: 'initial',
      labels: { en: 'Requested' },
      transitions: {
        score: { target: 'scored', labels: { en: 'Score it', tr: 'Puanla', 'en-GB': 'Score it' } },
        withdraw: 'withdrawn',
      },
    },
    scored: { type: 'final', labels: { en: 'Scored' } },
    withdrawn: { type: 'final' },
  },
});
