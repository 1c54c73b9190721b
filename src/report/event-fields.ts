import type {SourceRef, TriageEvent} from '../model/event.js'
import type {EvidenceRef} from '../model/finding.js'

/** A labelled value for a detail view; labels are i18n keys (`field.<name>`) the page translates, or raw data names. */
export type FieldRow = [label: string, value: string]

/** `path #record`, `path:line`, `path [key]` — how a piece of evidence is cited in reports. */
export function citeSource(ref: SourceRef | EvidenceRef): string {
  const parts = [ref.path]
  if (ref.record !== undefined) parts.push(`#${ref.record}`)
  if (ref.line !== undefined) parts.push(`line ${ref.line}`)
  if (ref.key !== undefined) parts.push(`[${ref.key}]`)
  if (ref.offset !== undefined) parts.push(`@${ref.offset}`)
  return parts.join(' ')
}

function push(rows: FieldRow[], label: string, value: string | number | boolean | undefined): void {
  if (value === undefined || value === '') return
  rows.push([label, String(value)])
}

/** Every facet of an event as labelled rows, for the detail views. `maxData` caps the raw data fields shown. */
export function eventFields(e: TriageEvent, maxData = 64): FieldRow[] {
  const rows: FieldRow[] = []
  push(rows, 'time', e.time)
  push(rows, 'host', e.host)
  push(rows, 'user', formatUser(e.user))
  push(rows, 'category', e.category)
  push(rows, 'action', e.action)
  push(rows, 'eventId', e.eventId)
  push(rows, 'provider', e.provider)
  push(rows, 'channel', e.channel)
  push(rows, 'message', e.message)
  push(rows, 'source', citeSource(e.source))
  const p = e.process
  if (p) {
    push(rows, 'image', p.image)
    push(rows, 'commandLine', p.commandLine)
    push(rows, 'pid', p.pid)
    push(rows, 'processUser', p.user)
    push(rows, 'integrity', p.integrity)
    push(rows, 'currentDirectory', p.currentDirectory)
    push(rows, 'hashes', p.hashes)
    push(rows, 'parentImage', p.parentImage)
    push(rows, 'parentCommandLine', p.parentCommandLine)
    push(rows, 'parentPid', p.parentPid)
    push(rows, 'parentUser', p.parentUser)
  }
  if (e.bits) rows.push(...bitsFields(e.bits))
  if (e.registry) {
    push(rows, 'registryKey', e.registry.key)
    push(rows, 'registryValue', e.registry.value)
    push(rows, 'registryType', e.registry.type)
    push(rows, 'registryData', e.registry.data)
    push(rows, 'registryOperation', e.registry.operation)
  }
  if (e.task) rows.push(...taskFields(e.task))
  const s = e.service
  if (s) {
    push(rows, 'serviceName', s.name)
    push(rows, 'displayName', s.displayName)
    push(rows, 'imagePath', s.imagePath)
    push(rows, 'startType', s.startType)
    push(rows, 'serviceType', s.serviceType)
    push(rows, 'account', s.account)
  }
  if (e.file) {
    push(rows, 'filePath', e.file.path)
    push(rows, 'fileOperation', e.file.operation)
    push(rows, 'hashes', e.file.hashes)
  }
  const n = e.network
  if (n) {
    push(rows, 'url', n.url)
    push(rows, 'destinationHost', n.destinationHost)
    push(rows, 'destination', n.destinationIp !== undefined ? `${n.destinationIp}${n.destinationPort !== undefined ? `:${n.destinationPort}` : ''}` : undefined)
    push(rows, 'sourceAddress', n.sourceIp !== undefined ? `${n.sourceIp}${n.sourcePort !== undefined ? `:${n.sourcePort}` : ''}` : undefined)
    push(rows, 'protocol', n.protocol)
  }
  if (e.data) {
    const names = Object.keys(e.data)
    for (const name of names.slice(0, maxData)) rows.push([`data:${name}`, e.data[name] ?? ''])
    if (names.length > maxData) rows.push(['dataOmitted', String(names.length - maxData)])
  }
  return rows
}

