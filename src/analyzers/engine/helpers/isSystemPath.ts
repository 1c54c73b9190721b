import {isSystemPath as test} from '../../text/paths.js'
import type {Helper} from '../types.js'

export const isSystemPath: Helper = {
  name: 'isSystemPath',
  takes: 'value',
  description: 'the path is under Windows\\System32, SysWOW64 or WinSxS',
  test: v => test(v),
}
