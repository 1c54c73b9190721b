/** Turns one export row or document (sorted into ExportFields) into a TriageEvent, through mapWinEvent when it is a Windows event. */

import type {RegistryFacet, SourceRef, TriageEvent, UserRef} from '../../model/event.js'
import {ecsCategory, ecsFile, ecsNetwork, ecsProcess, ecsRegistry} from './ecs.js'
import type {ExportFields} from './export-fields.js'
import {intValue, oneLine, splitAccount, userRef} from './fields.js'
import {mapWinEvent, type MapOptions} from './map.js'
import type {WinEventRecord} from './record.js'
import {readTimeText, type TimeTextOptions} from './text-time.js'

export interface ExportEventOptions {
  source: SourceRef
  time: TimeTextOptions
  map?: MapOptions
  /** Called when the time text could not be read; the text stays in `data`. */
  onBadTime?(text: string): void
}

const CHANNEL_PROVIDERS: Record<string, string> = {
  'security': 'Microsoft-Windows-Security-Auditing',
  'microsoft-windows-sysmon/operational': 'Microsoft-Windows-Sysmon',
  'microsoft-windows-bits-client/operational': 'Microsoft-Windows-Bits-Client',
  'microsoft-windows-taskscheduler/operational': 'Microsoft-Windows-TaskScheduler',
  'microsoft-windows-powershell/operational': 'Microsoft-Windows-PowerShell',
  'windows powershell': 'PowerShell',
}

function exportUser(fields: ExportFields): UserRef | undefined {
  const m = fields.model
  const combined = splitAccount(m.user)
  return userRef({
    name: m.userName ?? combined?.name,
    domain: m.userDomain ?? combined?.domain,
    sid: m.userSid,
  })
}

/** Fills what mapWinEvent could not find from the ECS fields of the same row (never overrides); true when it added something. */
function overlayEcs(event: TriageEvent, extra: Record<string, string>): boolean {
  let added = false
  const process = ecsProcess(extra)
  if (process && (event.process || event.category === 'process')) {
    event.process = {...process, ...event.process}
    added = true
  }
  const network = ecsNetwork(extra)
  if (network) {
    event.network = {...network, ...event.network}
    added = true
  }
  const file = ecsFile(extra)
  if (file && (!event.file?.path) && (event.category === 'file' || event.category === 'other')) {
    event.file = {...event.file, ...file}
    added = true
  }
  const registry = ecsRegistry(extra, event.registry ? event.registry.operation === 'set' || event.registry.operation === 'delete-value' : undefined)
  if (registry && !event.registry?.key && (event.category === 'registry' || event.category === 'other')) {
    const mapped = event.registry
    event.registry = mapped
      ? {...registry, operation: mapped.operation, ...(mapped.data !== undefined ? {data: mapped.data} : {}), ...(mapped.type !== undefined ? {type: mapped.type} : {})}
      : registry
    added = true
  }
  return added
}

/** The one-line message again, once ECS columns have filled facets the EventData lacked. */
function describeFromFacets(event: TriageEvent): string | undefined {
  const p = event.process
  const r = event.registry
  const n = event.network
  switch (event.action) {
    case 'process-start':
      return p?.commandLine ?? p?.image ? `Process started: ${p?.commandLine ?? p?.image}${p?.parentImage ? ` (parent ${p.parentImage})` : ''}` : undefined
    case 'process-end':
      return p?.image ? `Process ended: ${p.image}` : undefined
    case 'file-create':
      return event.file?.path ? `File created: ${event.file.path}${p?.image ? ` by ${p.image}` : ''}` : undefined
    case 'network-connection':
      return n?.destinationHost ?? n?.destinationIp ? `Network connection: ${p?.image ?? '?'} → ${n?.destinationHost ?? n?.destinationIp}:${n?.destinationPort ?? '?'}` : undefined
    case 'dns-query':
      return n?.destinationHost ? `DNS query: ${n.destinationHost}${p?.image ? ` by ${p.image}` : ''}` : undefined
    default:
      if (r?.key && event.category === 'registry') {
        return `Registry ${event.action.replace(/^registry-/, '').replace('-', ' ')}: ${r.key}${r.value !== undefined ? `\\${r.value}` : ''}${r.data !== undefined ? ` = ${r.data}` : ''}${p?.image ? ` by ${p.image}` : ''}`
      }
      return undefined
  }
}

