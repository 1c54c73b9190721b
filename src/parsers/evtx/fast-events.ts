/**
 * The model fast path for the shape Windows writes: a record that is one template instance, its EventData or
 * UserData one nested instance. Substitution descriptors go into typed arrays reused record after record, System
 * fields come from per-template slots and EventData from precomputed keys, with no node tree; templates are
 * recognised across chunks by their bytes, and a value equal to the previous one of its field is not decoded
 * again. Any other shape, and any record this path cannot vouch for, is left to the general path in chunk.ts
 * (`null`), which gives the same result for it or reports the damage.
 */

import type {WinEventRecord} from '../windows-event/record.js'
import {ValueType as VT} from './constants.js'
import type {TemplateDefinition} from './binxml/nodes.js'
import {templateAt, type ParseContext} from './binxml/parser.js'
import {soleInstanceInto, ValueSlots} from './instance-slots.js'
import {arrayItems, filetimeText, isEmptyValue, scalarText, sidText, stringText, valueText} from './binxml/values.js'
import {addData, innerPlanFor, planFor, type Counters, type Plan, type Src, type SystemFields} from './extract.js'
import {rejectsChannelOrTime, rejectsEventId, rejectsProvider, type EventFilters} from './event-filters.js'
import {TemplateMatcher} from './template-match.js'
import {winEventRecord} from './win-event.js'

/** A System field: its substitution index, or -1 with its literal text (undefined: the template has no such field). */
interface Field {
  sub: number
  lit: string | undefined
  memo: ValueMemo
}

/**
 * The last value read for one field in the current chunk. Logs repeat themselves (the same provider, user, image
 * path record after record): the same bytes of the same type give the same text, so it is not decoded again.
 */
class ValueMemo {
  chunk = -1
  type = -1
  off = 0
  size = -1
  text = ''
}

function sameBytes(dv: DataView, a: number, b: number, n: number): boolean {
  let i = 0
  for (; i + 4 <= n; i += 4) if (dv.getUint32(a + i) !== dv.getUint32(b + i)) return false
  for (; i < n; i++) if (dv.getUint8(a + i) !== dv.getUint8(b + i)) return false
  return true
}

/** EventData / UserData fields of one template: final keys, and per key a substitution index or -1 for a literal. */
interface DataLayout {
  keys: string[]
  /** The fields' names (null: unnamed Data), for records whose array values expand into several fields. */
  names: Array<string | null>
  subs: Int32Array
  lits: string[]
  memos: ValueMemo[]
  /**
   * Layouts of many fields: an object with their keys, copied for each record. Built key by key, such an object
   * would turn into a hash table at its 17th key; JSON.parse makes it with fast properties.
   */
  shape: Record<string, string> | undefined
}

interface EventLayout {
  eventId: Field
  provider: Field
  channel: Field
  computer: Field
  time: Field
  userSid: Field
  processId: Field
  threadId: Field
  own: DataLayout
  /** Per substitution index: whether it holds EventData (or UserData) as a nested instance, or UserData's element. */
  roles: Uint8Array
  /** The substitutions that have a role. */
  nestedSubs: number[]
}

const Role = {Plain: 0, EventData: 1, UserData: 2} as const

export const FILTERED = 'filtered'

const ABSENT: Field = {sub: -1, lit: undefined, memo: new ValueMemo()}

/** Fields beyond which a layout's objects are copied from its shape. */
const MANY_FIELDS = 12

function dataLayout(plan: Plan): DataLayout {
  const subs = new Int32Array(plan.data.length)
  const lits: string[] = []
  for (let j = 0; j < plan.data.length; j++) {
    const s = plan.data[j]!.src
    subs[j] = s.sub ?? -1
    lits.push(s.lit ?? '')
  }
  // (a `__proto__` key would become an own property here, while a plain store drops it)
  const shape = plan.keys.length > MANY_FIELDS && !plan.keys.includes('__proto__')
    ? (JSON.parse(`{${plan.keys.map((k) => `${JSON.stringify(k)}:""`).join(',')}}`) as Record<string, string>)
    : undefined
  return {keys: plan.keys, names: plan.data.map((d) => d.name), subs, lits, memos: plan.data.map(() => new ValueMemo()), shape}
}

