export {ndjsonParser, jsonParser, createNdjsonParser, createJsonParser, DEFAULT_MAX_DOCUMENT_CHARS} from './parser.js'
export type {JsonParserOptions} from './parser.js'
export {looksLikeNdjson, looksLikeJsonExport} from './detect.js'
export {flattenDocument} from './documents.js'
