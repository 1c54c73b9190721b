/**
 * Streaming reader: the file is read one 64 KiB chunk at a time (never whole), chunks are found by their magic
 * at every 64 KiB step after the 4 KiB header (the header's count is not trusted), decoded inline or by a
 * worker pool with a bounded number in flight, and delivered in file order.
 */

import {readSync} from 'node:fs'
import {open, type FileHandle} from 'node:fs/promises'
import {availableParallelism} from 'node:os'
import {InputError} from '../../model/errors.js'
import type {ParseIssue} from '../../model/issue.js'
import type {WinEventRecord} from '../windows-event/record.js'
import {hasChunkMagic} from './chunk-header.js'
import {decodeChunk, newScratch, type ChunkJob, type ChunkResult, type EvtxOutput} from './chunk.js'
import {EVTX_CHUNK_SIZE, EVTX_HEADER_SIZE} from './constants.js'
import {readFileHeader, type FileHeader} from './file-header.js'
import {unpackEvents} from './event-pack.js'
import {EvtxPool} from './pool.js'

export interface ReadEvtxOptions {
  output: EvtxOutput
  /** Worker threads; default all cores; 1 decodes inline. Ignored when `pool` is given. */
  threads?: number
  /** A pool shared by several files. */
  pool?: EvtxPool
  eventIds?: readonly number[]
  providers?: readonly string[]
  channels?: readonly string[]
  since?: string
  until?: string
  onIssue?: (issue: ParseIssue) => void
  displayPath?: string
  signal?: AbortSignal
  maxChunksInFlight?: number
  /**
   * false (readEvtxChunks only): leave ChunkResult.written/eventIds/providers/channels/times empty — for bulk text
   * output (`text`, when no filter needs them; the fast renderers apply only then) and for consumers of `events`.
   */
  meta?: boolean
}

export interface EvtxRecord {
  recordId: number
  written: string
  chunk: number
  offset: number
  eventId?: number
  provider?: string
  channel?: string
  time?: string
  json?: string
  xml?: string
  event?: WinEventRecord
}

export interface EvtxStats {
  chunks: number
  records: number
  filtered: number
  issues: number
  /** The file header as read (informational: dirty/full flags, versions, its chunk count), when present. */
  header?: FileHeader
}

function isZero(buf: Uint8Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (buf[i] !== 0) return false
  return true
}

/** A 64 KiB block without chunk magic: an error when it still holds record headers (records lost), else a warning. */
function missingChunk(path: string, block: Uint8Array, chunk: number, offset: number): ParseIssue {
  let records = 0
  for (let p = 0; p + 4 <= block.length; p += 8) if (block[p] === 0x2a && block[p + 1] === 0x2a && block[p + 2] === 0 && block[p + 3] === 0) records++
  return records > 0
    ? {path, severity: 'error', reason: `chunk header magic missing; chunk skipped with ${records} record headers in it`, chunk, offset}
    : {path, severity: 'warning', reason: 'no chunk at this 64 KiB block (not zeroes); skipped', chunk, offset}
}

function jobBase(path: string, o: ReadEvtxOptions): Omit<ChunkJob, 'index' | 'fileOffset'> {
  const j: Omit<ChunkJob, 'index' | 'fileOffset'> = {path, output: o.output}
  if (o.eventIds) j.eventIds = [...o.eventIds]
  if (o.providers) j.providers = o.providers.map((p) => p.toLowerCase())
  if (o.channels) j.channels = o.channels.map((p) => p.toLowerCase())
  if (o.since !== undefined) j.since = o.since
  if (o.until !== undefined) j.until = o.until
  if (o.meta === false) j.meta = false
  return j
}

async function readAt(fh: FileHandle, buf: Uint8Array, pos: number): Promise<number> {
  let got = 0
  while (got < buf.length) {
    const {bytesRead} = await fh.read(buf, got, buf.length - got, pos + got)
    if (bytesRead === 0) break
    got += bytesRead
  }
  return got
}

