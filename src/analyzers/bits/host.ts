/** Recognising the svchost.exe that hosts the BITS service, on Windows 10+ and on Windows 7/8. */
import {basename} from '../text/paths.js'

export type BitsHostKind = 'dedicated' | 'shared-netsvcs' | 'other' | 'unknown'

/**
 * `-k netsvcs -p -s BITS` (Windows 10+): dedicated. `-k netsvcs` without `-s` (Windows 7/8, old 10): the shared
 * netsvcs host, which also runs BITS. `-s Other` or another group: not BITS. No command line: unknown.
 */
export function bitsHostKind(image: string | undefined, commandLine: string | undefined): BitsHostKind {
  if (!image || basename(image) !== 'svchost.exe') return 'other'
  if (!commandLine || !commandLine.trim()) return 'unknown'
  const c = commandLine.toLowerCase().replace(/\s+/g, ' ')
  const service = /(?:^| )[-/]s (\S+)/.exec(c)
  if (service) return service[1] === 'bits' ? 'dedicated' : 'other'
  const group = /(?:^| )[-/]k (\S+)/.exec(c)
  if (!group) return 'unknown'
  return group[1] === 'netsvcs' ? 'shared-netsvcs' : 'other'
}

/** Parent svchost that runs (or, on Windows 7, may run) BITS. */
export function isBitsHostSvchost(parentImage: string | undefined, parentCommandLine: string | undefined): boolean {
  const k = bitsHostKind(parentImage, parentCommandLine)
  return k === 'dedicated' || k === 'shared-netsvcs'
}
