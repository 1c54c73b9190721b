import type {TimelineEntry} from '../../model/result.js'
import {entryFindings, isoToMicros, unique, type FindingInfo} from './input.js'

function describe(entry: TimelineEntry): string {
  if (entry.kind === 'finding') return 'Finding Time'
  if (entry.source.kind === 'evtx') return 'Event Recorded'
  return entry.action.split(/[-_\s]+/).filter(Boolean).map(w => w[0]!.toUpperCase() + w.slice(1)).join(' ') || 'Event Time'
}

/**
 * One Timesketch JSONL document: `message`, `datetime` (ISO, µs, `+00:00`), `timestamp` (µs) and `timestamp_desc`,
 * plus flat attributes. Returns undefined for entries without a time, which Timesketch cannot place.
 */
export function timesketchDocument(entry: TimelineEntry, findings: ReadonlyMap<string, FindingInfo>): Record<string, string | number | boolean> | undefined {
  if (!entry.time) return undefined
  const micros = isoToMicros(entry.time)
  if (micros === undefined) return undefined
  const seconds = Math.floor(micros / 1e6)
  const datetime = `${new Date(seconds * 1000).toISOString().slice(0, 19)}.${String(micros - seconds * 1e6).padStart(6, '0')}+00:00`
  const doc: Record<string, string | number | boolean> = {
    message: entry.summary,
    datetime,
    timestamp: micros,
    timestamp_desc: describe(entry),
    time_utc: entry.time,
    data_type: entry.kind === 'finding' ? 'bitstrail:finding' : `bitstrail:${entry.source.kind}:${entry.category}`,
    kind: entry.kind,
    category: entry.category,
    action: entry.action,
    source_kind: entry.source.kind,
    source_path: entry.source.path,
  }
  const put = (k: string, v: string | number | boolean | undefined): void => {
    if (v !== undefined && v !== '') doc[k] = v
  }
  put('hostname', entry.host)
  put('username', entry.user)
  put('event_identifier', entry.eventId)
  put('record', entry.source.record)
  put('line', entry.source.line)
  put('key', entry.source.key)
  put('severity', entry.severity)
  const known = entryFindings(entry, findings)
  if (entry.findings?.length) put('finding_ids', entry.findings.join(';'))
  if (known.length) {
    put('finding_rules', unique(known.map(f => f.rule)).join(';'))
    put('techniques', unique(known.flatMap(f => f.techniques)).join(';'))
  }
  const e = entry.event
  if (e) {
    put('provider', e.provider)
    put('channel', e.channel)
    put('image', e.process?.image)
    put('command_line', e.process?.commandLine)
    put('pid', e.process?.pid)
    put('parent_image', e.process?.parentImage)
    put('parent_command_line', e.process?.parentCommandLine)
    put('parent_pid', e.process?.parentPid)
    put('bits_job_id', e.bits?.id)
    put('bits_job_title', e.bits?.title)
    put('bits_job_owner', e.bits?.owner)
    put('bits_notify_command_line', e.bits?.notifyCommandLine)
    put('url', e.network?.url ?? e.bits?.files?.[0]?.url)
    put('registry_key', e.registry?.key)
    put('registry_value', e.registry?.value)
    put('registry_data', e.registry?.data)
    put('task_path', e.task?.path)
    put('file_path', e.file?.path ?? e.bits?.files?.[0]?.local)
    put('service_name', e.service?.name)
    put('service_image_path', e.service?.imagePath)
  }
  return doc
}
