import type {BitsJobFacet, BitsJobFile, TriageEvent} from '../model/event.js'
import type {Finding} from '../model/finding.js'
import type {TriageResult} from '../model/result.js'
import {compareTimes} from '../model/time.js'
import {bitsFields, citeSource, eventFields, formatUser, taskFields, type FieldRow} from './event-fields.js'
import {classifyFinding} from './evidence-chain.js'

/** One node of the process tree around a BITS notify launch. */
export interface ProcessNode {
  image?: string
  commandLine?: string
  pid?: number
  user?: string
  time?: string
  source?: string
  /** `parent` is known only from the child's parent fields; `notify` is the launched program. */
  role: 'parent' | 'notify' | 'descendant'
  children: ProcessNode[]
}

export interface EvidenceLine {
  time?: string
  action: string
  source: string
}

export interface ArtefactPanel {
  type: 'bits-job' | 'task' | 'run-value' | 'registry' | 'service' | 'process-tree'
  title: string
  /** Incident the artefact belongs to, when one of its findings is part of one. */
  incident?: string
  findings: string[]
  fields: FieldRow[]
  files?: BitsJobFile[]
  tree?: ProcessNode
  evidence: EvidenceLine[]
}

const MAX_TREE_DEPTH = 4
const MAX_CHILDREN = 50
const RUN_KEY = /\\(Run|RunOnce|RunOnceEx|RunServices|RunServicesOnce)$/i

interface Tagged {
  event: TriageEvent
  findings: Set<string>
}

function eventKey(e: TriageEvent): string {
  const s = e.source
  return `${s.path}\u0000${s.record ?? ''}\u0000${s.line ?? ''}\u0000${s.key ?? ''}\u0000${s.offset ?? ''}\u0000${e.action}\u0000${e.time ?? ''}`
}

/** Events behind findings, from `Finding.events` and from timeline entries that name findings; deduplicated. */
function findingEvents(result: TriageResult): Tagged[] {
  const byKey = new Map<string, Tagged>()
  const add = (e: TriageEvent, ids: readonly string[]): void => {
    const k = eventKey(e)
    let tagged = byKey.get(k)
    if (!tagged) byKey.set(k, (tagged = {event: e, findings: new Set()}))
    for (const id of ids) tagged.findings.add(id)
  }
  for (const f of result.findings) for (const e of f.events ?? []) add(e, [f.id])
  for (const entry of result.timeline) if (entry.event && entry.findings?.length) add(entry.event, entry.findings)
  return [...byKey.values()].sort((a, b) => compareTimes(a.event.time, b.event.time))
}

function evidenceLine(e: TriageEvent): EvidenceLine {
  const line: EvidenceLine = {action: e.action, source: citeSource(e.source)}
  if (e.time) line.time = e.time
  return line
}

function mergeBits(into: BitsJobFacet, from: BitsJobFacet): void {
  const files = new Map<string, BitsJobFile>((into.files ?? []).map(f => [f.url, f]))
  for (const f of from.files ?? []) files.set(f.url, {...files.get(f.url), ...f})
  Object.assign(into, from)
  if (files.size) into.files = [...files.values()]
}

class PanelGroup {
  readonly panels = new Map<string, ArtefactPanel & {facet?: BitsJobFacet}>()
  get(key: string, make: () => ArtefactPanel): ArtefactPanel & {facet?: BitsJobFacet} {
    let p = this.panels.get(key)
    if (!p) this.panels.set(key, (p = make()))
    return p
  }
}

function addFindings(panel: ArtefactPanel, ids: Iterable<string>): void {
  for (const id of ids) if (!panel.findings.includes(id)) panel.findings.push(id)
}

/** Index of process-start events by host and parent pid, for walking down from a notify launch. */
function processIndex(result: TriageResult, extra: readonly TriageEvent[]): Map<string, TriageEvent[]> {
  const index = new Map<string, TriageEvent[]>()
  const seen = new Set<TriageEvent>()
  const add = (e: TriageEvent): void => {
    if (e.category !== 'process' || e.process?.parentPid === undefined || seen.has(e)) return
    seen.add(e)
    const k = `${(e.host ?? '').toLowerCase()}\u0000${e.process.parentPid}`
    const list = index.get(k)
    if (list) list.push(e)
    else index.set(k, [e])
  }
  for (const e of extra) add(e)
  for (const entry of result.timeline) if (entry.event) add(entry.event)
  return index
}

function basename(path: string | undefined): string {
  return (path ?? '').split(/[\\/]/).pop()?.toLowerCase() ?? ''
}

function processNode(e: TriageEvent, role: ProcessNode['role']): ProcessNode {
  const p = e.process ?? {}
  const node: ProcessNode = {role, children: [], source: citeSource(e.source)}
  if (p.image) node.image = p.image
  if (p.commandLine) node.commandLine = p.commandLine
  if (p.pid !== undefined) node.pid = p.pid
  const user = p.user ?? formatUser(e.user)
  if (user) node.user = user
  if (e.time) node.time = e.time
  return node
}

