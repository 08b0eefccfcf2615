import { defineDomain } from 'flowschema';
export default defineDomain({ name: "sec-a-domain-name-long-enough-that-its-roles-collide" });
