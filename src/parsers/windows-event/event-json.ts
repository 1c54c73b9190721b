/** `{"Event": {"System": ..., "EventData": ...}}` documents (evtx_dump -o jsonl, bitstrail evtx JSONL) → WinEventRecord. */

import type {SourceRef} from '../../model/event.js'
import {ASSUMED_UTC} from '../../model/time.js'
import {intValue} from './fields.js'
import {readTimeText} from './text-time.js'
import type {WinEventRecord} from './record.js'

type Json = unknown

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Text of a JSON value as Windows would render it. */
export function jsonText(v: Json): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v)
  if (Array.isArray(v)) return v.map(jsonText).join('\n')
  if (isObject(v) && '#text' in v) return jsonText(v['#text'])
  return JSON.stringify(v)
}

/** An XML attribute as evtx_dump (`#attributes`), xml2js-like (`@Name`) or plain writers render it. */
function attr(node: Json, name: string): Json {
  if (!isObject(node)) return undefined
  const attrs = node['#attributes']
  if (isObject(attrs) && name in attrs) return attrs[name]
  if (`@${name}` in node) return node[`@${name}`]
  return node[name]
}

function text(node: Json): string | undefined {
  if (node === undefined || node === null) return undefined
  const t = jsonText(node)
  return t === '' ? undefined : t
}

/** Names the unnamed Data items `Data`, `Data1`, `Data2`, ... */
function unnamedName(i: number): string {
  return i === 0 ? 'Data' : `Data${i}`
}

function addEventData(node: Json, out: Record<string, string>): void {
  if (!isObject(node)) {
    const t = text(node)
    if (t !== undefined) out['Data'] = t
    return
  }
  let unnamed = 0
  const addUnnamed = (v: Json) => {
    out[unnamedName(unnamed++)] = jsonText(v)
  }
  for (const [name, value] of Object.entries(node)) {
    if (name === '#attributes' || name.startsWith('@xmlns')) continue
    if (name === 'Data') {
      const items = Array.isArray(value) ? value : [value]
      for (const item of items) {
        const itemName = attr(item, 'Name')
        if (isObject(item) && typeof itemName === 'string') out[itemName] = jsonText(item['#text'] ?? '')
        else if (isObject(item) && Array.isArray(item['#text'])) for (const t of item['#text']) addUnnamed(t)
        else addUnnamed(item)
      }
    } else {
      out[name] = jsonText(value)
    }
  }
}

/** UserData holds one element whose children are the fields; nested elements are flattened by their own names. */
function addUserData(node: Json, out: Record<string, string>, depth = 0): void {
  if (!isObject(node) || depth > 8) return
  for (const [name, value] of Object.entries(node)) {
    if (name === '#attributes' || name.startsWith('@')) continue
    if (isObject(value) && !('#text' in value)) addUserData(value, out, depth + 1)
    else out[name] = jsonText(value)
  }
}

/** The fields of an `{"EventData": ...}` or `{"UserData": ...}` object (EvtxECmd's Payload column). */
export function eventDataFromPayload(payload: Json): Record<string, string> {
  const data: Record<string, string> = {}
  if (!isObject(payload)) return data
  const root = isObject(payload['Event']) ? payload['Event'] : payload
  if (root['EventData'] !== undefined) addEventData(root['EventData'], data)
  if (root['UserData'] !== undefined) addUserData(root['UserData'], data)
  return data
}

/** Reads an Event document; returns a reason string when it is not one. */
export function eventJsonToRecord(doc: Json, source: SourceRef): WinEventRecord | string {
  const event = isObject(doc) ? doc['Event'] : undefined
  if (!isObject(event)) return 'no Event element'
  const system = event['System']
  if (!isObject(system)) return 'no Event.System element'
  const provider = text(attr(system['Provider'], 'Name')) ?? ''
  const eventId = intValue(text(system['EventID']))
  if (eventId === undefined) return 'no readable Event.System.EventID'
  const data: Record<string, string> = {}
  if (event['EventData'] !== undefined) addEventData(event['EventData'], data)
  if (event['UserData'] !== undefined) addUserData(event['UserData'], data)
  const rec: WinEventRecord = {provider, eventId, data, source}
  const channel = text(system['Channel'])
  if (channel) rec.channel = channel
  const time = text(attr(system['TimeCreated'], 'SystemTime'))
  if (time) {
    const reading = readTimeText(time, {zone: ASSUMED_UTC, zonelessIsUtc: true})
    if (reading) rec.time = reading.iso
    else data['SystemTime'] ??= time
  }
  const recordId = intValue(text(system['EventRecordID']))
  if (recordId !== undefined) rec.recordId = recordId
  const computer = text(system['Computer'])
  if (computer) rec.computer = computer
  const sid = text(attr(system['Security'], 'UserID'))
  if (sid) rec.userSid = sid
  const pid = intValue(text(attr(system['Execution'], 'ProcessID')))
  if (pid !== undefined) rec.processId = pid
  const tid = intValue(text(attr(system['Execution'], 'ThreadID')))
  if (tid !== undefined) rec.threadId = tid
  return rec
}
