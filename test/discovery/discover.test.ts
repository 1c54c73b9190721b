import {mkdir, symlink, writeFile} from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'

import {discoverEvidence} from '../../src/discovery/index.js'
import {decodeTextHead, identifyHead} from '../../src/discovery/identify.js'

const utf16 = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')])
const TASK_NS = 'http://schemas.microsoft.com/windows/2004/02/mit/task'

const KINDS: [string, Buffer, string][] = [
  ['logs.txt', Buffer.concat([Buffer.from('ElfFile\0', 'latin1'), Buffer.alloc(4088)]), 'evtx'],
  ['hive.evtx', Buffer.concat([Buffer.from('regf', 'latin1'), Buffer.alloc(4092)]), 'regf'],
  ['export.txt', utf16('Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software]\r\n'), 'reg'],
  ['old.csv', Buffer.from('REGEDIT4\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE]\r\n', 'latin1'), 'reg'],
  ['utf8.log', Buffer.from('\ufeffWindows Registry Editor Version 5.00\n', 'utf8'), 'reg'],
  ['Refresh', utf16(`<?xml version="1.0" encoding="UTF-16"?>\r\n<Task version="1.2" xmlns="${TASK_NS}">\r\n</Task>`), 'task-xml'],
  ['tasks.reg', Buffer.from(`<?xml version="1.0"?>\n<Tasks>\n<!-- \\A -->\n<Task xmlns="${TASK_NS}"></Task>\n</Tasks>`), 'task-xml'],
  ['jobs.xml', utf16('\r\nBITSADMIN version 3.0\r\nBITS administration utility.\r\n'), 'bitsadmin'],
  ['plain.dat', Buffer.from("{0B8A2F40-46E3-4B2E-9C7A-1D2E3F405162} 'job' TRANSFERRED 1 / 1 100 / 100\r\nListed 1 job(s).\r\n"), 'bitsadmin'],
  ['kibana.json', Buffer.from('\ufeff"@timestamp","host.name","event.code"\n"Nov 18, 2026 @ 10:12:09.404","ws","1"\n'), 'csv'],
  ['evtxecmd.txt', Buffer.from('RecordNumber;EventRecordId;TimeCreated;EventId\n1;1;2026-11-18;4688\n'), 'csv'],
  ['docs.csv', Buffer.from('{"@timestamp":"2026-11-18T09:12:10.200Z"}\n{"@timestamp":"2026-11-18T09:12:11.200Z"}\n'), 'ndjson'],
  ['search.txt', Buffer.from('{\n  "took": 3,\n  "hits": {"hits": []}\n}\n'), 'json'],
]

t.test('each kind is identified by content whatever its extension', async t => {
  for (const [name, bytes, kind] of KINDS) {
    t.equal(identifyHead(bytes).kind, kind, name)
  }
})

t.test('unknown content is named with a reason', async t => {
  t.match(identifyHead(Buffer.alloc(0)), {kind: 'unknown', reason: 'empty file'})
  t.match(identifyHead(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0])), {
    kind: 'unknown',
    reason: 'binary content of no known format',
  })
  t.match(identifyHead(Buffer.from('just some notes\n')), {kind: 'unknown', reason: 'text of no known format'})
  t.match(identifyHead(Buffer.from('a,b,c\n1,2,3\n')), {kind: 'unknown', reason: 'delimited text without any known event column'})
  t.equal(decodeTextHead(Buffer.from('h\0i\0 \0t\0h\0e\0r\0e\0', 'latin1')), 'hi there', 'BOM-less UTF-16LE')
})

t.test('a junk folder is reported file by file, links are not followed', async t => {
  const dir = t.testdir({
    case: {
      'noise.bin': Buffer.from(Array.from({length: 5000}, (_, i) => (i * 7919) % 251)),
      'empty': '',
      sub: {'notes.txt': 'nothing here\n'},
    },
  })
  const root = path.join(dir, 'case')
  await symlink(root, path.join(root, 'sub', 'loop'))
  await symlink('/etc/passwd', path.join(root, 'outside'))
  await mkdir(path.join(root, 'deep'))
  await writeFile(path.join(root, 'deep', 'export.reg.bak'), KINDS[2]![1])
  const result = await discoverEvidence([root])
  const byName = Object.fromEntries(result.artefacts.map(a => [path.relative(root, a.path), a]))
  t.same(Object.keys(byName).sort(), ['deep/export.reg.bak', 'empty', 'noise.bin', 'sub/notes.txt'])
  t.equal(byName['deep/export.reg.bak']!.identification.kind, 'reg')
  t.equal(byName['deep/export.reg.bak']!.size, KINDS[2]![1].length)
  t.match(byName['empty']!.identification, {kind: 'unknown', reason: 'empty file'})
  t.equal(byName['noise.bin']!.identification.kind, 'unknown')
  t.same(
    result.skipped.map(s => [path.relative(root, s.path), s.reason]).sort(),
    [
      ['outside', 'symbolic link (not followed inside the evidence tree)'],
      ['sub/loop', 'symbolic link (not followed inside the evidence tree)'],
    ],
  )
})

t.test('missing paths are reported, not fatal', async t => {
  const result = await discoverEvidence(['/nonexistent/evidence'])
  t.same(result.artefacts, [])
  t.same(result.skipped, [{path: '/nonexistent/evidence', reason: 'no such file or directory'}])
})
