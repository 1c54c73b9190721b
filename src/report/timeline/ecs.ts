import type {EventCategory} from '../../model/event.js'
import type {TimelineEntry} from '../../model/result.js'
import {entryFindings, splitUser, unique, type FindingInfo} from './input.js'

/** ECS allows only these `event.category` values; ours map onto them. */
const ECS_CATEGORY: Record<EventCategory, string[]> = {
  process: ['process'],
  bits: ['network', 'file'],
  registry: ['registry'],
  task: ['configuration'],
  service: ['configuration'],
  file: ['file'],
  network: ['network'],
  authentication: ['authentication'],
  other: ['host'],
}

/** Elastic's risk-score convention for severities. */
const SEVERITY_SCORE: Record<string, number> = {info: 1, low: 21, medium: 47, high: 73, critical: 99}

type Doc = Record<string, unknown>

/** Sets `a.b.c` as nested objects, skipping empty values. */
function set(doc: Doc, path: string, value: unknown): void {
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return
  const parts = path.split('.')
  let node = doc
  for (const part of parts.slice(0, -1)) {
    const next = node[part]
    if (next === undefined || typeof next !== 'object' || next === null || Array.isArray(next)) node[part] = {}
    node = node[part] as Doc
  }
  node[parts[parts.length - 1]!] = value
}

function basename(path: string | undefined): string | undefined {
  return path === undefined ? undefined : path.split(/[\\/]/).pop()
}

/** One ECS document (nested objects, as Elasticsearch and OpenSearch store them) for a timeline entry. */
export function ecsDocument(entry: TimelineEntry, findings: ReadonlyMap<string, FindingInfo>): Doc {
  const doc: Doc = {}
  const e = entry.event
  set(doc, '@timestamp', entry.time)
  set(doc, 'message', entry.summary)
  set(doc, 'ecs.version', '8.11.0')
  set(doc, 'event.kind', entry.kind === 'finding' ? 'alert' : 'event')
  set(doc, 'event.code', entry.eventId !== undefined ? String(entry.eventId) : undefined)
  set(doc, 'event.provider', e?.provider)
  const category = entry.kind === 'finding' ? ['intrusion_detection'] : ECS_CATEGORY[entry.category as EventCategory] ?? ['host']
  set(doc, 'event.category', category)
  set(doc, 'event.action', entry.action)
  set(doc, 'event.module', 'bitstrail')
  set(doc, 'event.dataset', `bitstrail.${entry.source.kind}`)
  if (entry.severity !== undefined) set(doc, 'event.severity', SEVERITY_SCORE[entry.severity])
  set(doc, 'host.name', entry.host)
  if (e?.user?.name) {
    set(doc, 'user.name', e.user.name)
    set(doc, 'user.domain', e.user.domain)
  } else if (entry.user) {
    const u = splitUser(entry.user)
    set(doc, 'user.name', u.name)
    set(doc, 'user.domain', u.domain)
  }
  set(doc, 'user.id', e?.user?.sid)
  set(doc, 'log.file.path', entry.source.path)
  set(doc, 'winlog.record_id', entry.source.kind === 'evtx' && entry.source.record !== undefined ? String(entry.source.record) : undefined)
  set(doc, 'winlog.channel', e?.channel)

  const p = e?.process
  if (p) {
    set(doc, 'process.executable', p.image)
    set(doc, 'process.name', basename(p.image))
    set(doc, 'process.command_line', p.commandLine)
    set(doc, 'process.pid', p.pid)
    set(doc, 'process.entity_id', p.guid)
    set(doc, 'process.user.name', p.user)
    set(doc, 'process.working_directory', p.currentDirectory)
    set(doc, 'process.parent.executable', p.parentImage)
    set(doc, 'process.parent.name', basename(p.parentImage))
    set(doc, 'process.parent.command_line', p.parentCommandLine)
    set(doc, 'process.parent.pid', p.parentPid)
    set(doc, 'process.parent.entity_id', p.parentGuid)
  } else if (e?.bits?.creatingProcess) {
    set(doc, 'process.executable', e.bits.creatingProcess)
    set(doc, 'process.name', basename(e.bits.creatingProcess))
    set(doc, 'process.pid', e.bits.creatingPid)
  }
  const r = e?.registry
  if (r) {
    const hive = r.key.split('\\')[0]
    set(doc, 'registry.hive', hive)
    set(doc, 'registry.key', r.key.slice((hive?.length ?? 0) + 1))
    set(doc, 'registry.value', r.value)
    set(doc, 'registry.path', r.value !== undefined ? `${r.key}\\${r.value}` : r.key)
    set(doc, 'registry.data.type', r.type)
    set(doc, 'registry.data.strings', r.data !== undefined ? r.data.split('\n') : undefined)
  }
  const bitsFile = e?.bits?.files?.[0]
  set(doc, 'file.path', e?.file?.path ?? bitsFile?.local)
  set(doc, 'file.name', basename(e?.file?.path ?? bitsFile?.local))
  set(doc, 'url.original', e?.network?.url ?? bitsFile?.url)
  set(doc, 'url.full', e?.network?.url ?? bitsFile?.url)
  set(doc, 'destination.ip', e?.network?.destinationIp)
  set(doc, 'destination.port', e?.network?.destinationPort)
  set(doc, 'destination.domain', e?.network?.destinationHost)
  set(doc, 'source.ip', e?.network?.sourceIp)
  set(doc, 'source.port', e?.network?.sourcePort)
  set(doc, 'network.transport', e?.network?.protocol)
  set(doc, 'service.name', e?.service?.name)

  const known = entryFindings(entry, findings)
  if (known.length) {
    const one = known.length === 1
    set(doc, 'rule.id', one ? known[0]!.rule : unique(known.map(f => f.rule)))
    set(doc, 'rule.name', one ? known[0]!.title : unique(known.map(f => f.title)))
    set(doc, 'threat.framework', 'MITRE ATT&CK')
    set(doc, 'threat.technique.id', unique(known.flatMap(f => f.techniques)))
  }
  const bits = e?.bits
  const ext: Doc = {}
  set(ext, 'kind', entry.kind)
  set(ext, 'category', entry.category)
  set(ext, 'source.kind', entry.source.kind)
  set(ext, 'source.record', entry.source.record)
  set(ext, 'source.line', entry.source.line)
  set(ext, 'source.key', entry.source.key)
  set(ext, 'finding_ids', entry.findings)
  set(ext, 'severity', entry.severity)
  if (bits) {
    set(ext, 'bits.job_id', bits.id)
    set(ext, 'bits.job_title', bits.title)
    set(ext, 'bits.owner', bits.owner)
    set(ext, 'bits.state', bits.state)
    set(ext, 'bits.notify_command_line', bits.notifyCommandLine)
  }
  if (e?.task) {
    set(ext, 'task.path', e.task.path)
    set(ext, 'task.actions', e.task.actions.map(a => (a.type === 'exec' ? [a.command, a.arguments].filter(Boolean).join(' ') : a.type)))
  }
  doc.bitstrail = ext
  return doc
}