/** Decoded chunks of one file, in file order, with a `stats` summary once iteration ends. */
export class EvtxChunkStream implements AsyncIterable<ChunkResult> {
  readonly stats: EvtxStats = {chunks: 0, records: 0, filtered: 0, issues: 0}
  constructor(
    private readonly path: string,
    private readonly options: ReadEvtxOptions,
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<ChunkResult> {
    const o = this.options
    const display = o.displayPath ?? this.path
    let fh: FileHandle
    try {
      fh = await open(this.path, 'r')
    } catch (err) {
      throw new InputError(display, `cannot open: ${(err as Error).message}`, {cause: err})
    }
    const report = (i: ParseIssue): void => {
      this.stats.issues++
      o.onIssue?.(i)
    }
    let pool: EvtxPool | undefined
    let ownPool = false
    // batches still in flight when iteration stops early; their failures (pool or file closed) are expected
    let inflight: Map<number, Promise<unknown>> | undefined
    try {
      const size = (await fh.stat()).size
      const head = new Uint8Array(EVTX_HEADER_SIZE + 8)
      const got = await readAt(fh, head, 0)
      const header = readFileHeader(head.subarray(0, got))
      if (header) this.stats.header = header
      if (!header) {
        if (!(got >= EVTX_HEADER_SIZE + 8 && hasChunkMagic(head, EVTX_HEADER_SIZE))) {
          throw new InputError(display, 'not an EVTX file (no ElfFile header, no chunk at 4096)')
        }
        report({path: display, severity: 'warning', reason: 'file header magic missing; reading chunks anyway', offset: 0})
      } else if (!header.checksumValid) {
        report({path: display, severity: 'warning', reason: 'file header checksum mismatch', offset: 124})
      }
      const base = jobBase(display, o)
      const total = size <= EVTX_HEADER_SIZE ? 0 : Math.ceil((size - EVTX_HEADER_SIZE) / EVTX_CHUNK_SIZE)
      const threads = o.pool ? o.pool.threads : Math.max(1, Math.floor(o.threads ?? availableParallelism()))
      if (threads <= 1 || total <= 1) {
        // inline: read 16 chunks per system call into one reused 1 MiB block
        const per = 16
        const block = new Uint8Array(EVTX_CHUNK_SIZE * per)
        let blockFirst = -per
        let blockLen = 0
        const scratch = newScratch()
        // one job object, renumbered chunk by chunk (decodeChunk keeps nothing of it)
        const job: ChunkJob = {...base, index: 0, fileOffset: 0}
        for (let i = 0; i < total; i++) {
          if (o.signal?.aborted) return
          if (i >= blockFirst + per) {
            blockFirst = i
            blockLen = 0
            const at = EVTX_HEADER_SIZE + i * EVTX_CHUNK_SIZE
            while (blockLen < block.length) {
              const r = readSync(fh.fd, block, blockLen, block.length - blockLen, at + blockLen)
              if (r === 0) break
              blockLen += r
            }
          }
          const off = EVTX_HEADER_SIZE + i * EVTX_CHUNK_SIZE
          const start = (i - blockFirst) * EVTX_CHUNK_SIZE
          const n = Math.max(0, Math.min(EVTX_CHUNK_SIZE, blockLen - start))
          const buf = block.subarray(start, start + n)
          if (n < 8 || !hasChunkMagic(buf)) {
            if (n >= 8 && !isZero(buf, n)) report(missingChunk(display, buf.subarray(0, n), i, off))
            continue
          }
          job.index = i
          job.fileOffset = off
          yield this.account(decodeChunk(buf, job, scratch), report)
        }
        return
      }
      pool = o.pool
      if (!pool) {
        pool = new EvtxPool(Math.min(threads, total))
        ownPool = true
      }
      // several chunks per message (fewer, larger messages), at least two batches per thread in flight
      const limit = Math.max(1, o.maxChunksInFlight ?? threads * 8)
      const per = Math.max(1, Math.min(8, Math.floor(limit / (2 * threads))))
      const batchesInFlight = Math.max(1, Math.floor(limit / per))
      const batches = Math.ceil(total / per)
      const free: ArrayBuffer[] = []
      /** Per chunk of a batch, in file order: its decoded result, a missing-chunk issue, or nothing (zeroes). */
      type Slot = ChunkResult | ParseIssue | null
      const pending = new Map<number, Promise<Slot[]>>()
      inflight = pending
      let next = 0
      const launch = async (b: number): Promise<Slot[]> => {
        const first = b * per
        const count = Math.min(per, total - first)
        const ab = free.pop() ?? new ArrayBuffer(EVTX_CHUNK_SIZE * per)
        const view = new Uint8Array(ab)
        const at = EVTX_HEADER_SIZE + first * EVTX_CHUNK_SIZE
        const got = await readAt(fh, view.subarray(0, count * EVTX_CHUNK_SIZE), at)
        const slots: Slot[] = []
        const jobs: ChunkJob[] = []
        const starts: number[] = []
        const lengths: number[] = []
        const where: number[] = []
        for (let k = 0; k < count; k++) {
          const start = k * EVTX_CHUNK_SIZE
          const n = Math.max(0, Math.min(EVTX_CHUNK_SIZE, got - start))
          const chunk = view.subarray(start, start + n)
          const i = first + k
          const off = EVTX_HEADER_SIZE + i * EVTX_CHUNK_SIZE
          if (n < 8 || !hasChunkMagic(chunk)) {
            slots.push(n >= 8 && !isZero(chunk, n) ? missingChunk(display, chunk, i, off) : null)
            continue
          }
          where.push(slots.length)
          slots.push(null)
          jobs.push({...base, index: i, fileOffset: off})
          starts.push(start)
          lengths.push(n)
        }
        if (jobs.length === 0) {
          free.push(ab)
          return slots
        }
        const done = await pool!.decodeBatch(jobs, ab, starts, lengths)
        free.push(done.buf)
        for (let j = 0; j < where.length; j++) slots[where[j]!] = done.results[j]!
        return slots
      }
      for (let b = 0; b < batches; b++) {
        while (next < batches && next - b < batchesInFlight) {
          pending.set(next, launch(next))
          next++
        }
        if (o.signal?.aborted) return
        const p = pending.get(b)!
        pending.delete(b)
        for (const slot of await p) {
          if (slot === null) continue
          if ('reason' in slot) report(slot)
          else yield this.account(slot, report)
        }
      }
    } finally {
      if (inflight) for (const p of inflight.values()) p.catch(() => {})
      if (ownPool) await pool?.close()
      await fh.close()
    }
  }

  private account(r: ChunkResult, report: (i: ParseIssue) => void): ChunkResult {
    // records from a worker are unpacked only now: packed, they cost the collector almost nothing while they wait
    if (r.packed) {
      r.events = unpackEvents(r.packed)
      delete r.packed
    }
    this.stats.chunks++
    this.stats.records += r.recordIds.length
    this.stats.filtered += r.filtered
    for (const i of r.issues) report(i)
    return r
  }
}

/** Records of one file, in file order. */
export class EvtxRecordStream implements AsyncIterable<EvtxRecord> {
  private readonly chunks: EvtxChunkStream
  private readonly output: ReadEvtxOptions['output']
  constructor(path: string, options: ReadEvtxOptions) {
    // records carry their metadata, so `meta: false` does not apply here
    this.chunks = new EvtxChunkStream(path, {...options, meta: true})
    this.output = options.output
  }

  get stats(): EvtxStats {
    return this.chunks.stats
  }


  async *[Symbol.asyncIterator](): AsyncIterator<EvtxRecord> {
    const dec = new TextDecoder()
    for await (const c of this.chunks) {
      let start = 0
      for (let i = 0; i < c.recordIds.length; i++) {
        const r: EvtxRecord = {recordId: c.recordIds[i]!, written: c.written[i]!, chunk: c.index, offset: c.offsets[i]!}
        const id = c.eventIds[i]
        if (id !== undefined) r.eventId = id
        const p = c.providers[i]
        if (p !== undefined) r.provider = p
        const ch = c.channels[i]
        if (ch !== undefined) r.channel = ch
        const t = c.times[i]
        if (t !== undefined) r.time = t
        if (c.text && c.ends) {
          const end = c.ends[i]!
          const s = dec.decode(c.text.subarray(start, end))
          start = end + 1
          if (this.output === 'json') r.json = s
          else r.xml = s
        }
        if (c.events) r.event = c.events[i]!
        yield r
      }
    }
  }
}