/** Children of `parent`: same host, parent pid (and guid or image when known), started at or after it. */
function attachChildren(node: ProcessNode, parent: TriageEvent, index: Map<string, TriageEvent[]>, depth: number): void {
  if (depth >= MAX_TREE_DEPTH || parent.process?.pid === undefined) return
  const candidates = index.get(`${(parent.host ?? '').toLowerCase()}\u0000${parent.process.pid}`) ?? []
  const kids = candidates.filter(c => {
    if (c === parent) return false
    const cp = c.process ?? {}
    if (cp.parentGuid && parent.process?.guid) return cp.parentGuid === parent.process.guid
    if (cp.parentImage && parent.process?.image && basename(cp.parentImage) !== basename(parent.process.image)) return false
    return compareTimes(c.time, parent.time) >= 0
  }).sort((a, b) => compareTimes(a.time, b.time))
  for (const kid of kids.slice(0, MAX_CHILDREN)) {
    const child = processNode(kid, 'descendant')
    attachChildren(child, kid, index, depth + 1)
    node.children.push(child)
  }
}

/** Detail panels for the artefacts behind findings: BITS jobs, tasks, Run values, services and notify process trees. */
export function buildArtefactPanels(result: TriageResult): ArtefactPanel[] {
  const incidentOf = new Map<string, string>()
  for (const inc of result.incidents) for (const id of inc.findings) if (!incidentOf.has(id)) incidentOf.set(id, inc.id)
  const findingById = new Map<string, Finding>(result.findings.map(f => [f.id, f]))
  const tagged = findingEvents(result)
  const group = new PanelGroup()
  const notifyLaunches: Tagged[] = []

  for (const t of tagged) {
    const e = t.event
    if (e.bits) {
      const key = (e.bits.id ?? e.bits.title ?? '?').toLowerCase()
      const panel = group.get(`bits\u0000${key}`, () => ({type: 'bits-job', title: e.bits?.title ?? e.bits?.id ?? '?', findings: [], fields: [], evidence: []}))
      panel.facet ??= {}
      mergeBits(panel.facet, e.bits)
      addFindings(panel, t.findings)
      panel.evidence.push(evidenceLine(e))
    }
    if (e.task) {
      const key = (e.task.path ?? e.task.uri ?? '?').toLowerCase()
      const panel = group.get(`task\u0000${key}`, () => ({type: 'task', title: e.task?.path ?? e.task?.uri ?? '?', findings: [], fields: [], evidence: []}))
      panel.fields = taskFields(e.task)
      addFindings(panel, t.findings)
      panel.evidence.push(evidenceLine(e))
    }
    if (e.registry) {
      const r = e.registry
      const type = RUN_KEY.test(r.key) ? 'run-value' : 'registry'
      const title = r.value !== undefined ? `${r.key}\\${r.value}` : r.key
      const panel = group.get(`reg\u0000${title.toLowerCase()}`, () => ({type, title, findings: [], fields: [], evidence: []}))
      const rows: FieldRow[] = [['registryKey', r.key]]
      if (r.value !== undefined) rows.push(['registryValue', r.value])
      if (r.type !== undefined) rows.push(['registryType', r.type])
      if (r.data !== undefined) rows.push(['registryData', r.data])
      rows.push(['registryOperation', r.operation])
      if (e.host) rows.push(['host', e.host])
      const user = formatUser(e.user)
      if (user) rows.push(['user', user])
      panel.fields = rows
      addFindings(panel, t.findings)
      panel.evidence.push(evidenceLine(e))
    }
    if (e.service) {
      const key = (e.service.name ?? e.service.imagePath ?? '?').toLowerCase()
      const panel = group.get(`svc\u0000${key}`, () => ({type: 'service', title: e.service?.name ?? e.service?.imagePath ?? '?', findings: [], fields: [], evidence: []}))
      panel.fields = eventFields({...e, data: {}}).filter(([k]) => !['time', 'category', 'action', 'source', 'message'].includes(k))
      addFindings(panel, t.findings)
      panel.evidence.push(evidenceLine(e))
    }
    const isNotify = e.category === 'process' && basename(e.process?.parentImage) === 'svchost.exe' &&
      [...t.findings].some(id => {
        const f = findingById.get(id)
        return f !== undefined && classifyFinding(f).stage === 'notify-launch'
      })
    if (isNotify) notifyLaunches.push(t)
  }

  const panels: ArtefactPanel[] = []
  for (const p of group.panels.values()) {
    const {facet, ...panel} = p
    if (facet) {
      const {files, ...rest} = facet
      panel.fields = bitsFields(rest)
      if (files?.length) panel.files = files
    }
    panels.push(panel)
  }

  if (notifyLaunches.length) {
    const index = processIndex(result, tagged.map(t => t.event))
    for (const t of notifyLaunches) {
      const e = t.event
      const p = e.process ?? {}
      const root: ProcessNode = {role: 'parent', children: []}
      if (p.parentImage) root.image = p.parentImage
      if (p.parentCommandLine) root.commandLine = p.parentCommandLine
      if (p.parentPid !== undefined) root.pid = p.parentPid
      if (p.parentUser) root.user = p.parentUser
      const child = processNode(e, 'notify')
      attachChildren(child, e, index, 1)
      root.children.push(child)
      panels.push({
        type: 'process-tree',
        title: `${p.parentImage ?? 'svchost.exe'} → ${p.image ?? '?'}`,
        findings: [...t.findings],
        fields: [],
        tree: root,
        evidence: [evidenceLine(e)],
      })
    }
  }

  for (const panel of panels) {
    const inc = panel.findings.map(id => incidentOf.get(id)).find(id => id !== undefined)
    if (inc) panel.incident = inc
  }
  const order: ArtefactPanel['type'][] = ['bits-job', 'process-tree', 'run-value', 'task', 'service', 'registry']
  return panels.sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type))
}
