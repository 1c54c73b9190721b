/** One JSON document of an export → an event: ECS/Winlogbeat `_source`, a search hit, or an evtx_dump `{"Event": ...}` record. */

import type {ArtefactKind, TriageEvent} from '../../model/event.js'
import type {SourceZone} from '../../model/time.js'
import {eventJsonToRecord} from '../windows-event/event-json.js'
import {assignField, emptyExportFields, resolveTarget, type FieldTarget} from '../windows-event/export-fields.js'
import {exportToEvent} from '../windows-event/export-event.js'
import {mapWinEvent} from '../windows-event/map.js'
import type {MapOptions} from '../windows-event/mapped.js'

type JsonObject = Record<string, unknown>

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

const BULK_ACTIONS = new Set(['index', 'create', 'update', 'delete'])
const MAX_DEPTH = 32

export type DocumentResult = {event: TriageEvent} | {skip: 'bulk-action'} | {error: string}

export interface DocumentContext {
  path: string
  kind: ArtefactKind
  zone: SourceZone
  map?: MapOptions
  /** Field name → target, filled as names are met (one cache per file). */
  targets: Map<string, FieldTarget>
  onBadTime?(text: string, line: number): void
  issue?(severity: 'warning' | 'error', reason: string, line: number): void
}

function scalarText(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  return undefined
}

/** Nested objects → dotted names; arrays of one scalar → the scalar, other arrays → JSON text. */
export function flattenDocument(doc: JsonObject, visit: (name: string, value: string) => void, prefix = '', depth = 0): void {
  for (const [k, v] of Object.entries(doc)) {
    const name = prefix ? `${prefix}.${k}` : k
    if (isObject(v)) {
      if (depth < MAX_DEPTH) flattenDocument(v, visit, name, depth + 1)
      else visit(name, JSON.stringify(v))
      continue
    }
    if (Array.isArray(v)) {
      const only = v.length === 1 ? scalarText(v[0]) : undefined
      if (only !== undefined) visit(name, only)
      else if (v.length > 0) visit(name, JSON.stringify(v))
      continue
    }
    const text = scalarText(v)
    if (text !== undefined) visit(name, text)
  }
}

/** The document inside a bulk line, search hit or update body; 'bulk-action' for action lines. */
function unwrap(doc: JsonObject): JsonObject | 'bulk-action' {
  const keys = Object.keys(doc)
  if (keys.length === 1 && BULK_ACTIONS.has(keys[0]!) && isObject(doc[keys[0]!])) return 'bulk-action'
  if (isObject(doc['_source'])) return doc['_source']
  if (keys.length === 1 && isObject(doc['doc'])) return doc['doc']
  if (isObject(doc['fields']) && ('_id' in doc || '_index' in doc)) return doc['fields']
  return doc
}

export function documentToEvent(value: unknown, line: number, record: number, ctx: DocumentContext): DocumentResult {
  if (!isObject(value)) return {error: 'the JSON value is not an object'}
  const doc = unwrap(value)
  if (doc === 'bulk-action') return {skip: 'bulk-action'}
  const source = {path: ctx.path, kind: ctx.kind, line, record}
  const issue = ctx.issue
  const map: MapOptions = {...ctx.map, ...(issue ? {issue: (severity: 'warning' | 'error', reason: string) => issue(severity, reason, line)} : {})}
  if (isObject(doc['Event'])) {
    const rec = eventJsonToRecord(doc, source)
    if (typeof rec === 'string') return {error: `not a Windows event record: ${rec}`}
    return {event: mapWinEvent(rec, map)}
  }
  const fields = emptyExportFields()
  flattenDocument(doc, (name, text) => {
    let target = ctx.targets.get(name)
    if (!target) {
      target = resolveTarget(name)
      if (ctx.targets.size < 10000) ctx.targets.set(name, target)
    }
    assignField(fields, target, text)
    if (target.kind === 'model' && target.field !== 'message') assignField(fields, {kind: 'extra', name}, text)
  })
  const event = exportToEvent(fields, {
    source,
    time: {zone: ctx.zone},
    map,
    onBadTime: (text) => ctx.onBadTime?.(text, line),
  })
  return {event}
}
