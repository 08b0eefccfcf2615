import { defineDomain } from 'flowschema';
export default defineDomain({ name: "sec-k04" });
