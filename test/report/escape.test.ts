import t from 'tap'
import {attackUrl, escapeHtmlAttr, escapeHtmlText, jsonForScript} from '../../src/report/escape.js'
import {parseTemplate, renderSegments, TemplateError} from '../../src/report/template.js'
import {csvCell} from '../../src/report/timeline/csv.js'
import {terminalSafe} from '../../src/report/terminal-summary.js'

t.test('HTML text and attribute escaping', async t => {
  t.equal(escapeHtmlText('<script>alert(1)</script> & "q"'), '&lt;script&gt;alert(1)&lt;/script&gt; &amp; "q"')
  t.equal(escapeHtmlAttr(`"><img src=x onerror=alert(1)> ' \``), '&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &#39; &#96;')
  t.equal(escapeHtmlText('&amp;'), '&amp;amp;', 'already-escaped text is escaped again, never trusted')
})

t.test('JSON inside a script element cannot close it and parses back to the same value', async t => {
  const value = {a: '</script><script>alert(1)</script>', b: '<!-- x -->', c: 'a\u2028b\u2029c', d: 'R&D > ops', e: ['\u202Eexe.txt', '\uD800']}
  const json = jsonForScript(value)
  t.notMatch(json, /<\/script/i)
  t.notMatch(json, /<!--/)
  t.notMatch(json, /[<>&\u2028\u2029]/)
  t.equal(json.includes('\\u003c/script\\u003e'), true)
  t.same(JSON.parse(json), value)
  t.equal(jsonForScript(undefined), 'null')
})

t.test('template placeholders are escaped for their context', async t => {
  const segs = parseTemplate('<title>{{text:x}}</title><meta content="{{attr:x}}"><p>{{t:k}}</p><script>{{raw:j}}</script>{{raw:s}}')
  const out = [...renderSegments(segs, {values: {x: '"><b>&', j: 'var a=1'}, strings: {k: '<i>'}}, new Set(['s']))]
  t.same(out, ['<title>', '"&gt;&lt;b&gt;&amp;', '</title><meta content="', '&quot;&gt;&lt;b&gt;&amp;',
    '"><p>', '&lt;i&gt;', '</p><script>', 'var a=1', '</script>', {stream: 's'}])
  t.throws(() => [...renderSegments(parseTemplate('{{text:missing}}'), {values: {}, strings: {}}, new Set())], TemplateError)
})

t.test('ATT&CK technique URLs', async t => {
  t.equal(attackUrl('T1197'), 'https://attack.mitre.org/techniques/T1197/')
  t.equal(attackUrl('T1547.001'), 'https://attack.mitre.org/techniques/T1547/001/')
  t.equal(attackUrl('T1197"><script>'), undefined)
})

t.test('CSV cells: formulas neutralised, RFC 4180 quoting', async t => {
  t.equal(csvCell('=cmd|\' /C calc\'!A0'), "'=cmd|' /C calc'!A0")
  t.equal(csvCell('+1'), "'+1")
  t.equal(csvCell('-2+3'), "'-2+3")
  t.equal(csvCell('@SUM(A1)'), "'@SUM(A1)")
  t.equal(csvCell('\tx'), "'\tx")
  t.equal(csvCell('\rx'), '"\'\rx"')
  t.equal(csvCell('a,"b"\nc'), '"a,""b""\nc"')
  t.equal(csvCell('plain'), 'plain')
  t.equal(csvCell(4688), '4688')
  t.equal(csvCell(undefined), '')
})

t.test('terminal output neutralises escape sequences and invisible characters', async t => {
  t.equal(terminalSafe('a\u001b[2J\u001b]0;pwned\u0007b'), 'a\\x1b[2J\\x1b]0;pwned\\x07b')
  t.equal(terminalSafe('x\u009by'), 'x\\x9by')
  t.equal(terminalSafe('inv\u202Egpj.exe\u200B'), 'inv<U+202E>gpj.exe<U+200B>')
  t.equal(terminalSafe('line1\nline2'), 'line1\\x0aline2')
})