function field(s: Src): Field {
  return s.sub !== undefined ? {sub: s.sub, lit: undefined, memo: new ValueMemo()} : {sub: -1, lit: s.lit ?? '', memo: new ValueMemo()}
}

/**
 * The layout of an outer template, or null when the general path must read its records (a System field given twice,
 * a nested-instance substitution used twice).
 */
function eventLayout(plan: Plan): EventLayout | null {
  if (!plan.ok) return null
  const fields = new Map<string, Field>()
  for (const [k, s] of plan.system) {
    if (k === 'eventRecordId') continue
    if (fields.has(k)) return null
    fields.set(k, field(s))
  }
  const get = (k: keyof SystemFields): Field => fields.get(k) ?? ABSENT
  const roles = new Uint8Array(Math.max(-1, ...plan.nested, ...plan.nestedUser) + 1)
  for (const [list, role] of [[plan.nested, Role.EventData], [plan.nestedUser, Role.UserData]] as const) {
    for (const i of list) {
      if (roles[i] !== Role.Plain) return null
      roles[i] = role
    }
  }
  return {
    eventId: get('eventId'), provider: get('provider'), channel: get('channel'), computer: get('computer'), time: get('time'),
    userSid: get('userSid'), processId: get('processId'), threadId: get('threadId'), own: dataLayout(plan), roles,
    nestedSubs: [...plan.nested, ...plan.nestedUser],
  }
}

/** An inner template's fields, or null when they nest further (left to the general path). */
function innerLayout(plan: Plan): DataLayout | null {
  if (!plan.ok || plan.nested.length > 0 || plan.nestedUser.length > 0) return null
  return dataLayout(plan)
}

/** What the fast path derives from a template, whichever role it plays (record, EventData or UserData instance). */
interface Layouts {
  event: EventLayout | null | undefined
  data: DataLayout | null | undefined
  user: DataLayout | null | undefined
}

/** Array items a record's values may expand into here; beyond, the general path applies its node limit. */
const MAX_EXPANDED_ITEMS = 1024

/** Templates remembered across chunks per thread. */
const MAX_KNOWN_TEMPLATES = 4096

/** Per-thread state of the fast path; `chunk()` before each chunk. */
export class FastEvents {
  private readonly outer = new ValueSlots()
  private readonly inner = new ValueSlots()
  private ctx!: ParseContext
  /** Numbers the chunks this thread reads, so value memos of an earlier chunk are not trusted. */
  private chunkNo = 0
  /** The memos written in this chunk. */
  private readonly memosInChunk: ValueMemo[] = []
  private readonly known = new TemplateMatcher<Layouts>(MAX_KNOWN_TEMPLATES, () => ({event: undefined, data: undefined, user: undefined}))
  /** The last record's event id and provider as the general path reports them in ChunkResult. */
  eventId: number | undefined
  provider: string | undefined

  chunk(ctx: ParseContext): void {
    this.ctx = ctx
    this.chunkNo++
    // memos serve one chunk: let go of their texts, so what they hold stays within a chunk's values
    for (const m of this.memosInChunk) m.text = ''
    this.memosInChunk.length = 0
  }

  private layoutsAt(defOff: number): Layouts | null {
    return this.known.at(this.ctx, defOff)?.payload ?? null
  }

  private layoutAt(defOff: number): EventLayout | null {
    const l = this.layoutsAt(defOff)
    if (!l) return null
    if (l.event === undefined) l.event = this.parsed(defOff, (def) => eventLayout(planFor(def)))
    return l.event
  }

