import {isLolbin as test} from '../../text/lolbins.js'
import type {Helper} from '../types.js'

export const isLolbin: Helper = {
  name: 'isLolbin',
  takes: 'value',
  description: 'the program is a script host or living-off-the-land binary (cmd, powershell, mshta, rundll32, regsvr32, certutil, bitsadmin, ...)',
  test: v => test(v),
}
