import {isWinlogonDeviation as test} from '../../autostart/classify.js'
import type {Helper} from '../types.js'

export const isWinlogonDeviation: Helper = {
  name: 'isWinlogonDeviation',
  takes: 'event',
  description: 'a Winlogon Userinit or Shell value set to something other than the Windows default',
  test: e => test(e.registry?.key, e.registry?.value, e.registry?.data),
}
