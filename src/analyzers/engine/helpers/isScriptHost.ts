import {isScriptHost as test} from '../../text/lolbins.js'
import type {Helper} from '../types.js'

export const isScriptHost: Helper = {
  name: 'isScriptHost',
  takes: 'value',
  description: 'the program is cmd, powershell, pwsh, wscript, cscript or mshta',
  test: v => test(v),
}
