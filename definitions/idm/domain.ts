import { defineDomain } from 'flowschema';

export default defineDomain({ name: 'idm', description: 'Identity management: users, credentials, sessions' });
