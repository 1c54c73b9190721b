/** System log: Service Control Manager and log-clear events. */

import type {ServiceFacet} from '../../model/event.js'
import {defined, field, oneLine} from './fields.js'
import type {Mapped} from './mapped.js'
import type {WinEventRecord} from './record.js'

export function mapServiceControlManager(rec: WinEventRecord): Mapped | undefined {
  const d = rec.data
  switch (rec.eventId) {
    case 7045: {
      const service = defined<ServiceFacet>({
        name: field(d, 'ServiceName'),
        imagePath: field(d, 'ImagePath'),
        serviceType: field(d, 'ServiceType'),
        startType: field(d, 'StartType'),
        account: field(d, 'AccountName'),
      })
      return {category: 'service', action: 'service-installed', service,
        message: oneLine(`Service installed: ${service.name ?? '?'} → ${service.imagePath ?? '?'}${service.account ? ` as ${service.account}` : ''}`)}
    }
    case 7036: {
      const displayName = field(d, 'param1')
      const state = field(d, 'param2')
      return {category: 'service', action: 'service-state-changed', service: displayName ? {displayName} : {},
        message: oneLine(`Service ${displayName ?? '?'} entered the ${state ?? '?'} state`)}
    }
    case 7040: {
      const service = defined<ServiceFacet>({displayName: field(d, 'param1'), startType: field(d, 'param3'), name: field(d, 'param4')})
      return {category: 'service', action: 'service-start-type-changed', service,
        message: oneLine(`Service ${service.displayName ?? '?'} start type changed from ${field(d, 'param2') ?? '?'} to ${service.startType ?? '?'}`)}
    }
    default:
      return undefined
  }
}

/** Microsoft-Windows-Eventlog 104 (a log cleared) and 1102 (Security log cleared). */
export function mapEventlog(rec: WinEventRecord): Mapped | undefined {
  const d = rec.data
  if (rec.eventId !== 104 && rec.eventId !== 1102) return undefined
  const name = field(d, 'SubjectUserName')
  const domain = field(d, 'SubjectDomainName')
  const sid = field(d, 'SubjectUserSid')
  const user = defined<{name?: string; domain?: string; sid?: string}>({name, domain, sid})
  const log = rec.eventId === 1102 ? 'Security' : field(d, 'Channel', 'BackupPath') ?? 'an event'
  return {category: 'other', action: 'log-cleared', ...(Object.keys(user).length ? {user} : {}),
    message: oneLine(`${log} log cleared${name ? ` by ${domain ? `${domain}\\` : ''}${name}` : ''}`)}
}
