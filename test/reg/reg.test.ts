import t from 'tap'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {createRegParser, normaliseKeyPath, parseValueLine, regParser, sniffRegExport} from '../../src/parsers/reg/index.js'
import type {ParseIssue} from '../../src/model/issue.js'
import type {TriageEvent} from '../../src/model/event.js'
import {ASSUMED_UTC} from '../../src/model/time.js'
import type {ArtefactParser} from '../../src/parsers/types.js'

const SAMPLES = join(import.meta.dirname, '../../samples/reg')

async function parseFile(path: string, parser: ArtefactParser = regParser) {
  const issues: Omit<ParseIssue, 'path'>[] = []
  let records = 0
  const events: TriageEvent[] = []
  const ctx = {path, zone: ASSUMED_UTC, issue: (i: Omit<ParseIssue, 'path'>) => issues.push(i), countRecords: (n = 1) => (records += n)}
  for await (const e of parser.parse(path, ctx)) events.push(e)
  return {events, issues, records}
}

/** [line, action, key, value, type, data] per event. */
const rows = (events: TriageEvent[]) => events.map(e => [e.source.line, e.action, e.registry!.key, e.registry!.value, e.registry!.type, e.registry!.data])

t.test('regedit 5.00, UTF-16LE with BOM: every value type, escapes, continuations, deletions, hive aliases', async t => {
  const path = join(SAMPLES, 'all-types-v5.reg')
  const {events, issues, records} = await parseFile(path)
  t.same(issues, [])
  t.equal(records, 31, 'values set or deleted; the key deletion is not a value')
  const run = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run'
  const types = 'HKCU\\Software\\Bitstrail\\Types'
  const tz = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\TimeZoneInformation'
  t.strictSame(rows(events), [
    [5, 'registry-value', run, 'SecurityHealth', 'REG_EXPAND_SZ', '%windir%\\system32\\SecurityHealthSystray.exe'],
    [9, 'registry-value', run, 'Updater', 'REG_SZ', '"C:\\Users\\Public\\upd.exe" /silent'],
    [10, 'registry-value', run, '(Default)', 'REG_SZ', 'default text'],
    [13, 'registry-value', types, 'Dword', 'REG_DWORD', '300'],
    [14, 'registry-value', types, 'DwordMax', 'REG_DWORD', '4294967295'],
    [15, 'registry-value', types, 'Binary', 'REG_BINARY', 'DEADBEEF'],
    [16, 'registry-value', types, 'Empty', 'REG_BINARY', ''],
    [17, 'registry-value', types, 'None', 'REG_NONE', '0102'],
    [18, 'registry-value', types, 'Sz16', 'REG_SZ', 'AB'],
    [19, 'registry-value', types, 'Binary3', 'REG_BINARY', '00FF'],
    [20, 'registry-value', types, 'Dword4', 'REG_DWORD', '300'],
    [21, 'registry-value', types, 'DwordBE', 'REG_DWORD_BIG_ENDIAN', '300'],
    [22, 'registry-value', types, 'Multi', 'REG_MULTI_SZ', 'first\nsecond line\nC:\\third'],
    [25, 'registry-value', types, 'Qword', 'REG_QWORD', '1000000000000'],
    [26, 'registry-value', types, 'Resource', 'REG_RESOURCE_LIST', '0A0B'],
    [27, 'registry-value', types, 'Escapes', 'REG_SZ', 'quote " backslash \\ end'],
    [28, 'registry-value', types, 'Unicode', 'REG_SZ', 'Grüße ☃'],
    [29, 'registry-value', types, 'Spaced name = x', 'REG_SZ', 'v'],
    [32, 'registry-value', 'HKU\\S-1-5-21-1004336348-1177238915-682003330-1001\\Software\\Microsoft\\Windows\\CurrentVersion\\RunOnce', 'Once', 'REG_SZ', 'cmd.exe /c bitsadmin /resume job1'],
    [35, 'registry-value', 'HKCR\\CLSID\\{11111111-2222-3333-4444-555555555555}\\InprocServer32', '(Default)', 'REG_SZ', 'C:\\ProgramData\\x.dll'],
    [38, 'registry-value', 'HKCC\\Software\\Fonts', 'LogPixels', 'REG_DWORD', '96'],
    [40, 'registry-key-deleted', 'HKLM\\SOFTWARE\\Bitstrail\\Gone', undefined, undefined, undefined],
    [43, 'registry-value-deleted', 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\RunOnce', 'Removed', undefined, undefined],
    [46, 'registry-value', tz, 'Bias', 'REG_DWORD', '4294967236'],
    [47, 'registry-value', tz, 'DaylightBias', 'REG_DWORD', '4294967236'],
    [48, 'registry-value', tz, 'DaylightName', 'REG_SZ', '@tzres.dll,-321'],
    [49, 'registry-value', tz, 'DaylightStart', 'REG_BINARY', '00000300000005000200000000000000'],
    [50, 'registry-value', tz, 'DynamicDaylightTimeDisabled', 'REG_DWORD', '0'],
    [51, 'registry-value', tz, 'StandardBias', 'REG_DWORD', '0'],
    [52, 'registry-value', tz, 'StandardName', 'REG_SZ', '@tzres.dll,-322'],
    [53, 'registry-value', tz, 'StandardStart', 'REG_BINARY', '00000A00000005000300000000000000'],
    [54, 'registry-value', tz, 'TimeZoneKeyName', 'REG_SZ', 'W. Europe Standard Time'],
  ])
  const first = events[0]!
  t.strictSame(first.source, {path, kind: 'reg', line: 5, key: run})
  t.equal(first.category, 'registry')
  t.equal(first.time, undefined)
  t.equal(first.message, `${run}\\SecurityHealth = %windir%\\system32\\SecurityHealthSystray.exe (REG_EXPAND_SZ)`)
  t.strictSame(events[21]!.registry, {key: 'HKLM\\SOFTWARE\\Bitstrail\\Gone', operation: 'delete-key'})
  t.strictSame(events[22]!.registry, {key: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\RunOnce', value: 'Removed', operation: 'delete-value'})
})

t.test('REGEDIT4 in ANSI: strings and hex(2)/hex(7) decoded as code page 1252', async t => {
  const {events, issues, records} = await parseFile(join(SAMPLES, 'all-types-regedit4.reg'))
  t.same(issues, [])
  t.equal(records, 6)
  t.strictSame(rows(events), [
    [4, 'registry-value', 'HKLM\\SOFTWARE\\Classic', 'Name', 'REG_SZ', 'Café société'],
    [5, 'registry-value', 'HKLM\\SOFTWARE\\Classic', 'Expand', 'REG_EXPAND_SZ', '%TEMP%\\é.exe'],
    [6, 'registry-value', 'HKLM\\SOFTWARE\\Classic', 'Multi', 'REG_MULTI_SZ', 'one\ndeux é'],
    [7, 'registry-value', 'HKLM\\SOFTWARE\\Classic', 'Count', 'REG_DWORD', '7'],
    [8, 'registry-value', 'HKLM\\SOFTWARE\\Classic', 'Bin', 'REG_BINARY', '010203'],
    [11, 'registry-value', 'HKCU\\Software\\Classic', '(Default)', 'REG_SZ', 'ANSI default'],
  ])
})

t.test('damaged export: each bad line reported with line and offset, the rest parsed', async t => {
  const {events, issues, records} = await parseFile(join(SAMPLES, 'damaged.reg'))
  t.equal(records, 8)
  t.strictSame(rows(events), [
    [5, 'registry-value', 'HKLM\\SOFTWARE\\Damaged', 'Good1', 'REG_SZ', 'ok'],
    [12, 'registry-value', 'HKLM\\SOFTWARE\\Damaged', 'Qword7', 'REG_QWORD', '010203'],
    [13, 'registry-value', 'HKLM\\SOFTWARE\\Damaged', 'Good2', 'REG_DWORD', '2'],
    [15, 'registry-value', 'HKLM\\SOFTWARE\\Damaged\\Unclosed', 'Good3', 'REG_SZ', 'still read'],
    [17, 'registry-value', 'BOGUSHIVE\\Somewhere', 'Good4', 'REG_SZ', 'unknown hive kept'],
    [18, 'registry-value', 'BOGUSHIVE\\Somewhere', 'Cont', 'REG_BINARY', '0102'],
    [19, 'registry-value', 'BOGUSHIVE\\Somewhere', 'Good5', 'REG_SZ', 'after dangling continuation'],
    [20, 'registry-value', 'BOGUSHIVE\\Somewhere', 'Tail', 'REG_BINARY', '0A0B'],
  ])
  t.strictSame(issues, [
    {severity: 'error', line: 3, offset: 38, reason: 'value line outside a [key] section: skipped'},
    {severity: 'error', line: 6, offset: 115, reason: 'string data of "NoClose" has no closing quote: value skipped'},
    {severity: 'error', line: 7, offset: 139, reason: 'bad dword data "xyz" for "BadDword": value skipped'},
    {severity: 'error', line: 8, offset: 160, reason: 'bad hex data for "BadHex": value skipped'},
    {severity: 'error', line: 9, offset: 182, reason: 'unexpected text after the string data of "Trailing": value skipped'},
    {severity: 'error', line: 10, offset: 202, reason: 'unreadable line "garbage line here": skipped'},
    {severity: 'error', line: 11, offset: 220, reason: `expected '=' after value name "NoEquals": value skipped`},
    {severity: 'warning', line: 12, offset: 235, reason: 'REG_QWORD "Qword7" has 3 bytes instead of 8: kept as hex'},
    {severity: 'warning', line: 14, offset: 283, reason: 'key line without closing "]": key read as "HKLM\\SOFTWARE\\Damaged\\Unclosed"'},
    {severity: 'warning', line: 16, offset: 350, reason: 'unknown hive in key "BOGUSHIVE\\Somewhere"'},
    {severity: 'warning', line: 18, offset: 400, reason: 'continuation line missing: value ends with "\\" but the next line starts a new entry'},
    {severity: 'warning', line: 20, offset: 457, reason: 'file ends inside a value continued with "\\"'},
  ])
})

t.test('missing header, empty file, oversized value', async t => {
  const dir = t.testdir({
    'noheader.reg': '[HKEY_CURRENT_USER\\X]\n"a"="b"\n',
    'empty.reg': '',
  })
  const noHeader = await parseFile(join(dir, 'noheader.reg'))
  t.strictSame(rows(noHeader.events), [[2, 'registry-value', 'HKCU\\X', 'a', 'REG_SZ', 'b']])
  t.strictSame(noHeader.issues, [{severity: 'error', line: 1, offset: 0, reason: 'missing header "Windows Registry Editor Version 5.00" or "REGEDIT4": read as version 5.00'}])
  const empty = await parseFile(join(dir, 'empty.reg'))
  t.strictSame(empty.issues, [{severity: 'error', reason: 'empty file: no .reg header'}])

  const big = ['Windows Registry Editor Version 5.00', '[HKEY_CURRENT_USER\\Big]', '"Huge"=hex:' + Array(40).fill('01,02,03,04,05,06,07,08,\\').join('\n  ') + '\n  ff', '"After"=dword:00000001', '']
  writeFileSync(join(dir, 'big.reg'), big.join('\n'))
  const r = await parseFile(join(dir, 'big.reg'), createRegParser({maxValueChars: 200}))
  t.strictSame(rows(r.events), [
    [3, 'registry-value', 'HKCU\\Big', 'Huge', undefined, undefined],
    [44, 'registry-value', 'HKCU\\Big', 'After', 'REG_DWORD', '1'],
  ])
  t.strictSame(r.issues, [{severity: 'warning', line: 3, offset: 61, reason: 'value "Huge" longer than 200 characters: data not kept'}])
})

t.test('value lines and key paths', async t => {
  t.strictSame(parseValueLine('"a\\\\b"="x"', 'regedit5'), {ok: true, name: 'a\\b', operation: 'set', type: 'REG_SZ', data: 'x'})
  t.strictSame(parseValueLine('"n" = dword:1', 'regedit5'), {ok: true, name: 'n', operation: 'set', type: 'REG_DWORD', data: '1'})
  t.strictSame(parseValueLine('"n"=hex(4):01,00', 'regedit5'), {ok: true, name: 'n', operation: 'set', type: 'REG_DWORD', data: '0100', warning: 'REG_DWORD "n" has 2 bytes instead of 4: kept as hex'})
  t.strictSame(parseValueLine('"n"=hex(20):01', 'regedit5'), {ok: true, name: 'n', operation: 'set', type: 'REG_TYPE_0x20', data: '01'})
  t.strictSame(parseValueLine('"n"=hex(7):', 'regedit5'), {ok: true, name: 'n', operation: 'set', type: 'REG_MULTI_SZ', data: ''})
  t.strictSame(parseValueLine('"n"=dword:123456789', 'regedit5'), {ok: false, name: 'n', type: 'REG_DWORD', reason: 'bad dword data "123456789" for "n"'})
  t.strictSame(normaliseKeyPath('HKEY_LOCAL_MACHINE\\Software\\X\\'), {key: 'HKLM\\Software\\X', knownHive: true})
  t.strictSame(normaliseKeyPath('hkey_users\\S-1-5-18'), {key: 'HKU\\S-1-5-18', knownHive: true})
  t.strictSame(normaliseKeyPath('HKEY_CLASSES_ROOT'), {key: 'HKCR', knownHive: true})
  t.strictSame(normaliseKeyPath('HKCC\\System'), {key: 'HKCC\\System', knownHive: true})
})

t.test('sniffing .reg exports in every encoding', async t => {
  t.equal(sniffRegExport(readFileSync(join(SAMPLES, 'all-types-v5.reg'))), '.reg export: "Windows Registry Editor Version 5.00" header')
  t.equal(sniffRegExport(readFileSync(join(SAMPLES, 'all-types-regedit4.reg'))), '.reg export: "REGEDIT4" header')
  t.equal(sniffRegExport(readFileSync(join(SAMPLES, 'timezone-us-eastern.reg'))), '.reg export: "Windows Registry Editor Version 5.00" header')
  t.equal(sniffRegExport(Buffer.from('REGEDIT4x\r\n')), null)
  t.equal(sniffRegExport(Buffer.from('GUID: {x}')), null)
})

t.test('overlong single lines: one issue each, parsing goes on', async t => {
  const dir = t.testdir({
    'long.reg': ['Windows Registry Editor Version 5.00', `[HKEY_CURRENT_USER\\${'k'.repeat(300)}]`, `"Long"="${'v'.repeat(300)}"`, '"Next"="n"', ''].join('\r\n'),
  })
  const r = await parseFile(join(dir, 'long.reg'), createRegParser({maxValueChars: 100}))
  t.strictSame(rows(r.events), [
    [3, 'registry-value', `HKCU\\${'k'.repeat(81)}`, 'Long', undefined, undefined],
    [4, 'registry-value', `HKCU\\${'k'.repeat(81)}`, 'Next', 'REG_SZ', 'n'],
  ])
  t.strictSame(r.issues, [
    {severity: 'warning', line: 2, offset: 38, reason: 'line longer than 100 characters: cut'},
    {severity: 'warning', line: 2, offset: 38, reason: `key line without closing "]": key read as "HKCU\\${'k'.repeat(81)}"`},
    {severity: 'warning', line: 3, offset: 360, reason: 'value "Long" longer than 100 characters: data not kept'},
  ])
})
