import { defineDomain } from 'flowschema';
export default defineDomain({ name: 'lab', description: 'Every column type' });
