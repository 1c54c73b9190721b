import {isBitsHostSvchost as test} from '../../bits/host.js'
import type {Helper} from '../types.js'

export const isBitsHostSvchost: Helper = {
  name: 'isBitsHostSvchost',
  takes: 'event',
  description: 'the parent is the svchost.exe that hosts BITS: -k netsvcs -p -s BITS (Windows 10+) or -k netsvcs without -s (Windows 7/8)',
  test: e => test(e.process?.parentImage, e.process?.parentCommandLine),
}
