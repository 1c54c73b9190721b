import t from 'tap'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {parseTaskXml, sniffTaskXml, taskPathFromFilePath, taskXmlParser} from '../../src/parsers/task-xml/index.js'
import type {ParseIssue} from '../../src/model/issue.js'
import type {TriageEvent} from '../../src/model/event.js'
import {ianaZone} from '../../src/model/time.js'

const SAMPLES = join(import.meta.dirname, '../../samples/tasks')

async function parseFile(path: string): Promise<{events: TriageEvent[]; issues: Omit<ParseIssue, 'path'>[]; records: number}> {
  const issues: Omit<ParseIssue, 'path'>[] = []
  let records = 0
  const events: TriageEvent[] = []
  const ctx = {path, zone: ianaZone('Europe/Berlin'), issue: (i: Omit<ParseIssue, 'path'>) => issues.push(i), countRecords: (n = 1) => (records += n)}
  for await (const e of taskXmlParser.parse(path, ctx)) events.push(e)
  return {events, issues, records}
}

t.test('System32\\Tasks file: UTF-16LE with BOM, no extension, path from its location', async t => {
  const path = join(SAMPLES, 'Windows/System32/Tasks/Microsoft/Windows/BitsRefresh')
  const {events, issues, records} = await parseFile(path)
  t.same(issues, [])
  t.equal(records, 1)
  t.equal(events.length, 1)
  const e = events[0]!
  t.equal(e.category, 'task')
  t.equal(e.action, 'task-defined')
  t.strictSame(e.source, {path, kind: 'task-xml', line: 2, key: '\\Microsoft\\Windows\\BitsRefresh'})
  // Zone-less Date read in Europe/Berlin (CET, an hour before the 2024 DST change), fraction kept.
  t.equal(e.time, '2024-03-31T00:30:00.1234567Z')
  t.equal(e.timeZoneBasis, 'source-tz')
  t.strictSame(e.user, {sid: 'S-1-5-18'})
  t.strictSame(e.task, {
    triggers: [
      {type: 'Logon', enabled: true, delay: 'PT30S', userId: 'CORP\\mallory'},
      {type: 'Boot', startBoundary: '2024-03-31T00:00:00', delay: 'PT1M', repetitionInterval: 'PT15M', repetitionDuration: 'P1D'},
    ],
    actions: [{type: 'exec', command: 'C:\\Windows\\System32\\bitsadmin.exe', arguments: '/resume "Update Job"', workingDirectory: 'C:\\Users\\Public'}],
    uri: '\\Microsoft\\Windows\\BitsRefresh',
    author: 'CORP\\mallory',
    description: 'Keeps BITS transfers fresh & fast',
    date: '2024-03-31T01:30:00.1234567',
    source: '$(@%SystemRoot%\\system32\\bits.dll,-100)',
    principal: {id: 'Author', userId: 'S-1-5-18', logonType: 'ServiceAccount', runLevel: 'HighestAvailable'},
    hidden: true,
    enabled: true,
    path: '\\Microsoft\\Windows\\BitsRefresh',
  })
  t.equal(e.message, 'Task \\Microsoft\\Windows\\BitsRefresh: exec C:\\Windows\\System32\\bitsadmin.exe /resume "Update Job" on Logon, Boot (hidden)')
})

