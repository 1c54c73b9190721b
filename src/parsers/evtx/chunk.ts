/**
 * One 64 KiB chunk → its records, rendered as JSON lines, XML or WinEventRecords. A chunk is self-contained
 * (own string and template caches), so this runs the same inline or in a worker thread.
 */

import type {ParseIssue} from '../../model/issue.js'
import type {WinEventRecord} from '../windows-event/record.js'
import {ByteOut} from './byte-out.js'
import {ChunkFlags, chunkHeaderCrc, eventsCrc, hasChunkMagic, readChunkHeader} from './chunk-header.js'
import {CHUNK_HEADER_SIZE, EVTX_CHUNK_SIZE, RECORD_HEADER_SIZE, RECORD_MAGIC} from './constants.js'
import {EvtxDecodeError} from './errors.js'
import {ElementNode, type InstanceNode, type Node, type Values} from './binxml/nodes.js'
import {parseStream, soleInstanceAt, type ParseContext} from './binxml/parser.js'
import {KeyInterner, newSigBuffer, ProgramCache, Recorder, runProgram, signature, type Program, type SigBuffer} from './compiled.js'
import {resolveRecord, validateNested, type ResolveState} from './binxml/resolve.js'
import {filetimeText, newValueSource} from './binxml/values.js'
import {
  planApplies,
  planData,
  planEventId,
  planFor,
  planMeta,
  planProvider,
  planSystem,
  soleInstance,
  treeData,
  treeSystem,
  type SystemFields,
} from './extract.js'
import {rejectsChannelOrTime, rejectsEventId, rejectsProvider, type EventFilters} from './event-filters.js'
import {FastEvents, FILTERED} from './fast-events.js'
import {FastRenderer, type CompileRecord} from './fast-render.js'
import {winEventRecord} from './win-event.js'
import type {PackedEvents} from './event-pack.js'
import {JsonRenderer} from './render-json.js'
import {XmlRenderer} from './render-xml.js'
import {StringCache} from './string-cache.js'

export type EvtxOutput = 'json' | 'xml' | 'win-event'

/** What to do with a chunk: the options that travel to a worker (plain data). */
export interface ChunkJob {
  path: string
  output: EvtxOutput
  /** 0-based chunk index and its byte offset in the file. */
  index: number
  fileOffset: number
  eventIds?: number[]
  /** Lower-case provider names. */
  providers?: string[]
  /** Lower-case channel names. */
  channels?: string[]
  since?: string
  until?: string
  /** false: every record goes through the general tree renderer / extractor (to check the compiled ones against it). */
  compiled?: boolean
  /** false: skip the per-record metadata arrays (written, eventIds, providers, channels, times) when no filter needs them. */
  meta?: boolean
}

/** Per-record metadata, parallel arrays (cheap to send between threads). */
export interface ChunkResult {
  index: number
  fileOffset: number
  recordIds: number[]
  written: string[]
  offsets: number[]
  eventIds: Array<number | undefined>
  providers: Array<string | undefined>
  channels: Array<string | undefined>
  times: Array<string | undefined>
  /** 'json' / 'xml': the records' text, each followed by '\n'; ends[i] is the end of record i (exclusive, before '\n'). */
  text?: Uint8Array
  ends?: number[]
  /** 'win-event' */
  events?: WinEventRecord[]
  /** 'win-event' on its way from a worker thread: `events` packed (see event-pack.ts). */
  packed?: PackedEvents
  issues: ParseIssue[]
  /** Records skipped by the filters. */
  filtered: number
}

/** Scratch space reused across chunks of one thread. */
export interface ChunkScratch {
  out: ByteOut
  /** Compiled renderers by output, template structure and value shape; shared by all chunks of this thread. */
  programs: ProgramCache
  xmlPrograms: ProgramCache
  keyIds: KeyInterner
  sig: SigBuffer
  /** The fast paths, made for the output a thread is asked for. */
  fast?: FastEvents
  fastJson?: FastRenderer
  fastXml?: FastRenderer
}

