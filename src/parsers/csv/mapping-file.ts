/** The `--map` override file: a JSON object `{"column name": "target"}` (see docs/csv-mapping.md). */

import {readFile} from 'node:fs/promises'
import {InputError} from '../../model/errors.js'

/** Column name → target: a model field (`time`, `eventId`, `provider`, `channel`, `host`, ...), an ECS name, or `winlog.event_data.X`. */
export type CsvMapping = Record<string, string>

const MAX_MAPPING_BYTES = 1 << 20

/** Checks a parsed mapping object; throws InputError naming the file and the bad entry. */
export function validateCsvMapping(value: unknown, path: string): CsvMapping {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(path, 'a CSV mapping must be a JSON object {"column name": "target"}')
  }
  const out: CsvMapping = {}
  for (const [column, target] of Object.entries(value)) {
    if (typeof target !== 'string' || target.trim() === '') {
      throw new InputError(path, `mapping for column "${column}" must be a non-empty string (a model field, an ECS name or winlog.event_data.NAME)`)
    }
    out[column] = target.trim()
  }
  return out
}

/** Reads and checks a `--map` file. */
export async function loadCsvMapping(path: string): Promise<CsvMapping> {
  let text: string
  try {
    const buf = await readFile(path)
    if (buf.length > MAX_MAPPING_BYTES) throw new InputError(path, `mapping file larger than ${MAX_MAPPING_BYTES} bytes`)
    text = buf.toString('utf8').replace(/^\uFEFF/, '')
  } catch (err) {
    if (err instanceof InputError) throw err
    throw new InputError(path, `cannot read the mapping file: ${(err as Error).message}`, {cause: err})
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    throw new InputError(path, `mapping file is not valid JSON: ${(err as Error).message}`, {cause: err})
  }
  return validateCsvMapping(parsed, path)
}
