import {Command, Flags} from '@oclif/core'

import {BitstrailError} from '../model/errors.js'
import {colorEnabled, terminalWidth} from './terminal.js'

export const EXIT_CODES_HELP = `EXIT CODES
  0  success (no finding at or above --fail-on)
  1  findings at or above --fail-on were reported
  2  usage error, unreadable input or fatal error`

/** Shared flags and error handling: typed errors become one clear line and exit code 2. */
export abstract class BitstrailCommand extends Command {
  static override baseFlags = {
    'no-color': Flags.boolean({description: 'Disable colour (also honoured: NO_COLOR=1).', helpGroup: 'GLOBAL'}),
  }

  protected useColor(noColorFlag: boolean | undefined, stream: NodeJS.WriteStream = process.stdout): boolean {
    return colorEnabled(stream, {noColor: noColorFlag ?? false})
  }

  protected width(stream: NodeJS.WriteStream = process.stdout): number {
    return terminalWidth(stream)
  }

  protected override async catch(err: Error & {exitCode?: number}): Promise<unknown> {
    if (err instanceof BitstrailError) {
      this.logToStderr(`bitstrail: ${err.message}`)
      this.exit(err.exitCode)
    }
    if (err instanceof RangeError && !('oclif' in err)) {
      this.logToStderr(`bitstrail: ${err.message}`)
      this.exit(2)
    }
    return super.catch(err)
  }
}
