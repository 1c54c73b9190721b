/** The record filters of `bitstrail evtx` and readEvtx: event ids and providers (decided first), channels, a time window. */

export interface EventFilters {
  eventIds?: ReadonlySet<number> | undefined
  /** Lower-case. */
  providers?: ReadonlySet<string> | undefined
  /** Lower-case. */
  channels?: readonly string[] | undefined
  /** Inclusive bounds on TimeCreated, as `YYYY-MM-DDTHH:MM:SS.fffffffZ`. */
  since?: string | undefined
  until?: string | undefined
}

export function rejectsEventId(f: EventFilters, eventId: number | undefined): boolean {
  return f.eventIds !== undefined && (eventId === undefined || !f.eventIds.has(eventId))
}

export function rejectsProvider(f: EventFilters, provider: string | undefined): boolean {
  return f.providers !== undefined && !f.providers.has((provider ?? '').toLowerCase())
}

export function rejectsChannelOrTime(f: EventFilters, channel: string | undefined, time: string | undefined): boolean {
  if (f.channels && !f.channels.includes((channel ?? '').toLowerCase())) return true
  if (f.since !== undefined && (time === undefined || time < f.since)) return true
  return f.until !== undefined && (time === undefined || time > f.until)
}
