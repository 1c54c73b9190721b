/** Template trees: the outer System template, the EventData/UserData template, and their substitution values. */

import type {EvtxEventSpec} from './event-spec.js'
import {guidText} from './expected-text.js'
import {toFiletime} from './time.js'
import {BINXML_TYPE, declaredTypeCode, type EventDataInput, type EvtxValue, type EvtxValueInput, type LiteralNode, TYPE_CODE, V} from './values.js'

export type XContent =
  | {kind: 'text'; text: string}
  | {kind: 'cdata'; text: string}
  | {kind: 'charref'; code: number}
  | {kind: 'entityref'; name: string}
  | {kind: 'pi'; target: string; data: string}
  | {kind: 'sub'; index: number; type: number; optional: boolean}
  | XElement
export interface XElement {
  kind: 'element'
  name: string
  attrs: Array<{name: string; value: XContent}>
  children: XContent[]
}

const el = (name: string, attrs: XElement['attrs'] = [], children: XContent[] = []): XElement => ({kind: 'element', name, attrs, children})
const opt = (index: number, type: number): XContent => ({kind: 'sub', index, type, optional: true})
const text = (t: string): XContent => ({kind: 'text', text: t})

const EVENT_NS = 'http://schemas.microsoft.com/win/2004/08/events/event'

/** The outer template: Windows' System layout, with the EventData BinXml as the last substitution. */
export function systemTemplate(e: EvtxEventSpec): {key: string; root: () => XElement; dataIndex: number; count: number} {
  const classic = e.eventSourceName !== undefined
  const dataIndex = classic ? 19 : 17
  const key = classic
    ? `sys-classic\0${e.provider}\0${e.providerGuid ?? ''}\0${e.eventSourceName}\0${e.channel}\0${e.computer}`
    : `sys\0${e.computer}`
  return {key, root: () => systemTree(e), dataIndex, count: dataIndex + 1}
}

function systemTree(e: EvtxEventSpec): XElement {
  const classic = e.eventSourceName !== undefined
  const provider = classic
    ? el('Provider', [
        {name: 'Name', value: text(e.provider)},
        ...(e.providerGuid ? [{name: 'Guid', value: text(guidText(e.providerGuid).toLowerCase())}] : []),
        {name: 'EventSourceName', value: text(e.eventSourceName!)},
      ])
    : el('Provider', [
        {name: 'Name', value: opt(14, TYPE_CODE.string)},
        {name: 'Guid', value: opt(15, TYPE_CODE.guid)},
      ])
  const related = classic ? 18 : 13
  const dataIndex = classic ? 19 : 17
  const system = el('System', [], [
    provider,
    el('EventID', [{name: 'Qualifiers', value: opt(4, TYPE_CODE.uint16)}], [opt(3, TYPE_CODE.uint16)]),
    el('Version', [], [opt(11, TYPE_CODE.uint8)]),
    el('Level', [], [opt(0, TYPE_CODE.uint8)]),
    el('Task', [], [opt(2, TYPE_CODE.uint16)]),
    el('Opcode', [], [opt(1, TYPE_CODE.uint8)]),
    el('Keywords', [], [opt(5, TYPE_CODE.hex64)]),
    el('TimeCreated', [{name: 'SystemTime', value: opt(6, TYPE_CODE.filetime)}]),
    el('EventRecordID', [], [opt(10, TYPE_CODE.uint64)]),
    el('Correlation', [
      {name: 'ActivityID', value: opt(7, TYPE_CODE.guid)},
      {name: 'RelatedActivityID', value: opt(related, TYPE_CODE.guid)},
    ]),
    el('Execution', [
      {name: 'ProcessID', value: opt(8, TYPE_CODE.uint32)},
      {name: 'ThreadID', value: opt(9, TYPE_CODE.uint32)},
    ]),
    el('Channel', [], [classic ? text(e.channel) : opt(16, TYPE_CODE.string)]),
    el('Computer', [], [text(e.computer)]),
    el('Security', [{name: 'UserID', value: opt(12, TYPE_CODE.sid)}]),
  ])
  return el('Event', [{name: 'xmlns', value: text(EVENT_NS)}], [system, opt(dataIndex, BINXML_TYPE)])
}

