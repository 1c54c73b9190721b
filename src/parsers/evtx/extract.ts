/**
 * The analyzers' fast path: System fields and EventData/UserData values read straight from a template
 * instance's substitution values, by a plan computed once per template, without rendering XML or JSON.
 * Records of any other shape are read from their resolved tree with the same semantics.
 */

import {ValueType as VT} from './constants.js'
import {ElementNode, NodeKind, type InstanceNode, type Node, type TemplateDefinition, type Values} from './binxml/nodes.js'
import {fixedSize, isEmptyValue, scalarText, valueText, type ValueSource} from './binxml/values.js'
import {Limits} from './binxml/parser.js'
import {nestedNodes, resolveNodes, type ResolveState} from './binxml/resolve.js'
import {EvtxDecodeError} from './errors.js'

/** Where a field's text comes from: a literal, one substitution, or nothing. */
export interface Src {
  lit?: string
  sub?: number
}

interface DataField {
  /** Key in `data`; null for an unnamed `<Data>` (keyed Data, Data1, ...). */
  name: string | null
  src: Src
}

export interface SystemFields {
  eventId?: string
  provider?: string
  channel?: string
  computer?: string
  time?: string
  eventRecordId?: string
  userSid?: string
  processId?: string
  threadId?: string
}

type SystemKey = keyof SystemFields

export interface Plan {
  ok: boolean
  system: Array<[SystemKey, Src]>
  eventId?: Src
  provider?: Src
  data: DataField[]
  /** Substitutions at the level of System/EventData holding nested BinXml (EventData/UserData as another instance). */
  nested: number[]
  /** Substitutions inside UserData holding nested BinXml (its inner element as another instance). */
  nestedUser: number[]
  /** Final `data` keys of `data` when this plan alone fills the object (duplicates and unnamed Data resolved). */
  keys: string[]
  unnamed: number
}

const ENTITIES: Record<string, string> = {quot: '"', apos: "'", amp: '&', lt: '<', gt: '>'}

function srcOf(nodes: readonly Node[]): Src | null {
  if (nodes.length === 0) return {lit: ''}
  if (nodes.length === 1) {
    const n = nodes[0]!
    if (n.kind === NodeKind.Text) return {lit: n.text}
    if (n.kind === NodeKind.Substitution) return {sub: n.index}
  }
  for (const n of nodes) if (n.kind !== NodeKind.Text && n.kind !== NodeKind.CharRef && n.kind !== NodeKind.EntityRef) return null
  return {lit: literalText(nodes)}
}

function literalText(nodes: readonly Node[]): string {
  let s = ''
  for (const n of nodes) {
    if (n.kind === NodeKind.Text) s += n.text
    else if (n.kind === NodeKind.CharRef) s += String.fromCodePoint(n.code)
    else if (n.kind === NodeKind.EntityRef) s += ENTITIES[n.name.text] ?? `&${n.name.text};`
  }
  return s
}

function attr(el: ElementNode, name: string): readonly Node[] | undefined {
  for (const a of el.attrs) if (a.name.text === name) return a.value
  return undefined
}

function firstElement(nodes: readonly Node[]): ElementNode | undefined {
  for (const n of nodes) if (n.kind === NodeKind.Element) return n
  return undefined
}

const SYSTEM_TEXT: Record<string, SystemKey> = {EventID: 'eventId', Channel: 'channel', Computer: 'computer', EventRecordID: 'eventRecordId'}
const SYSTEM_ATTR: Record<string, Array<[string, SystemKey]>> = {
  Provider: [['Name', 'provider']],
  TimeCreated: [['SystemTime', 'time']],
  Security: [['UserID', 'userSid']],
  Execution: [['ProcessID', 'processId'], ['ThreadID', 'threadId']],
}

