import { defineDomain } from 'flowschema';
export default defineDomain({ name: 'd' });
