import {join} from 'node:path'

import {testGeneratedSamples} from '../helpers/generated-samples.js'
// @ts-expect-error plain JavaScript generator without type declarations
import {writeSamples} from './fixtures/make-samples.mjs'

testGeneratedSamples(join(import.meta.dirname, '../../samples/reg'), writeSamples as (root: string) => void)
