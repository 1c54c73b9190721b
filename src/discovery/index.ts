import {type Identification, identifyFile} from './identify.js'
import {describeFsError, type SkippedPath, walkEvidence} from './walk.js'

export interface DiscoveredArtefact {
  path: string
  /** How the file is named in reports when that differs from where it is read (standard input). */
  displayPath?: string
  size: number
  identification: Identification
}

export interface Discovery {
  artefacts: DiscoveredArtefact[]
  /** Paths not looked at: links, special files, unreadable entries. */
  skipped: SkippedPath[]
}

/** Walks the evidence paths and names each file's kind by content. */
export async function discoverEvidence(paths: string[]): Promise<Discovery> {
  const {files, skipped} = await walkEvidence(paths)
  const artefacts: DiscoveredArtefact[] = []
  for (const file of files) {
    let identification: Identification
    try {
      identification = await identifyFile(file.path)
    } catch (error) {
      identification = {kind: 'unknown', reason: describeFsError(error)}
    }
    artefacts.push({path: file.path, size: file.size, identification})
  }
  return {artefacts, skipped}
}

export type {Identification} from './identify.js'
export type {SkippedPath} from './walk.js'
