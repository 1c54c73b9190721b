/** Presets: providers and events as Windows writes them, with Windows types inferred from field names. */

import type {EvtxEventSpec} from './event-spec.js'
import {type EvtxValue, type ScalarType, V} from './values.js'

export const PROVIDERS = {
  sysmon: {provider: 'Microsoft-Windows-Sysmon', providerGuid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}', channel: 'Microsoft-Windows-Sysmon/Operational'},
  bitsClient: {provider: 'Microsoft-Windows-Bits-Client', providerGuid: '{EF1CC15B-46C1-414E-BB95-E76B077BD51E}', channel: 'Microsoft-Windows-Bits-Client/Operational'},
  security: {provider: 'Microsoft-Windows-Security-Auditing', providerGuid: '{54849625-5478-4994-A5BA-3E3B0328C30D}', channel: 'Security'},
  serviceControlManager: {
    provider: 'Service Control Manager',
    providerGuid: '{555908D1-A6D7-4695-8E1E-26931D2012F4}',
    eventSourceName: 'Service Control Manager',
    channel: 'System',
  },
  powershell: {provider: 'Microsoft-Windows-PowerShell', providerGuid: '{A0C1853B-5C40-4B15-8766-3CF1C58F985A}', channel: 'Microsoft-Windows-PowerShell/Operational'},
  taskScheduler: {provider: 'Microsoft-Windows-TaskScheduler', providerGuid: '{DE7B24EA-73C8-4A09-985D-5BDADCFA9017}', channel: 'Microsoft-Windows-TaskScheduler/Operational'},
} as const

/** Host, time and System overrides shared by the presets. */
export type EventCommon = {computer: string; time: string | bigint} & Partial<
  Omit<EvtxEventSpec, 'computer' | 'time' | 'data' | 'userData' | 'eventId'>
>

/** Plain values a preset types by field name; an EvtxValue passes through unchanged. */
export type PresetValue = string | number | bigint | boolean | EvtxValue

function typedFields(data: Record<string, PresetValue>, typeOf: (name: string) => ScalarType): Array<[string, EvtxValue]> {
  return Object.entries(data).map(([name, v]): [string, EvtxValue] => {
    if (typeof v === 'object') return [name, v]
    const t = typeOf(name)
    switch (t) {
      case 'string':
      case 'guid':
      case 'sid':
      case 'ansi':
      case 'systemtime':
        return [name, {type: t, value: String(v)}]
      case 'filetime':
        return [name, {type: 'filetime', value: typeof v === 'bigint' ? v : String(v)}]
      case 'bool':
        return [name, {type: 'bool', value: v === true || v === 'true' || v === 1}]
      case 'int64':
      case 'uint64':
      case 'hex64':
        return [name, {type: t, value: BigInt(v as number | bigint | string)}]
      case 'sizet':
        // Windows declares these size_t in the template and writes the value as HexInt64
        return [name, {type: 'hex64', value: BigInt(v as number | bigint | string), templateType: 'sizet'}]
      case 'binary':
        return [name, V.binary(String(v))]
      default:
        return [name, {type: t, value: Number(v)} as EvtxValue]
    }
  })
}

const SYSMON_VERSION: Record<number, number> = {1: 5, 2: 4, 3: 5, 5: 3, 6: 4, 7: 3, 8: 2, 10: 3, 11: 2, 12: 2, 13: 2, 14: 2, 15: 2, 17: 1, 18: 1, 22: 5, 23: 5}

function sysmonType(name: string): ScalarType {
  if (/Guid$|GUID$/.test(name)) return 'guid'
  if (/^(Parent|Source|Target)?ProcessId$|^SourceThreadId$|^TerminalSessionId$/.test(name)) return 'uint32'
  if (name === 'LogonId') return 'hex64'
  if (name === 'GrantedAccess') return 'hex32'
  if (/Port$/.test(name)) return 'uint16'
  if (/^(Initiated|SourceIsIpv6|DestinationIsIpv6|IsExecutable|Archived)$/.test(name)) return 'bool'
  return 'string'
}

/** A Sysmon event (Microsoft-Windows-Sysmon/Operational), fields in the order given, typed as Sysmon types them. */
export function sysmonEvent(eventId: number, data: Record<string, PresetValue>, common: EventCommon): EvtxEventSpec {
  return {
    ...PROVIDERS.sysmon,
    eventId,
    version: SYSMON_VERSION[eventId] ?? 2,
    level: 4,
    task: eventId,
    opcode: 0,
    keywords: 0x8000000000000000n,
    userSid: 'S-1-5-18',
    processId: 2032,
    threadId: 3276,
    ...common,
    data: typedFields(data, sysmonType),
  }
}

const BITS_SYSTEM: Record<number, {version: number; opcode: number; level?: number}> = {
  3: {version: 0, opcode: 0},
  4: {version: 1, opcode: 0},
  5: {version: 0, opcode: 0},
  59: {version: 1, opcode: 1},
  60: {version: 1, opcode: 2},
  61: {version: 1, opcode: 2, level: 3},
}

