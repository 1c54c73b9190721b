import {once} from 'node:events'
import type {TriageResult} from '../model/result.js'
import {cspHash, loadReportAssets, type ReportAssets, type ReportLang} from './assets.js'
import {jsonForScript} from './escape.js'
import {buildReportData} from './report-data.js'
import {parseTemplate, renderSegments} from './template.js'
import {TimelineEncoder} from './timeline-data.js'

export interface HtmlReportOptions {
  lang: ReportLang
  /** Timeline rows per `<script type="application/json">` chunk. */
  chunkRows?: number
  /** Rows whose full event fields are embedded for the detail view. */
  maxDetails?: number
  /** Already loaded assets (saves reading them again when rendering several reports). */
  assets?: ReportAssets
}

const STREAMED = new Set(['timeline', 'timelineDict'])
const ROWS_PER_PIECE = 200
/** Characters collected before a write: small enough to stay out of V8's large-object space. */
const WRITE_CHARS = 1 << 15

function contentSecurityPolicy(a: ReportAssets): string {
  return [
    "default-src 'none'",
    `script-src ${cspHash(a.uplotJs)} ${cspHash(a.js)}`,
    `style-src ${cspHash(a.uplotCss)} ${cspHash(a.css)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')
}

/** The report as a sequence of string pieces, in order; the timeline is produced chunk by chunk. */
export function* htmlReportPieces(result: TriageResult, options: HtmlReportOptions): Generator<string> {
  const assets = options.assets ?? loadReportAssets(options.lang)
  const chunkRows = options.chunkRows ?? 10000
  const data = buildReportData(result, {lang: options.lang})
  const hosts = [...new Set(result.incidents.map(i => i.host).filter(h => h !== undefined))]
  const title = `${assets.strings['report.title'] ?? 'bitstrail report'}${hosts.length ? ` — ${hosts.slice(0, 3).join(', ')}` : ''}`
  const values: Record<string, string> = {
    lang: options.lang,
    csp: contentSecurityPolicy(assets),
    title,
    generatedAt: result.generatedAt,
    version: `${result.tool.name} ${result.tool.version}`,
    uplotCss: assets.uplotCss,
    css: assets.css,
    uplotJs: assets.uplotJs,
    js: assets.js,
    data: jsonForScript(data),
    strings: jsonForScript(assets.strings),
  }
  const encoder = new TimelineEncoder(options.maxDetails === undefined ? {} : {maxDetails: options.maxDetails})
  for (const piece of renderSegments(parseTemplate(assets.template), {values, strings: assets.strings}, STREAMED)) {
    if (typeof piece === 'string') {
      yield piece
    } else if (piece.stream === 'timeline') {
      // Rows go out in small batches so every intermediate string stays small and short-lived (young-generation
      // garbage): a million rows never pile up as large strings waiting for a full collection.
      let inChunk = 0
      let batch: string[] = []
      for (const entry of result.timeline) {
        if (inChunk === 0) yield '<script type="application/json" class="tl-chunk">['
        batch.push(jsonForScript(encoder.encode(entry)))
        inChunk++
        if (inChunk >= chunkRows) {
          yield `${batch.join(',')}]</script>\n`
          batch = []
          inChunk = 0
        } else if (batch.length >= ROWS_PER_PIECE) {
          yield `${batch.join(',')},`
          batch = []
        }
      }
      if (inChunk > 0) yield `${batch.join(',')}]</script>\n`
    } else {
      yield jsonForScript(encoder.dictionaries())
    }
  }
}

/** Renders the self-contained HTML report into one string (for large timelines prefer `writeHtmlReport`). */
export function renderHtmlReport(result: TriageResult, options: HtmlReportOptions): string {
  return [...htmlReportPieces(result, options)].join('')
}

/** Streams the HTML report to `out`, honouring back-pressure, so a million-row timeline never becomes one string. */
export async function writeHtmlReport(result: TriageResult, out: NodeJS.WritableStream, options: HtmlReportOptions): Promise<void> {
  let buffered: string[] = []
  let size = 0
  const flush = async (): Promise<void> => {
    if (!buffered.length) return
    const text = buffered.join('')
    buffered = []
    size = 0
    if (!out.write(text)) await once(out, 'drain')
  }
  for (const piece of htmlReportPieces(result, options)) {
    buffered.push(piece)
    size += piece.length
    if (size >= WRITE_CHARS) await flush()
  }
  await flush()
}
