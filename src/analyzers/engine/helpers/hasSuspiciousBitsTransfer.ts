import {hasSuspiciousTransfer as test} from '../../bits/commands.js'
import type {Helper} from '../types.js'

export const hasSuspiciousBitsTransfer: Helper = {
  name: 'hasSuspiciousBitsTransfer',
  takes: 'value',
  description: 'a BITS transfer uses a raw IP, a file-sharing host, ftp, a local path, a script/binary payload or a user-writable target',
  test: v => test(v),
}
