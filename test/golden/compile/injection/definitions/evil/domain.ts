import { defineDomain } from 'flowschema';
export default defineDomain({ name: 'evil', description: "'; DROP DATABASE x; --" });