function buildPlan(def: TemplateDefinition, userInner: boolean): Plan {
  const plan: Plan = {ok: false, system: [], data: [], nested: [], nestedUser: [], keys: [], unnamed: 0}
  const root = firstElement(def.nodes)
  if (!root) return plan
  if (userInner) {
    for (const c of root.children) {
      if (c.kind === NodeKind.Substitution) return plan
      if (c.kind !== NodeKind.Element) continue
      const s = srcOf(c.children)
      if (!s) return plan
      plan.data.push({name: c.name.text, src: s})
    }
    return finishPlan(plan)
  }
  const parts = root.name.text === 'Event' ? root.children : [root]
  for (const part of parts) {
    if (part.kind === NodeKind.Substitution) {
      plan.nested.push(part.index)
      continue
    }
    if (part.kind !== NodeKind.Element) continue
    if (part.name.text === 'System') {
      for (const c of part.children) {
        if (c.kind !== NodeKind.Element) continue
        const key = SYSTEM_TEXT[c.name.text]
        if (key) {
          const s = srcOf(c.children)
          if (!s) return plan
          plan.system.push([key, s])
        }
        for (const [an, k] of SYSTEM_ATTR[c.name.text] ?? []) {
          const v = attr(c, an)
          if (!v) continue
          const s = srcOf(v)
          if (!s) return plan
          plan.system.push([k, s])
        }
      }
    } else if (part.name.text === 'EventData') {
      for (const c of part.children) {
        if (c.kind === NodeKind.Substitution) return plan
        if (c.kind !== NodeKind.Element) continue
        const nameNodes = c.name.text === 'Data' ? attr(c, 'Name') : undefined
        let name: string | null = c.name.text === 'Data' ? null : c.name.text
        if (nameNodes) {
          const s = srcOf(nameNodes)
          if (!s || s.lit === undefined) return plan
          // as in the tree path: an empty Name is an unnamed Data
          name = s.lit === '' ? null : s.lit
        }
        const s = srcOf(c.children)
        if (!s) return plan
        plan.data.push({name, src: s})
      }
    } else if (part.name.text === 'UserData') {
      for (const c of part.children) if (c.kind === NodeKind.Substitution) plan.nestedUser.push(c.index)
      const inner = firstElement(part.children)
      if (!inner) continue
      for (const c of inner.children) {
        if (c.kind === NodeKind.Substitution) return plan
        if (c.kind !== NodeKind.Element) continue
        const s = srcOf(c.children)
        if (!s) return plan
        plan.data.push({name: c.name.text, src: s})
      }
    }
  }
  for (const [k, s] of plan.system) {
    if (k === 'eventId') plan.eventId = s
    if (k === 'provider') plan.provider = s
  }
  return finishPlan(plan)
}

function finishPlan(plan: Plan): Plan {
  const probe: Record<string, string> = {}
  const counters = {unnamed: 0, count: 0}
  for (const f of plan.data) plan.keys.push(addData(probe, f.name, '', counters))
  plan.unnamed = counters.unnamed
  plan.ok = true
  return plan
}

export function planFor(def: TemplateDefinition): Plan {
  if (!def.plan) def.plan = buildPlan(def, false)
  return def.plan as Plan
}

export function innerPlanFor(def: TemplateDefinition): Plan {
  if (!def.innerPlan) def.innerPlan = buildPlan(def, true)
  return def.innerPlan as Plan
}

/** A substitution is readable by the plan unless it is nested BinXml or an array (those need the tree). */
export function planApplies(plan: Plan, vals: Values): boolean {
  if (!plan.ok) return false
  for (const i of plan.nested) {
    if (i < vals.types.length && vals.types[i] !== VT.BinXml && vals.sizes[i] !== 0 && vals.types[i] !== VT.Null) return false
  }
  for (const i of plan.nestedUser) {
    if (i < vals.types.length && vals.types[i] !== VT.BinXml && vals.sizes[i] !== 0 && vals.types[i] !== VT.Null) return false
  }
  for (const f of plan.data) {
    if (f.src.sub === undefined || f.src.sub >= vals.types.length) continue
    const t = vals.types[f.src.sub]!
    if (t === VT.BinXml || (t & VT.ArrayFlag) !== 0) return false
  }
  return true
}

