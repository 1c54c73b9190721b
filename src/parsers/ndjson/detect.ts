/** Content checks for discovery: is a file an NDJSON or whole-document JSON export bitstrail reads? */

import {sniffText} from '../text/index.js'

const HINTS: Array<[RegExp, string]> = [
  [/"Event"\s*:\s*\{\s*"(?:#attributes|System)"/, 'evtx_dump-style {"Event": {"System": ...}} record'],
  [/"hits"\s*:\s*\{/, 'Elasticsearch _search response (hits.hits)'],
  [/"_source"\s*:\s*\{/, 'Elasticsearch documents (_source)'],
  [/"winlog"\s*:\s*\{|"winlog\.(?:event_id|channel|provider_name)"/, 'Winlogbeat/ECS document (winlog.*)'],
  [/"@timestamp"\s*:/, 'ECS document (@timestamp)'],
  [/^\{\s*"(?:index|create)"\s*:\s*\{/, 'Elasticsearch bulk file'],
]

function headText(firstBytes: Uint8Array | string): string {
  return sniffText(firstBytes, {singleByte: 'ansi'})
}

function hint(text: string): string | undefined {
  for (const [re, what] of HINTS) if (re.test(text)) return what
  return undefined
}

/** Why the first bytes look like NDJSON (one JSON object per line, with ECS, Winlogbeat, bulk or evtx_dump content), or null. */
export function looksLikeNdjson(firstBytes: Uint8Array | string): string | null {
  const text = headText(firstBytes).trimStart()
  if (!text.startsWith('{')) return null
  const lines = text.split('\n')
  const first = lines[0]!.trim()
  const complete = lines.length > 1
  if (complete) {
    try {
      JSON.parse(first)
    } catch {
      return null
    }
    const second = lines.slice(1).find((l) => l.trim() !== '')
    if (second !== undefined && !second.trimStart().startsWith('{')) return null
  } else if (!/\}\s*$/.test(first) && first.length < 4096) {
    return null
  }
  const what = hint(first)
  // A _search response is one document however it is laid out: the JSON reader streams its hits.
  if (!what || /^\{\s*"(?:took|_scroll_id|timed_out)"/.test(first)) return null
  return `NDJSON: ${what}`
}

/** Why the first bytes look like a whole-document JSON export (a _search response, an array of documents), or null. */
export function looksLikeJsonExport(firstBytes: Uint8Array | string): string | null {
  const text = headText(firstBytes).trimStart()
  if (!text.startsWith('{') && !text.startsWith('[')) return null
  const what = hint(text)
  if (!what) return null
  return `JSON: ${text.startsWith('[') ? 'array of documents, ' : ''}${what}`
}