/** Bound on cached compiled renderers per thread. */
const MAX_PROGRAMS = 4096

export function newScratch(): ChunkScratch {
  return {
    out: new ByteOut(1 << 18),
    programs: new ProgramCache(MAX_PROGRAMS),
    xmlPrograms: new ProgramCache(MAX_PROGRAMS),
    keyIds: new KeyInterner(),
    sig: newSigBuffer(),
  }
}

const NO_FIELDS: SystemFields = Object.freeze({})

/** The fast renderers' compiler: the general parser and renderer record the program of one record's shape. */
function programCompiler(ctx: ParseContext, scratch: ChunkScratch, renderer: JsonRenderer | XmlRenderer): CompileRecord {
  const out = scratch.out
  return (start, end) => {
    const st: ResolveState = {ctx, budget: 0}
    const inst = soleInstanceAt(ctx, start, end, 0)
    const tables: Values[] = []
    if (!inst || !signature(st, inst, scratch.keyIds, tables, scratch.sig)) return null
    const root = resolveRecord(st, [inst])
    if (!root) return null
    const mark = out.pos
    const rec = new Recorder(out, tables)
    renderer.rec = rec
    try {
      if (renderer instanceof JsonRenderer) renderer.record(root)
      else renderer.element(root)
      const prog = rec.finish()
      return rec.valid ? prog : null
    } finally {
      renderer.rec = null
      out.pos = mark
    }
  }
}

