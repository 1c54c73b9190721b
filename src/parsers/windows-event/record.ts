import type {SourceRef} from '../../model/event.js'

/**
 * A Windows event reduced to what every source shares — EVTX records, EvtxECmd CSV rows,
 * Winlogbeat/ECS documents, evtx_dump JSON — before it is mapped to the event model.
 */
export interface WinEventRecord {
  provider: string
  channel?: string
  eventId: number
  /** UTC ISO-8601 with the source's precision. */
  time?: string
  recordId?: number
  computer?: string
  /** Security UserID of the System element. */
  userSid?: string
  processId?: number
  threadId?: number
  /** EventData / UserData fields by name (unnamed Data items as `Data`, `Data1`, ...). Values as Windows renders them. */
  data: Record<string, string>
  source: SourceRef
}