t.test('schtasks /query /xml: several documents, comments give paths, every trigger and action kind', async t => {
  const path = join(SAMPLES, 'schtasks-query.xml')
  const {events, issues, records} = await parseFile(path)
  t.same(issues, [])
  t.equal(records, 2)
  const [daily, onEvent] = events
  t.equal(daily!.source.key, '\\Updater\\Daily')
  t.equal(daily!.source.line, 3)
  t.equal(daily!.time, '2023-11-05T08:00:00Z')
  t.equal(daily!.timeZoneBasis, undefined)
  t.strictSame(daily!.task!.triggers, [
    {type: 'Calendar', enabled: true, startBoundary: '2023-11-06T09:00:00+01:00', endBoundary: '2025-01-01T00:00:00', schedule: 'ByWeek DaysOfWeek=Monday,Friday WeeksInterval=2'},
    {type: 'Calendar', startBoundary: '2023-11-06T10:00:00', schedule: 'ByMonthDayOfWeek Weeks=1,Last DaysOfWeek=Sunday Months=January,July'},
    {type: 'Calendar', startBoundary: '2023-11-06T11:00:00', schedule: 'ByMonth DaysOfMonth=1,15 Months=March'},
    {type: 'Calendar', startBoundary: '2023-11-06T12:00:00', schedule: 'ByDay DaysInterval=3'},
    {type: 'Time', enabled: false, startBoundary: '2023-11-07T13:14:15'},
  ])
  t.strictSame(daily!.task!.actions, [
    {type: 'com', classId: '{A6BA00FE-40E8-477C-B713-C64A14F18ADB}', data: '<refresh mode="full"/>'},
    {type: 'email', to: 'admin@contoso.example', from: 'task@contoso.example', subject: 'Updated', server: 'smtp.contoso.example'},
    {type: 'message', title: 'Notice', body: 'Update finished'},
  ])
  t.strictSame(daily!.task!.principal, {id: 'Users', groupId: 'S-1-5-32-545', runLevel: 'LeastPrivilege'})
  t.equal(daily!.task!.enabled, false)
  t.equal(daily!.task!.hidden, undefined)
  t.strictSame(daily!.user, {sid: 'S-1-5-32-545'})

  t.equal(onEvent!.source.key, '\\Watchers\\OnEvent')
  t.equal(onEvent!.source.line, 90)
  t.equal(onEvent!.time, '2024-02-29T18:29:59Z')
  t.strictSame(onEvent!.task!.triggers, [
    {
      type: 'Event',
      enabled: true,
      delay: 'PT5S',
      subscription:
        '<QueryList><Query Id="0" Path="Microsoft-Windows-Bits-Client/Operational"><Select Path="Microsoft-Windows-Bits-Client/Operational">*[System[EventID=4]]</Select></Query></QueryList>',
    },
    {type: 'Idle', enabled: true},
    {type: 'Registration', delay: 'PT2M'},
    {type: 'SessionStateChange', userId: 'WS01\\alice', schedule: 'StateChange=SessionUnlock'},
  ])
  t.strictSame(onEvent!.task!.actions, [{type: 'exec', command: '"C:\\Users\\alice\\AppData\\Roaming\\svc host.exe"'}])
  t.strictSame(onEvent!.user, {domain: 'WS01', name: 'alice'})
})

t.test('schtasks /xml ONE: <Tasks> wrapper, UTF-8 BOM, comment paths win over URI', async t => {
  const {events, issues} = await parseFile(join(SAMPLES, 'schtasks-one.xml'))
  t.same(issues, [])
  t.strictSame(
    events.map(e => [e.source.key, e.source.line, e.time, e.task!.actions]),
    [
      ['\\One', 4, undefined, [{type: 'exec', command: 'cmd.exe', arguments: '/c echo one'}]],
      ['\\Folder\\Two', 9, '2024-06-01T10:00:00Z', [{type: 'exec', command: 'C:\\ProgramData\\two.exe'}]],
    ],
  )
})

t.test('truncated task: errors with lines, fields read before the damage kept', async t => {
  const {events, issues, records} = await parseFile(join(SAMPLES, 'damaged-truncated.xml'))
  t.equal(records, 1)
  t.strictSame(events[0]!.task, {
    triggers: [],
    actions: [{type: 'exec', command: 'powershell.exe', arguments: '-w hidden -enc SQBFAFgA'}],
    uri: '\\Broken',
    date: '2024-01-15T10:00:00',
    hidden: true,
    path: '\\Broken',
  })
  t.equal(events[0]!.time, '2024-01-15T09:00:00Z')
  t.strictSame(issues.at(-1), {severity: 'error', line: 2, reason: 'task \\Broken is incomplete: </Task> missing, fields after the damage are lost'})
  t.ok(issues.some(i => i.line === 15 && i.reason === 'XML not well-formed at column 0: unclosed tag: Task'))
})

t.test('billion laughs and external entities: nothing expanded, nothing read, reported', async t => {
  const start = Date.now()
  const {events, issues} = await parseFile(join(SAMPLES, 'xxe-billion-laughs.xml'))
  t.ok(Date.now() - start < 2000)
  t.equal(events[0]!.task!.description, '&lol9;')
  t.strictSame(events[0]!.task!.actions, [{type: 'exec', command: '&xxe;'}])
  t.strictSame(issues, [
    {severity: 'warning', line: 14, reason: 'DOCTYPE declaration ignored: its entities are never expanded and no external entity is read'},
    {severity: 'warning', line: 17, reason: 'entity reference left unexpanded at column 23 (DOCTYPE entities are never expanded)'},
    {severity: 'warning', line: 22, reason: 'entity reference left unexpanded at column 20 (DOCTYPE entities are never expanded)'},
  ])

  const dir = t.testdir({'secret.txt': 'CANARY-7d1f'})
  const secret = join(dir, 'secret.txt')
  const xml = `<?xml version="1.0"?><!DOCTYPE Task [<!ENTITY x SYSTEM "file://${secret}"><!ENTITY y SYSTEM "${secret}">]>
<Task><RegistrationInfo><Description>&x;&y;</Description></RegistrationInfo><Actions><Exec><Command>&y;</Command></Exec></Actions></Task>`
  const xmlPath = join(dir, 'xxe.xml')
  writeFileSync(xmlPath, xml)
  const parsed = await parseFile(xmlPath)
  t.notMatch(JSON.stringify(parsed), /CANARY/)
  t.equal(parsed.events[0]!.task!.description, '&x;&y;')
  t.equal(parsed.issues.length, 4)
})

