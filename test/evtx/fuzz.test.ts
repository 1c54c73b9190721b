import t from 'tap'
import {existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {Worker} from 'node:worker_threads'
import {crc32} from 'node:zlib'

import {V, buildEvtx, prng, syntheticEvents} from '../../src/parsers/evtx/writer.js'
import type {FuzzJob, FuzzResult} from './fixtures/fuzz-worker.js'

const BUDGET_MS = Number(process.env.EVTX_FUZZ_MS ?? 15000)
const PER_FILE_MS = Number(process.env.EVTX_FUZZ_FILE_MS ?? 5000)
const HEAP_LIMIT = 160 * 1024 * 1024
const SEED = Number(process.env.EVTX_FUZZ_SEED ?? Date.now() % 2147483647)
const CORPUS = fileURLToPath(new URL('../../../shared/corpus', import.meta.url))
const CHUNK = 0x10000
const HEADER = 0x1000

function corpusFiles(): string[] {
  if (!existsSync(CORPUS)) return []
  const out: string[] = []
  const walk = (dir: string) => {
    for (const n of readdirSync(dir).sort()) {
      const p = join(dir, n)
      if (statSync(p).isDirectory()) walk(p)
      else if (n.endsWith('.evtx')) out.push(p)
    }
  }
  walk(CORPUS)
  return out
}

/** Synthetic bases: several chunks of mixed events, one of every value type, literal tokens and odd text. */
function syntheticBases(): Uint8Array[] {
  const typed = {
    provider: 'Fuzz', channel: 'Fuzz/Operational', eventId: 1, computer: 'H', time: '2024-01-01T00:00:00Z',
    data: {s: 'x', u8: V.uint8(1), i64: V.int64(-1n), g: V.guid('{01234567-89ab-cdef-0123-456789abcdef}'), sid: V.sid('S-1-5-18'),
      ft: V.filetime(1n), st: V.systemtime('2024-01-01T00:00:00.001Z'), bin: V.binary('00FF'), h64: V.hex64(5n), b: V.bool(true),
      sa: V.array('string', ['a', 'b']), ua: V.array('uint32', [1, 2]), d: V.double(1.25)},
  }
  const odd = {
    ...typed,
    eventId: 2,
    data: {ctl: 'a\u0001b\u001fc\uffffd\ud800e', lit: V.literal({cdata: 'x]]>y'}, {charRef: 0}, {entityRef: 'bogus'}, {piTarget: 'p', piData: '?>'}),
      bin: V.binary('000102'), ansi: V.ansi('\u0000\u00ff')},
  }
  return [
    buildEvtx(syntheticEvents(120, 1), {maxRecordsPerChunk: 40}).bytes,
    buildEvtx([typed, typed, ...syntheticEvents(20, 2), typed]).bytes,
    buildEvtx([odd, typed, odd]).bytes,
  ]
}

type Rand = () => number

/** One to three mutations; returns a description for the failure message. */
function mutate(src: Uint8Array, rnd: Rand): {bytes: Uint8Array; what: string[]} {
  const int = (n: number) => Math.floor(rnd() * n)
  let b = src.slice()
  const what: string[] = []
  const chunkCount = Math.max(1, Math.floor((b.length - HEADER) / CHUNK))
  const dv = () => new DataView(b.buffer, b.byteOffset, b.length)
  const n = 1 + int(3)
  for (let k = 0; k < n; k++) {
    switch (int(7)) {
      case 0: {
        const flips = 1 + int(32)
        for (let i = 0; i < flips; i++) {
          const at = rnd() < 0.5 ? HEADER + int(chunkCount) * CHUNK + int(0x800) : int(b.length)
          if (at < b.length) b[at]! ^= 1 << int(8)
        }
        what.push(`${flips} bit flips`)
        break
      }
      case 1: {
        const at = int(b.length)
        b = b.slice(0, at)
        what.push(`truncate at ${at}`)
        break
      }
      case 2: {
        const at = int(b.length)
        const len = 1 + int(4096)
        b.fill(0, at, Math.min(b.length, at + len))
        what.push(`zero ${len} at ${at}`)
        break
      }
      case 3: {
        const base = HEADER + int(chunkCount) * CHUNK
        if (base + 512 > b.length) break
        const keepMagic = rnd() < 0.7
        for (let i = keepMagic ? 8 : 0; i < 512; i++) if (rnd() < 0.3) b[base + i] = int(256)
        what.push(`random chunk header at ${base}${keepMagic ? ' (magic kept)' : ''}`)
        break
      }
      case 4: {
        const recs: number[] = []
        for (let i = HEADER + 512; i + 8 < b.length; i++) if (b[i] === 0x2a && b[i + 1] === 0x2a && b[i + 2] === 0 && b[i + 3] === 0) recs.push(i)
        if (!recs.length) break
        const at = recs[int(recs.length)]!
        const choices = [0, 1, 23, 24, 28, 0xffffffff, 0x10000, int(0x10000), dv().getUint32(at + 4, true) + int(64) - 32]
        const size = choices[int(choices.length)]! >>> 0
        dv().setUint32(at + 4, size, true)
        what.push(`record at ${at} size ${size}`)
        break
      }
      case 5: {
        const at = int(Math.max(1, b.length - 4))
        const vals = [0, 0xffffffff, 0x200 + int(0xfe00), int(0x100000000), 0x7fffffff, 1]
        if (at + 4 <= b.length) dv().setUint32(at, vals[int(vals.length)]! >>> 0, true)
        what.push(`u32 overwrite at ${at}`)
        break
      }
      default: {
        // repeat a random slice elsewhere (template/name offsets now point at stale structures)
        const from = int(b.length)
        const to = int(b.length)
        const len = Math.min(1 + int(512), b.length - from, b.length - to)
        if (len > 0) b.copyWithin(to, from, from + len)
        what.push(`copy ${len} bytes ${from}→${to}`)
      }
    }
  }
  if (rnd() < 0.5) {
    // make checksums agree so the damage is met by the decoder, not merely flagged
    for (let base = HEADER; base + 512 <= b.length; base += CHUNK) {
      const d = dv()
      const free = d.getUint32(base + 48, true)
      if (free >= 512 && free <= CHUNK && base + free <= b.length) d.setUint32(base + 52, crc32(b.subarray(base + 512, base + free)), true)
      d.setUint32(base + 124, crc32(b.subarray(base + 128, base + 512), crc32(b.subarray(base, base + 120))), true)
    }
    what.push('CRCs fixed')
  }
  return {bytes: b, what}
}

/** Runs jobs one at a time in a worker that can be killed on a hang or memory blow-up. */
class Decoder {
  private worker!: Worker
  private nextId = 0
  constructor() {
    this.start()
  }
  private start(): void {
    this.worker = new Worker(new URL('./fixtures/fuzz-worker.ts', import.meta.url), {resourceLimits: {maxOldGenerationSizeMb: 384}})
  }
  run(file: string, timeoutMs: number): Promise<FuzzResult | {id: number; timeout: true} | {id: number; crashed: string}> {
    const id = this.nextId++
    return new Promise((resolve) => {
      const done = (r: FuzzResult | {id: number; timeout: true} | {id: number; crashed: string}) => {
        clearTimeout(timer)
        this.worker.off('message', onMessage)
        this.worker.off('error', onError)
        resolve(r)
      }
      const onMessage = (m: FuzzResult) => m.id === id && done(m)
      const onError = (err: Error) => {
        done({id, crashed: err.stack ?? String(err)})
        this.start()
      }
      const timer = setTimeout(() => {
        void this.worker.terminate()
        this.start()
        done({id, timeout: true})
      }, timeoutMs)
      this.worker.on('message', onMessage)
      this.worker.on('error', onError)
      this.worker.postMessage({id, file} satisfies FuzzJob)
    })
  }
  close(): Promise<number> {
    return this.worker.terminate()
  }
}

t.test(`fuzz: mutated synthetic and corpus files (seed ${SEED}, budget ${BUDGET_MS} ms)`, async (t) => {
  t.comment(`EVTX fuzz seed ${SEED} (rerun with EVTX_FUZZ_SEED=${SEED})`)
  const rnd = prng(SEED)
  const dir = t.testdir()
  const bases: Array<{name: string; bytes: Uint8Array}> = syntheticBases().map((bytes, i) => ({name: `synthetic-${i}`, bytes}))
  const corpus = corpusFiles()
  if (!corpus.length) t.pass('corpus absent: synthetic bases only')
  const decoder = new Decoder()
  const started = Date.now()
  let runs = 0
  let records = 0
  let peakHeap = 0
  const failures: string[] = []
  let kept = 0
  // the first run of a fresh worker pays for loading the decoder
  await decoder.run(join(dir, 'none.evtx'), 60000)
  while (Date.now() - started < BUDGET_MS && failures.length < 5) {
    let base: {name: string; bytes: Uint8Array}
    if (corpus.length && rnd() < 0.5) {
      const path = corpus[Math.floor(rnd() * corpus.length)]!
      const whole = readFileSync(path)
      const chunks = Math.max(0, Math.floor((whole.length - HEADER) / CHUNK))
      const first = Math.floor(rnd() * Math.max(1, chunks))
      const take = 1 + Math.floor(rnd() * 3)
      // the file's own header, then up to three consecutive chunks
      const bytes = new Uint8Array([...whole.subarray(0, HEADER), ...whole.subarray(HEADER + first * CHUNK, HEADER + Math.min(chunks, first + take) * CHUNK)])
      base = {name: `${path.slice(CORPUS.length + 1)} chunks ${first}+${take}`, bytes}
    } else {
      base = bases[Math.floor(rnd() * bases.length)]!
    }
    const m = mutate(base.bytes, rnd)
    const file = join(dir, `m${runs % 4}.evtx`)
    writeFileSync(file, m.bytes)
    const t0 = Date.now()
    const r = await decoder.run(file, PER_FILE_MS)
    const ms = Date.now() - t0
    runs++
    const label = `run ${runs} (seed ${SEED}) ${base.name}: ${m.what.join(', ')}`
    if ('timeout' in r) failures.push(`${label}: no result within ${PER_FILE_MS} ms (hang)`)
    else if ('crashed' in r) failures.push(`${label}: worker died: ${r.crashed.split('\n')[0]}`)
    else {
      records += r.records
      peakHeap = Math.max(peakHeap, r.peakHeap)
      if (r.error) failures.push(`${label}: exception escaped the API: ${r.error.split('\n').slice(0, 3).join(' | ')}`)
      if (r.badJson) failures.push(`${label}: ${r.badJson} records rendered as invalid JSON`)
      if (r.badXml) failures.push(`${label}: ${r.badXml} records rendered as malformed XML (${r.firstBadXml})`)
      if (r.peakHeap > HEAP_LIMIT) failures.push(`${label}: heap reached ${(r.peakHeap / 1048576).toFixed(0)} MB`)
      if (ms > PER_FILE_MS) failures.push(`${label}: took ${ms} ms`)
    }
    if (failures.length > kept) {
      // keep the input that failed, outside the test dir (which tap removes), so it can be replayed
      const keep = join(tmpdir(), 'bitstrail-fuzz-failures')
      mkdirSync(keep, {recursive: true})
      const path = join(keep, `seed-${SEED}-run-${runs}.evtx`)
      writeFileSync(path, m.bytes)
      failures[failures.length - 1] += ` [input kept: ${path}]`
      kept = failures.length
    }
  }
  await decoder.close()
  t.comment(`${runs} mutated files, ${records} records decoded, peak worker heap ${(peakHeap / 1048576).toFixed(1)} MB`)
  t.ok(runs >= 20, `ran ${runs} mutated files`)
  t.same(failures, [], 'no crash, hang, escaped exception, invalid JSON/XML or heap blow-up')
})
