/** What a caller describes an event with, and how the writer reports it back. */

import type {EventDataInput, EvtxValue} from './values.js'

export interface EvtxEventSpec {
  provider: string
  providerGuid?: string
  /** Classic (non-manifest) providers: written as a literal attribute, with Provider and Channel literal too. */
  eventSourceName?: string
  eventId: number
  /** Written where Windows writes it (classic providers, e.g. 16384 for SCM 7045). */
  qualifiers?: number
  version?: number
  level?: number
  task?: number
  opcode?: number
  keywords?: bigint
  /** TimeCreated: ISO-8601 UTC with up to 7 fraction digits, or FILETIME ticks. */
  time: string | bigint
  /** Record header FILETIME; defaults to `time`. */
  written?: string | bigint
  /** EventRecordID (and record header id); defaults to the previous record's + 1, starting at 1. */
  recordId?: number | bigint
  activityId?: string
  relatedActivityId?: string
  processId?: number
  threadId?: number
  channel: string
  computer: string
  /** Security UserID; absent → `<Security/>` without UserID, as in Security logs. */
  userSid?: string
  data?: EventDataInput
  /** `<UserData><element xmlns=namespace><name>value</name>...</element></UserData>` instead of EventData. */
  userData?: {element: string; namespace?: string; fields: EventDataInput}
}

/** A spec as written: record id assigned, times normalised. */
export interface WrittenRecord {
  spec: EvtxEventSpec
  recordId: bigint
  /** TimeCreated as ISO-8601 with 7 fraction digits. */
  time: string
  /** Normalised EventData (or UserData fields) in document order. */
  fields: Array<[string, EvtxValue]>
}
