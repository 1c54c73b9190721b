/** Traits of BITS manipulation found in command lines and scripts. */
import {parseBitsCommands, type BitsCommand} from '../text/cmdline.js'
import {hasScriptOrBinaryExtension, isDrivePath, isUserWritablePath} from '../text/paths.js'
import {urlTraits} from '../text/urls.js'

const DOWNLOAD_VERBS = new Set(['addfile', 'addfilewithranges', 'transfer', 'start-bitstransfer', 'add-bitsfile'])

export function commandsOf(text: string | undefined): BitsCommand[] {
  return parseBitsCommands(text)
}

export function setsNotifyCommand(text: string | undefined): boolean {
  return commandsOf(text).some(c => c.verb === 'setnotifycmdline' && !c.clearsNotify && c.notifyProgram !== undefined)
}

export function hasLocalPathSource(text: string | undefined): boolean {
  return commandsOf(text).some(c => DOWNLOAD_VERBS.has(c.verb) && c.urls.some(u => isDrivePath(u)))
}

/** Reasons a download (or upload) set up by BITS goes to or from an odd place. */
export function transferReasons(cmds: BitsCommand[]): string[] {
  const out = new Set<string>()
  for (const c of cmds) {
    if (!DOWNLOAD_VERBS.has(c.verb)) continue
    for (const u of c.urls) {
      const t = urlTraits(u)
      if (t.localPath) out.add('local-path source')
      if (t.rawIp) out.add('raw IP address')
      if (t.fileSharing) out.add(`file-sharing host ${t.host}`)
      if (t.ftp) out.add('ftp')
      if (hasScriptOrBinaryExtension(u)) out.add('script or binary payload')
    }
    for (const l of c.localFiles) {
      if (hasScriptOrBinaryExtension(l)) out.add('script or binary target')
      if (isUserWritablePath(l)) out.add('user-writable target')
    }
  }
  return [...out]
}

export function hasSuspiciousTransfer(text: string | undefined): boolean {
  return transferReasons(commandsOf(text)).length > 0
}

export function hasDownload(text: string | undefined): boolean {
  return commandsOf(text).some(c => DOWNLOAD_VERBS.has(c.verb))
}

export function tunesRetry(text: string | undefined): boolean {
  return commandsOf(text).some(c => c.verb === 'setminretrydelay' || c.verb === 'setnoprogresstimeout')
}

export function managesJob(text: string | undefined): boolean {
  return commandsOf(text).some(c =>
    ['create', 'resume', 'complete', 'set-bitstransfer', 'resume-bitstransfer', 'complete-bitstransfer', 'setnotifyflags', 'takeownership', 'com'].includes(c.verb),
  )
}
