import t from 'tap'
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import type {Browser} from 'playwright-core'
import {renderHtmlReport} from '../../src/report/html-report.js'
import {chromiumAvailable, launch, openReport, CHROMIUM} from './browser.js'
import {buildCase, LONG_COMMAND_LINE, payloadText, PAYLOADS, shownAs} from './fixture.js'

const OUT = fileURLToPath(new URL('../../test-output/', import.meta.url))

if (!chromiumAvailable()) {
  t.pass(`${CHROMIUM} absent: headless browser checks skipped`)
} else {
  mkdirSync(OUT, {recursive: true})
  let browser: Browser
  t.before(async () => {
    browser = await launch()
  })
  t.teardown(async () => {
    await browser?.close()
  })

  t.test('a report full of payloads runs no evidence, requests nothing and shows every payload as text', async t => {
    const html = renderHtmlReport(buildCase(payloadText()).result, {lang: 'en'})
    const w = await openReport(browser, html)
    const {page} = w
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content')
    t.match(csp, /^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+' 'sha256-[A-Za-z0-9+/=]+'; style-src 'sha256-[A-Za-z0-9+/=]+' 'sha256-[A-Za-z0-9+/=]+'; img-src data:; base-uri 'none'; form-action 'none'$/)
    t.notMatch(csp, /unsafe|connect-src/)

    const dom = await page.evaluate(() => ({
      imgs: document.querySelectorAll('img').length,
      runnable: [...document.scripts].filter(s => !s.type || /javascript/i.test(s.type)).length,
      handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes].filter(a => /^on/i.test(a.name)).map(a => `${e.tagName}.${a.name}`)),
      anchors: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
      text: document.body.innerText,
      title: document.title,
    }))
    t.equal(dom.imgs, 0, 'no <img> from evidence')
    t.equal(dom.runnable, 2, 'only uPlot and the report script are scripts')
    t.same(dom.handlers, [], 'no event-handler attributes')
    t.same(dom.anchors, ['#summary', '#incidents', '#findings', '#timeline', '#artefacts'], 'evidence URLs are never links')
    t.equal(dom.title, `bitstrail triage report — WS-${PAYLOADS.script}`)
    for (const [name, payload] of Object.entries(PAYLOADS)) t.ok(dom.text.includes(shownAs(payload)), `payload ${name} visible as text`)
    t.ok(dom.text.includes(LONG_COMMAND_LINE), '100 KB command line visible in full')

    await page.fill('#f-search', 'alert(2)')
    await page.waitForFunction(() => /^\d+ of/.test(document.getElementById('tl-count')!.textContent!) && !document.getElementById('tl-count')!.textContent!.startsWith('2'))
    const rows = await page.$$eval('.vrow', rs => rs.filter(r => (r as HTMLElement).style.display !== 'none').map(r => (r as HTMLElement).innerText))
    t.ok(rows.length > 0 && rows.every(r => r.includes('alert(2)')), 'search finds the payload rows, shown as text')

    await page.screenshot({path: join(OUT, 'report-payload.png'), fullPage: true})
    t.same(w.dialogs, [], 'no dialog')
    t.same(w.pageErrors, [], 'no page error')
    t.same(w.consoleErrors, [], 'no console error (CSP violations would show here)')
    t.same(w.requests, [], 'no network request')
    await page.close()
  })

  t.test('the sample case shows the incident chain, the findings and a working virtual timeline', async t => {
    const {result} = buildCase()
    const w = await openReport(browser, renderHtmlReport(result, {lang: 'en'}))
    const {page} = w
    t.same(await page.$$eval('.chain .step .stage', s => s.map(x => x.textContent)), [
      'BITS job created', 'BITS job created', 'Transfer', 'Notify launch', 'Payload', 'Autostart: Run value', 'Autostart: Scheduled task'])
    t.equal(await page.locator('.finding').count(), 8)
    t.same(await page.$$eval('.sev-group h3 .sev', s => s.map(x => x.textContent)), ['critical', 'high', 'medium', 'info'])
    t.same(await page.$$eval('.artefact h4 .kind', s => s.map(x => x.textContent)), ['BITS job', 'Process tree around the notify launch', 'Run value', 'Scheduled task', 'BITS job'])
    t.same(await page.$$eval('ul.tree .proc .img', s => s.map(x => x.textContent)), [
      'C:\\Windows\\System32\\svchost.exe', 'C:\\Users\\Public\\svcupd.exe', 'C:\\Windows\\System32\\cmd.exe', 'C:\\Windows\\System32\\reg.exe', 'C:\\Windows\\System32\\schtasks.exe'])
    t.equal(await page.locator('ul.checklist input[type=checkbox]').count(), 6)
    t.equal(await page.locator('#tl-chart canvas').count(), 1, 'uPlot chart drawn')

    const total = result.timeline.length
    const count = () => page.textContent('#tl-count')
    t.equal(await count(), `${total} of ${total} entries`)
    const visibleRows = () => page.$$eval('.vrow', rs => rs.filter(r => (r as HTMLElement).style.display !== 'none').length)
    const shown = await visibleRows()
    t.ok(shown >= 15 && shown <= 30, `only the rows in view exist (${shown})`)

    await page.selectOption('#f-severity', '>=4')
    t.equal(await count(), `2 of ${total} entries`, 'critical: the notify launch event and its finding')
    await page.selectOption('#f-severity', 'all')
    await page.fill('#f-search', 'svcupd')
    await page.waitForFunction(n => document.getElementById('tl-count')!.textContent !== `${n} of ${n} entries`, total)
    const searched = Number((await count())!.split(' ')[0])
    t.ok(searched > 5 && searched < 40, `search narrows the table (${searched})`)
    await page.click('#f-reset')

    const over = await page.locator('#tl-chart .u-over').boundingBox()
    t.ok(over)
    await page.mouse.move(over!.x + over!.width * 0.5, over!.y + 40)
    await page.mouse.down()
    await page.mouse.move(over!.x + over!.width * 0.56, over!.y + 40, {steps: 5})
    await page.mouse.up()
    await page.waitForFunction(n => document.getElementById('tl-count')!.textContent !== `${n} of ${n} entries`, total)
    const zoomed = Number((await count())!.split(' ')[0])
    t.ok(zoomed > 0 && zoomed < total, `drag-zoom sets the time window (${zoomed} rows)`)
    t.match(await page.inputValue('#f-from'), /^2024-03-12T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
    await page.locator('#incidents').screenshot({path: join(OUT, 'report-sample-incident.png')})
    await page.locator('#tl-chart .u-over').dblclick()
    await page.waitForFunction(n => document.getElementById('tl-count')!.textContent === `${n} of ${n} entries`, total)

    await page.locator('.vrow').nth(3).click()
    t.match(await page.textContent('#tl-detail'), /Selected entry/)
    await page.locator('#timeline').screenshot({path: join(OUT, 'report-sample-timeline.png')})
    await page.screenshot({path: join(OUT, 'report-sample.png'), fullPage: true})
    t.same([w.dialogs, w.pageErrors, w.consoleErrors, w.requests], [[], [], [], []])
    await page.close()
  })

  t.test('an empty triage renders without errors', async t => {
    const {result} = buildCase()
    const empty = {...result, findings: [], incidents: [], timeline: [], inputs: [], warnings: []}
    const w = await openReport(browser, renderHtmlReport(empty, {lang: 'en'}))
    t.equal(await w.page.textContent('#verdict'), 'No findings.')
    t.equal(await w.page.textContent('#tl-count'), '0 of 0 entries')
    t.equal(await w.page.textContent('#incident-list'), 'No incidents: no chain of related findings was found.')
    t.equal(await w.page.locator('#tl-chart canvas').count(), 0)
    t.same([w.dialogs, w.pageErrors, w.consoleErrors, w.requests], [[], [], [], []])
    await w.page.close()
  })

  t.test('German report, opened from disk, requests nothing', async t => {
    const dir = t.testdir({})
    const file = join(dir, 'bericht.html')
    writeFileSync(file, renderHtmlReport(buildCase().result, {lang: 'de'}))
    const page = await browser.newPage()
    const requests: string[] = []
    const errors: string[] = []
    page.on('request', r => {
      if (r.url() !== pathToFileURL(file).href) requests.push(r.url())
    })
    page.on('console', m => {
      if (m.type() === 'error') errors.push(m.text())
    })
    await page.goto(pathToFileURL(file).href)
    await page.waitForSelector('html[data-ready="1"]')
    t.equal(await page.getAttribute('html', 'lang'), 'de')
    t.equal(await page.textContent('#summary h2'), 'Fallübersicht')
    t.equal(await page.textContent('.chain .step .stage'), 'BITS-Job angelegt')
    t.match(await page.textContent('#verdict'), /^1 Vorfall/)
    t.same([requests, errors], [[], []])
    await page.close()
  })
}
