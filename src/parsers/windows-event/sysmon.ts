/** Microsoft-Windows-Sysmon/Operational. */

import type {NetworkFacet, ProcessFacet, RegistryFacet, RegistryOperation} from '../../model/event.js'
import {defined, field, intValue, oneLine, splitAccount, splitRegistryValuePath, normaliseRegistryPath} from './fields.js'
import type {Mapped} from './mapped.js'
import type {WinEventRecord} from './record.js'

function processOf(d: Record<string, string>): ProcessFacet {
  return defined<ProcessFacet>({
    image: field(d, 'Image'),
    commandLine: field(d, 'CommandLine'),
    pid: intValue(field(d, 'ProcessId')),
    guid: field(d, 'ProcessGuid'),
    user: field(d, 'User'),
    integrity: field(d, 'IntegrityLevel'),
    currentDirectory: field(d, 'CurrentDirectory'),
    hashes: field(d, 'Hashes'),
    parentImage: field(d, 'ParentImage'),
    parentCommandLine: field(d, 'ParentCommandLine'),
    parentPid: intValue(field(d, 'ParentProcessId')),
    parentGuid: field(d, 'ParentProcessGuid'),
    parentUser: field(d, 'ParentUser'),
  })
}

/** Sysmon renders registry data as `DWORD (0x00000001)`, `QWORD (0x00000000-0x00000001)`, `Binary Data` or the string. */
function registryData(details: string | undefined): {type?: string; data?: string} {
  if (details === undefined) return {}
  const dword = /^DWORD \((0x[0-9a-f]{1,8})\)$/i.exec(details)
  if (dword) return {type: 'REG_DWORD', data: String(Number.parseInt(dword[1]!.slice(2), 16))}
  const qword = /^QWORD \(0x([0-9a-f]{1,8})-0x([0-9a-f]{1,8})\)$/i.exec(details)
  if (qword) return {type: 'REG_QWORD', data: ((BigInt(`0x${qword[1]}`) << 32n) | BigInt(`0x${qword[2]}`)).toString()}
  if (details === 'Binary Data') return {type: 'REG_BINARY'}
  return {data: details}
}

function registryEvent(id: number, d: Record<string, string>): Mapped {
  const target = field(d, 'TargetObject') ?? ''
  const eventType = field(d, 'EventType') ?? ''
  const proc = defined<ProcessFacet>({image: field(d, 'Image'), pid: intValue(field(d, 'ProcessId')), guid: field(d, 'ProcessGuid'), user: field(d, 'User')})
  let registry: RegistryFacet
  let action: string
  if (id === 13 || /^SetValue$/i.test(eventType)) {
    const {key, value} = splitRegistryValuePath(target)
    registry = {key, operation: 'set', ...(value !== undefined ? {value} : {}), ...registryData(field(d, 'Details'))}
    action = 'registry-value-set'
  } else if (id === 14 || /^RenameKey$/i.test(eventType)) {
    const newName = field(d, 'NewName')
    registry = {key: normaliseRegistryPath(target), operation: 'rename-key', ...(newName ? {data: normaliseRegistryPath(newName)} : {})}
    action = 'registry-key-rename'
  } else if (/^DeleteValue$/i.test(eventType)) {
    const {key, value} = splitRegistryValuePath(target)
    registry = {key, operation: 'delete-value', ...(value !== undefined ? {value} : {})}
    action = 'registry-value-delete'
  } else {
    const op: RegistryOperation = /delete/i.test(eventType) ? 'delete-key' : 'create-key'
    registry = {key: normaliseRegistryPath(target), operation: op}
    action = op === 'delete-key' ? 'registry-key-delete' : 'registry-key-create'
  }
  const what = registry.value !== undefined ? `${registry.key}\\${registry.value}` : registry.key
  const data = registry.data !== undefined ? ` = ${registry.data}` : ''
  return {category: 'registry', action, registry, process: proc, message: oneLine(`Registry ${action.slice(9).replace('-', ' ')}: ${what}${data}${proc.image ? ` by ${proc.image}` : ''}`)}
}

