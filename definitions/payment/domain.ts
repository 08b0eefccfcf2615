import { defineDomain } from 'flowschema';

export default defineDomain({ name: 'payment', description: 'Payments and money transfers' });
