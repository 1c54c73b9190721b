import {once} from 'node:events'
import type {Finding} from '../model/finding.js'
import type {TriageResult} from '../model/result.js'

/** The triage result as written by `--json`: `Finding.events` dropped, object keys in a fixed order. */
export type JsonTriageResult = Omit<TriageResult, 'findings'> & {findings: Array<Omit<Finding, 'events'>>}

/** Top-level keys in the order of the `TriageResult` type; nested objects have their keys sorted. */
const TOP_LEVEL = ['schemaVersion', 'tool', 'generatedAt', 'sourceTimeZone', 'warnings', 'inputs', 'findings', 'incidents', 'timeline'] as const

/** Deep copy with object keys sorted and `undefined` members dropped, so equal results serialise byte-identically. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(v => (v === undefined ? null : canonical(v)))
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key]
    if (v !== undefined && typeof v !== 'function') out[key] = canonical(v)
  }
  return out
}

function findingWithoutEvents(f: Finding): Omit<Finding, 'events'> {
  const {events: _events, ...rest} = f
  return rest
}

function topValue(result: TriageResult, key: (typeof TOP_LEVEL)[number]): unknown {
  return key === 'findings' ? result.findings.map(findingWithoutEvents) : result[key]
}

export function toJsonResult(result: TriageResult): JsonTriageResult {
  const out: Record<string, unknown> = {}
  for (const key of TOP_LEVEL) out[key] = canonical(topValue(result, key))
  return out as JsonTriageResult
}

/**
 * The same text as `JSON.stringify(toJsonResult(result), null, indent)`, produced piece by piece: the timeline is
 * serialised one entry at a time, so a million entries never form one string.
 */
export function* jsonResultPieces(result: TriageResult, options: {indent?: number} = {}): Generator<string> {
  const indent = options.indent ?? 0
  const pad = ' '.repeat(indent)
  const nl = indent ? '\n' : ''
  const sep = indent ? ': ' : ':'
  const nest = (text: string, depth: number): string => (indent ? text.replaceAll('\n', `\n${pad.repeat(depth)}`) : text)
  yield '{'
  let first = true
  for (const key of TOP_LEVEL) {
    const head = `${first ? '' : ','}${nl}${pad}${JSON.stringify(key)}${sep}`
    first = false
    if (key !== 'timeline') {
      yield head + nest(JSON.stringify(canonical(topValue(result, key)), null, indent), 1)
      continue
    }
    if (!result.timeline.length) {
      yield `${head}[]`
      continue
    }
    yield `${head}[`
    let firstEntry = true
    for (const entry of result.timeline) {
      yield `${firstEntry ? '' : ','}${nl}${pad}${pad}${nest(JSON.stringify(canonical(entry), null, indent), 2)}`
      firstEntry = false
    }
    yield `${nl}${pad}]`
  }
  yield `${nl}}`
}

/** Streams the JSON result to `out` with back-pressure. */
export async function writeJsonResult(result: TriageResult, out: NodeJS.WritableStream, options: {indent?: number} = {}): Promise<void> {
  let buffered = ''
  for (const piece of jsonResultPieces(result, options)) {
    buffered += piece
    if (buffered.length >= 1 << 15) {
      const text = buffered
      buffered = ''
      if (!out.write(text)) await once(out, 'drain')
    }
  }
  if (buffered && !out.write(buffered)) await once(out, 'drain')
}
