import {isSuspiciousCommand as test} from '../../autostart/classify.js'
import type {Helper} from '../types.js'

export const isSuspiciousCommand: Helper = {
  name: 'isSuspiciousCommand',
  takes: 'value',
  description: 'the command runs a LOLBin or script, carries a URL, encoded PowerShell, a named pipe, BITS commands, or a program in an odd writable folder',
  test: v => test(v),
}
