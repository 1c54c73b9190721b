/** Normalised indicators of events and findings: what correlation links on and what responders block or collect. */
import type {TriageEvent} from '../model/event.js'
import type {Indicators} from '../model/finding.js'
import {parseBitsCommands} from './text/cmdline.js'
import {firstToken} from './text/lolbins.js'
import {normalisePath, pathsIn} from './text/paths.js'
import {hostOf, isRawIpHost, urlsIn} from './text/urls.js'
import {normaliseCommandLine} from './text/cmdline.js'
import {keyBody, serviceNameOfKey} from './autostart/classify.js'

type Key = keyof Indicators

/** Collects indicator values per kind, de-duplicated, in insertion order. */
export class IndicatorSet {
  private readonly sets = new Map<Key, Set<string>>()

  add(kind: Key, value: string | undefined): void {
    if (value === undefined) return
    const v = value.trim().toLowerCase()
    if (!v || v === '-' || v === 'null' || v === 'none') return
    let s = this.sets.get(kind)
    if (!s) this.sets.set(kind, (s = new Set()))
    s.add(v)
  }

  addPath(value: string | undefined): void {
    if (!value || !value.trim()) return
    const p = normalisePath(value).replace(/(\.(?:dll|ocx|cpl)),[^\\]*$/, '$1')
    if (/^[a-z]:\\|^\\\\|^%[a-z_]+%\\/.test(p)) this.add('paths', p)
  }

  addUrl(url: string): void {
    const host = hostOf(url)
    if (!host) {
      this.addPath(url)
      return
    }
    this.add('urls', url)
    if (isRawIpHost(host)) this.add('ips', host)
    else this.add('domains', host)
  }

  /** Paths and URLs mentioned in a command line or registry data. */
  addCommand(command: string | undefined): void {
    if (!command) return
    for (const u of urlsIn(command)) this.addUrl(u)
    const program = firstToken(command)
    if (program) this.addPath(program)
    for (const p of pathsIn(command)) this.addPath(p)
  }

  merge(other: Indicators): void {
    for (const [k, list] of Object.entries(other) as Array<[Key, string[] | undefined]>) for (const v of list ?? []) this.add(k, v)
  }

  toIndicators(): Indicators {
    const out: Indicators = {}
    for (const [k, s] of [...this.sets.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) if (s.size) out[k] = [...s]
    return out
  }
}

function account(domain: string | undefined, name: string | undefined): string | undefined {
  if (!name) return undefined
  return domain ? `${domain}\\${name}` : name
}

/** Everything in one event a responder or the correlator can use. */
export function eventIndicators(e: TriageEvent, into = new IndicatorSet()): IndicatorSet {
  into.add('hosts', e.host)
  if (e.user) {
    into.add('users', account(e.user.domain, e.user.name))
    into.add('sids', e.user.sid)
  }
  const p = e.process
  if (p) {
    into.add('users', p.user)
    into.addPath(p.image)
    if (p.commandLine) {
      into.add('commandLines', normaliseCommandLine(p.commandLine))
      into.addCommand(p.commandLine)
      addBitsCommands(p.commandLine, into)
    }
  }
  const script = e.data?.ScriptBlockText ?? e.data?.Payload
  if (script && /bits/i.test(script)) {
    for (const u of urlsIn(script)) into.addUrl(u)
    addBitsCommands(script, into)
  }
  const b = e.bits
  if (b) {
    if (b.id) into.add('jobIds', b.id.replace(/^\{?/, '{').replace(/\}?$/, '}'))
    into.add('jobTitles', b.title)
    into.add('users', b.owner)
    for (const f of b.files ?? []) {
      into.addUrl(f.url)
      into.addPath(f.local)
    }
    if (b.notifyCommandLine) {
      into.add('commandLines', normaliseCommandLine(b.notifyCommandLine))
      into.addCommand(b.notifyCommandLine)
    }
    into.addPath(b.notifyProgram)
    into.addCommand(b.notifyParameters)
    into.addPath(b.creatingProcess)
  }
  const r = e.registry
  if (r) {
    into.add('registryKeys', r.value !== undefined ? `${r.key}\\${r.value}` : r.key)
    into.addCommand(r.data)
    const svc = serviceNameOfKey(r.key)
    if (svc) into.add('services', svc)
    if (r.data && keyBody(r.key).includes('\\run')) into.add('commandLines', normaliseCommandLine(r.data))
  }
  const t = e.task
  if (t) {
    into.add('tasks', t.path ?? t.uri)
    for (const a of t.actions) {
      if (a.type !== 'exec') continue
      into.addPath(a.command)
      into.addCommand(a.arguments)
      addBitsCommands(`${a.command} ${a.arguments ?? ''}`, into)
    }
  }
  const s = e.service
  if (s) {
    into.add('services', s.name)
    into.addCommand(s.imagePath)
  }
  if (e.file) into.addPath(e.file.path)
  if (e.network) {
    if (e.network.url) into.addUrl(e.network.url)
    if (e.category === 'network') {
      const ip = e.network.destinationIp
      if (ip && !/^(10\.|192\.168\.|127\.|172\.(1[6-9]|2\d|3[01])\.|::1$|fe80:)/.test(ip)) into.add('ips', ip)
    }
  }
  return into
}

function addBitsCommands(text: string, into: IndicatorSet): void {
  for (const c of parseBitsCommands(text)) {
    into.add('jobTitles', c.job)
    for (const u of c.urls) into.addUrl(u)
    for (const l of c.localFiles) into.addPath(l)
    if (c.notifyProgram && !c.clearsNotify) into.addPath(c.notifyProgram)
    into.addCommand(c.notifyParameters)
  }
}
