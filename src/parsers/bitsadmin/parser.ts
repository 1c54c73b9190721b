/** ArtefactParser for saved bitsadmin output: one `bits-job-listed` event per job. */

import type {TriageEvent, UserRef} from '../../model/event.js'
import type {ArtefactParser, ParseContext} from '../types.js'
import {readTextFile} from '../text/file.js'
import {parseBitsadminListing, type BitsadminJob} from './listing.js'

const MAX_LISTING = 64 * 1024 * 1024

export const bitsadminParser: ArtefactParser = {
  kind: 'bitsadmin',
  async *parse(filePath: string, ctx: ParseContext): AsyncIterable<TriageEvent> {
    const read = await readTextFile(filePath, {singleByte: 'oem', maxBytes: MAX_LISTING})
    if (!read.ok) {
      ctx.issue({severity: 'error', reason: read.reason})
      return
    }
    ctx.progress?.(read.size)
    const listing = parseBitsadminListing(read.text, {zone: ctx.zone})
    for (const issue of listing.issues) ctx.issue(issue)
    if (listing.jobs.length === 0 && listing.listed === undefined) ctx.issue({severity: 'error', reason: 'no BITS job found in the listing'})
    for (const job of listing.jobs) {
      if (ctx.signal?.aborted) return
      ctx.countRecords(1)
      yield bitsJobEvent(job, ctx)
    }
  },
}

export function bitsJobEvent(job: BitsadminJob, ctx: Pick<ParseContext, 'path' | 'zone'>): TriageEvent {
  const bits = job.facet
  const event: TriageEvent = {
    source: {path: ctx.path, kind: 'bitsadmin', line: job.line, ...(bits.id === undefined ? {} : {key: bits.id})},
    category: 'bits',
    action: 'bits-job-listed',
    bits,
    message: jobSummary(job),
    data: job.data,
  }
  if (job.time !== undefined) {
    event.time = job.time
    event.timeZoneBasis = ctx.zone.basis
  }
  if (bits.owner !== undefined) event.user = ownerRef(bits.owner)
  return event
}

function ownerRef(owner: string): UserRef {
  if (/^S-1-[0-9-]+$/i.test(owner)) return {sid: owner}
  const slash = owner.indexOf('\\')
  return slash < 0 ? {name: owner} : {domain: owner.slice(0, slash), name: owner.slice(slash + 1)}
}

/** `BITS job 'backdoor' {GUID} SUSPENDED, owner PC\user, 1 file(s); notify: 'cmd.exe' '/c ...'`. */
function jobSummary(job: BitsadminJob): string {
  const b = job.facet
  const parts = [`BITS job '${b.title ?? ''}'${b.id ? ` ${b.id}` : ''}${b.state ? ` ${b.state}` : ''}`]
  if (b.owner) parts.push(`owner ${b.owner}`)
  if (b.fileCount !== undefined) parts.push(`${b.fileCount} file(s)`)
  const first = b.files?.[0]
  if (first) parts.push(`${first.url}${first.local ? ` -> ${first.local}` : ''}`)
  const summary = parts.join(', ')
  return b.notifyCommandLine ? `${summary}; notify: ${b.notifyCommandLine}` : summary
}
