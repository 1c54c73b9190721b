/** A decoded record as a WinEventRecord: every path builds it here, so its properties always come in one order. */

import type {SourceRef} from '../../model/event.js'
import type {WinEventRecord} from '../windows-event/record.js'

export function winEventRecord(
  provider: string,
  eventId: number,
  recordId: number | undefined,
  data: Record<string, string>,
  source: SourceRef,
  channel: string | undefined,
  time: string | undefined,
  computer: string | undefined,
  userSid: string | undefined,
  processId: number | undefined,
  threadId: number | undefined,
): WinEventRecord {
  if (recordId !== undefined && channel !== undefined && time !== undefined && computer !== undefined && processId !== undefined && threadId !== undefined) {
    // the usual record in one literal: one object shape
    return userSid !== undefined
      ? {provider, eventId, recordId, data, source, channel, time, computer, userSid, processId, threadId}
      : {provider, eventId, recordId, data, source, channel, time, computer, processId, threadId}
  }
  const ev: WinEventRecord = recordId !== undefined ? {provider, eventId, recordId, data, source} : {provider, eventId, data, source}
  if (channel !== undefined) ev.channel = channel
  if (time !== undefined) ev.time = time
  if (computer !== undefined) ev.computer = computer
  if (userSid !== undefined) ev.userSid = userSid
  if (processId !== undefined) ev.processId = processId
  if (threadId !== undefined) ev.threadId = threadId
  return ev
}
