/** PowerShell: script block logging (4104), module logging (4103) and the classic log (400/403/600/800). */

import type {ProcessFacet} from '../../model/event.js'
import {field, oneLine} from './fields.js'
import type {Mapped} from './mapped.js'
import type {WinEventRecord} from './record.js'

/** Classic-log events carry `HostApplication=<command line>` inside one of their unnamed Data strings. */
function hostApplication(d: Record<string, string>): string | undefined {
  for (const value of Object.values(d)) {
    const m = /(?:^|[\r\n\t])\s*HostApplication=([^\r\n]*)/.exec(value)
    if (m && m[1]!.trim()) return m[1]!.trim()
  }
  return undefined
}

export function mapPowerShell(rec: WinEventRecord): Mapped | undefined {
  const d = rec.data
  switch (rec.eventId) {
    case 4104: {
      const text = field(d, 'ScriptBlockText') ?? ''
      const path = field(d, 'Path')
      return {category: 'process', action: 'powershell-script-block',
        message: oneLine(`PowerShell script block${path ? ` (${path})` : ''}: ${text}`)}
    }
    case 4103: {
      const context = field(d, 'ContextInfo') ?? ''
      const host = /Host Application = ([^\r\n]*)/.exec(context)?.[1]?.trim()
      const payload = field(d, 'Payload') ?? ''
      return {category: 'process', action: 'powershell-pipeline', ...(host ? {process: {commandLine: host}} : {}),
        message: oneLine(`PowerShell pipeline: ${payload}`)}
    }
    case 400:
    case 403:
    case 600:
    case 800: {
      const commandLine = hostApplication(d)
      const process: ProcessFacet | undefined = commandLine ? {commandLine} : undefined
      const what = rec.eventId === 800 ? 'PowerShell pipeline' : rec.eventId === 400 ? 'PowerShell engine started' : rec.eventId === 403 ? 'PowerShell engine stopped' : 'PowerShell provider started'
      const first = field(d, 'Data', 'Data1') ?? ''
      return {category: 'process', action: rec.eventId === 800 ? 'powershell-pipeline' : 'powershell-engine', ...(process ? {process} : {}),
        message: oneLine(`${what}: ${rec.eventId === 800 ? first : commandLine ?? first}`)}
    }
    default:
      return undefined
  }
}
