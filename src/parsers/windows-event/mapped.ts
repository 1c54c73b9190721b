import type {TaskFacet, TriageEvent} from '../../model/event.js'
import type {WinEventRecord} from './record.js'

/** What a provider-specific mapper adds to the common part of an event. */
export type Mapped = Pick<TriageEvent, 'category' | 'action'> &
  Partial<Pick<TriageEvent, 'message' | 'user' | 'process' | 'bits' | 'registry' | 'task' | 'service' | 'file' | 'network'>>

export interface MapOptions {
  /** Reads the TaskContent XML of Security 4698/4702; default: the task XML parser (src/parsers/task-xml). */
  parseTaskXml?: (xml: string, path: string) => TaskFacet | undefined
  /** Told about problems inside an event (damaged TaskContent XML); the caller adds file and line. */
  issue?(severity: 'warning' | 'error', reason: string): void
}

export type EventMapper = (rec: WinEventRecord, options: MapOptions) => Mapped | undefined
