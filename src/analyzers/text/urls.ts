/** URL helpers: extraction from text and the properties detections care about. */
import {isDrivePath} from './paths.js'

const FILE_SHARING = [
  'pastebin.com',
  'paste.ee',
  'hastebin.com',
  'ghostbin.com',
  'raw.githubusercontent.com',
  'gist.githubusercontent.com',
  'objects.githubusercontent.com',
  'transfer.sh',
  'temp.sh',
  '0x0.st',
  'file.io',
  'filebin.net',
  'catbox.moe',
  'dropbox.com',
  'dl.dropboxusercontent.com',
  'drive.google.com',
  'docs.google.com',
  'drive.usercontent.google.com',
  'onedrive.live.com',
  '1drv.ms',
  'mega.nz',
  'mega.co.nz',
  'mediafire.com',
  'anonfiles.com',
  'sendspace.com',
  'wetransfer.com',
  'we.tl',
  'cdn.discordapp.com',
  'media.discordapp.net',
  'ngrok.io',
  'ngrok-free.app',
  'trycloudflare.com',
  'workers.dev',
  'bitbucket.org',
  'gofile.io',
  'pixeldrain.com',
  'anonfile.com',
]

/** URLs (http, https, ftp, file) in free text, trailing punctuation removed. */
export function urlsIn(text: string | undefined): string[] {
  if (!text) return []
  const out: string[] = []
  for (const m of text.matchAll(/\b(?:https?|ftps?|file):\/\/[^\s"'<>|^`]+/gi)) out.push(m[0].replace(/[),;.\]}]+$/, ''))
  return out
}

/** Host of a URL, lower-case, without port or credentials; '' when the text is not a URL. */
export function hostOf(url: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/\s]*@)?(\[[^\]]+\]|[^/:?#\s]+)/i.exec(url.trim())
  return m ? m[1]!.toLowerCase().replace(/^\[|\]$/g, '') : ''
}

export function isRawIpHost(host: string): boolean {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return true
  if (/^0x[0-9a-f]+$/i.test(host) || /^\d{8,10}$/.test(host)) return true
  return host.includes(':') && /^[0-9a-f:.]+$/i.test(host)
}

export function isFileSharingHost(host: string): boolean {
  return FILE_SHARING.some(d => host === d || host.endsWith(`.${d}`))
}

export interface UrlTraits {
  /** A drive path given as the job's remote name: completes at once and fires the notify command. */
  localPath: boolean
  rawIp: boolean
  fileSharing: boolean
  plainHttp: boolean
  ftp: boolean
  host: string
}

export function urlTraits(url: string): UrlTraits {
  const host = hostOf(url)
  return {
    localPath: isDrivePath(url),
    rawIp: host !== '' && isRawIpHost(host),
    fileSharing: host !== '' && isFileSharingHost(host),
    plainHttp: /^http:/i.test(url.trim()),
    ftp: /^ftps?:/i.test(url.trim()),
    host,
  }
}