  private innerLayoutAt(defOff: number, user: boolean): DataLayout | null {
    const l = this.layoutsAt(defOff)
    if (!l) return null
    const role = user ? 'user' : 'data'
    if (l[role] === undefined) l[role] = this.parsed(defOff, (def) => innerLayout(user ? innerPlanFor(def) : planFor(def)))
    return l[role]
  }

  /** Something derived from this chunk's parse of the template at `defOff`; null when it does not parse. */
  private parsed<T>(defOff: number, derive: (def: TemplateDefinition) => T | null): T | null {
    try {
      return derive(templateAt(this.ctx, defOff, 0))
    } catch {
      return null
    }
  }

  /**
   * The record at `recStart` whose BinXml is `[start, end)` as a WinEventRecord, FILTERED when a filter rejects it, or null when
   * the general path must read it.
   */
  record(recStart: number, start: number, end: number, recordId: number, source: WinEventRecord['source'], f: EventFilters): WinEventRecord | typeof FILTERED | null {
    const ctx = this.ctx
    const defOff = soleInstanceInto(ctx, start, end, this.outer)
    if (defOff < 0) return null
    const layout = this.layoutAt(defOff)
    if (!layout) return null

    const eventIdText = this.numberOrText(layout.eventId)
    const eventId = typeof eventIdText === 'number' ? eventIdText : eventIdText !== undefined && eventIdText !== '' ? Number(eventIdText) : undefined
    if (rejectsEventId(f, eventId)) return FILTERED
    const provider = this.text(layout.provider)
    this.eventId = eventId
    this.provider = provider
    if (rejectsProvider(f, provider)) return FILTERED
    const channel = this.text(layout.channel)
    const time = this.text(layout.time)
    if (rejectsChannelOrTime(f, channel, time)) return FILTERED

    const data = this.data(layout)
    if (!data) return null
    const when = time || filetimeText(ctx, ctx.dv.getUint32(recStart + 16, true), ctx.dv.getUint32(recStart + 20, true))
    const computer = this.text(layout.computer)
    const userSid = this.text(layout.userSid)
    const pid = this.numberOrText(layout.processId)
    const tid = this.numberOrText(layout.threadId)
    const processId = pid !== undefined && pid !== '' ? Number(pid) : undefined
    const threadId = tid !== undefined && tid !== '' ? Number(tid) : undefined
    return winEventRecord(provider ?? '', eventId ?? -1, recordId, data, source, channel, when, computer, userSid || undefined, processId, threadId)
  }

  /** A System field's text as the general path reads it (undefined when the instance has no such value). */
  private text(fl: Field): string | undefined {
    if (fl.sub < 0) return fl.lit
    const o = this.outer
    const i = fl.sub
    if (i >= o.n) return undefined
    const t = o.types[i]!
    const off = o.offs[i]!
    const size = o.sizes[i]!
    const ctx = this.ctx
    if (t === VT.FileTime && size >= 8) return filetimeText(ctx, ctx.dv.getUint32(off, true), ctx.dv.getUint32(off + 4, true))
    const m = fl.memo
    if (m.chunk === this.chunkNo && m.size === size && m.type === t && sameBytes(ctx.dv, off, m.off, size)) return m.text
    const text = t === VT.String ? stringText(ctx.buf, off, size) : t === VT.Sid ? sidText(ctx, off, size) : t === VT.BinXml ? '' : valueText(ctx, t, off, size)
    this.remember(m, t, off, size, text)
    return text
  }

  private remember(m: ValueMemo, t: number, off: number, size: number, text: string): void {
    if (m.chunk !== this.chunkNo) this.memosInChunk.push(m)
    m.chunk = this.chunkNo
    m.type = t
    m.off = off
    m.size = size
    m.text = text
  }

  /** As text(), but unsigned 16/32-bit values as numbers (the same number the text would give). */
  private numberOrText(fl: Field): number | string | undefined {
    const i = fl.sub
    const o = this.outer
    if (i >= 0 && i < o.n) {
      const t = o.types[i]!
      if (t === VT.UInt16 && o.sizes[i]! >= 2) return this.ctx.dv.getUint16(o.offs[i]!, true)
      if (t === VT.UInt32 && o.sizes[i]! >= 4) return this.ctx.dv.getUint32(o.offs[i]!, true)
    }
    return this.text(fl)
  }

