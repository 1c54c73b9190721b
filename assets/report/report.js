/* bitstrail report page. Evidence is attacker-controlled: it reaches the DOM only through textContent and DOM
   properties, never through innerHTML or string-built markup. */
(function () {
  'use strict'

  var SEVERITIES = ['info', 'low', 'medium', 'high', 'critical']
  var SEV_COLORS = {info: '#6b7785', low: '#2f7fbf', medium: '#e08a00', high: '#d1352b', critical: '#8e0a1e'}
  var ROW_H = 24
  var MAX_SCROLL_PX = 4000000
  var LONG_VALUE = 300
  // Invisible and direction-changing characters are shown as visible code points, never applied.
  var HIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2028\u2029\u2060-\u2069\uFEFF\uFFF9-\uFFFB]/g

  function byId(id) { return document.getElementById(id) }
  function readJson(id) { return JSON.parse(byId(id).textContent) }

  var DATA = readJson('report-data')
  var STRINGS = readJson('report-strings')

  function t(key, vars) {
    var s = Object.prototype.hasOwnProperty.call(STRINGS, key) ? STRINGS[key] : key
    if (vars) {
      Object.keys(vars).forEach(function (k) { s = s.split('{' + k + '}').join(String(vars[k])) })
    }
    return s
  }

  function fieldLabel(key) {
    if (key.indexOf('data:') === 0) return key.slice(5)
    var k = 'field.' + key
    return Object.prototype.hasOwnProperty.call(STRINGS, k) ? STRINGS[k] : key
  }

  /** Appends `s` as text, with hidden and bidi control characters made visible as U+XXXX marks. */
  function appendText(node, s) {
    s = s == null ? '' : String(s)
    HIDDEN_CHARS.lastIndex = 0
    if (!HIDDEN_CHARS.test(s)) {
      node.appendChild(document.createTextNode(s))
      return node
    }
    HIDDEN_CHARS.lastIndex = 0
    var last = 0
    var m
    while ((m = HIDDEN_CHARS.exec(s)) !== null) {
      if (m.index > last) node.appendChild(document.createTextNode(s.slice(last, m.index)))
      var mark = document.createElement('span')
      mark.className = 'ctl'
      mark.textContent = 'U+' + m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')
      node.appendChild(mark)
      last = m.index + m[0].length
    }
    if (last < s.length) node.appendChild(document.createTextNode(s.slice(last)))
    return node
  }

  function setText(node, s) {
    node.textContent = ''
    return appendText(node, s)
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag)
    if (cls) e.className = cls
    if (text !== undefined && text !== null) appendText(e, text)
    return e
  }

  function sevBadge(sev) {
    var b = el('span', 'sev sev-' + (SEVERITIES.indexOf(sev) >= 0 ? sev : 'info'), t('severity.' + sev))
    return b
  }

  function kvList(rows) {
    var dl = el('dl', 'kv')
    rows.forEach(function (r) {
      dl.appendChild(el('dt', null, fieldLabel(r[0])))
      var dd = el('dd')
      var v = r[1] == null ? '' : String(r[1])
      if (v.length > LONG_VALUE) dd.appendChild(appendText(el('div', 'value-box mono'), v))
      else appendText(dd, v)
      dl.appendChild(dd)
    })
    return dl
  }

  function table(headers, rows, numeric) {
    var tbl = el('table', 'grid')
    var thead = el('thead')
    var hr = el('tr')
    headers.forEach(function (h) { hr.appendChild(el('th', null, h)) })
    thead.appendChild(hr)
    tbl.appendChild(thead)
    var tbody = el('tbody')
    rows.forEach(function (r) {
      var tr = el('tr')
      r.forEach(function (c, i) {
        var td = el('td', numeric && numeric[i] ? 'num' : null)
        if (c instanceof Node) td.appendChild(c)
        else appendText(td, c)
        tr.appendChild(td)
      })
      tbody.appendChild(tr)
    })
    tbl.appendChild(tbody)
    return tbl
  }

  /** `<p><b>label: </b>T1197 T1053.005 …</p>` */
  function techniques(label, list) {
    var p = el('p')
    p.appendChild(el('b', null, label + ': '))
    var wrap = el('span')
    list.forEach(function (tq) {
      wrap.appendChild(el('span', 'technique mono', tq.url ? tq.id + ' — ' + tq.url : tq.id))
    })
    p.appendChild(wrap)
    return p
  }

  var findingElements = {}

  function showFinding(id) {
    var target = findingElements[id]
    if (!target) return
    target.scrollIntoView({block: 'center'})
    target.classList.add('flash')
    setTimeout(function () { target.classList.remove('flash') }, 1600)
  }

  function findingButton(id) {
    var b = el('button', 'linkish', id)
    b.type = 'button'
    b.addEventListener('click', function () { showFinding(id) })
    return b
  }

  // ---- verdict and summary ------------------------------------------------------------------------------------

  function highestSeverity(list) {
    var best = -1
    list.forEach(function (x) { best = Math.max(best, SEVERITIES.indexOf(x.severity)) })
    return best < 0 ? null : SEVERITIES[best]
  }

  function renderVerdict() {
    var v = byId('verdict')
    if (DATA.incidents.length) {
      setText(v, t('verdict.incidents', {n: DATA.incidents.length, sev: t('severity.' + highestSeverity(DATA.incidents)), f: DATA.findings.length}))
    } else if (DATA.findings.length) {
      setText(v, t('verdict.findings', {f: DATA.findings.length, sev: t('severity.' + highestSeverity(DATA.findings))}))
    } else {
      setText(v, t('verdict.none'))
    }
  }

  function renderSummary() {
    var c = DATA.counts
    var counts = byId('summary-counts')
    var items = [
      ['count.incidents', c.incidents, c.incidents > 0],
      ['count.findings', c.findings, false],
      ['count.inputs', c.inputs, false],
      ['count.skipped', c.skipped, c.skipped > 0],
      ['count.records', c.records, false],
      ['count.parseErrors', c.parseErrors, c.parseErrors > 0],
      ['count.parseWarnings', c.parseWarnings, false],
      ['count.timeline', c.timeline, false],
    ]
    items.forEach(function (it) {
      var box = el('div', 'count' + (it[2] ? ' bad' : ''))
      box.appendChild(el('b', null, Number(it[1]).toLocaleString('en-US')))
      box.appendChild(el('span', null, t(it[0])))
      counts.appendChild(box)
    })
    SEVERITIES.slice().reverse().forEach(function (s) {
      if (!c.bySeverity[s]) return
      var box = el('div', 'count')
      box.appendChild(el('b', null, String(c.bySeverity[s])))
      box.appendChild(sevBadge(s))
      counts.appendChild(box)
    })

    var meta = byId('summary-meta')
    var m = DATA.meta
    var tz = m.sourceTimeZone
    meta.appendChild(kvList([
      [t('summary.tool'), m.tool + ' ' + m.version],
      [t('summary.schema'), m.schemaVersion],
      [t('summary.generated'), m.generatedAt],
      [t('summary.tz'), tz.name + ' (' + t('tz.' + tz.basis) + ')'],
    ]))
    meta.appendChild(el('p', 'hint', t('summary.times')))
    if (m.warnings.length) {
      meta.appendChild(el('h3', null, t('summary.warnings')))
      var ul = el('ul', 'warnings')
      m.warnings.forEach(function (w) { ul.appendChild(el('li', null, w)) })
      meta.appendChild(ul)
    }

    byId('summary-inputs').appendChild(table(
      [t('col.path'), t('col.kind'), t('col.size'), t('col.records'), t('col.errors'), t('col.warnings'), t('col.skipped')],
      DATA.inputs.map(function (i) {
        return [i.path, i.kind, Number(i.size).toLocaleString('en-US'), Number(i.records).toLocaleString('en-US'), String(i.errors), String(i.warnings), i.skipped || '']
      }),
      [false, false, true, true, true, true, false]))

    if (DATA.issues.length) {
      var box = byId('summary-issues')
      box.appendChild(el('h3', null, t('summary.issues')))
      var wrap = el('div', 'table-wrap')
      wrap.appendChild(table([t('col.path'), t('col.level'), t('col.where'), t('col.reason')],
        DATA.issues.map(function (i) { return [i.path, i.severity, i.where, i.reason] })))
      box.appendChild(wrap)
      if (DATA.issuesOmitted) box.appendChild(el('p', 'hint', t('summary.issuesOmitted', {n: DATA.issuesOmitted})))
    }
  }

  // ---- incidents ------------------------------------------------------------------------------------------------

  function renderIncidents() {
    var list = byId('incident-list')
    if (!DATA.incidents.length) {
      list.appendChild(el('p', 'muted', t('incident.none')))
      return
    }
    DATA.incidents.forEach(function (inc) {
      var box = el('article', 'incident sev-border-' + inc.severity)
      var h = el('h3')
      h.appendChild(sevBadge(inc.severity))
      h.appendChild(el('span', null, inc.title))
      h.appendChild(el('span', 'id mono', inc.id))
      box.appendChild(h)
      var rows = []
      if (inc.start || inc.end) rows.push([t('incident.window'), (inc.start || '?') + ' – ' + (inc.end || '?')])
      if (inc.host) rows.push([t('incident.host'), inc.host])
      if (inc.users.length) rows.push([t('incident.users'), inc.users.join(', ')])
      box.appendChild(kvList(rows))
      if (inc.techniques.length) box.appendChild(techniques(t('incident.techniques'), inc.techniques))

      box.appendChild(el('h4', null, t('incident.chain')))
      var chain = el('ol', 'chain')
      inc.chain.forEach(function (step) {
        var li = el('li')
        var b = el('button', 'step sev-top-' + step.severity)
        b.type = 'button'
        var stage = t('stage.' + step.stage) + (step.autostart ? ': ' + t('autostart.' + step.autostart) : '')
        b.appendChild(el('div', 'stage', stage))
        b.appendChild(el('div', 'when mono', step.time || t('timeline.noTime')))
        var what = el('div', 'what')
        what.appendChild(sevBadge(step.severity))
        appendText(what, ' ' + step.title)
        b.appendChild(what)
        if (step.evidence.length) {
          var ev = step.evidence[0]
          var cite = ev.path.split(/[\\/]/).pop() + (ev.record !== undefined ? ' #' + ev.record : ev.line !== undefined ? ' line ' + ev.line : '')
          var ref = el('div', 'ref mono', cite)
          ref.title = ev.path + (ev.record !== undefined ? ' #' + ev.record : ev.line !== undefined ? ' line ' + ev.line : '')
          b.appendChild(ref)
        }
        b.addEventListener('click', function () { showFinding(step.findingId) })
        li.appendChild(b)
        chain.appendChild(li)
      })
      box.appendChild(chain)

      if (inc.links.length) {
        var det = el('details')
        det.appendChild(el('summary', null, t('incident.links') + ' (' + inc.links.length + ')'))
        det.appendChild(table([t('link.from'), t('link.to'), t('link.reason'), t('link.value')], inc.links.map(function (l) { return [l.from, l.to, l.reason, l.value] })))
        box.appendChild(det)
      }

      if (inc.nextSteps.length) {
        box.appendChild(el('h4', null, t('incident.nextSteps')))
        var ul = el('ul', 'checklist')
        inc.nextSteps.forEach(function (s) {
          var li = el('li')
          var label = el('label')
          var cb = el('input')
          cb.type = 'checkbox'
          label.appendChild(cb)
          label.appendChild(el('span', null, s))
          li.appendChild(label)
          ul.appendChild(li)
        })
        box.appendChild(ul)
      }
      list.appendChild(box)
    })
  }

  // ---- findings ---------------------------------------------------------------------------------------------------

  function renderFindings() {
    var list = byId('finding-list')
    if (!DATA.findings.length) {
      list.appendChild(el('p', 'muted', t('finding.none')))
      return
    }
    SEVERITIES.slice().reverse().forEach(function (sev) {
      var group = DATA.findings.filter(function (f) { return f.severity === sev })
      if (!group.length) return
      var sec = el('div', 'sev-group')
      var h = el('h3')
      h.appendChild(sevBadge(sev))
      h.appendChild(el('span', null, '(' + group.length + ')'))
      sec.appendChild(h)
      group.forEach(function (f) {
        var card = el('article', 'finding')
        findingElements[f.id] = card
        var h4 = el('h4')
        h4.appendChild(sevBadge(f.severity))
        h4.appendChild(el('span', null, f.title))
        h4.appendChild(el('span', 'muted mono', f.id))
        card.appendChild(h4)
        var meta = [f.time || t('timeline.noTime')]
        if (f.host) meta.push(f.host)
        if (f.user) meta.push(f.user)
        card.appendChild(el('div', 'meta mono', meta.join(' · ')))
        card.appendChild(el('p', 'summary', f.summary))
        var rows = [[t('finding.rule'), f.rule]]
        if (f.incidents.length) rows.push([t('finding.incident'), f.incidents.join(', ')])
        card.appendChild(kvList(rows))
        if (f.techniques.length) card.appendChild(techniques(t('finding.techniques'), f.techniques))
        if (f.fields.length) {
          card.appendChild(el('h4', null, t('finding.fields')))
          card.appendChild(kvList(f.fields))
        }
        if (f.evidence.length) {
          card.appendChild(el('h4', null, t('finding.evidence')))
          var ul = el('ul', 'mono')
          f.evidence.forEach(function (e) { ul.appendChild(el('li', null, e)) })
          card.appendChild(ul)
        }
        sec.appendChild(card)
      })
      list.appendChild(sec)
    })
  }

  // ---- artefacts -------------------------------------------------------------------------------------------------

  function procNode(node) {
    var li = el('li')
    var box = el('div', 'proc role-' + node.role)
    box.appendChild(el('span', 'img mono', node.image || '?'))
    var bits = [t('tree.' + node.role)]
    if (node.pid !== undefined) bits.push('PID ' + node.pid)
    if (node.user) bits.push(node.user)
    if (node.time) bits.push(node.time)
    box.appendChild(el('span', 'role', bits.join(' · ')))
    if (node.commandLine) box.appendChild(el('code', 'cmd', node.commandLine))
    if (node.source) box.appendChild(el('span', 'role mono', node.source))
    li.appendChild(box)
    if (node.children.length) {
      var ul = el('ul')
      node.children.forEach(function (c) { ul.appendChild(procNode(c)) })
      li.appendChild(ul)
    }
    return li
  }

  function artefactPanel(p) {
    var box = el('article', 'artefact')
    var h = el('h4')
    h.appendChild(el('span', 'kind', t('artefact.' + p.type)))
    appendText(h, p.title)
    box.appendChild(h)
    if (p.fields.length) box.appendChild(kvList(p.fields))
    if (p.files && p.files.length) {
      box.appendChild(el('h4', null, t('artefact.files')))
      var wrap = el('div', 'table-wrap')
      wrap.appendChild(table([t('artefact.url'), t('artefact.local'), t('artefact.state'), t('field.bytesTransferred')],
        p.files.map(function (f) {
          var bytes = f.bytesTransferred !== undefined ? String(f.bytesTransferred) + (f.bytesTotal !== undefined ? ' / ' + f.bytesTotal : '') : ''
          return [f.url, f.local || '', f.state || '', bytes]
        })))
      box.appendChild(wrap)
    }
    if (p.tree) {
      var ul = el('ul', 'tree')
      ul.appendChild(procNode(p.tree))
      box.appendChild(ul)
    }
    var foot = el('p', 'muted')
    if (p.findings.length) {
      appendText(foot, t('artefact.findings') + ': ')
      p.findings.forEach(function (id) { foot.appendChild(findingButton(id)); appendText(foot, ' ') })
      box.appendChild(foot)
    }
    if (p.evidence.length) {
      var det = el('details')
      det.appendChild(el('summary', null, t('artefact.evidence') + ' (' + p.evidence.length + ')'))
      var evl = el('ul', 'mono')
      p.evidence.forEach(function (e) { evl.appendChild(el('li', null, (e.time || t('timeline.noTime')) + '  ' + e.action + '  ' + e.source)) })
      det.appendChild(evl)
      box.appendChild(det)
    }
    return box
  }

  function renderArtefacts() {
    var list = byId('artefact-list')
    if (!DATA.artefacts.length) {
      list.appendChild(el('p', 'muted', t('artefact.none')))
      return
    }
    var groups = []
    DATA.incidents.forEach(function (inc) {
      groups.push({title: inc.id + ' — ' + inc.title, items: DATA.artefacts.filter(function (a) { return a.incident === inc.id })})
    })
    groups.push({title: t('artefact.other'), items: DATA.artefacts.filter(function (a) { return !a.incident })})
    groups.forEach(function (g) {
      if (!g.items.length) return
      list.appendChild(el('h3', null, g.title))
      g.items.forEach(function (p) { list.appendChild(artefactPanel(p)) })
    })
  }

  // ---- timeline data ----------------------------------------------------------------------------------------------

  function parseIsoMs(s) {
    if (!s) return NaN
    var base = Date.parse(s.slice(0, 19) + 'Z')
    if (s.charAt(19) === '.') base += parseFloat('0' + s.slice(19, s.length - 1)) * 1000
    return base
  }

  function loadTimeline() {
    var dict = readJson('tl-dict')
    var n = dict.rows
    var tl = {
      n: n,
      dict: dict,
      time: new Array(n),
      ms: new Float64Array(n),
      kind: new Uint8Array(n),
      cat: new Int32Array(n),
      act: new Int32Array(n),
      host: new Int32Array(n),
      user: new Int32Array(n),
      summary: new Array(n),
      path: new Int32Array(n),
      ref: new Array(n),
      eid: new Float64Array(n),
      sev: new Int8Array(n),
      fids: {},
      minMs: Infinity,
      maxMs: -Infinity,
    }
    var i = 0
    var chunks = document.querySelectorAll('script.tl-chunk')
    for (var c = 0; c < chunks.length; c++) {
      var rows = JSON.parse(chunks[c].textContent)
      chunks[c].textContent = ''
      for (var r = 0; r < rows.length && i < n; r++, i++) {
        var row = rows[r]
        tl.time[i] = row[0]
        var ms = parseIsoMs(row[0])
        tl.ms[i] = ms
        if (ms < tl.minMs) tl.minMs = ms
        if (ms > tl.maxMs) tl.maxMs = ms
        tl.kind[i] = row[1]
        tl.cat[i] = row[2]
        tl.act[i] = row[3]
        tl.host[i] = row[4]
        tl.user[i] = row[5]
        tl.summary[i] = row[6]
        tl.path[i] = row[7]
        tl.ref[i] = row[8]
        tl.eid[i] = row[9] === null ? NaN : row[9]
        tl.sev[i] = row[10]
        if (row[11]) tl.fids[i] = row[11]
      }
    }
    tl.n = i
    return tl
  }

  // ---- timeline filters, chart and virtual table -------------------------------------------------------------

  function initTimeline() {
    var tl = loadTimeline()
    var d = tl.dict
    var state = {q: '', sev: 'all', kind: -2, cat: -2, host: -2, user: -2, from: -Infinity, to: Infinity}
    var matches = new Int32Array(tl.n)
    var count = 0
    var selected = -1

    function options(select, items) {
      items.forEach(function (it) {
        var o = el('option', null, it[1])
        o.value = String(it[0])
        select.appendChild(o)
      })
    }
    function dictOptions(select, values, limit) {
      var counts = new Map()
      var arr = select === byId('f-host') ? tl.host : select === byId('f-user') ? tl.user : tl.cat
      for (var i = 0; i < tl.n; i++) counts.set(arr[i], (counts.get(arr[i]) || 0) + 1)
      var items = values.map(function (v, idx) { return [idx, v, counts.get(idx) || 0] })
      items.sort(function (a, b) { return b[2] - a[2] || (a[1] < b[1] ? -1 : 1) })
      options(select, [[-2, t('filter.all')]].concat(items.slice(0, limit).map(function (x) { return [x[0], x[1] + ' (' + x[2] + ')'] })))
    }
    options(byId('f-severity'), [['all', t('filter.all')], ['findings', t('filter.withFindings')]].concat(
      SEVERITIES.map(function (s, i) { return ['>=' + i, t('filter.atLeast', {sev: t('severity.' + s)})] })))
    options(byId('f-kind'), [[-2, t('filter.all')], [0, t('kind.event')], [1, t('kind.finding')]])
    dictOptions(byId('f-category'), d.categories, 200)
    dictOptions(byId('f-host'), d.hosts, 2000)
    dictOptions(byId('f-user'), d.users, 2000)

    function lowerFlags(values, q) {
      var f = new Uint8Array(values.length)
      for (var i = 0; i < values.length; i++) f[i] = values[i].toLowerCase().indexOf(q) >= 0 ? 1 : 0
      return f
    }

    function applyFilters() {
      var q = state.q
      var fHost, fUser, fAct, fCat, fPath
      if (q) {
        fHost = lowerFlags(d.hosts, q); fUser = lowerFlags(d.users, q); fAct = lowerFlags(d.actions, q)
        fCat = lowerFlags(d.categories, q); fPath = lowerFlags(d.paths, q)
      }
      var sevMin = state.sev.indexOf('>=') === 0 ? Number(state.sev.slice(2)) : -1
      var onlyFindings = state.sev === 'findings'
      var from = state.from, to = state.to, windowed = from > -Infinity || to < Infinity
      count = 0
      for (var i = 0; i < tl.n; i++) {
        if (state.kind !== -2 && tl.kind[i] !== state.kind) continue
        if (state.cat !== -2 && tl.cat[i] !== state.cat) continue
        if (state.host !== -2 && tl.host[i] !== state.host) continue
        if (state.user !== -2 && tl.user[i] !== state.user) continue
        if (sevMin >= 0 && tl.sev[i] < sevMin) continue
        if (onlyFindings && tl.sev[i] < 0 && !tl.fids[i] && tl.kind[i] !== 1) continue
        if (windowed) {
          var ms = tl.ms[i]
          if (!(ms >= from && ms <= to)) continue
        }
        if (q) {
          var hit = (tl.host[i] >= 0 && fHost[tl.host[i]]) || (tl.user[i] >= 0 && fUser[tl.user[i]]) ||
            (tl.act[i] >= 0 && fAct[tl.act[i]]) || (tl.cat[i] >= 0 && fCat[tl.cat[i]]) || (tl.path[i] >= 0 && fPath[tl.path[i]]) ||
            tl.summary[i].toLowerCase().indexOf(q) >= 0 || tl.ref[i].toLowerCase().indexOf(q) >= 0 ||
            (tl.time[i] !== null && tl.time[i].toLowerCase().indexOf(q) >= 0) ||
            (tl.eid[i] === tl.eid[i] && String(tl.eid[i]) === q) ||
            (tl.fids[i] && tl.fids[i].join(' ').toLowerCase().indexOf(q) >= 0)
          if (!hit) continue
        }
        matches[count++] = i
      }
      setText(byId('tl-count'), t('timeline.count', {shown: count.toLocaleString('en-US'), total: tl.n.toLocaleString('en-US')}))
      vport.scrollTop = 0
      layout()
    }

    // Virtual table: only the rows in view exist in the DOM; a scaled spacer stands for the rest.
    var table = byId('tl-table')
    var head = table.querySelector('.vhead')
    var vport = table.querySelector('.vport')
    var spacer = table.querySelector('.vspacer')
    var rowsBox = table.querySelector('.vrows')
    var COLS = ['col.time', 'col.severity', 'col.host', 'col.user', 'col.category', 'col.action', 'col.eventId', 'col.summary', 'col.source']
    COLS.forEach(function (k) { head.appendChild(el('div', null, t(k))) })
    var pool = []
    var empty = el('div', 'vempty', t('timeline.empty'))

    function ensurePool(size) {
      while (pool.length < size) {
        var r = el('div', 'vrow')
        r.setAttribute('role', 'row')
        for (var c = 0; c < COLS.length; c++) r.appendChild(el('div', c === 0 ? 't mono' : null))
        r.addEventListener('click', onRowClick)
        rowsBox.appendChild(r)
        pool.push(r)
      }
    }

    function onRowClick(ev) {
      var idx = Number(ev.currentTarget.dataset.row)
      if (!(idx >= 0)) return
      selected = idx
      showDetail(idx)
      render()
    }

    function dictValue(list, i) { return i >= 0 ? list[i] : '' }

    function fillRow(r, i) {
      var cells = r.children
      r.dataset.row = String(i)
      r.className = 'vrow' + (tl.kind[i] === 1 || tl.fids[i] ? ' finding-row' : '') + (i === selected ? ' sel' : '')
      setText(cells[0], tl.time[i] === null ? t('timeline.noTime') : tl.time[i])
      cells[1].textContent = ''
      if (tl.sev[i] >= 0) cells[1].appendChild(sevBadge(SEVERITIES[tl.sev[i]]))
      setText(cells[2], dictValue(d.hosts, tl.host[i]))
      setText(cells[3], dictValue(d.users, tl.user[i]))
      setText(cells[4], dictValue(d.categories, tl.cat[i]))
      setText(cells[5], dictValue(d.actions, tl.act[i]))
      cells[6].textContent = tl.eid[i] === tl.eid[i] ? String(tl.eid[i]) : ''
      var summary = tl.summary[i]
      setText(cells[7], summary.length > 2000 ? summary.slice(0, 2000) + '…' : summary)
      cells[7].title = summary.length > 2000 ? summary.slice(0, 2000) + '…' : summary
      var path = dictValue(d.paths, tl.path[i])
      var base = path.split(/[\\/]/).pop()
      setText(cells[8], base + (tl.ref[i] ? ' ' + tl.ref[i] : ''))
      cells[8].title = path + (tl.ref[i] ? ' ' + tl.ref[i] : '')
    }

    var spacerPx = 0
    function layout() {
      spacerPx = Math.min(count * ROW_H, MAX_SCROLL_PX)
      spacer.style.height = spacerPx + 'px'
      if (count === 0) {
        if (!empty.parentNode) vport.appendChild(empty)
      } else if (empty.parentNode) {
        empty.parentNode.removeChild(empty)
      }
      render()
    }

    function render() {
      var vh = vport.clientHeight || 480
      var visible = Math.ceil(vh / ROW_H) + 1
      ensurePool(visible)
      var st = vport.scrollTop
      var first, offset
      if (count * ROW_H <= MAX_SCROLL_PX) {
        first = Math.floor(st / ROW_H)
        offset = first * ROW_H
      } else {
        var maxFirst = Math.max(0, count - visible + 1)
        var range = Math.max(1, spacerPx - vh)
        first = Math.min(maxFirst, Math.floor((st / range) * maxFirst))
        offset = st
      }
      rowsBox.style.transform = 'translateY(' + offset + 'px)'
      for (var k = 0; k < pool.length; k++) {
        var pos = first + k
        var r = pool[k]
        if (k < visible && pos < count) {
          r.style.display = ''
          fillRow(r, matches[pos])
        } else {
          r.style.display = 'none'
          r.dataset.row = ''
        }
      }
    }

    var ticking = false
    vport.addEventListener('scroll', function () {
      if (ticking) return
      ticking = true
      requestAnimationFrame(function () { ticking = false; render() })
    })

    function showDetail(i) {
      var box = byId('tl-detail')
      box.textContent = ''
      box.appendChild(el('h4', null, t('detail.title')))
      var rows = [
        ['time', tl.time[i] === null ? t('timeline.noTime') : tl.time[i]],
        ['kind', t(tl.kind[i] === 1 ? 'kind.finding' : 'kind.event')],
      ]
      if (tl.sev[i] >= 0) rows.push(['severity', t('severity.' + SEVERITIES[tl.sev[i]])])
      if (tl.host[i] >= 0) rows.push(['host', d.hosts[tl.host[i]]])
      if (tl.user[i] >= 0) rows.push(['user', d.users[tl.user[i]]])
      if (tl.cat[i] >= 0) rows.push(['category', d.categories[tl.cat[i]]])
      if (tl.act[i] >= 0) rows.push(['action', d.actions[tl.act[i]]])
      if (tl.eid[i] === tl.eid[i]) rows.push(['eventId', String(tl.eid[i])])
      rows.push(['summary', tl.summary[i]])
      rows.push(['source', dictValue(d.paths, tl.path[i]) + (tl.ref[i] ? ' ' + tl.ref[i] : '')])
      box.appendChild(kvList(rows))
      if (tl.fids[i]) {
        var p = el('p')
        appendText(p, t('detail.findings') + ': ')
        tl.fids[i].forEach(function (id) { p.appendChild(findingButton(id)); appendText(p, ' ') })
        box.appendChild(p)
      }
      var extra = d.details[String(i)]
      if (extra) box.appendChild(kvList(extra))
    }
    setText(byId('tl-detail'), t('detail.none'))

    // Chart: entries per time bin over the visible window, findings marked by severity; re-binned on zoom.
    var chartBox = byId('tl-chart')
    var findingTimes = DATA.findings.filter(function (f) { return f.time }).map(function (f) {
      return {ms: parseIsoMs(f.time), sev: SEVERITIES.indexOf(f.severity)}
    })
    var plot = null
    var fullLo = tl.minMs, fullHi = tl.maxMs
    findingTimes.forEach(function (f) { if (f.ms < fullLo) fullLo = f.ms; if (f.ms > fullHi) fullHi = f.ms })
    var hasTimes = isFinite(fullLo) && isFinite(fullHi)
    if (hasTimes && fullHi === fullLo) { fullLo -= 30000; fullHi += 30000 }

    function bins(lo, hi) {
      var nb = Math.max(20, Math.min(600, Math.floor((chartBox.clientWidth || 900) / 3)))
      var width = (hi - lo) / nb
      var xs = new Array(nb), counts = new Array(nb)
      var sevs = SEVERITIES.map(function () { return new Array(nb).fill(null) })
      for (var b = 0; b < nb; b++) { xs[b] = (lo + b * width) / 1000; counts[b] = 0 }
      for (var i = 0; i < tl.n; i++) {
        var ms = tl.ms[i]
        if (!(ms >= lo && ms <= hi)) continue
        var k = Math.min(nb - 1, Math.floor((ms - lo) / width))
        counts[k]++
      }
      findingTimes.forEach(function (f) {
        if (!(f.ms >= lo && f.ms <= hi) || f.sev < 0) return
        var k = Math.min(nb - 1, Math.floor((f.ms - lo) / width))
        sevs[f.sev][k] = f.sev + 1
      })
      return [xs, counts].concat(sevs)
    }

    function pad2(n) { return n < 10 ? '0' + n : String(n) }
    function axisLabel(sec, span) {
      var d = new Date(sec * 1000)
      var date = d.getUTCFullYear() + '-' + pad2(d.getUTCMonth() + 1) + '-' + pad2(d.getUTCDate())
      var hm = pad2(d.getUTCHours()) + ':' + pad2(d.getUTCMinutes())
      if (span > 3 * 86400) return date
      if (span > 600) return date.slice(5) + ' ' + hm
      var ss = pad2(d.getUTCSeconds())
      return span > 10 ? hm + ':' + ss : hm + ':' + ss + '.' + String(d.getUTCMilliseconds()).padStart(3, '0')
    }

    function zoomTo(lo, hi, fromChart) {
      if (!plot || !(hi > lo)) return
      plot.setData(bins(lo, hi), false)
      plot.setScale('x', {min: lo / 1000, max: hi / 1000})
      if (fromChart) {
        var full = lo <= fullLo && hi >= fullHi
        state.from = full ? -Infinity : lo
        state.to = full ? Infinity : hi
        byId('f-from').value = full ? '' : new Date(lo).toISOString()
        byId('f-to').value = full ? '' : new Date(hi).toISOString()
        applyFilters()
      }
    }

    if (hasTimes && typeof uPlot === 'function') {
      var series = [{label: t('col.time')}, {
        label: t('timeline.events'), stroke: '#2458b3', fill: 'rgba(36,88,179,0.35)', width: 1,
        paths: uPlot.paths.bars({size: [0.9, 40]}), points: {show: false},
      }]
      SEVERITIES.forEach(function (s) {
        series.push({label: t('severity.' + s), scale: 'sev', stroke: SEV_COLORS[s], fill: SEV_COLORS[s], width: 0,
          paths: function () { return null }, points: {show: true, size: 11, stroke: SEV_COLORS[s], fill: SEV_COLORS[s]}})
      })
      plot = new uPlot({
        width: Math.max(300, chartBox.clientWidth || 900),
        height: 260,
        tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC') },
        scales: {x: {time: true}, y: {range: function (u, min, max) { return [0, Math.max(1, max * 1.08)] }}, sev: {range: [0, 5.6]}},
        cursor: {drag: {x: true, y: false, setScale: false}, bind: {dblclick: function () { return null }}},
        legend: {show: true, live: false},
        axes: [
          {values: function (u, splits) { return splits.map(function (v) { return axisLabel(v, u.scales.x.max - u.scales.x.min) }) }, space: 90},
          {label: t('timeline.events'), size: 60},
          {scale: 'sev', side: 1, size: 70, grid: {show: false},
            splits: function () { return [1, 2, 3, 4, 5] },
            values: function (u, vals) { return vals.map(function (v) { return SEVERITIES[v - 1] ? t('severity.' + SEVERITIES[v - 1]) : '' }) }},
        ],
        series: series,
        hooks: {
          setSelect: [function (u) {
            if (u.select.width < 2) return
            var lo = u.posToVal(u.select.left, 'x') * 1000, hi = u.posToVal(u.select.left + u.select.width, 'x') * 1000
            u.setSelect({left: 0, top: 0, width: 0, height: 0}, false)
            setTimeout(function () { zoomTo(lo, hi, true) }, 0)
          }],
        },
      }, bins(fullLo, fullHi), chartBox)
      plot.setScale('x', {min: fullLo / 1000, max: fullHi / 1000})
      plot.over.addEventListener('dblclick', function () { zoomTo(fullLo, fullHi, true) })
      var resizeTimer = null
      window.addEventListener('resize', function () {
        clearTimeout(resizeTimer)
        resizeTimer = setTimeout(function () { plot.setSize({width: Math.max(300, chartBox.clientWidth), height: 260}) }, 150)
      })
    }

    function parseWindowInput(id, fallback) {
      var v = byId(id).value.trim()
      if (!v) return fallback
      var ms = Date.parse(v)
      return isNaN(ms) ? fallback : ms
    }

    var searchTimer = null
    byId('f-search').addEventListener('input', function (ev) {
      clearTimeout(searchTimer)
      var v = ev.target.value
      searchTimer = setTimeout(function () { state.q = v.trim().toLowerCase(); applyFilters() }, 200)
    })
    byId('f-severity').addEventListener('change', function (ev) { state.sev = ev.target.value; applyFilters() })
    byId('f-kind').addEventListener('change', function (ev) { state.kind = Number(ev.target.value); applyFilters() })
    byId('f-category').addEventListener('change', function (ev) { state.cat = Number(ev.target.value); applyFilters() })
    byId('f-host').addEventListener('change', function (ev) { state.host = Number(ev.target.value); applyFilters() })
    byId('f-user').addEventListener('change', function (ev) { state.user = Number(ev.target.value); applyFilters() })
    function onWindowInput() {
      state.from = parseWindowInput('f-from', -Infinity)
      state.to = parseWindowInput('f-to', Infinity)
      if (plot) zoomTo(state.from > -Infinity ? state.from : fullLo, state.to < Infinity ? state.to : fullHi, false)
      applyFilters()
    }
    byId('f-from').addEventListener('change', onWindowInput)
    byId('f-to').addEventListener('change', onWindowInput)
    byId('f-reset').addEventListener('click', function () {
      state = {q: '', sev: 'all', kind: -2, cat: -2, host: -2, user: -2, from: -Infinity, to: Infinity}
      ;['f-search', 'f-from', 'f-to'].forEach(function (id) { byId(id).value = '' })
      ;['f-severity', 'f-kind', 'f-category', 'f-host', 'f-user'].forEach(function (id) { byId(id).selectedIndex = 0 })
      if (plot) zoomTo(fullLo, fullHi, false)
      applyFilters()
    })

    applyFilters()
    document.documentElement.dataset.timelineRows = String(tl.n)
  }

  renderVerdict()
  renderSummary()
  renderIncidents()
  renderFindings()
  renderArtefacts()
  initTimeline()
  document.documentElement.dataset.ready = '1'
})()