/** The HostUrl of a Zone.Identifier stream (Sysmon 15 `Contents`). */
function zoneHostUrl(contents: string | undefined): string | undefined {
  if (!contents) return undefined
  return /HostUrl=(\S+)/i.exec(contents)?.[1]
}

export function mapSysmon(rec: WinEventRecord): Mapped | undefined {
  const d = rec.data
  const id = rec.eventId
  const user = splitAccount(field(d, 'User'))
  const withUser = user ? {user} : {}
  switch (id) {
    case 1: {
      const process = processOf(d)
      return {category: 'process', action: 'process-start', process, ...withUser,
        message: oneLine(`Process started: ${process.commandLine ?? process.image ?? '?'}${process.parentImage ? ` (parent ${process.parentImage})` : ''}`)}
    }
    case 3: {
      const network = defined<NetworkFacet>({
        protocol: field(d, 'Protocol'),
        sourceIp: field(d, 'SourceIp'),
        sourcePort: intValue(field(d, 'SourcePort')),
        destinationIp: field(d, 'DestinationIp'),
        destinationPort: intValue(field(d, 'DestinationPort')),
        destinationHost: field(d, 'DestinationHostname'),
      })
      const process = defined<ProcessFacet>({image: field(d, 'Image'), pid: intValue(field(d, 'ProcessId')), guid: field(d, 'ProcessGuid'), user: field(d, 'User')})
      return {category: 'network', action: 'network-connection', network, process, ...withUser,
        message: oneLine(`Network connection: ${process.image ?? '?'} → ${network.destinationHost ?? network.destinationIp ?? '?'}:${network.destinationPort ?? '?'}`)}
    }
    case 5: {
      const process = defined<ProcessFacet>({image: field(d, 'Image'), pid: intValue(field(d, 'ProcessId')), guid: field(d, 'ProcessGuid'), user: field(d, 'User')})
      return {category: 'process', action: 'process-end', process, ...withUser, message: oneLine(`Process ended: ${process.image ?? '?'}`)}
    }
    case 11: {
      const path = field(d, 'TargetFilename') ?? ''
      const process = defined<ProcessFacet>({image: field(d, 'Image'), pid: intValue(field(d, 'ProcessId')), guid: field(d, 'ProcessGuid'), user: field(d, 'User')})
      return {category: 'file', action: 'file-create', file: {path, operation: 'create'}, process, ...withUser,
        message: oneLine(`File created: ${path}${process.image ? ` by ${process.image}` : ''}`)}
    }
    case 12:
    case 13:
    case 14:
      return {...registryEvent(id, d), ...withUser}
    case 15: {
      const path = field(d, 'TargetFilename') ?? ''
      const hashes = field(d, 'Hash', 'Hashes')
      const url = zoneHostUrl(field(d, 'Contents'))
      const process = defined<ProcessFacet>({image: field(d, 'Image'), pid: intValue(field(d, 'ProcessId')), guid: field(d, 'ProcessGuid'), user: field(d, 'User')})
      return {category: 'file', action: 'file-stream-create', file: {path, operation: 'create', ...(hashes ? {hashes} : {})}, process, ...withUser,
        ...(url ? {network: {url}} : {}),
        message: oneLine(`File stream created: ${path}${url ? ` from ${url}` : ''}`)}
    }
    case 22: {
      const query = field(d, 'QueryName')
      const process = defined<ProcessFacet>({image: field(d, 'Image'), pid: intValue(field(d, 'ProcessId')), guid: field(d, 'ProcessGuid'), user: field(d, 'User')})
      return {category: 'network', action: 'dns-query', network: query ? {destinationHost: query} : {}, process, ...withUser,
        message: oneLine(`DNS query: ${query ?? '?'}${process.image ? ` by ${process.image}` : ''}`)}
    }
    default:
      return undefined
  }
}
