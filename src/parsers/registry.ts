import type {ArtefactKind} from '../model/event.js'
import {bitsadminParser} from './bitsadmin/index.js'
import {createCsvParser, type CsvMapping} from './csv/index.js'
import {createEvtxParser} from './evtx/events.js'
import type {EvtxPool} from './evtx/pool.js'
import {jsonParser, ndjsonParser} from './ndjson/index.js'
import {regParser} from './reg/index.js'
import {taskXmlParser} from './task-xml/index.js'
import type {ArtefactParser} from './types.js'

export interface ParserSetOptions {
  evtxPool?: EvtxPool
  threads?: number
  csvMapping?: CsvMapping
}

export type ParserSet = (kind: ArtefactKind) => ArtefactParser | undefined

/** The parsers for one run, by artefact kind; undefined for kinds bitstrail cannot read (raw hives). */
export function createParserSet(options: ParserSetOptions = {}): ParserSet {
  const parsers: Partial<Record<ArtefactKind, ArtefactParser>> = {
    evtx: createEvtxParser({
      ...(options.evtxPool ? {pool: options.evtxPool} : {}),
      ...(options.threads ? {threads: options.threads} : {}),
    }),
    reg: regParser,
    bitsadmin: bitsadminParser,
    'task-xml': taskXmlParser,
    csv: createCsvParser(options.csvMapping ? {mapping: options.csvMapping} : {}),
    ndjson: ndjsonParser,
    json: jsonParser,
  }
  return kind => parsers[kind]
}
