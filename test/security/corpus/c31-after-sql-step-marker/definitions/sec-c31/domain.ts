import { defineDomain } from 'flowschema';
export default defineDomain({ name: "sec-c31" });
