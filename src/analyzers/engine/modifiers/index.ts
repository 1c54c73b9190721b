/** Every selector modifier, by name. */
import type {Modifier} from '../types.js'
import {all} from './all.js'
import {basename} from './basename.js'
import {cased} from './cased.js'
import {cmd} from './cmd.js'
import {contains} from './contains.js'
import {endswith} from './endswith.js'
import {equals} from './equals.js'
import {exists} from './exists.js'
import {gt, gte, lt, lte} from './numeric.js'
import {path} from './path.js'
import {re} from './re.js'
import {startswith} from './startswith.js'
import {windash} from './windash.js'

export const MODIFIERS: ReadonlyMap<string, Modifier> = new Map(
  [all, basename, cased, cmd, contains, endswith, equals, exists, gt, gte, lt, lte, path, re, startswith, windash].map(m => [m.name, m]),
)

export {equals as defaultComparison}