/** Decodes the chunk in `buf` (exactly one chunk, 64 KiB or less when the file is truncated). */
export function decodeChunk(buf: Uint8Array, job: ChunkJob, scratch: ChunkScratch): ChunkResult {
  const res: ChunkResult = {
    index: job.index,
    fileOffset: job.fileOffset,
    recordIds: [],
    written: [],
    offsets: [],
    eventIds: [],
    providers: [],
    channels: [],
    times: [],
    issues: [],
    filtered: 0,
  }
  const issue = (severity: ParseIssue['severity'], reason: string, offset: number, record?: number): void => {
    const i: ParseIssue = {path: job.path, severity, reason, chunk: job.index, offset: job.fileOffset + offset}
    if (record !== undefined) i.record = record
    res.issues.push(i)
  }
  if (buf.length < CHUNK_HEADER_SIZE || !hasChunkMagic(buf)) {
    issue('error', 'chunk header magic missing', 0)
    return res
  }
  const h = readChunkHeader(buf)
  const checkCrc = (h.flags & ChunkFlags.NoCrc32) === 0
  if (checkCrc && chunkHeaderCrc(buf) !== h.headerChecksum) issue('warning', 'chunk header checksum mismatch', 124)
  const free = Math.min(h.freeSpaceOffset, buf.length)
  if (checkCrc && h.freeSpaceOffset <= buf.length && eventsCrc(buf, free) !== h.eventsChecksum) {
    issue('warning', 'event records checksum mismatch', 52)
  }

  const src = newValueSource(buf)
  const ctx: ParseContext = {buf: src.buf, dv: src.dv, timeCache: src.timeCache, names: new StringCache(buf, src.dv), templates: new Map(), instanceEnd: 0}
  const out = scratch.out
  out.reset()
  const ends: number[] = []
  const json = job.output === 'json' ? new JsonRenderer(out, ctx) : undefined
  const xml = job.output === 'xml' ? new XmlRenderer(out, ctx) : undefined
  const events: WinEventRecord[] | undefined = job.output === 'win-event' ? [] : undefined
  const filters: EventFilters = {
    eventIds: job.eventIds ? new Set(job.eventIds) : undefined,
    providers: job.providers ? new Set(job.providers) : undefined,
    channels: job.channels,
    since: job.since,
    until: job.until,
  }
  const needSystem = job.channels !== undefined || job.since !== undefined || job.until !== undefined
  const noMeta = job.meta === false && !needSystem && !filters.eventIds && !filters.providers
  const dv = src.dv
  const pushMeta = events ? job.meta !== false : !noMeta
  const fast = events && job.compiled !== false ? (scratch.fast ??= new FastEvents()) : undefined
  fast?.chunk(ctx)
  const fastText = (json || xml) && noMeta && job.compiled !== false ? (json ? (scratch.fastJson ??= new FastRenderer()) : (scratch.fastXml ??= new FastRenderer())) : undefined
  if (fastText) fastText.chunk(ctx, programCompiler(ctx, scratch, json ?? xml!))

  let pos = CHUNK_HEADER_SIZE
  const truncated = buf.length < EVTX_CHUNK_SIZE
  const issuesBefore = res.issues.length
  while (pos < free) {
    if (buf.length - pos < RECORD_HEADER_SIZE) {
      if (truncated && pos < h.freeSpaceOffset) issue('error', 'file ends inside a record header; rest of chunk lost', pos)
      break
    }
    const magic = dv.getUint32(pos, true)
    if (magic !== RECORD_MAGIC) {
      if (magic !== 0) issue('error', `record header magic 0x${magic.toString(16).padStart(8, '0')} invalid; rest of chunk skipped`, pos)
      break
    }
    const size = dv.getUint32(pos + 4, true)
    const idLo = dv.getUint32(pos + 8, true)
    const idHi = dv.getUint32(pos + 12, true)
    const recordId = idHi * 4294967296 + idLo
    if (size < RECORD_HEADER_SIZE + 4) {
      issue('error', `record size ${size} too small; rest of chunk skipped`, pos, recordId)
      break
    }
    if (pos + size > buf.length) {
      if (truncated && pos + size <= EVTX_CHUNK_SIZE) issue('error', `file ends inside record ${recordId}; rest of chunk lost`, pos, recordId)
      else issue('error', `record size ${size} runs past the chunk end; rest of chunk skipped`, pos, recordId)
      break
    }
    const recStart = pos
    pos += size
    const last = h.lastRecordId === recordId
    const mark = out.pos
    try {
      if (dv.getUint32(recStart + size - 4, true) !== size) {
        issue('warning', 'record size copy differs from record size', recStart + size - 4, recordId)
      }
      const bodyStart = recStart + RECORD_HEADER_SIZE
      const bodyEnd = recStart + size - 4
      if (fastText) {
        const mark = out.pos
        if (fastText.write(bodyStart, bodyEnd, out)) {
          ends.push(out.pos)
          out.byte(0x0a)
          res.recordIds.push(recordId)
          res.offsets.push(job.fileOffset + recStart)
          continue
        }
        out.pos = mark
      }
      if (fast) {
        const source = {path: job.path, kind: 'evtx' as const, record: recordId, offset: job.fileOffset + recStart}
        const ev = fast.record(recStart, bodyStart, bodyEnd, recordId, source, filters)
        if (ev === FILTERED) {
          res.filtered++
          continue
        }
        if (ev) {
          events!.push(ev)
          res.recordIds.push(recordId)
          res.offsets.push(source.offset)
          if (pushMeta) {
            res.written.push(filetimeText(src, dv.getUint32(recStart + 16, true), dv.getUint32(recStart + 20, true)))
            res.eventIds.push(fast.eventId)
            res.providers.push(fast.provider)
            res.channels.push(ev.channel)
            res.times.push(ev.time)
          }
          continue
        }
      }
      const written = noMeta && !events ? '' : filetimeText(src, dv.getUint32(recStart + 16, true), dv.getUint32(recStart + 20, true))
      // dominant shape: fragment header + one template instance (+ EOF); anything else goes through parseStream
      let inst: InstanceNode | undefined
      let nodes: Node[] | undefined
      inst = soleInstanceAt(ctx, bodyStart, bodyEnd, 0)
      if (!inst) {
        nodes = parseStream(ctx, bodyStart, bodyEnd, false, 0).nodes
        inst = soleInstance(nodes)
      }
      const plan = inst ? planFor(inst.template) : undefined
      const planOk = inst !== undefined && plan !== undefined && plan.ok
      // pre-filter before any other value is decoded
      if (filters.eventIds && planOk && rejectsEventId(filters, planEventId(ctx, plan, inst!.values))) {
        res.filtered++
        continue
      }
      if (filters.providers && planOk && rejectsProvider(filters, planProvider(ctx, plan, inst!.values))) {
        res.filtered++
        continue
      }
      const st: ResolveState = {ctx, budget: 0}
      const usePlan = planOk && job.compiled !== false && (!events || planApplies(plan!, inst!.values))
      const tables: Values[] = []
      const sig = inst !== undefined && !events && job.compiled !== false && signature(st, inst, scratch.keyIds, tables, scratch.sig)
      let root: ElementNode | undefined
      if (!(usePlan && events) && !sig) {
        root = resolveRecord(st, nodes ?? [inst!])
        if (!root) throw new EvtxDecodeError('record', recStart, 'no root element')
      } else if (events && inst) validateNested(st, inst.values)
      let sys: SystemFields
      if (noMeta && !events) sys = NO_FIELDS
      else if (usePlan) sys = events ? planSystem(ctx, plan!, inst!.values) : planMeta(ctx, plan!, inst!.values)
      else {
        root ??= resolveRecord(st, nodes ?? [inst!])
        if (!root) throw new EvtxDecodeError('record', recStart, 'no root element')
        sys = treeSystem(ctx, root)
      }
      const eventId = sys.eventId !== undefined && sys.eventId !== '' ? Number(sys.eventId) : undefined
      if (rejectsEventId(filters, eventId) || rejectsProvider(filters, sys.provider) || rejectsChannelOrTime(filters, sys.channel, sys.time)) {
        res.filtered++
        continue
      }
      if (json || xml) {
        const renderer = json ?? xml!
        if (sig && inst) {
          const programs = json ? scratch.programs : scratch.xmlPrograms
          let prog: Program | null | undefined = programs.get(scratch.sig)
          if (!prog) {
            const compileRoot = resolveRecord(st, [inst])
            if (!compileRoot) throw new EvtxDecodeError('record', recStart, 'no root element')
            const rec = new Recorder(out, tables)
            renderer.rec = rec
            try {
              if (json) json.record(compileRoot)
              else xml!.element(compileRoot)
            } finally {
              renderer.rec = null
            }
            const finished = rec.finish()
            out.pos = mark
            if (rec.valid) {
              prog = finished
              programs.set(scratch.sig, prog)
            } else root = compileRoot
          }
          if (prog) runProgram(prog, out, ctx, tables)
          else if (json) json.record(root!)
          else xml!.element(root!)
        } else if (json) json.record(root!)
        else xml!.element(root!)
        ends.push(out.pos)
        out.byte(0x0a)
      } else if (events) {
        const data = usePlan ? planData(st, plan!, inst!.values) : treeData(ctx, root!)
        const source = {path: job.path, kind: 'evtx' as const, record: recordId, offset: job.fileOffset + recStart}
        const processId = sys.processId ? Number(sys.processId) : undefined
        const threadId = sys.threadId ? Number(sys.threadId) : undefined
        events.push(winEventRecord(sys.provider ?? '', eventId ?? -1, recordId, data, source, sys.channel, sys.time || written, sys.computer, sys.userSid || undefined, processId, threadId))
      }
      res.recordIds.push(recordId)
      res.offsets.push(job.fileOffset + recStart)
      if (pushMeta) {
        res.written.push(written)
        res.eventIds.push(eventId)
        res.providers.push(sys.provider)
        res.channels.push(sys.channel)
        res.times.push(sys.time || written)
      }
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err)
      out.pos = mark
      issue('error', `record ${recordId} not decoded: ${reason}`, recStart, recordId)
    } finally {
      if (last) pos = free
    }
  }
  if (truncated && !res.issues.slice(issuesBefore).some((i) => i.reason.startsWith('file ends inside'))) {
    issue('warning', `chunk truncated by the end of the file (${buf.length} of ${EVTX_CHUNK_SIZE} bytes)`, 0)
  }
  if (json || xml) {
    res.text = out.slice(0)
    res.ends = ends
  }
  if (events) res.events = events
  return res
}
