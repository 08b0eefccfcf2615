export { renderClient } from './client.ts';
export { ClientDeclarationError, clientToJavaScript, type ClientLanguage } from './client-js.ts';
