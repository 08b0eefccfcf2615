import { defineDomain } from 'flowschema';

export default defineDomain({ name: 'notification', description: 'Outbound notifications: SMS, e-mail, push' });
