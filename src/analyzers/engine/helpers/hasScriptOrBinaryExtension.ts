import {hasScriptOrBinaryExtension as test} from '../../text/paths.js'
import type {Helper} from '../types.js'

export const hasScriptOrBinaryExtension: Helper = {
  name: 'hasScriptOrBinaryExtension',
  takes: 'value',
  description: 'the path or URL ends in a script or binary extension (.ps1 .bat .cmd .vbs .js .hta .exe .dll .sct ...)',
  test: v => test(v),
}
