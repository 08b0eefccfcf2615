// Imported by flowschema import from vnext/Views/review-screen.json.
import { defineView } from 'flowschema';

export default defineView({ key: 'review-screen', domain: 'loans', version: '1.0.0', attributes: { type: 1, content: { title: 'Review' } } });
