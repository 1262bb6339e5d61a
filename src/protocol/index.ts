/** The protocol layer's public surface: model loading, Query and JSON 1.1 codecs, the registry. */
export * from './json-codec.js';
export * from './model.js';
export * from './operation-registry.js';
export * from './query-decode.js';
export * from './query-encode.js';
export * from './validate.js';
export { compileJavaPattern } from './java-pattern.js';
export { escapeXmlText, percentEncode } from './xml-text.js';