export function formatUser(u: TriageEvent['user']): string | undefined {
  if (!u) return undefined
  const name = u.name ? (u.domain ? `${u.domain}\\${u.name}` : u.name) : undefined
  if (name && u.sid) return `${name} (${u.sid})`
  return name ?? u.sid
}

export function bitsFields(b: NonNullable<TriageEvent['bits']>): FieldRow[] {
  const rows: FieldRow[] = []
  push(rows, 'jobId', b.id)
  push(rows, 'jobTitle', b.title)
  push(rows, 'jobType', b.type)
  push(rows, 'jobState', b.state)
  push(rows, 'jobOwner', b.owner)
  push(rows, 'priority', b.priority)
  push(rows, 'notifyCommandLine', b.notifyCommandLine)
  push(rows, 'notifyProgram', b.notifyProgram)
  push(rows, 'notifyParameters', b.notifyParameters)
  push(rows, 'notifyFlags', b.notifyFlags)
  push(rows, 'creatingProcess', b.creatingProcess)
  push(rows, 'creatingPid', b.creatingPid)
  push(rows, 'created', b.created)
  push(rows, 'modified', b.modified)
  push(rows, 'completed', b.completed)
  push(rows, 'retryDelaySeconds', b.retryDelaySeconds)
  push(rows, 'noProgressTimeoutSeconds', b.noProgressTimeoutSeconds)
  push(rows, 'errorCount', b.errorCount)
  push(rows, 'errorCode', b.errorCode)
  push(rows, 'errorContext', b.errorContext)
  push(rows, 'errorFile', b.errorFile)
  push(rows, 'hresult', b.hresult)
  push(rows, 'bytesTransferred', b.bytesTransferred)
  push(rows, 'bytesTotal', b.bytesTotal)
  push(rows, 'fileCount', b.fileCount)
  push(rows, 'description', b.description)
  push(rows, 'integrity', b.integrity)
  push(rows, 'elevated', b.elevated)
  push(rows, 'proxyUsage', b.proxyUsage)
  push(rows, 'proxyList', b.proxyList)
  for (const f of b.files ?? []) push(rows, 'jobFile', `${f.url} → ${f.local ?? '?'}${f.state ? ` (${f.state})` : ''}`)
  return rows
}

export function taskFields(task: NonNullable<TriageEvent['task']>): FieldRow[] {
  const rows: FieldRow[] = []
  push(rows, 'taskPath', task.path)
  push(rows, 'taskUri', task.uri)
  push(rows, 'author', task.author)
  push(rows, 'description', task.description)
  push(rows, 'date', task.date)
  push(rows, 'hidden', task.hidden)
  push(rows, 'enabled', task.enabled)
  const pr = task.principal
  if (pr) {
    push(rows, 'principal', [pr.userId, pr.groupId, pr.logonType, pr.runLevel].filter(Boolean).join(', '))
  }
  for (const tr of task.triggers) {
    const bits = [tr.userId && `user ${tr.userId}`, tr.startBoundary && `start ${tr.startBoundary}`, tr.delay && `delay ${tr.delay}`,
      tr.repetitionInterval && `every ${tr.repetitionInterval}`, tr.enabled === false && 'disabled'].filter(Boolean)
    rows.push(['trigger', bits.length ? `${tr.type} (${bits.join(', ')})` : tr.type])
  }
  for (const a of task.actions) {
    switch (a.type) {
      case 'exec':
        rows.push(['action', [a.command, a.arguments].filter(Boolean).join(' ')])
        push(rows, 'workingDirectory', a.workingDirectory)
        break
      case 'com':
        rows.push(['action', `COM ${a.classId}${a.data ? ` ${a.data}` : ''}`])
        break
      case 'email':
        rows.push(['action', `email ${a.to ?? ''} ${a.subject ?? ''}`.trim()])
        break
      case 'message':
        rows.push(['action', `message ${a.title ?? ''} ${a.body ?? ''}`.trim()])
        break
    }
  }
  return rows
}