function srcText(src: ValueSource, s: Src, vals: Values): string | undefined {
  if (s.lit !== undefined) return s.lit
  const i = s.sub!
  if (i >= vals.types.length) return undefined
  const t = vals.types[i]!
  if (t === VT.BinXml) return ''
  return valueText(src, t, vals.offs[i]!, vals.sizes[i]!)
}

/** EventID of an instance by its plan, decoded alone (for the pre-filter); undefined when not plain. */
export function planEventId(src: ValueSource, plan: Plan, vals: Values): number | undefined {
  const s = plan.eventId
  if (!s) return undefined
  if (s.lit !== undefined) return Number(s.lit)
  const i = s.sub!
  if (i >= vals.types.length) return undefined
  const t = vals.types[i]!
  if (t === VT.UInt16 && vals.sizes[i]! >= 2) return src.dv.getUint16(vals.offs[i]!, true)
  if (t >= VT.Int8 && t <= VT.UInt64 && vals.sizes[i]! >= fixedSize(t)) return Number(scalarText(src, t, vals.offs[i]!, vals.sizes[i]!))
  const v = valueText(src, t, vals.offs[i]!, vals.sizes[i]!)
  return v === '' ? undefined : Number(v)
}

export function planProvider(src: ValueSource, plan: Plan, vals: Values): string | undefined {
  return plan.provider ? srcText(src, plan.provider, vals) : undefined
}

export function planSystem(src: ValueSource, plan: Plan, vals: Values): SystemFields {
  const out: SystemFields = {}
  for (const [k, s] of plan.system) {
    if (k === 'eventRecordId') continue
    const v = srcText(src, s, vals)
    if (v !== undefined && (v !== '' || out[k] === undefined)) out[k] = v
  }
  return out
}

export interface Counters {
  unnamed: number
  count: number
}

/** Adds a field under its name, unnamed ones as Data, Data1, ...; a name already taken gets `_1`, `_2`, ... */
export function addData(data: Record<string, string>, name: string | null, value: string, counters: Counters): string {
  let key: string
  if (name === null) {
    key = counters.unnamed === 0 ? 'Data' : `Data${counters.unnamed}`
    counters.unnamed++
  } else key = name
  if (Object.prototype.hasOwnProperty.call(data, key)) {
    let i = 1
    while (Object.prototype.hasOwnProperty.call(data, `${key}_${i}`)) i++
    key = `${key}_${i}`
  }
  data[key] = value
  counters.count++
  return key
}

/** Only the fields every output carries (event id, provider, channel, time). */
export function planMeta(src: ValueSource, plan: Plan, vals: Values): SystemFields {
  const out: SystemFields = {}
  for (const [k, s] of plan.system) {
    if (k !== 'eventId' && k !== 'provider' && k !== 'channel' && k !== 'time') continue
    const v = srcText(src, s, vals)
    if (v !== undefined && (v !== '' || out[k] === undefined)) out[k] = v
  }
  return out
}

/** EventData/UserData fields by the plan, descending into nested BinXml instances (by their own plans). */
export function planData(st: ResolveState, plan: Plan, vals: Values): Record<string, string> {
  const data: Record<string, string> = {}
  const counters = {unnamed: 0, count: 0}
  fillPlanData(st, plan, vals, data, counters, 0)
  return data
}

