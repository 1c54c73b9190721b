/** Security log (Microsoft-Windows-Security-Auditing) and log-clear events. */

import type {NetworkFacet, ProcessFacet, ServiceFacet, TaskFacet, UserRef} from '../../model/event.js'
import {defined, field, intValue, integrityName, joinAccount, oneLine, splitRegistryValuePath, userRef} from './fields.js'
import type {Mapped, MapOptions} from './mapped.js'
import type {WinEventRecord} from './record.js'
import {parseTaskXml} from '../task-xml/index.js'

/** The task of a TaskContent XML through the task XML parser; its problems go to `options.issue`. */
function taskFromContent(xml: string, path: string | undefined, options: MapOptions): TaskFacet | undefined {
  if (options.parseTaskXml) return options.parseTaskXml(xml, path ?? '')
  const result = parseTaskXml(xml, path ? {path} : {})
  for (const issue of result.issues) {
    options.issue?.(issue.severity, `TaskContent of task ${path ?? '(no name)'}: ${issue.reason}${issue.line !== undefined ? ` (XML line ${issue.line})` : ''}`)
  }
  return result.tasks[0]
}

function subject(d: Record<string, string>): UserRef | undefined {
  return userRef({name: field(d, 'SubjectUserName'), domain: field(d, 'SubjectDomainName'), sid: field(d, 'SubjectUserSid')})
}

function target(d: Record<string, string>): UserRef | undefined {
  return userRef({name: field(d, 'TargetUserName'), domain: field(d, 'TargetDomainName'), sid: field(d, 'TargetUserSid')})
}

function accountText(u: UserRef | undefined): string | undefined {
  return u ? joinAccount(u.domain, u.name) ?? u.sid : undefined
}

const START_TYPES: Record<string, string> = {'0': 'boot start', '1': 'system start', '2': 'auto start', '3': 'demand start', '4': 'disabled'}
const SERVICE_TYPES: Record<number, string> = {
  0x1: 'kernel mode driver',
  0x2: 'file system driver',
  0x10: 'user mode service',
  0x20: 'user mode service',
  0x110: 'user mode service (interactive)',
  0x120: 'user mode service (interactive)',
}

function processStart(d: Record<string, string>): Mapped {
  const subj = subject(d)
  const tgt = target(d)
  const runsAs = tgt?.name ? tgt : subj
  const process = defined<ProcessFacet>({
    image: field(d, 'NewProcessName'),
    commandLine: field(d, 'CommandLine'),
    pid: intValue(field(d, 'NewProcessId')),
    user: accountText(runsAs),
    integrity: integrityName(field(d, 'MandatoryLabel')),
    parentImage: field(d, 'ParentProcessName'),
    parentPid: intValue(field(d, 'ProcessId')),
    parentUser: runsAs === tgt ? accountText(subj) : undefined,
  })
  return {category: 'process', action: 'process-start', process, ...(runsAs ? {user: runsAs} : {}),
    message: oneLine(`Process started: ${process.commandLine ?? process.image ?? '?'}${process.parentImage ? ` (parent ${process.parentImage})` : ''}`)}
}

function serviceInstall(d: Record<string, string>): Mapped {
  const st = field(d, 'ServiceType')
  const stNum = intValue(st)
  const start = field(d, 'ServiceStartType')
  const service = defined<ServiceFacet>({
    name: field(d, 'ServiceName'),
    imagePath: field(d, 'ServiceFileName'),
    serviceType: stNum !== undefined ? SERVICE_TYPES[stNum] ?? st : st,
    startType: start !== undefined ? START_TYPES[start] ?? start : undefined,
    account: field(d, 'ServiceAccount'),
  })
  const user = subject(d)
  return {category: 'service', action: 'service-installed', service, ...(user ? {user} : {}),
    message: oneLine(`Service installed: ${service.name ?? '?'} → ${service.imagePath ?? '?'}`)}
}

const TASK_ACTIONS: Record<number, string> = {
  4698: 'task-registered',
  4699: 'task-deleted',
  4700: 'task-enabled',
  4701: 'task-disabled',
  4702: 'task-updated',
}

