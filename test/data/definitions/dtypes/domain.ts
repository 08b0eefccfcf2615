import { defineDomain } from 'flowschema';
export default defineDomain({ name: 'dtypes', description: 'Every data-field type, for the data document checks' });