function fillPlanData(st: ResolveState, plan: Plan, vals: Values, data: Record<string, string>, counters: Counters, depth: number): void {
  const src = st.ctx
  // EventData or UserData as a nested instance, then UserData's element as one
  for (const user of [false, true]) {
    for (const i of user ? plan.nestedUser : plan.nested) {
      if (i >= vals.types.length || vals.types[i] !== VT.BinXml || vals.sizes[i] === 0) continue
      if (depth >= Limits.maxDepth) throw new EvtxDecodeError('BinXml', vals.offs[i]!, 'nested too deep')
      const nodes = nestedNodes(st, vals.offs[i]!, vals.sizes[i]!, depth + 1)
      const inst = soleInstance(nodes)
      const inner = inst ? (user ? innerPlanFor(inst.template) : planFor(inst.template)) : undefined
      if (inst && inner && planApplies(inner, inst.values)) {
        fillPlanData(st, inner, inst.values, data, counters, depth + 1)
        continue
      }
      const out: Node[] = []
      resolveNodes(st, nodes, null, depth + 1, out, false)
      if (!user) {
        for (const n of out) if (n.kind === NodeKind.Element) dataOfPart(src, n, data, counters)
        continue
      }
      const innerEl = out.find((n): n is ElementNode => n.kind === NodeKind.Element)
      if (innerEl) for (const c of innerEl.children) if (c.kind === NodeKind.Element) addData(data, c.name.text, resolvedText(src, c.children), counters)
    }
  }
  const alone = counters.count === 0
  const fields = plan.data
  for (let j = 0; j < fields.length; j++) {
    const f = fields[j]!
    let v: string
    if (f.src.lit !== undefined) v = f.src.lit
    else {
      const i = f.src.sub!
      v = i < vals.types.length && !isEmptyValue(src, vals.types[i]!, vals.offs[i]!, vals.sizes[i]!)
        ? valueText(src, vals.types[i]!, vals.offs[i]!, vals.sizes[i]!)
        : ''
    }
    if (alone) data[plan.keys[j]!] = v
    else addData(data, f.name, v, counters)
  }
  if (alone) {
    counters.count += fields.length
    counters.unnamed += plan.unnamed
  }
}

/** Text content of resolved nodes (elements contribute their own text, recursively). */
export function resolvedText(src: ValueSource, nodes: readonly Node[]): string {
  let s = ''
  for (const n of nodes) {
    switch (n.kind) {
      case NodeKind.Text: s += n.text; break
      case NodeKind.Value: s += valueText(src, n.type, n.off, n.size); break
      case NodeKind.CharRef: s += String.fromCodePoint(n.code); break
      case NodeKind.EntityRef: s += ENTITIES[n.name.text] ?? `&${n.name.text};`; break
      case NodeKind.Element: s += resolvedText(src, n.children); break
      default: break
    }
  }
  return s
}

/** The same fields from a resolved tree (records that are not a single template instance). */
export function treeSystem(src: ValueSource, root: ElementNode): SystemFields {
  const out: SystemFields = {}
  for (const part of root.children) {
    if (part.kind !== NodeKind.Element || part.name.text !== 'System') continue
    for (const c of part.children) {
      if (c.kind !== NodeKind.Element) continue
      const key = SYSTEM_TEXT[c.name.text]
      if (key && out[key] === undefined) out[key] = resolvedText(src, c.children)
      for (const [an, k] of SYSTEM_ATTR[c.name.text] ?? []) {
        const v = attr(c, an)
        if (v && out[k] === undefined) out[k] = resolvedText(src, v)
      }
    }
  }
  return out
}

export function treeData(src: ValueSource, root: ElementNode): Record<string, string> {
  const data: Record<string, string> = {}
  const counters = {unnamed: 0, count: 0}
  for (const part of root.children) if (part.kind === NodeKind.Element) dataOfPart(src, part, data, counters)
  return data
}

function dataOfPart(src: ValueSource, part: ElementNode, data: Record<string, string>, counters: Counters): void {
  {
    if (part.name.text === 'EventData') {
      for (const c of part.children) {
        if (c.kind !== NodeKind.Element) continue
        const nameNodes = c.name.text === 'Data' ? attr(c, 'Name') : undefined
        const name = nameNodes ? resolvedText(src, nameNodes) : c.name.text === 'Data' ? null : c.name.text
        addData(data, name === '' ? null : name, resolvedText(src, c.children), counters)
      }
    } else if (part.name.text === 'UserData') {
      const inner = firstElement(part.children)
      if (!inner) return
      for (const c of inner.children) if (c.kind === NodeKind.Element) addData(data, c.name.text, resolvedText(src, c.children), counters)
    }
  }
}

/** The single template instance a record consists of, if that is its shape. */
export function soleInstance(nodes: readonly Node[]): InstanceNode | undefined {
  if (nodes.length !== 1) return undefined
  const n = nodes[0]!
  return n.kind === NodeKind.Instance ? n : undefined
}
