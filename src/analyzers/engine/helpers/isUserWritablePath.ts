import {isUserWritablePath as test} from '../../text/paths.js'
import type {Helper} from '../types.js'

export const isUserWritablePath: Helper = {
  name: 'isUserWritablePath',
  takes: 'value',
  description: 'the path is in a folder users can write to (Users, ProgramData, Temp, Public, AppData, PerfLogs, Windows\\Tasks)',
  test: v => test(v),
}