t.test('TaskContent of a 4698 event: string in, explicit path used for a single task', async t => {
  const content =
    '<?xml version="1.0" encoding="UTF-16"?>\r\n<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">\r\n' +
    '<RegistrationInfo><Date>2019-03-18T12:32:26.4478413</Date><Author>WIN\\admin</Author><URI>\\OtherUri</URI></RegistrationInfo>' +
    '<Triggers><TimeTrigger><StartBoundary>2019-03-18T12:35:00</StartBoundary><Enabled>true</Enabled></TimeTrigger></Triggers>' +
    '<Principals><Principal id="Author"><RunLevel>LeastPrivilege</RunLevel><UserId>WIN\\admin</UserId><LogonType>InteractiveToken</LogonType></Principal></Principals>' +
    '<Actions Context="Author"><Exec><Command>cmd.exe</Command><Arguments>/c whoami</Arguments></Exec></Actions></Task>'
  const r = parseTaskXml(content, {path: '\\Temp Task'})
  t.same(r.issues, [])
  t.strictSame(r.lines, [2])
  t.equal(r.tasks[0]!.path, '\\Temp Task')
  t.equal(r.tasks[0]!.uri, '\\OtherUri')
  t.strictSame(r.tasks[0]!.triggers, [{type: 'Time', enabled: true, startBoundary: '2019-03-18T12:35:00'}])
  t.strictSame(r.tasks[0]!.principal, {id: 'Author', userId: 'WIN\\admin', logonType: 'InteractiveToken', runLevel: 'LeastPrivilege'})
  const none = parseTaskXml('not xml at all', {})
  t.strictSame(none.tasks, [])
  t.strictSame(none.issues.at(-1), {severity: 'error', reason: 'no <Task> element found'})
  t.equal(parseTaskXml('<Task><Actions><Exec/><Run/></Actions></Task>').issues.length, 2)
})

t.test('task path from a file path, sniffing', async t => {
  t.equal(taskPathFromFilePath('E:\\case\\C\\Windows\\System32\\Tasks\\Microsoft\\Windows\\Defrag\\ScheduledDefrag'), '\\Microsoft\\Windows\\Defrag\\ScheduledDefrag')
  t.equal(taskPathFromFilePath('/mnt/c/Windows/system32/tasks/Evil'), '\\Evil')
  t.equal(taskPathFromFilePath('/tmp/task.xml'), undefined)
  const bytes = readFileSync(join(SAMPLES, 'Windows/System32/Tasks/Microsoft/Windows/BitsRefresh'))
  t.equal(sniffTaskXml(bytes), 'task XML: <Task> in the Task Scheduler namespace')
  t.equal(sniffTaskXml('<Tasks><!-- \\x --><Task><Actions/></Task></Tasks>'), 'task XML: <Task> with RegistrationInfo/Triggers/Actions')
  t.equal(sniffTaskXml('<html><body>Task</body></html>'), null)
  t.equal(sniffTaskXml(new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0])), null)
})

t.test('UTF-16LE without BOM, deep nesting and huge text stay bounded', async t => {
  const xml = '<?xml version="1.0" encoding="UTF-16"?>\r\n<Task><Actions><Exec><Command>C:\\a.exe</Command></Exec></Actions></Task>\r\n'
  const dir = t.testdir()
  const path = join(dir, 'NoBom')
  writeFileSync(path, Buffer.from(xml, 'utf16le'))
  const {events, issues} = await parseFile(path)
  t.same(issues, [])
  t.strictSame(events[0]!.task!.actions, [{type: 'exec', command: 'C:\\a.exe'}])

  const start = Date.now()
  const deep = `<Task><Actions>${'<X>'.repeat(20000)}${'</X>'.repeat(20000)}<Exec><Command>${'c'.repeat(3 * 1024 * 1024)}</Command></Exec></Actions></Task>`
  const r = parseTaskXml(deep)
  t.ok(Date.now() - start < 5000)
  t.same(r.issues.filter(i => i.severity === 'error'), [])
  const action = r.tasks[0]!.actions.find(a => a.type === 'exec')
  t.equal(action?.type === 'exec' ? action.command.length : -1, 1024 * 1024, 'element text capped at 1 MiB')
})
