import { defineDomain } from 'flowschema';

export default defineDomain({ name: 'onboarding', description: 'Customer onboarding and document approval' });
