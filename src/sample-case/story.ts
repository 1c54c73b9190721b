/** The facts of the bundled sample case: one host, one BITS persistence chain, benign noise around it. */

export const HOST = 'WS-FIN-07.contoso.local'
export const USER = {domain: 'CONTOSO', name: 'j.doe', sid: 'S-1-5-21-3623811015-3361044348-30300820-1104'}
export const SYSTEM_SID = 'S-1-5-18'

export const JOB = {
  id: '{7D3B6A1E-4C2F-4E8B-9A51-2F0C6B9E1D44}',
  title: 'updsvc',
  url: 'http://185.199.110.42/u/upd.dll',
  local: 'C:\\Users\\j.doe\\AppData\\Local\\Temp\\upd.dll',
  notifyProgram: 'C:\\Windows\\System32\\rundll32.exe',
  notifyParameters: 'C:\\Users\\j.doe\\AppData\\Local\\Temp\\upd.dll,Start',
  bytes: 184320,
}

export const RUN_VALUE = {
  key: `HKEY_USERS\\${USER.sid}\\Software\\Microsoft\\Windows\\CurrentVersion\\Run`,
  name: 'UpdSvc',
  data: `${JOB.notifyProgram} ${JOB.notifyParameters}`,
}

export const TASK = {
  path: '\\UpdSvc\\Refresh',
  command: 'C:\\Windows\\System32\\bitsadmin.exe',
  arguments: `/resume ${JOB.title}`,
}

export const BENIGN_JOBS = [
  {
    id: '{1F4E2C9B-8A7D-4B6E-9C3F-5D2A1B0E8F71}',
    title: 'Microsoft Edge Update',
    owner: 'NT AUTHORITY\\SYSTEM',
    url: 'http://msedge.b.tlu.dl.delivery.mp.microsoft.com/filestreamingservice/files/5a1c7e2b-3d4f-4e6a-9b8c-0d1e2f3a4b5c',
    local: 'C:\\Program Files (x86)\\Microsoft\\EdgeUpdate\\Download\\{56EB18F8-B008-4CBD-B6D2-8C97FE7E9062}\\MicrosoftEdge_X64.exe',
    process: 'C:\\Program Files (x86)\\Microsoft\\EdgeUpdate\\MicrosoftEdgeUpdate.exe',
    bytes: 1835008,
  },
  {
    id: '{A3C5E7F9-1B2D-4F6A-8C0E-2D4F6A8C0E13}',
    title: 'Font Download',
    owner: 'NT AUTHORITY\\LOCAL SERVICE',
    url: 'http://fs.microsoft.com/fs/windows/config.json',
    local: 'C:\\Windows\\ServiceProfiles\\LocalService\\AppData\\Local\\FontCache\\Fonts\\Download\\config.json',
    process: 'C:\\Windows\\System32\\svchost.exe',
    bytes: 2048,
  },
]

/** Times in UTC; the host's clock runs in W. Europe Standard Time (UTC+1 in November). */
export const T = {
  logon: '2026-11-18T09:01:44.2871340Z',
  edgeJob: '2026-11-18T09:05:12.0051230Z',
  fontJob: '2026-11-18T09:07:30.5512340Z',
  word: '2026-11-18T09:11:58.7716502Z',
  create: '2026-11-18T09:12:03.1234567Z',
  jobCreated: '2026-11-18T09:12:03.2010000Z',
  addfile: '2026-11-18T09:12:04.4410000Z',
  notify: '2026-11-18T09:12:05.0120000Z',
  retry: '2026-11-18T09:12:05.8800000Z',
  resume: '2026-11-18T09:12:06.3300000Z',
  transferStarted: '2026-11-18T09:12:06.9000000Z',
  fileWritten: '2026-11-18T09:12:08.1100000Z',
  transferStopped: '2026-11-18T09:12:08.7700000Z',
  notifyLaunch: '2026-11-18T09:12:09.4046118Z',
  network: '2026-11-18T09:12:10.2000000Z',
  runValue: '2026-11-18T09:12:11.9090000Z',
  taskCreated: '2026-11-18T09:12:14.5550000Z',
  wmiadap: '2026-11-18T09:20:00.1000000Z',
}
