import { defineDomain as domain } from 'flowschema';
const NAME = 'app';
export default domain({ name: NAME });
