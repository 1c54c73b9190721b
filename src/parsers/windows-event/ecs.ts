/** Facets read from ECS field names (Elastic Agent, Winlogbeat, Kibana exports). */

import type {EventCategory, FileFacet, NetworkFacet, ProcessFacet, RegistryFacet} from '../../model/event.js'
import {defined, intValue, splitRegistryValuePath} from './fields.js'

type Flat = Record<string, string>

function get(flat: Flat, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = flat[n]
    if (v !== undefined && v !== '' && v !== '-') return v
  }
  return undefined
}

/** A JSON array text (how flattened arrays are kept) → its items; other text → one item. */
export function listItems(text: string | undefined): string[] {
  if (text === undefined) return []
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text)
      if (Array.isArray(parsed)) return parsed.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)))
    } catch {
      // not JSON: a plain value that starts with a bracket
    }
  }
  return [text]
}

/** Joins an argument vector into a command line, quoting arguments with blanks. */
function argsToCommandLine(text: string | undefined): string | undefined {
  if (text === undefined) return undefined
  const items = listItems(text)
  return items.map((a) => (/[\s"]/.test(a) || a === '' ? `"${a.replace(/"/g, '\\"')}"` : a)).join(' ')
}

export function ecsProcess(flat: Flat): ProcessFacet | undefined {
  const hashes = [['MD5', 'process.hash.md5'], ['SHA1', 'process.hash.sha1'], ['SHA256', 'process.hash.sha256']]
    .flatMap(([label, name]) => {
      const v = get(flat, name!)
      return v ? [`${label}=${v.toUpperCase()}`] : []
    })
    .join(',')
  const p = defined<ProcessFacet>({
    image: get(flat, 'process.executable', 'process.name'),
    commandLine: get(flat, 'process.command_line') ?? argsToCommandLine(get(flat, 'process.args')),
    pid: intValue(get(flat, 'process.pid')),
    guid: get(flat, 'process.entity_id'),
    currentDirectory: get(flat, 'process.working_directory'),
    hashes: hashes || undefined,
    parentImage: get(flat, 'process.parent.executable', 'process.parent.name'),
    parentCommandLine: get(flat, 'process.parent.command_line') ?? argsToCommandLine(get(flat, 'process.parent.args')),
    parentPid: intValue(get(flat, 'process.parent.pid')),
    parentGuid: get(flat, 'process.parent.entity_id'),
  })
  return Object.keys(p).length ? p : undefined
}

export function ecsNetwork(flat: Flat): NetworkFacet | undefined {
  const n = defined<NetworkFacet>({
    sourceIp: get(flat, 'source.ip'),
    sourcePort: intValue(get(flat, 'source.port')),
    destinationIp: get(flat, 'destination.ip'),
    destinationPort: intValue(get(flat, 'destination.port')),
    destinationHost: get(flat, 'destination.domain', 'dns.question.name', 'url.domain'),
    protocol: get(flat, 'network.transport', 'network.protocol'),
    url: get(flat, 'url.full', 'url.original'),
  })
  return Object.keys(n).length ? n : undefined
}

export function ecsFile(flat: Flat): FileFacet | undefined {
  const path = get(flat, 'file.path')
  if (!path) return undefined
  const hash = get(flat, 'file.hash.sha256')
  return {path, ...(hash ? {hashes: `SHA256=${hash.toUpperCase()}`} : {})}
}

/**
 * ECS `registry.path` holds the hive, key and value name; `valueLevel` says whether the event is about a value
 * (default: when `registry.value` or `registry.data.*` is present).
 */
export function ecsRegistry(flat: Flat, valueLevel?: boolean): RegistryFacet | undefined {
  const path = get(flat, 'registry.path')
  const keyOnly = get(flat, 'registry.key')
  if (!path && !keyOnly) return undefined
  const hive = get(flat, 'registry.hive')
  const valueName = get(flat, 'registry.value')
  let loc: {key: string; value?: string}
  const isValue = valueLevel ?? (valueName !== undefined || get(flat, 'registry.data.strings', 'registry.data.type') !== undefined)
  if (path) loc = isValue ? splitRegistryValuePath(path) : {key: splitRegistryValuePath(`${path}\\x`).key}
  else loc = {key: splitRegistryValuePath(`${hive ? `${hive}\\` : ''}${keyOnly}\\x`).key, ...(valueName ? {value: valueName} : {})}
  const data = listItems(get(flat, 'registry.data.strings'))
  const type = get(flat, 'registry.data.type')
  const action = (get(flat, 'event.action', 'event.type') ?? '').toLowerCase()
  const operation: RegistryFacet['operation'] = /delet/.test(action) ? (loc.value !== undefined ? 'delete-value' : 'delete-key') : loc.value !== undefined ? 'set' : 'create-key'
  return {key: loc.key, operation, ...(loc.value !== undefined ? {value: loc.value} : {}), ...(data.length ? {data: data.join('\n')} : {}), ...(type ? {type} : {})}
}

const ECS_CATEGORIES: Record<string, EventCategory> = {
  process: 'process',
  network: 'network',
  file: 'file',
  registry: 'registry',
  authentication: 'authentication',
  session: 'authentication',
}

/** The model category for ECS `event.category` (a value or a JSON array of values). */
export function ecsCategory(flat: Flat): EventCategory | undefined {
  for (const c of listItems(get(flat, 'event.category'))) {
    const cat = ECS_CATEGORIES[c.toLowerCase()]
    if (cat) return cat
  }
  return undefined
}
