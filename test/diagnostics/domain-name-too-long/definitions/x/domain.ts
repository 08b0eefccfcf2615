import { defineDomain } from 'flowschema';
// 50 characters: '<domain>_orchestration' would be 64 bytes, and PostgreSQL would truncate
// the init, orchestration and execution roles to the same 63-byte name.
export default defineDomain({ name: 'a-very-long-domain-name-for-the-retail-bank-loans1' });
