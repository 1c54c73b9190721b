import {spawnSync} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import t from 'tap'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const bin = path.join(root, 'bin/run.js')
const sampleCase = path.join(root, 'samples/case')

function run(args: string[], env: NodeJS.ProcessEnv = {}, input?: Buffer) {
  const r = spawnSync(process.execPath, [bin, ...args], {cwd: root, encoding: 'utf8', env: {...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env}, timeout: 120_000, ...(input ? {input} : {})})
  return {code: r.status, stdout: r.stdout, stderr: r.stderr}
}

t.test('help names the exit codes', async t => {
  const r = run(['triage', '--help'])
  t.equal(r.code, 0)
  t.match(r.stdout, /EXIT CODES\n\s+0\s+success[^\n]*\n\s+1\s+findings at or above --fail-on[^\n]*\n\s+2\s+usage error/)
})

t.test('exit 2 on usage errors and unknown commands', async t => {
  t.equal(run(['nosuch']).code, 2)
  t.equal(run(['triage']).code, 2, 'missing path')
  t.equal(run(['triage', sampleCase, '--fail-on', 'extreme']).code, 2, 'bad severity')
  const r = run(['triage', sampleCase, '--source-tz', 'Mars/Olympus'])
  t.equal(r.code, 2)
  t.match(r.stderr, /unknown time zone "Mars\/Olympus"/)
})

t.test('exit 1 when findings reach --fail-on, 0 otherwise', async t => {
  t.equal(run(['triage', sampleCase, '--fail-on', 'high', '--quiet']).code, 1)
  t.equal(run(['triage', path.join(sampleCase, 'SIEM'), '--fail-on', 'high', '--quiet']).code, 0)
})

t.test('output to a pipe carries no colour and no progress', async t => {
  const r = run(['triage', sampleCase])
  t.equal(r.code, 0)
  t.notMatch(r.stdout, /\x1b\[/, 'no ANSI escapes on stdout')
  t.equal(r.stderr, '', 'nothing on stderr (no progress)')
  t.match(r.stdout, /BITS job persistence/)
  const forced = run(['triage', sampleCase], {FORCE_COLOR: '1'})
  t.match(forced.stdout, /\x1b\[/, 'FORCE_COLOR brings colour back')
  const noColor = run(['triage', sampleCase, '--no-color'], {FORCE_COLOR: '1'})
  t.notMatch(noColor.stdout, /\x1b\[/, '--no-color wins')
})

t.test('triage --json lists inputs with kind, size and records', async t => {
  const r = run(['triage', sampleCase, '--json'])
  t.equal(r.code, 0)
  const result = JSON.parse(r.stdout) as {inputs: {path: string; kind: string; size: number; records: number}[]; sourceTimeZone: {name: string; basis: string}}
  const byFile = Object.fromEntries(result.inputs.map(i => [path.relative(sampleCase, i.path), i]))
  t.match(byFile['Live/bitsadmin_list_allusers_verbose.txt'], {kind: 'bitsadmin', records: 3})
  t.match(byFile['Registry/autoruns_and_timezone.reg'], {kind: 'reg'})
  t.match(byFile['C/Windows/System32/Tasks/UpdSvc/Refresh'], {kind: 'task-xml', records: 1})
  t.match(byFile['C/Windows/System32/winevt/Logs/Security.evtx'], {kind: 'evtx', records: 2})
  t.match(byFile['SIEM/winlogbeat-ws-fin-07.ndjson'], {kind: 'ndjson', records: 3})
  const sec = byFile['C/Windows/System32/winevt/Logs/Security.evtx']!
  t.equal(sec.size, readFileSync(path.join(sampleCase, 'C/Windows/System32/winevt/Logs/Security.evtx')).length)
  t.same(result.sourceTimeZone, {name: 'W. Europe Standard Time', basis: 'evidence'}, 'zone read from the .reg export')
})

t.test('outputs are never written into the evidence', async t => {
  const dir = t.testdir({'notes.txt': 'x'})
  const r = run(['triage', dir, '--html', path.join(dir, 'report.html')])
  t.equal(r.code, 2)
  t.match(r.stderr, /refusing to write/)
})

t.test('a zone-less listing without zone information is read as UTC with a warning', async t => {
  const dir = t.testdir({})
  writeFileSync(path.join(dir, 'jobs.txt'), readFileSync(path.join(sampleCase, 'Live/bitsadmin_list_allusers_verbose.txt')))
  const asUtc = JSON.parse(run(['triage', dir, '--json']).stdout) as {warnings: string[]; sourceTimeZone: {basis: string}}
  t.equal(asUtc.sourceTimeZone.basis, 'assumed-utc')
  t.match(asUtc.warnings.join('\n'), /read as UTC/)
  const berlin = JSON.parse(run(['triage', dir, '--json', '--source-tz', 'Europe/Berlin']).stdout) as {warnings: string[]; sourceTimeZone: {basis: string; name: string}}
  t.same(berlin.sourceTimeZone, {name: 'Europe/Berlin', basis: 'source-tz'})
  t.notMatch(berlin.warnings.join('\n'), /read as UTC/)
})

t.test('triage of samples/ reads every sample by content', async t => {
  const r = run(['triage', path.join(root, 'samples'), '--json', '--source-tz', 'UTC'])
  t.equal(r.code, 0)
  const result = JSON.parse(r.stdout) as {inputs: {path: string; kind: string; records: number; skipped?: string}[]}
  t.ok(result.inputs.length >= 30, `${result.inputs.length} inputs`)
  for (const input of result.inputs) {
    t.not(input.kind, 'unknown', `${path.relative(root, input.path)} identified`)
    t.equal(input.skipped, undefined, `${path.relative(root, input.path)} parsed`)
    t.ok(input.records > 0, `${path.relative(root, input.path)} has records`)
  }
})

t.test('- reads evidence from standard input', async t => {
  const listing = readFileSync(path.join(sampleCase, 'Live/bitsadmin_list_allusers_verbose.txt'))
  const r = run(['triage', '-', '--json', '--source-tz', 'Europe/Berlin'], {}, listing)
  t.equal(r.code, 0)
  const result = JSON.parse(r.stdout) as {inputs: {path: string; kind: string; records: number}[]; findings: {title: string; evidence: {path: string}[]}[]}
  t.same(result.inputs.map(i => [i.path, i.kind, i.records]), [['(stdin)', 'bitsadmin', 3]])
  t.ok(result.findings.some(f => f.title.includes('updsvc') && f.evidence[0]?.path === '(stdin)'), 'findings cite (stdin)')
})
