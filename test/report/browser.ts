/** Opens a rendered report in headless Chromium and records everything that must not happen. */
import {existsSync} from 'node:fs'
import {chromium, type Browser, type Page} from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'
export const REPORT_URL = 'http://report.invalid/report.html'

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM)
}

/** Launches the system Chromium with a fresh temporary profile (playwright's default). */
export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  })
}

export interface Watched {
  page: Page
  dialogs: string[]
  consoleErrors: string[]
  pageErrors: string[]
  /** Requests other than the report itself, all aborted. */
  requests: string[]
}

/** Serves `html` at REPORT_URL through request interception; any other request is counted and aborted. */
export async function openReport(browser: Browser, html: string, viewport = {width: 1400, height: 1000}): Promise<Watched> {
  const page = await browser.newPage({viewport})
  const w: Watched = {page, dialogs: [], consoleErrors: [], pageErrors: [], requests: []}
  page.on('dialog', d => {
    w.dialogs.push(`${d.type()}: ${d.message()}`)
    void d.dismiss()
  })
  page.on('console', m => {
    if (m.type() === 'error') w.consoleErrors.push(m.text())
  })
  page.on('pageerror', e => w.pageErrors.push(e.message))
  await page.route('**/*', route => {
    const url = route.request().url()
    if (url === REPORT_URL) return route.fulfill({status: 200, contentType: 'text/html; charset=utf-8', body: html})
    w.requests.push(url)
    return route.abort()
  })
  page.on('request', r => {
    if (r.url() !== REPORT_URL && !w.requests.includes(r.url())) w.requests.push(r.url())
  })
  await page.goto(REPORT_URL, {waitUntil: 'load'})
  await page.waitForSelector('html[data-ready="1"]', {timeout: 60000})
  return w
}
