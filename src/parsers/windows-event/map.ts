/** Maps a Windows event from any source (EVTX, EvtxECmd CSV, ECS documents, evtx_dump JSON) to the event model. */

import type {TriageEvent} from '../../model/event.js'
import {mapBitsClient} from './bits-client.js'
import {oneLine, userRef} from './fields.js'
import type {Mapped, MapOptions} from './mapped.js'
import {mapPowerShell} from './powershell.js'
import type {WinEventRecord} from './record.js'
import {mapSecurity} from './security.js'
import {mapSysmon} from './sysmon.js'
import {mapEventlog, mapServiceControlManager} from './system.js'
import {mapTaskScheduler} from './task-scheduler.js'

export type {MapOptions} from './mapped.js'

export type EventFamily = 'sysmon' | 'security' | 'service-control-manager' | 'eventlog' | 'bits-client' | 'task-scheduler' | 'powershell' | 'other'

/** Which mapper reads an event, by provider name, or by channel when the provider is not known. */
export function eventFamily(provider: string, channel: string | undefined): EventFamily {
  const p = provider.toLowerCase()
  const c = (channel ?? '').toLowerCase()
  if (p === 'microsoft-windows-sysmon' || (!p && c === 'microsoft-windows-sysmon/operational')) return 'sysmon'
  if (p === 'microsoft-windows-security-auditing' || (!p && c === 'security')) return 'security'
  if (p === 'service control manager' || (!p && c === 'system')) return 'service-control-manager'
  if (p === 'microsoft-windows-eventlog') return 'eventlog'
  if (p === 'microsoft-windows-bits-client' || (!p && c === 'microsoft-windows-bits-client/operational')) return 'bits-client'
  if (p === 'microsoft-windows-taskscheduler' || (!p && c === 'microsoft-windows-taskscheduler/operational')) return 'task-scheduler'
  if (p === 'microsoft-windows-powershell' || p === 'powershell' || (!p && (c === 'microsoft-windows-powershell/operational' || c === 'windows powershell'))) return 'powershell'
  return 'other'
}

/** Families whose System UserID is the account the event is about (for Sysmon and Security it is the logging service). */
const SID_IS_SUBJECT = new Set<EventFamily>(['bits-client', 'task-scheduler', 'powershell', 'service-control-manager', 'other'])

function mapFamily(rec: WinEventRecord, family: EventFamily, options: MapOptions): Mapped | undefined {
  switch (family) {
    case 'sysmon':
      return mapSysmon(rec)
    case 'security':
      return mapSecurity(rec, options)
    case 'service-control-manager':
      return mapServiceControlManager(rec)
    case 'eventlog':
      return mapEventlog(rec)
    case 'bits-client':
      return mapBitsClient(rec)
    case 'task-scheduler':
      return mapTaskScheduler(rec)
    case 'powershell':
      return mapPowerShell(rec)
    default:
      return undefined
  }
}

/** Turns a Windows event into a TriageEvent with the facets its provider and id call for; unknown events become `other`. */
export function mapWinEvent(rec: WinEventRecord, options: MapOptions = {}): TriageEvent {
  const family = eventFamily(rec.provider, rec.channel)
  const mapped = mapFamily(rec, family, options)
  const source = rec.recordId !== undefined && rec.source.record === undefined ? {...rec.source, record: rec.recordId} : rec.source
  const event: TriageEvent = {
    source,
    category: mapped?.category ?? 'other',
    action: mapped?.action ?? `event-${rec.eventId}`,
    eventId: rec.eventId,
    data: {...rec.data},
  }
  if (rec.provider) event.provider = rec.provider
  if (rec.time !== undefined) event.time = rec.time
  if (rec.computer) event.host = rec.computer
  if (rec.channel) event.channel = rec.channel
  const sid = SID_IS_SUBJECT.has(family) ? rec.userSid : undefined
  const user = mapped?.user ?? userRef({sid})
  if (user) event.user = sid && !user.sid && sid !== 'S-1-0-0' ? {...user, sid} : user
  if (mapped) {
    for (const facet of ['process', 'bits', 'registry', 'task', 'service', 'file', 'network'] as const) {
      const value = mapped[facet]
      if (value !== undefined) (event as unknown as Record<string, unknown>)[facet] = value
    }
  }
  event.message = mapped?.message ?? oneLine(`${rec.provider || rec.channel || 'Windows'} event ${rec.eventId}`)
  return event
}
