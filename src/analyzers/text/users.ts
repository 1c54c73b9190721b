/** Account classification from names and SIDs as Windows renders them (including localised service names). */

const SERVICE_SIDS = new Set(['s-1-5-18', 's-1-5-19', 's-1-5-20'])
const SERVICE_NAMES = [
  'system',
  'local service',
  'network service',
  'localsystem',
  'localservice',
  'networkservice',
  'système',
  'lokaler dienst',
  'netzwerkdienst',
  'service local',
  'service réseau',
  'servicio local',
  'servicio de red',
  'sistema',
]
const SERVICE_DOMAINS = ['nt authority', 'nt-autorität', 'autorite nt', 'autorité nt', 'nt service', 'window manager', 'font driver host', 'iis apppool']

export function normaliseUser(user: string | undefined): string {
  return (user ?? '').trim().toLowerCase()
}

/** True for SYSTEM, LOCAL SERVICE, NETWORK SERVICE, virtual service accounts and machine accounts. */
export function isServiceAccount(user: string | undefined): boolean {
  const u = normaliseUser(user)
  if (!u) return false
  if (SERVICE_SIDS.has(u) || /^s-1-5-(80|82|83|90|96)-/.test(u)) return true
  const slash = u.lastIndexOf('\\')
  const domain = slash >= 0 ? u.slice(0, slash) : ''
  const name = slash >= 0 ? u.slice(slash + 1) : u
  if (SERVICE_DOMAINS.includes(domain)) return true
  if (SERVICE_NAMES.includes(name)) return true
  if (name.endsWith('$')) return true
  return false
}

/** A named account that is not a service or machine account (the owner of a user's BITS job). */
export function isInteractiveUser(user: string | undefined): boolean {
  const u = normaliseUser(user)
  if (!u || u === '-' || u === 'n/a') return false
  return !isServiceAccount(u)
}

/** `DOMAIN\name` → `name`, lower-case. */
export function accountName(user: string | undefined): string {
  const u = normaliseUser(user)
  const slash = u.lastIndexOf('\\')
  return slash >= 0 ? u.slice(slash + 1) : u.replace(/@.*$/, '')
}

/** Same account, whether written `DOMAIN\name`, `name` or `name@domain`. */
export function sameUser(a: string | undefined, b: string | undefined): boolean {
  const x = accountName(a)
  const y = accountName(b)
  return x !== '' && x === y
}
