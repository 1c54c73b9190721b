import {isStartupFolderPath as test} from '../../autostart/classify.js'
import type {Helper} from '../types.js'

export const isStartupFolderPath: Helper = {
  name: 'isStartupFolderPath',
  takes: 'value',
  description: 'the file is in a Start Menu Startup folder',
  test: v => test(v),
}
