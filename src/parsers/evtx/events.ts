import type {TriageEvent} from '../../model/event.js'
import type {ArtefactParser, ParseContext} from '../types.js'
import {mapWinEvent} from '../windows-event/map.js'
import type {EvtxPool} from './pool.js'
import {readEvtxChunks} from './index.js'

export interface EvtxEventsOptions {
  /** Shared worker pool; without it each file gets `threads` workers of its own. */
  pool?: EvtxPool
  threads?: number
}

/** EVTX files as model events, through the fast path (no XML or JSON is rendered). */
export function createEvtxParser(options: EvtxEventsOptions = {}): ArtefactParser {
  return {
    kind: 'evtx',
    async *parse(filePath: string, ctx: ParseContext): AsyncIterable<TriageEvent> {
      const chunks = readEvtxChunks(filePath, {
        output: 'win-event',
        meta: false,
        displayPath: ctx.path,
        onIssue: ({path: _path, ...issue}) => ctx.issue(issue),
        ...(options.pool ? {pool: options.pool} : {}),
        ...(options.threads ? {threads: options.threads} : {}),
        ...(ctx.signal ? {signal: ctx.signal} : {}),
      })
      for await (const chunk of chunks) {
        const events = chunk.events ?? []
        for (let i = 0; i < events.length; i++) {
          const offset = chunk.offsets[i]!
          const recordId = chunk.recordIds[i]!
          ctx.countRecords()
          ctx.progress?.(offset)
          yield mapWinEvent(events[i]!, {issue: (severity, reason) => ctx.issue({severity, reason, offset, record: recordId})})
        }
      }
    },
  }
}
