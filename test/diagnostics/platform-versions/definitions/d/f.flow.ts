import { defineFlow } from 'flowschema';

// Semantic versions the vNext platform does not take, and JSON that has no JSON form in a component's attributes.
export default defineFlow({
  key: 'versions',
  domain: 'd',
  version: '1.0.0-alpha',
  flowVersion: '1.0.0+build.5',
  states: { a: { type: 'initial', transitions: { go: 'b' } }, b: { type: 'final' } },
});