  /** EventData/UserData of the current outer instance, or null when the general path must read it. */
  private data(layout: EventLayout): Record<string, string> | null {
    const o = this.outer
    // exactly one source of fields: the template's own, or one nested instance where the template expects one
    if (o.nestedCount > 1) return null
    const {types, sizes} = o
    for (const i of layout.nestedSubs) if (i < o.n && types[i] !== VT.BinXml && sizes[i] !== 0 && types[i] !== VT.Null) return null
    const nestedAt = o.firstNested
    if (nestedAt < 0) return this.fields(layout.own, o)
    const role = nestedAt < layout.roles.length ? layout.roles[nestedAt]! : Role.Plain
    if (role === Role.Plain || layout.own.keys.length > 0) return null
    const user = role === Role.UserData

    const start = o.offs[nestedAt]!
    const end = start + o.sizes[nestedAt]!
    const inner = this.inner
    const defOff = soleInstanceInto(this.ctx, start, end, inner)
    if (defOff < 0) return null
    if (inner.nestedCount > 0) return null
    const il = this.innerLayoutAt(defOff, user)
    return il ? this.fields(il, inner) : null
  }

  private fields(l: DataLayout, v: ValueSlots): Record<string, string> | null {
    const data: Record<string, string> = l.shape ? {...l.shape} : {}
    const {keys, subs, lits, memos} = l
    const src = this.ctx
    for (let j = 0; j < keys.length; j++) {
      const i = subs[j]!
      let value: string
      if (i < 0) value = lits[j]!
      else if (i >= v.n) value = ''
      else {
        const t = v.types[i]!
        const off = v.offs[i]!
        const size = v.sizes[i]!
        const m = memos[j]!
        if (m.chunk === this.chunkNo && m.size === size && m.type === t && sameBytes(src.dv, off, m.off, size)) value = m.text
        else {
          if (t === VT.String) value = stringText(src.buf, off, size)
          else if (t === VT.BinXml) return null
          else if ((t & VT.ArrayFlag) !== 0 && size > 0) return this.expandedFields(l, v)
          else value = isEmptyValue(src, t, off, size) ? '' : valueText(src, t, off, size)
          this.remember(m, t, off, size, value)
        }
      }
      data[keys[j]!] = value
    }
    return data
  }

  /**
   * Fields when an array value may repeat its element (one field per item, MS-EVEN6 §3.1.4.7.5), named as the tree
   * path names them; null for arrays too large to vouch for (the general path applies its node limit).
   */
  private expandedFields(l: DataLayout, v: ValueSlots): Record<string, string> | null {
    const data: Record<string, string> = {}
    const counters: Counters = {unnamed: 0, count: 0}
    const src = this.ctx
    let expanded = 0
    for (let j = 0; j < l.keys.length; j++) {
      const name = l.names[j]!
      const i = l.subs[j]!
      if (i < 0 || i >= v.n) {
        addData(data, name, i < 0 ? l.lits[j]! : '', counters)
        continue
      }
      const t = v.types[i]!
      const off = v.offs[i]!
      const size = v.sizes[i]!
      if (t === VT.BinXml) return null
      const items = (t & VT.ArrayFlag) !== 0 && size > 0 ? arrayItems(src, t, off, size) : undefined
      if (!items || items.length <= 1) {
        addData(data, name, isEmptyValue(src, t, off, size) ? '' : valueText(src, t, off, size), counters)
        continue
      }
      expanded += items.length
      if (expanded > MAX_EXPANDED_ITEMS) return null
      for (const [ioff, isize] of items) addData(data, name, scalarText(src, t & 0x7f, ioff, isize), counters)
    }
    return data
  }
}
