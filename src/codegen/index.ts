export { renderClient } from './client.ts';
