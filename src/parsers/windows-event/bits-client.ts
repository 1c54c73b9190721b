/** Microsoft-Windows-Bits-Client/Operational: job and transfer events. */

import type {BitsJobFacet, BitsJobFile} from '../../model/event.js'
import {defined, field, hresultText, intValue, oneLine, splitAccount} from './fields.js'
import type {Mapped} from './mapped.js'
import type {WinEventRecord} from './record.js'

const ACTIONS: Record<number, string> = {
  3: 'bits-job-created',
  4: 'bits-job-completed',
  5: 'bits-job-cancelled',
  59: 'bits-transfer-started',
  60: 'bits-transfer-stopped',
  61: 'bits-transfer-error',
  63: 'bits-notify-failed',
  64: 'bits-notify-not-started',
  16403: 'bits-file-details',
}

const DESCRIPTIONS: Record<string, string> = {
  'bits-job-created': 'BITS job created',
  'bits-job-completed': 'BITS job completed',
  'bits-job-cancelled': 'BITS job cancelled',
  'bits-transfer-started': 'BITS transfer started',
  'bits-transfer-stopped': 'BITS transfer stopped',
  'bits-transfer-error': 'BITS transfer error',
  'bits-notify-failed': 'BITS notify program failed',
  'bits-notify-not-started': 'BITS notify program could not start',
  'bits-file-details': 'BITS file transfer',
}

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i

/** A field whose name says it holds the notify command (63/64 name it differently across builds). */
function notifyCommand(d: Record<string, string>): string | undefined {
  for (const [name, value] of Object.entries(d)) {
    if (/cmd|command|program/i.test(name) && value && value !== '-') return value
  }
  return undefined
}

export function mapBitsClient(rec: WinEventRecord): Mapped {
  const d = rec.data
  const id = rec.eventId
  const windows7Job = id === 3 && field(d, 'jobTitle') === undefined
  const title = windows7Job ? field(d, 'string') : field(d, 'jobTitle', 'name')
  const owner = windows7Job ? field(d, 'string2') : field(d, 'jobOwner')
  const files: BitsJobFile[] = []
  const url = field(d, 'url', 'RemoteName')
  if (url !== undefined) {
    files.push(defined<BitsJobFile>({
      url,
      local: field(d, 'LocalName'),
      bytesTotal: intValue(field(d, 'bytesTotal', 'fileLength')),
      bytesTransferred: intValue(field(d, 'bytesTransferred')),
    }))
  }
  const hr = id === 60 || id === 61 ? hresultText(field(d, 'hr')) : undefined
  const notify = id === 63 || id === 64 ? notifyCommand(d) : undefined
  const bits = defined<BitsJobFacet>({
    id: field(d, 'jobId', 'Id'),
    title,
    owner,
    files: files.length ? files : undefined,
    creatingProcess: field(d, 'processPath'),
    creatingPid: intValue(field(d, 'processId')),
    fileCount: intValue(field(d, 'fileCount')),
    bytesTransferred: intValue(field(d, 'bytesTransferred')),
    bytesTotal: intValue(field(d, 'bytesTotal')),
    hresult: hr,
    notifyCommandLine: notify,
  })
  const action = ACTIONS[id] ?? `bits-event-${id}`
  const user = splitAccount(owner ?? field(d, 'User'))
  const desc = DESCRIPTIONS[action] ?? `BITS event ${id}`
  const parts = [`${desc}: ${title ?? bits.id ?? '?'}`]
  if (url) parts.push(`${url}${files[0]?.local ? ` → ${files[0].local}` : ''}`)
  if (bits.creatingProcess) parts.push(`by ${bits.creatingProcess}`)
  if (hr && hr !== '0x00000000') parts.push(`hr ${hr}`)
  if (notify) parts.push(`notify ${notify}`)
  return {
    category: 'bits',
    action,
    bits,
    ...(user ? {user} : {}),
    ...(url && URL_SCHEME.test(url) ? {network: {url}} : {}),
    message: oneLine(parts.join(' ')),
  }
}
