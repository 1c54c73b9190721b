/** The TriageEvent paths rules may name, and their resolution to string values. */
import type {TriageEvent} from '../../model/event.js'

const PATHS = [
  'time', 'timeZoneBasis', 'host', 'category', 'action', 'eventId', 'provider', 'channel', 'message',
  'source.path', 'source.kind', 'source.record', 'source.line', 'source.key',
  'user.name', 'user.domain', 'user.sid',
  'process.image', 'process.commandLine', 'process.pid', 'process.guid', 'process.user', 'process.integrity',
  'process.currentDirectory', 'process.hashes', 'process.parentImage', 'process.parentCommandLine',
  'process.parentPid', 'process.parentGuid', 'process.parentUser',
  'bits.id', 'bits.title', 'bits.type', 'bits.state', 'bits.owner', 'bits.priority', 'bits.files.url', 'bits.files.local',
  'bits.files.state', 'bits.files.bytesTransferred', 'bits.files.bytesTotal', 'bits.notifyCommandLine', 'bits.notifyProgram',
  'bits.notifyParameters', 'bits.notifyFlags', 'bits.creatingProcess', 'bits.creatingPid', 'bits.created', 'bits.modified',
  'bits.completed', 'bits.errorCount', 'bits.errorCode', 'bits.errorContext', 'bits.errorFile', 'bits.retryDelaySeconds',
  'bits.noProgressTimeoutSeconds', 'bits.bytesTransferred', 'bits.bytesTotal', 'bits.fileCount', 'bits.hresult',
  'bits.description', 'bits.integrity', 'bits.elevated', 'bits.proxyUsage', 'bits.proxyList',
  'registry.key', 'registry.value', 'registry.type', 'registry.data', 'registry.operation',
  'task.path', 'task.uri', 'task.author', 'task.description', 'task.date', 'task.source', 'task.hidden', 'task.enabled',
  'task.triggers.type', 'task.triggers.enabled', 'task.triggers.userId', 'task.triggers.delay',
  'task.principal.id', 'task.principal.userId', 'task.principal.groupId', 'task.principal.logonType', 'task.principal.runLevel',
  'task.actions.type', 'task.actions.command', 'task.actions.arguments', 'task.actions.workingDirectory', 'task.actions.classId',
  'service.name', 'service.displayName', 'service.imagePath', 'service.startType', 'service.serviceType', 'service.account',
  'file.path', 'file.operation', 'file.hashes',
  'network.sourceIp', 'network.sourcePort', 'network.destinationIp', 'network.destinationPort', 'network.destinationHost',
  'network.protocol', 'network.url',
] as const

const KNOWN = new Set<string>(PATHS)

/** True for a path of the event model, or `data.<Name>` (raw source fields). */
export function isKnownField(path: string): boolean {
  return KNOWN.has(path) || /^data\.[^.\s]+$/.test(path)
}

/** Every value at `path` as text (arrays of facets are flattened: `bits.files.url` gives every file's URL). */
export function resolveField(event: TriageEvent, path: string): string[] {
  if (path.startsWith('data.')) {
    const v = event.data?.[path.slice(5)]
    return v === undefined ? [] : [v]
  }
  let current: unknown[] = [event]
  for (const part of path.split('.')) {
    const next: unknown[] = []
    for (const c of current) {
      if (c === null || c === undefined) continue
      const v = (c as Record<string, unknown>)[part]
      if (v === undefined || v === null) continue
      if (Array.isArray(v)) next.push(...v)
      else next.push(v)
    }
    current = next
    if (current.length === 0) return []
  }
  return current.map(v => (typeof v === 'string' ? v : String(v)))
}

/** The first value at `path`, or undefined. */
export function fieldValue(event: TriageEvent, path: string): string | undefined {
  return resolveField(event, path)[0]
}
