import {hasDownload as test} from '../../bits/commands.js'
import type {Helper} from '../types.js'

export const hasBitsDownload: Helper = {
  name: 'hasBitsDownload',
  takes: 'value',
  description: 'the command line adds files to a BITS job or transfers them (/addfile, /transfer, Start-BitsTransfer, Add-BitsFile)',
  test: v => test(v),
}
