/** Reads EVTX files with the peer parsers installed on the machine (python-evtx, libevtx) for cross-checks. */

import {spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'

export const PYTHON_EVTX = '/usr/bin/evtx_dump.py'
export const EVTXEXPORT = '/usr/bin/evtxexport'

export const hasPythonEvtx = (): boolean => existsSync(PYTHON_EVTX) && existsSync('/usr/bin/python3')
export const hasEvtxexport = (): boolean => existsSync(EVTXEXPORT)

export interface PeerEvent {
  system: Record<string, string>
  data: Array<[string, string]>
}

export interface PeerResult {
  status: number | null
  stderr: string
  events: PeerEvent[]
}

const ENTITIES: Record<string, string> = {lt: '<', gt: '>', amp: '&', quot: '"', apos: "'"}

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ENTITIES[e]!,
  )
}

/** Splits peer XML output into events: System leaf texts/attributes and EventData/UserData leaves in order. */
export function parsePeerXml(xml: string): PeerEvent[] {
  const events: PeerEvent[] = []
  for (const m of xml.matchAll(/<Event [^>]*>([\s\S]*?)<\/Event>/g)) {
    const body = m[1]!
    const sysXml = /<System>([\s\S]*?)<\/System>/.exec(body)?.[1] ?? ''
    const system: Record<string, string> = {}
    for (const e of sysXml.matchAll(/<(\w+)((?:\s+\w+="[^"]*")*)\s*(?:\/>|>([^<]*)<\/\1>)/g)) {
      const [, name, attrs, content] = e
      if (content !== undefined && content !== '') system[name!] = unescapeXml(content)
      for (const a of (attrs ?? '').matchAll(/(\w+)="([^"]*)"/g)) system[`${name}@${a[1]}`] = unescapeXml(a[2]!)
    }
    const data: Array<[string, string]> = []
    const rest = body.slice(body.indexOf('</System>') + 9)
    for (const d of rest.matchAll(/<Data(?: Name="([^"]*)")?\s*(?:\/>|>([\s\S]*?)<\/Data>)/g)) data.push([d[1] ?? '', unescapeXml(d[2] ?? '')])
    if (!data.length) {
      for (const d of rest.matchAll(/<(\w+)>([^<]*)<\/\1>/g)) data.push([d[1]!, unescapeXml(d[2]!)])
    }
    events.push({system, data})
  }
  return events
}

export function pythonEvtx(file: string): PeerResult {
  const r = spawnSync('/usr/bin/python3', [PYTHON_EVTX, file], {encoding: 'utf8', maxBuffer: 1 << 28})
  return {status: r.status, stderr: r.stderr, events: parsePeerXml(r.stdout ?? '')}
}

export function evtxexport(file: string): PeerResult {
  const r = spawnSync(EVTXEXPORT, ['-f', 'xml', file], {encoding: 'utf8', maxBuffer: 1 << 28})
  return {status: r.status, stderr: r.stderr, events: parsePeerXml(r.stdout ?? '')}
}
