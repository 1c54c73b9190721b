/** Typed errors: each names what failed, where, and why. Commands map them to exit codes. */

export class BitstrailError extends Error {
  override name = 'BitstrailError'
  /** Process exit code the CLI should use. */
  readonly exitCode: number = 2
}

export class UsageError extends BitstrailError {
  override name = 'UsageError'
}

/** A file that cannot be read at all (permissions, not found, wrong format for the command). */
export class InputError extends BitstrailError {
  override name = 'InputError'
  constructor(
    readonly path: string,
    reason: string,
    options?: {cause?: unknown},
  ) {
    super(`${path}: ${reason}`, options)
  }
}

/** A structure that could not be decoded: names the structure, the offset and what was wrong. */
export class FormatError extends BitstrailError {
  override name = 'FormatError'
  constructor(
    readonly what: string,
    readonly offset: number,
    reason: string,
    options?: {cause?: unknown},
  ) {
    super(`${what} at offset ${offset}: ${reason}`, options)
  }
}