function taskEvent(id: number, d: Record<string, string>, options: MapOptions): Mapped {
  const path = field(d, 'TaskName')
  const xml = field(d, 'TaskContent', 'TaskContentNew')
  let task: TaskFacet | undefined
  if (xml) task = taskFromContent(xml, path, options)
  task = {triggers: [], actions: [], ...task, ...(path ? {path} : {})}
  const user = subject(d)
  const action = TASK_ACTIONS[id] ?? `task-${id}`
  return {category: 'task', action, task, ...(user ? {user} : {}),
    message: oneLine(`Scheduled task ${action.slice(5)}: ${path ?? '?'}${user ? ` by ${accountText(user) ?? ''}` : ''}`)}
}

const LOGON_ACTIONS: Record<number, string> = {4624: 'logon', 4625: 'logon-failed', 4634: 'logoff', 4647: 'logoff', 4648: 'logon-explicit'}

function logonEvent(id: number, d: Record<string, string>): Mapped {
  const user = target(d)
  const ip = field(d, 'IpAddress')
  const network = ip && ip !== '::1' && ip !== '127.0.0.1' ? defined<NetworkFacet>({sourceIp: ip, sourcePort: intValue(field(d, 'IpPort'))}) : undefined
  const image = field(d, 'ProcessName')
  const process = image ? defined<ProcessFacet>({image, pid: intValue(field(d, 'ProcessId'))}) : undefined
  const action = LOGON_ACTIONS[id] ?? `logon-${id}`
  const logonType = field(d, 'LogonType')
  return {category: 'authentication', action, ...(user ? {user} : {}), ...(network ? {network} : {}), ...(process ? {process} : {}),
    message: oneLine(`${action === 'logon-failed' ? 'Failed logon' : action === 'logoff' ? 'Logoff' : 'Logon'}${logonType ? ` (type ${logonType})` : ''}: ${accountText(user) ?? '?'}${ip ? ` from ${ip}` : ''}`)}
}

function registryAudit(d: Record<string, string>): Mapped {
  const object = field(d, 'ObjectName') ?? ''
  const valueName = field(d, 'ObjectValueName')
  const {key} = splitRegistryValuePath(`${object}\\x`)
  const data = field(d, 'NewValue')
  const type = field(d, 'NewValueType')
  const op = field(d, 'OperationType')
  const deleted = op === '%%1906'
  const user = subject(d)
  const image = field(d, 'ProcessName')
  return {
    category: 'registry',
    action: deleted ? 'registry-value-delete' : 'registry-value-set',
    registry: {key, operation: deleted ? 'delete-value' : 'set', ...(valueName ? {value: valueName} : {}), ...(data !== undefined && !deleted ? {data} : {}), ...(type ? {type} : {})},
    ...(user ? {user} : {}),
    ...(image ? {process: defined<ProcessFacet>({image, pid: intValue(field(d, 'ProcessId'))})} : {}),
    message: oneLine(`Registry value ${deleted ? 'deleted' : 'set'}: ${key}\\${valueName ?? ''}${data !== undefined && !deleted ? ` = ${data}` : ''}`),
  }
}

export function mapSecurity(rec: WinEventRecord, options: MapOptions): Mapped | undefined {
  const d = rec.data
  const id = rec.eventId
  switch (id) {
    case 4688:
      return processStart(d)
    case 4697:
      return serviceInstall(d)
    case 4698:
    case 4699:
    case 4700:
    case 4701:
    case 4702:
      return taskEvent(id, d, options)
    case 4624:
    case 4625:
    case 4634:
    case 4647:
    case 4648:
      return logonEvent(id, d)
    case 4657:
      return registryAudit(d)
    case 1102: {
      const user = subject(d)
      return {category: 'other', action: 'log-cleared', ...(user ? {user} : {}), message: oneLine(`Security log cleared${user ? ` by ${accountText(user) ?? ''}` : ''}`)}
    }
    default: {
      const user = subject(d)
      return user ? {category: 'other', action: `event-${id}`, user} : undefined
    }
  }
}
