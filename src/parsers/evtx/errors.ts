import {FormatError} from '../../model/errors.js'

/** A structure of an EVTX file that could not be decoded: what, where (chunk-relative offset) and why. */
export class EvtxDecodeError extends FormatError {
  override name = 'EvtxDecodeError'
}

/** Throws unless `need` bytes are available at `pos` before `end`. */
export function need(what: string, pos: number, n: number, end: number): void {
  if (pos + n > end || pos < 0) {
    throw new EvtxDecodeError(what, pos, `needs ${n} bytes, ${Math.max(0, end - pos)} available`)
  }
}
