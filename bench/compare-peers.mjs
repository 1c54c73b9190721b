#!/usr/bin/env node
/**
 * Compares bitstrail's EVTX decoding with the peers installed on the machine — libevtx (`evtxexport -f xml`) and
 * python-evtx (`/usr/bin/python3 /usr/bin/evtx_dump.py`) — on the shared corpus: event ids, TimeCreated and every
 * EventData value, after normalising formats, wherever the two peers agree with each other.
 *
 * usage: node bench/compare-peers.mjs [--dist DIR] [--corpus DIR] [--timeout SECONDS] [--list N]
 *   --dist    compiled sources (default: dist, from `npm run build`)
 *   --corpus  default ../shared/corpus
 * Prints a summary per file and every field where bitstrail differs from both agreeing peers.
 */
import {spawnSync} from 'node:child_process'
import {existsSync, readFileSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const opt = (name, def) => {
  const i = args.indexOf(name)
  return i >= 0 && args[i + 1] ? args[i + 1] : def
}
const dist = resolve(opt('--dist', join(root, 'dist')))
const corpus = resolve(opt('--corpus', join(root, '..', 'shared', 'corpus')))
const timeoutMs = Number(opt('--timeout', '600')) * 1000
const listMax = Number(opt('--list', '200'))
const EVTXEXPORT = '/usr/bin/evtxexport'
const PYEVTX = '/usr/bin/evtx_dump.py'
const PYTHON = '/usr/bin/python3'

if (!existsSync(join(dist, 'parsers', 'evtx', 'index.js'))) {
  console.error(`no compiled parser in ${dist} (run npm run build, or pass --dist)`)
  process.exit(2)
}
if (!existsSync(join(corpus, 'expected.tsv'))) {
  console.error(`no corpus at ${corpus}`)
  process.exit(2)
}
const haveLib = existsSync(EVTXEXPORT)
const havePy = existsSync(PYEVTX) && existsSync(PYTHON)
if (!haveLib || !havePy) {
  console.error(`peers missing: evtxexport ${haveLib ? 'ok' : 'absent'}, python-evtx ${havePy ? 'ok' : 'absent'}`)
  process.exit(2)
}
const {readEvtx} = await import(pathToFileURL(join(dist, 'parsers', 'evtx', 'index.js')).href)

const ENT = {lt: '<', gt: '>', amp: '&', quot: '"', apos: "'"}
const unescape = (s) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (_, e) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ENT[e],
  )

/** Times of any peer format → epoch microseconds (FILETIME precision is kept as a fraction). */
function timeValue(s) {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z?$/.exec(s.trim())
  if (!m) return undefined
  const base = Date.parse(`${m[1]}T${m[2]}Z`)
  if (Number.isNaN(base)) return undefined
  return base * 1000 + Number(((m[3] ?? '') + '000000').slice(0, 6)) + Number(`0.${(m[3] ?? '').slice(6) || '0'}`)
}

/** One comparable text per value: GUIDs braced upper case, hex lower case, booleans lower case. */
function norm(v) {
  let s = unescape(v)
  const t = timeValue(s)
  if (t !== undefined) return {time: t}
  if (/^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i.test(s)) s = `{${s.replace(/[{}]/g, '').toUpperCase()}}`
  else if (/^0x[0-9a-f]+$/i.test(s)) s = `0x${BigInt(s).toString(16)}`
  else if (/^(true|false)$/i.test(s)) s = s.toLowerCase()
  return s
}

/** Equal after normalisation; times within 2 µs (python-evtx converts FILETIME through a float). */
function same(a, b) {
  if (typeof a === 'object' && typeof b === 'object') return Math.abs(a.time - b.time) <= 2
  return a === b
}
const show = (v) => {
  const s = typeof v === 'object' ? `time ${v.time}` : JSON.stringify(v)
  return s.length > 120 ? `${s.slice(0, 117)}...` : s
}

/** Records of an XML text (peer output or ours): id → {eventId, time, data: [[name, value], ...]}. */
function parseXml(text) {
  const out = new Map()
  for (const m of text.matchAll(/<Event[ >][\s\S]*?<\/Event>/g)) {
    const ev = m[0]
    const id = /<EventRecordID>(\d+)<\/EventRecordID>/.exec(ev)?.[1]
    if (id === undefined) continue
    const rec = {
      eventId: /<EventID[^>]*>\s*(\d+)\s*<\/EventID>/.exec(ev)?.[1],
      time: /<TimeCreated[^>]*SystemTime="([^"]*)"/.exec(ev)?.[1],
      data: [],
    }
    const ed = /<EventData>([\s\S]*?)<\/EventData>/.exec(ev)?.[1] ?? ''
    for (const d of ed.matchAll(/<Data(?:\s+Name="([^"]*)")?\s*(?:\/>|>([\s\S]*?)<\/Data>)/g)) rec.data.push([d[1] ?? '', d[2] ?? ''])
    out.set(id, rec)
  }
  return out
}