function bitsType(name: string): ScalarType {
  if (/^(transferId|Id|jobId)$/.test(name)) return 'guid'
  if (name === 'fileTime') return 'filetime'
  if (/^(fileLength|bytesTotal|bytesTransferred|bytesTransferredFromPeer|peerProtocolFlags|bandwidthLimit)$/.test(name)) return 'uint64'
  if (/^(hr|AdditionalInfoHr|PeerContextInfo|processId|fileCount|ClientProcessStartKey)$/.test(name)) {
    return name === 'ClientProcessStartKey' ? 'uint64' : 'uint32'
  }
  if (name === 'ignoreBandwidthLimitsOnLan') return 'bool'
  return 'string'
}

/** A Bits-Client/Operational event (3 job created, 4 job transferred, 59 transfer started, 60 stopped, 61 error). */
export function bitsClientEvent(eventId: number, data: Record<string, PresetValue>, common: EventCommon): EvtxEventSpec {
  const s = BITS_SYSTEM[eventId] ?? {version: 0, opcode: 0}
  return {
    ...PROVIDERS.bitsClient,
    eventId,
    version: s.version,
    level: s.level ?? 4,
    task: 0,
    opcode: s.opcode,
    keywords: 0x4000000000000000n,
    userSid: 'S-1-5-18',
    processId: 964,
    threadId: 1404,
    ...common,
    data: typedFields(data, bitsType),
  }
}

const SECURITY_SYSTEM: Record<number, {task: number; version?: number; keywords?: bigint}> = {
  4624: {task: 12544, version: 2},
  4625: {task: 12544, version: 0, keywords: 0x8010000000000000n},
  4634: {task: 12545},
  4672: {task: 12548},
  4688: {task: 13312, version: 2},
  4689: {task: 13313, version: 0},
  4697: {task: 12289, version: 0},
  4698: {task: 12804, version: 1},
  4699: {task: 12804, version: 1},
  4700: {task: 12804, version: 1},
  4701: {task: 12804, version: 1},
  4702: {task: 12804, version: 1},
  4720: {task: 13824},
  4722: {task: 13824},
  4724: {task: 13824},
  4738: {task: 13824},
  4768: {task: 14339},
  4769: {task: 14337},
  4771: {task: 14339, keywords: 0x8010000000000000n},
}

function securityType(name: string): ScalarType {
  if (/Sid$|^MandatoryLabel$/.test(name)) return 'sid'
  if (/LogonId$/.test(name)) return 'hex64'
  if (/^(NewProcessId|ProcessId|HandleId|ParentProcessId)$/.test(name)) return 'sizet'
  if (name === 'ClientProcessId') return 'uint32'
  if (/Guid$/.test(name)) return 'guid'
  if (/^(LogonType|KeyLength|ServiceStartType)$/.test(name)) return 'uint32'
  if (/^(TicketOptions|Status|SubStatus|TicketEncryptionType|AccessMask|ServiceType)$/.test(name)) return 'hex32'
  if (name === 'ClientProcessStartKey') return 'uint64'
  return 'string'
}

/** A Security-Auditing event (4688, 4697, 4698, 4624, ...); Security logs carry no Security UserID. */
export function securityEvent(eventId: number, data: Record<string, PresetValue>, common: EventCommon): EvtxEventSpec {
  const s = SECURITY_SYSTEM[eventId] ?? {task: 0}
  return {
    ...PROVIDERS.security,
    eventId,
    version: s.version ?? 0,
    level: 0,
    task: s.task,
    opcode: 0,
    keywords: s.keywords ?? 0x8020000000000000n,
    processId: 632,
    threadId: 700,
    ...common,
    data: typedFields(data, securityType),
  }
}

/** System 7045 "A service was installed in the system" (Service Control Manager, classic provider, Qualifiers 16384). */
export function system7045Event(
  data: {ServiceName: string; ImagePath: string; ServiceType?: string; StartType?: string; AccountName?: string},
  common: EventCommon,
): EvtxEventSpec {
  return {
    ...PROVIDERS.serviceControlManager,
    eventId: 7045,
    qualifiers: 16384,
    version: 0,
    level: 4,
    task: 0,
    opcode: 0,
    keywords: 0x8080000000000000n,
    processId: 468,
    threadId: 3256,
    userSid: 'S-1-5-18',
    ...common,
    data: {
      ServiceName: data.ServiceName,
      ImagePath: data.ImagePath,
      ServiceType: data.ServiceType ?? 'user mode service',
      StartType: data.StartType ?? 'demand start',
      AccountName: data.AccountName ?? 'LocalSystem',
    },
  }
}

/** PowerShell 4104 (script block logging). */
export function powershellEvent(
  eventId: number,
  data: Record<string, PresetValue>,
  common: EventCommon,
): EvtxEventSpec {
  return {
    ...PROVIDERS.powershell,
    eventId,
    version: 1,
    level: eventId === 4104 ? 5 : 4,
    task: eventId === 4104 ? 2 : 0,
    opcode: eventId === 4104 ? 15 : 0,
    keywords: 0n,
    processId: 6620,
    threadId: 4512,
    ...common,
    data: typedFields(data, (n) => (/^Message(Number|Total)$/.test(n) ? 'int32' : 'string')),
  }
}
