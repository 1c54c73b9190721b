import {escapeHtmlAttr, escapeHtmlText} from './escape.js'

/**
 * A report template: literal HTML with placeholders `{{text:name}}`, `{{attr:name}}` (escaped for that context),
 * `{{t:key}}` (a UI string, escaped as text) and `{{raw:name}}` (content the caller made safe for where it goes:
 * hashed inline CSS/JS, JSON escaped by `jsonForScript`).
 */
export type Segment = {literal: string} | {context: 'text' | 'attr' | 't' | 'raw'; name: string}

const PLACEHOLDER = /\{\{(text|attr|t|raw):([A-Za-z0-9_.-]+)\}\}/g

export function parseTemplate(source: string): Segment[] {
  const segments: Segment[] = []
  let last = 0
  for (const m of source.matchAll(PLACEHOLDER)) {
    if (m.index > last) segments.push({literal: source.slice(last, m.index)})
    segments.push({context: m[1] as 'text' | 'attr' | 't' | 'raw', name: m[2] ?? ''})
    last = m.index + m[0].length
  }
  if (last < source.length) segments.push({literal: source.slice(last)})
  return segments
}

export interface TemplateValues {
  values: Record<string, string>
  strings: Record<string, string>
}

export class TemplateError extends Error {
  override name = 'TemplateError'
}

/** Renders segments to pieces; a `raw` placeholder named in `streamed` yields a marker the caller replaces. */
export function* renderSegments(segments: readonly Segment[], v: TemplateValues, streamed: ReadonlySet<string>): Generator<string | {stream: string}> {
  for (const s of segments) {
    if ('literal' in s) {
      yield s.literal
      continue
    }
    if (s.context === 'raw' && streamed.has(s.name)) {
      yield {stream: s.name}
      continue
    }
    const value = s.context === 't' ? v.strings[s.name] : v.values[s.name]
    if (value === undefined) throw new TemplateError(`report template: no value for {{${s.context}:${s.name}}}`)
    yield s.context === 'attr' ? escapeHtmlAttr(value) : s.context === 'raw' ? value : escapeHtmlText(value)
  }
}
