import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {createRequire} from 'node:module'
import {InputError} from '../model/errors.js'

/** The report's static files, read from `assets/report/` beside `src/` or `dist/`. */
export interface ReportAssets {
  template: string
  css: string
  js: string
  uplotJs: string
  uplotCss: string
  strings: Record<string, string>
}

export type ReportLang = 'en' | 'de'
export const REPORT_LANGS: readonly ReportLang[] = ['en', 'de']

/** `assets/report/` relative to this module: `src/report/` and `dist/report/` both sit two levels below the root. */
export function reportAssetDir(): string {
  return fileURLToPath(new URL('../../assets/report/', import.meta.url))
}

function readAsset(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    throw new InputError(path, 'report asset missing (is assets/ shipped next to dist/?)', {cause: error})
  }
}

function uplotFile(name: string): string {
  const require = createRequire(import.meta.url)
  return require.resolve(`uplot/dist/${name}`)
}

/** Reads the template, CSS, JS, uPlot and the UI strings for `lang` (small files, read synchronously). */
export function loadReportAssets(lang: ReportLang): ReportAssets {
  if (!REPORT_LANGS.includes(lang)) throw new InputError(`i18n/${String(lang)}.json`, `unsupported report language (use ${REPORT_LANGS.join(' or ')})`)
  const dir = reportAssetDir()
  const template = readAsset(`${dir}report.html`)
  const css = readAsset(`${dir}report.css`)
  const js = readAsset(`${dir}report.js`)
  const uplotJs = readAsset(uplotFile('uPlot.iife.min.js'))
  const uplotCss = readAsset(uplotFile('uPlot.min.css'))
  const stringsText = readAsset(`${dir}i18n/${lang}.json`)
  for (const [name, text] of [['report.js', js], ['uPlot.iife.min.js', uplotJs]] as const) {
    if (/<\/script|<!--/i.test(text)) throw new InputError(name, 'inline script would break out of its <script> element')
  }
  for (const [name, text] of [['report.css', css], ['uPlot.min.css', uplotCss]] as const) {
    if (/<\/style/i.test(text)) throw new InputError(name, 'inline style would break out of its <style> element')
  }
  const strings = JSON.parse(stringsText) as Record<string, string>
  return {template, css, js, uplotJs, uplotCss, strings}
}

/** CSP source expression for an inline script or style element with exactly this content. */
export function cspHash(content: string): string {
  return `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`
}
