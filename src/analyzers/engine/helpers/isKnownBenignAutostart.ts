import {isKnownBenignAutostart as test} from '../../autostart/classify.js'
import type {Helper} from '../types.js'

export const isKnownBenignAutostart: Helper = {
  name: 'isKnownBenignAutostart',
  takes: 'value',
  description: 'the command starts a program from System32 or Program Files, or a known per-user install (OneDrive, Teams), with nothing suspicious',
  test: v => test(v),
}