function runPeer(cmd, argv) {
  const r = spawnSync(cmd, argv, {encoding: 'utf8', maxBuffer: 1 << 30, timeout: timeoutMs})
  return {text: r.stdout ?? '', ok: r.status === 0, error: r.status !== 0 ? (r.stderr || String(r.error ?? r.signal)).trim().split('\n').at(-1) : ''}
}

async function ours(path) {
  let text = ''
  for await (const r of readEvtx(path, {output: 'xml', threads: 1})) text += r.xml + '\n'
  return parseXml(text)
}

const rows = readFileSync(join(corpus, 'expected.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'))
const mine = []
const splits = []
const peersSplit = {withLib: 0, withPy: 0, neither: 0}
const totals = {records: 0, fields: 0, agreed: 0, ours: 0}
console.log('file\tours\tlibevtx\tpython-evtx\tcompared-records\tfields-peers-agree\tours-differ')
for (const [rel] of rows) {
  const path = join(corpus, rel)
  const a = await ours(path)
  const lib = runPeer(EVTXEXPORT, ['-f', 'xml', path])
  const py = runPeer(PYTHON, [PYEVTX, path])
  const b = parseXml(lib.text)
  const c = parseXml(py.text)
  let records = 0
  let agreed = 0
  let differ = 0
  for (const [id, x] of a) {
    const y = b.get(id)
    const z = c.get(id)
    if (!y || !z) continue
    records++
    const fields = [
      ['EventID', x.eventId, y.eventId, z.eventId],
      ['TimeCreated', x.time, y.time, z.time],
    ]
    const n = Math.max(x.data.length, y.data.length, z.data.length)
    for (let i = 0; i < n; i++) {
      const name = x.data[i]?.[0] ?? y.data[i]?.[0] ?? z.data[i]?.[0] ?? ''
      fields.push([`Data[${i}]${name ? ` ${name}` : ''}`, x.data[i]?.[1], y.data[i]?.[1], z.data[i]?.[1]])
    }
    for (const [field, xv, yv, zv] of fields) {
      totals.fields++
      if (yv === undefined || zv === undefined) continue
      const ny = norm(yv)
      const nz = norm(zv)
      const nx = xv === undefined ? undefined : norm(xv)
      if (!same(ny, nz)) {
        splits.push(`${rel} record ${id} ${field}: bitstrail ${nx === undefined ? 'absent' : show(nx)} / libevtx ${show(ny)} / python-evtx ${show(nz)}`)
        if (nx !== undefined && same(nx, ny)) peersSplit.withLib++
        else if (nx !== undefined && same(nx, nz)) peersSplit.withPy++
        else peersSplit.neither++
        continue
      }
      agreed++
      if (nx === undefined || !same(nx, ny)) {
        differ++
        mine.push({file: rel, record: id, field, ours: nx === undefined ? 'absent' : show(nx), peers: show(ny)})
      }
    }
  }
  totals.records += records
  totals.agreed += agreed
  totals.ours += differ
  const status = (p, m) => `${m.size}${p.ok ? '' : ` (exit: ${p.error.slice(0, 60)})`}`
  console.log(`${rel}\t${a.size}\t${status(lib, b)}\t${status(py, c)}\t${records}\t${agreed}\t${differ}`)
}
console.log(`\nrecords compared ${totals.records}, fields where both peers agree ${totals.agreed}, bitstrail differs on ${totals.ours}`)
console.log(`fields where the peers disagree with each other: bitstrail = libevtx ${peersSplit.withLib}, = python-evtx ${peersSplit.withPy}, = neither ${peersSplit.neither}`)
const kinds = new Map()
for (const line of splits) {
  const kind = line.replace(/record \d+ /, '').replace(/: bitstrail.*/, '').replace(/Data\[\d+\]/, 'Data')
  if (!kinds.has(kind)) kinds.set(kind, {n: 0, example: line})
  kinds.get(kind).n++
}
for (const [kind, {n, example}] of kinds) console.log(`PEERS-SPLIT ${n}x ${kind} — e.g. ${example}`)
for (const d of mine.slice(0, listMax)) console.log(`DIFF ${d.file} record ${d.record} ${d.field}: bitstrail ${d.ours} / peers ${d.peers}`)
process.exitCode = totals.ours === 0 ? 0 : 1
