import type {TriageEvent} from '../../model/event.js'
import type {ArtefactParser, ParseContext} from '../types.js'
import {mapWinEvent} from '../windows-event/map.js'
import type {EvtxPool} from './pool.js'
import {readEvtx} from './index.js'

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
      const records = readEvtx(filePath, {
        output: 'win-event',
        displayPath: ctx.path,
        onIssue: ({path: _path, ...issue}) => ctx.issue(issue),
        ...(options.pool ? {pool: options.pool} : {}),
        ...(options.threads ? {threads: options.threads} : {}),
        ...(ctx.signal ? {signal: ctx.signal} : {}),
      })
      for await (const record of records) {
        if (!record.event) continue
        ctx.countRecords()
        ctx.progress?.(record.offset)
        yield mapWinEvent(record.event, {
          issue: (severity, reason) => ctx.issue({severity, reason, offset: record.offset, record: record.recordId}),
        })
      }
    },
  }
}
