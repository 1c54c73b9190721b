/** Known-benign BITS users. A match lowers a job's severity; it never lowers a job with a notify command. */
import {basename} from '../text/paths.js'
import {hostOf} from '../text/urls.js'

export interface BenignBitsUser {
  name: string
  /** Job titles (display names) the product uses. */
  titles?: RegExp
  /** Creating process or notify-less owner program names. */
  creators?: RegExp
  /** Hosts its files come from (the job must use only these when its URLs are known). */
  domains: string[]
}

export const BENIGN_BITS_USERS: readonly BenignBitsUser[] = [
  {
    name: 'Windows Update / Delivery Optimization',
    titles: /^(wu client download|microsoft update|windows update|mosetup|updateorchestrator|dosvc|push notification platform job|preSignInSettingsConfigJSON|sihclient)/i,
    creators: /^(svchost|wuauclt|mousocoreworker|usoclient|musnotification|sihclient|tiworker|trustedinstaller)\.exe$/,
    domains: ['windowsupdate.com', 'update.microsoft.com', 'download.microsoft.com', 'delivery.mp.microsoft.com', 'microsoft.com', 'windows.com', 'msftconnecttest.com', 'live.com'],
  },
  {
    name: 'Microsoft Defender',
    titles: /defender|mpsigstub|antimalware|signature/i,
    creators: /^(msmpeng|mpcmdrun|mpsigstub|nissrv)\.exe$/,
    domains: ['microsoft.com', 'windowsupdate.com', 'wdcp.microsoft.com', 'definitionupdates.microsoft.com'],
  },
  {
    name: 'Microsoft Edge Update',
    titles: /^(microsoft ?edge ?update|edge component updater|msedge)/i,
    creators: /^(microsoftedgeupdate|msedge|edgeupdate|microsoftedgeupdatecore)\.exe$/,
    domains: ['msedge.net', 'microsoft.com', 'edge.microsoft.com', 'msedge.b.tlu.dl.delivery.mp.microsoft.com'],
  },
  {
    name: 'Google Chrome update',
    titles: /^(chrome component updater|google ?update|googleupdate|chrome)/i,
    creators: /^(googleupdate|chrome|googleupdater|updater)\.exe$/,
    domains: ['google.com', 'gvt1.com', 'gvt2.com', 'googleapis.com', 'googleusercontent.com', 'dl.google.com'],
  },
  {
    name: 'OneDrive',
    titles: /onedrive/i,
    creators: /^(onedrive|onedrivestandaloneupdater|onedrivesetup)\.exe$/,
    domains: ['oneclient.sfx.ms', 'sfx.ms', 'microsoft.com', 'live.com', 'onedrive.com'],
  },
  {
    name: 'Mozilla Firefox update',
    titles: /firefox|mozilla/i,
    creators: /^(firefox|maintenanceservice|updater)\.exe$/,
    domains: ['mozilla.net', 'mozilla.org', 'cdn.mozilla.net', 'download.mozilla.org'],
  },
  {
    name: 'Microsoft Office Click-to-Run',
    titles: /office|c2r|clicktorun/i,
    creators: /^(officeclicktorun|officec2rclient|integratedoffice)\.exe$/,
    domains: ['officecdn.microsoft.com', 'microsoft.com', 'office.com', 'office.net'],
  },
  {
    name: 'Adobe updater',
    titles: /adobe|acrobat|reader update/i,
    creators: /^(adobearm|armsvc|acrobat|acrord32|adobe_updater)\.exe$/,
    domains: ['adobe.com', 'adobe.io'],
  },
  {
    name: 'Dropbox update',
    titles: /dropbox/i,
    creators: /^(dropboxupdate|dropbox)\.exe$/,
    domains: ['dropbox.com', 'dropboxstatic.com'],
  },
  {
    name: 'Microsoft Teams',
    titles: /teams|squirrel/i,
    creators: /^(teams|update|ms-teams|msteamsupdate)\.exe$/,
    domains: ['teams.microsoft.com', 'microsoft.com', 'statics.teams.cdn.office.net', 'office.net'],
  },
]

export interface JobIdentity {
  title?: string
  creatingProcess?: string
  urls: string[]
}

/**
 * The benign product a job belongs to: its creator (or, when the creator is unknown, its title) must match, and
 * every remote URL must be on the product's hosts.
 */
export function benignBitsUser(job: JobIdentity, list: readonly BenignBitsUser[] = BENIGN_BITS_USERS): BenignBitsUser | undefined {
  const creator = job.creatingProcess ? basename(job.creatingProcess) : ''
  for (const b of list) {
    const byTitle = !!job.title && !!b.titles && b.titles.test(job.title)
    const byCreator = creator !== '' && !!b.creators && b.creators.test(creator)
    if (!byTitle && !byCreator) continue
    // A known creator that is not the product's own (bitsadmin, powershell, ...) is never the product.
    if (creator !== '' && b.creators && !byCreator) continue
    const hosts = job.urls.map(hostOf)
    if (hosts.some(h => h === '')) continue
    if (hosts.every(h => b.domains.some(d => h === d || h.endsWith(`.${d}`)))) return b
  }
  return undefined
}
