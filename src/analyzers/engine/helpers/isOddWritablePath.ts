import {isOddWritablePath as test} from '../../text/paths.js'
import type {Helper} from '../types.js'

export const isOddWritablePath: Helper = {
  name: 'isOddWritablePath',
  takes: 'value',
  description: 'the path is in a writable folder that holds no legitimate programs (Users\\Public, Temp, PerfLogs, Windows\\Tasks)',
  test: v => test(v),
}
