/** A seeded mix of realistic events, for benchmarks and fuzzing. */

import type {EvtxEventSpec} from './event-spec.js'
import {bitsClientEvent, type EventCommon, securityEvent, sysmonEvent, system7045Event} from './presets.js'
import {filetimeToIso7, isoToFiletime} from './time.js'

/** Small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** `count` events cycling Sysmon 1/3/11/13, Security 4624/4688/4697/4698, Bits-Client 3/59/60/4 and System 7045. */
export function* syntheticEvents(count: number, seed = 1, startTime = '2024-03-01T08:00:00.0000000Z'): Generator<EvtxEventSpec> {
  const rnd = prng(seed)
  const hex = (n: number) => Array.from({length: n}, () => Math.floor(rnd() * 16).toString(16)).join('').toUpperCase()
  const guid = () => `{${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}}`
  const images = ['C:\\Windows\\System32\\cmd.exe', 'C:\\Windows\\System32\\bitsadmin.exe', 'C:\\Windows\\System32\\svchost.exe', 'C:\\Program Files\\App\\app.exe']
  let t = isoToFiletime(startTime)
  for (let i = 0; i < count; i++) {
    t += BigInt(Math.floor(rnd() * 50_000_000))
    const common: EventCommon = {computer: 'WKS01.corp.example', time: t}
    const image = images[Math.floor(rnd() * images.length)]!
    const pid = 1000 + Math.floor(rnd() * 60000)
    const utc = filetimeToIso7(t).replace('T', ' ').slice(0, 23)
    switch (i % 13) {
      case 0:
        yield sysmonEvent(1, {
          RuleName: '-', UtcTime: utc, ProcessGuid: guid(), ProcessId: pid, Image: image, FileVersion: '10.0.19041.1',
          Description: 'Windows Command Processor', Product: 'Microsoft® Windows® Operating System', Company: 'Microsoft Corporation',
          OriginalFileName: 'Cmd.Exe', CommandLine: `${image} /c echo ${hex(12)}`, CurrentDirectory: 'C:\\Users\\bob\\',
          User: 'CORP\\bob', LogonGuid: guid(), LogonId: BigInt(0x3e7 + i), TerminalSessionId: 1, IntegrityLevel: 'High',
          Hashes: `SHA256=${hex(64)}`, ParentProcessGuid: guid(), ParentProcessId: 4, ParentImage: 'C:\\Windows\\explorer.exe',
          ParentCommandLine: 'C:\\Windows\\Explorer.EXE', ParentUser: 'CORP\\bob',
        }, common)
        break
      case 1:
        yield sysmonEvent(3, {
          RuleName: '-', UtcTime: utc, ProcessGuid: guid(), ProcessId: pid, Image: image, User: 'NT AUTHORITY\\SYSTEM',
          Protocol: 'tcp', Initiated: true, SourceIsIpv6: false, SourceIp: '10.0.0.5', SourceHostname: 'WKS01', SourcePort: 49152 + (i % 1000),
          SourcePortName: '', DestinationIsIpv6: false, DestinationIp: '93.184.216.34', DestinationHostname: 'example.org',
          DestinationPort: 443, DestinationPortName: 'https',
        }, common)
        break
      case 2:
        yield sysmonEvent(11, {RuleName: '-', UtcTime: utc, ProcessGuid: guid(), ProcessId: pid, Image: image,
          TargetFilename: `C:\\Users\\bob\\AppData\\Local\\Temp\\${hex(8)}.tmp`, CreationUtcTime: utc}, common)
        break
      case 3:
        yield sysmonEvent(13, {RuleName: '-', EventType: 'SetValue', UtcTime: utc, ProcessGuid: guid(), ProcessId: pid, Image: image,
          TargetObject: 'HKU\\S-1-5-21-1-2-3-1001\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater', Details: image}, common)
        break
      case 4:
        yield securityEvent(4688, {
          SubjectUserSid: 'S-1-5-18', SubjectUserName: 'WKS01$', SubjectDomainName: 'CORP', SubjectLogonId: 0x3e7n,
          NewProcessId: BigInt(pid), NewProcessName: image, TokenElevationType: '%%1936', ProcessId: 0x2a8n,
          CommandLine: `${image} /transfer job${i} https://example.org/a.exe C:\\Temp\\a.exe`, TargetUserSid: 'S-1-0-0',
          TargetUserName: '-', TargetDomainName: '-', TargetLogonId: 0n, ParentProcessName: 'C:\\Windows\\System32\\cmd.exe',
          MandatoryLabel: 'S-1-16-12288',
        }, common)
        break
      case 5:
        yield securityEvent(4624, {
          SubjectUserSid: 'S-1-5-18', SubjectUserName: 'WKS01$', SubjectDomainName: 'CORP', SubjectLogonId: 0x3e7n,
          TargetUserSid: 'S-1-5-21-3583694148-1414552638-2922671848-1001', TargetUserName: 'bob', TargetDomainName: 'CORP',
          TargetLogonId: BigInt(0x1000 + i), LogonType: 3, LogonProcessName: 'NtLmSsp ', AuthenticationPackageName: 'NTLM',
          WorkstationName: 'WKS02', LogonGuid: '{00000000-0000-0000-0000-000000000000}', TransmittedServices: '-',
          LmPackageName: 'NTLM V2', KeyLength: 128, ProcessId: 0n, ProcessName: '-', IpAddress: '10.0.0.7', IpPort: '49700',
        }, common)
        break
      case 6:
        yield bitsClientEvent(3, {jobTitle: `job${i}`, jobId: guid(), jobOwner: 'CORP\\bob', processPath: image, processId: pid,
          ClientProcessStartKey: BigInt(1000 + i)}, {...common, version: 1})
        break
      case 7:
        yield bitsClientEvent(59, {transferId: guid(), name: `job${i}`, Id: guid(), url: `https://example.org/f${i}.bin`, peer: '',
          fileTime: t, fileLength: BigInt(302592), bytesTotal: BigInt(302592), bytesTransferred: 0n, bytesTransferredFromPeer: 0n}, common)
        break
      case 8:
        yield bitsClientEvent(60, {transferId: guid(), name: `job${i}`, Id: guid(), url: `https://example.org/f${i}.bin`, peer: '', hr: 0,
          fileTime: t, fileLength: 302592n, bytesTotal: 302592n, bytesTransferred: 302592n, proxy: '', peerProtocolFlags: 0n,
          bytesTransferredFromPeer: 0n, AdditionalInfoHr: 0, PeerContextInfo: 0, bandwidthLimit: 18446744073709551615n,
          ignoreBandwidthLimitsOnLan: false}, common)
        break
      case 9:
        yield bitsClientEvent(4, {User: 'CORP\\bob', jobTitle: `job${i}`, jobId: guid(), jobOwner: 'CORP\\bob', fileCount: 1,
          bytesTransferred: 302592n, bytesTransferredFromPeer: 0n}, common)
        break
      case 10:
        yield securityEvent(4697, {SubjectUserSid: 'S-1-5-21-1-2-3-1001', SubjectUserName: 'bob', SubjectDomainName: 'CORP',
          SubjectLogonId: 0x3e7n, ServiceName: `svc${hex(4)}`, ServiceFileName: `C:\\Windows\\Temp\\${hex(6)}.exe`,
          ServiceType: 0x10, ServiceStartType: 3, ServiceAccount: 'LocalSystem'}, common)
        break
      case 11:
        yield securityEvent(4698, {SubjectUserSid: 'S-1-5-21-1-2-3-1001', SubjectUserName: 'bob', SubjectDomainName: 'CORP',
          SubjectLogonId: 0x3e7n, TaskName: `\\Updater${hex(4)}`,
          TaskContent: `<?xml version="1.0" encoding="UTF-16"?>\r\n<Task><Actions><Exec><Command>${image}</Command></Exec></Actions></Task>`},
          common)
        break
      default:
        yield system7045Event({ServiceName: `svc${hex(4)}`, ImagePath: `%COMSPEC% /c echo ${hex(6)} > \\\\.\\pipe\\${hex(6)}`}, common)
    }
  }
}