const REGISTRY_ACTIONS: Record<string, string> = {
  'set': 'registry-value-set',
  'delete-value': 'registry-value-delete',
  'delete-key': 'registry-key-delete',
  'create-key': 'registry-key-create',
  'rename-key': 'registry-key-rename',
}

/** The model's action names for ECS events, so analyzers see the same verbs as for Windows events. */
function ecsAction(extra: Record<string, string>, category: TriageEvent['category'], registry: RegistryFacet | undefined): string {
  const action = extra['event.action']
  const type = (extra['event.type'] ?? '').toLowerCase()
  const both = `${type} ${action ?? ''}`.toLowerCase()
  if (category === 'process' && /start|exec|process[- ]?creat/.test(both)) return 'process-start'
  if (category === 'process' && /end|terminat/.test(both)) return 'process-end'
  if (category === 'registry' && registry) return REGISTRY_ACTIONS[registry.operation] ?? 'registry-value-set'
  if (category === 'file' && /creat/.test(both)) return 'file-create'
  if (category === 'network' && /dns|lookup/.test(both)) return 'dns-query'
  if (category === 'network' && /connect/.test(both)) return 'network-connection'
  if (action) return action.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'event'
  return category === 'other' ? 'event' : category
}

function ecsOnlyEvent(fields: ExportFields, source: SourceRef): TriageEvent {
  const extra = fields.extra
  const process = ecsProcess(extra)
  const network = ecsNetwork(extra)
  const file = ecsFile(extra)
  const registry = ecsRegistry(extra)
  const category = ecsCategory(extra) ?? (registry ? 'registry' : process ? 'process' : file ? 'file' : network ? 'network' : 'other')
  const event: TriageEvent = {source, category, action: ecsAction(extra, category, registry)}
  if (process) event.process = process
  if (network) event.network = network
  if (file) event.file = file
  if (registry) event.registry = registry
  const m = fields.model
  if (m.provider) event.provider = m.provider
  if (m.channel) event.channel = m.channel
  const id = intValue(m.eventId)
  if (id !== undefined) event.eventId = id
  const summary = describeFromFacets(event) ?? m.message ?? process?.commandLine ?? registry?.key ?? file?.path ?? network?.url ?? extra['event.action']
  event.message = oneLine(summary ?? `${category} event`)
  return event
}

/** One export row or document → an event. Windows events (event id + provider or channel) get the same facets as EVTX records. */
export function exportToEvent(fields: ExportFields, options: ExportEventOptions): TriageEvent {
  const m = fields.model
  const eventId = intValue(m.eventId)
  const provider = m.provider ?? (m.channel ? CHANNEL_PROVIDERS[m.channel.toLowerCase()] : undefined)
  const reading = m.time !== undefined ? readTimeText(m.time, options.time) : undefined
  if (m.time !== undefined && !reading) options.onBadTime?.(m.time)
  let event: TriageEvent
  if (eventId !== undefined && (provider || m.channel)) {
    const rec: WinEventRecord = {provider: provider ?? '', eventId, data: fields.eventData, source: options.source}
    if (m.channel) rec.channel = m.channel
    if (reading) rec.time = reading.iso
    const recordId = intValue(m.recordId)
    if (recordId !== undefined) rec.recordId = recordId
    if (m.host) rec.computer = m.host
    if (m.userSid) rec.userSid = m.userSid
    const pid = intValue(m.processId)
    if (pid !== undefined) rec.processId = pid
    const tid = intValue(m.threadId)
    if (tid !== undefined) rec.threadId = tid
    event = mapWinEvent(rec, options.map)
    if (overlayEcs(event, fields.extra)) {
      const again = describeFromFacets(event)
      if (again) event.message = oneLine(again)
    }
  } else {
    event = ecsOnlyEvent(fields, options.source)
    if (reading) event.time = reading.iso
    if (m.host) event.host = m.host
    if (Object.keys(fields.eventData).length) event.data = {...fields.eventData}
  }
  if (reading?.basis) event.timeZoneBasis = reading.basis
  if (!event.user) {
    const user = exportUser(fields)
    if (user) event.user = user
  }
  const data: Record<string, string> = event.data ?? {}
  for (const [k, v] of Object.entries(fields.extra)) if (!(k in data)) data[k] = v
  if (m.message !== undefined && event.message !== oneLine(m.message)) data['message'] ??= m.message
  if (Object.keys(data).length) event.data = data
  return event
}
