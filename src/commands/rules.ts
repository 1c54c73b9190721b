import {Flags} from '@oclif/core'
import {Chalk} from 'chalk'
import Table from 'cli-table3'

import {listRules, loadRules} from '../analyzers/index.js'
import {BitstrailCommand, EXIT_CODES_HELP} from '../cli/base-command.js'
import type {RuleListing} from '../analyzers/index.js'

export default class Rules extends BitstrailCommand {
  static override description = `List the detection rules and code analyzers: id, severity, ATT&CK techniques, what they apply to.

Rules are YAML files (src/analyzers/rules/*.yml); --dir loads another folder of rule files instead, and reports
the first invalid rule with its file and id.

${EXIT_CODES_HELP}`

  static override enableJsonFlag = true
  static override flags = {
    dir: Flags.string({description: 'load rule files from this folder instead of the bundled rules'}),
    verbose: Flags.boolean({char: 'v', description: 'show descriptions'}),
  }

  async run(): Promise<{rules: RuleListing[]}> {
    const {flags} = await this.parse(Rules)
    const rules = listRules(flags.dir ? loadRules({dir: flags.dir}) : loadRules())
    if (this.jsonEnabled()) return {rules}
    const chalk = new Chalk({level: this.useColor(flags['no-color']) ? 1 : 0})
    const width = this.width()
    const table = new Table({
      head: ['id', 'severity', 'techniques', 'role', 'applies to'].map(h => chalk.bold(h)),
      colWidths: [34, 10, 20, 10, Math.max(20, width - 80)],
      wordWrap: true,
      style: {head: [], border: []},
    })
    for (const r of rules) {
      table.push([r.id + (flags.verbose ? `\n${r.title}\n${r.description}` : `\n${r.title}`), r.severity, r.techniques.join(' '), r.role, r.appliesTo])
    }
    this.log(table.toString())
    return {rules}
  }
}
