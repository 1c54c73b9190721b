import {Args, Flags} from '@oclif/core'

import {BitstrailCommand, EXIT_CODES_HELP} from '../cli/base-command.js'
import {discoverEvidence} from '../discovery/index.js'

export default class Triage extends BitstrailCommand {
  static override description = `Find BITS-job persistence and the autostart artefacts around it in collected evidence.

Walks files and folders (KAPE-style collections included), identifies every file by its content, parses it,
and reports what it found.

${EXIT_CODES_HELP}`

  static override strict = false
  static override args = {path: Args.string({description: 'evidence files or folders', required: true})}
  static override flags = {
    json: Flags.boolean({description: 'print the triage result as JSON'}),
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(Triage)
    const discovery = await discoverEvidence(argv as string[])
    if (flags.json) {
      this.log(JSON.stringify({inputs: discovery.artefacts.map(a => ({path: a.path, kind: a.identification.kind, size: a.size, reason: a.identification.reason})), skipped: discovery.skipped}, null, 2))
    } else {
      for (const a of discovery.artefacts) this.log(`${a.identification.kind}\t${a.size}\t${a.path}`)
    }
  }
}