function literalContent(nodes: LiteralNode[]): XContent[] {
  return nodes.map((n): XContent =>
    'text' in n
      ? {kind: 'text', text: n.text}
      : 'cdata' in n
        ? {kind: 'cdata', text: n.cdata}
        : 'charRef' in n
          ? {kind: 'charref', code: n.charRef}
          : 'entityRef' in n
            ? {kind: 'entityref', name: n.entityRef}
            : {kind: 'pi', target: n.piTarget, data: n.piData ?? ''},
  )
}

/** Substitution index of each field (literal fields take none), then the content each field's element holds. */
function fieldContents(fields: Array<[string, EvtxValue]>): XContent[][] {
  let next = 0
  return fields.map(([, v]) => (v.type === 'literal' ? literalContent(v.nodes) : [{kind: 'sub', index: next++, type: declaredTypeCode(v), optional: false}]))
}

function fieldKey(fields: Array<[string, EvtxValue]>): string {
  return fields.map(([n, v]) => `${n}:${v.type === 'literal' ? JSON.stringify(v.nodes) : declaredTypeCode(v)}`).join('\0')
}

/** The values of a record's EventData substitution array (literal fields have none). */
export function substitutedValues(fields: Array<[string, EvtxValue]>): EvtxValue[] {
  return fields.filter(([, v]) => v.type !== 'literal').map(([, v]) => v)
}

export function dataTemplate(e: EvtxEventSpec, fields: Array<[string, EvtxValue]>): {key: string; root: () => XElement} {
  const ud = e.userData
  if (ud) {
    const root = () => {
      const contents = fieldContents(fields)
      const attrs = ud.namespace ? [{name: 'xmlns', value: text(ud.namespace)}] : []
      return el('UserData', [], [el(ud.element, attrs, fields.map(([name], i) => el(name, [], contents[i]!)))])
    }
    return {key: `ud\0${ud.element}\0${ud.namespace ?? ''}\0${fieldKey(fields)}`, root}
  }
  const root = () => {
    const contents = fieldContents(fields)
    return el('EventData', [], fields.map(([name], i) => el('Data', name === '' ? [] : [{name: 'Name', value: text(name)}], contents[i]!)))
  }
  return {key: `ed\0${fieldKey(fields)}`, root}
}

export function normaliseFields(data: EventDataInput | undefined): Array<[string, EvtxValue]> {
  if (!data) return []
  const entries: ReadonlyArray<readonly [string, EvtxValueInput]> = Array.isArray(data)
    ? (data as ReadonlyArray<readonly [string, EvtxValueInput]>)
    : Object.entries(data as Record<string, EvtxValueInput>)
  return entries.map(([n, v]) => [n, typeof v === 'string' ? {type: 'string', value: v} : v])
}

export function systemValues(
  e: EvtxEventSpec,
  recordId: bigint,
  count: number,
  eventData: EvtxValue | {type: 'binxml'; write: () => void},
): Array<EvtxValue | {type: 'binxml'; write: () => void}> {
  const orNull = (x: EvtxValue | undefined): EvtxValue => x ?? V.null()
  const classic = e.eventSourceName !== undefined
  const out: Array<EvtxValue | {type: 'binxml'; write: () => void}> = Array.from({length: count}, () => V.null())
  out[0] = V.uint8(e.level ?? 4)
  out[1] = V.uint8(e.opcode ?? 0)
  out[2] = V.uint16(e.task ?? 0)
  out[3] = V.uint16(e.eventId)
  out[4] = orNull(e.qualifiers !== undefined ? V.uint16(e.qualifiers) : undefined)
  out[5] = V.hex64(e.keywords ?? 0x8000000000000000n)
  out[6] = V.filetime(toFiletime(e.time))
  out[7] = orNull(e.activityId ? V.guid(e.activityId) : undefined)
  out[8] = V.uint32(e.processId ?? 4)
  out[9] = V.uint32(e.threadId ?? 8)
  out[10] = V.uint64(recordId)
  out[11] = V.uint8(e.version ?? 0)
  out[12] = orNull(e.userSid ? V.sid(e.userSid) : undefined)
  out[classic ? 18 : 13] = orNull(e.relatedActivityId ? V.guid(e.relatedActivityId) : undefined)
  if (!classic) {
    out[14] = V.string(e.provider)
    out[15] = orNull(e.providerGuid ? V.guid(e.providerGuid) : undefined)
    out[16] = V.string(e.channel)
  }
  out[count - 1] = eventData
  return out
}
