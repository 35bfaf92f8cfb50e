// The guideline's documents: registration form, remedy confirmation, satisfaction follow-up form.
export { renderDocument } from './render.js';
export { documentOptionsSchema } from './options.js';
export { documentKinds, documentLocales, type DocumentKind, type DocumentLocale, type DocumentOptions, type DocumentRecord } from './types.js';
