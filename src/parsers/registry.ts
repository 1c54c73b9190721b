import type {ArtefactKind} from '../model/event.js'
import type {ArtefactParser} from './types.js'

const PARSERS: Partial<Record<ArtefactKind, ArtefactParser>> = {}

/** The parser for an artefact kind, or undefined when bitstrail cannot parse that kind yet. */
export function parserFor(kind: ArtefactKind): ArtefactParser | undefined {
  return PARSERS[kind]
}
