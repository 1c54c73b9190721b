/** Every named predicate usable in rule conditions, by name. */
import type {Helper} from '../types.js'
import {hasBitsDownload} from './hasBitsDownload.js'
import {hasBitsLocalPathSource} from './hasBitsLocalPathSource.js'
import {hasScriptOrBinaryExtension} from './hasScriptOrBinaryExtension.js'
import {hasSuspiciousBitsTransfer} from './hasSuspiciousBitsTransfer.js'
import {isBitsHostSvchost} from './isBitsHostSvchost.js'
import {isInteractiveUser} from './isInteractiveUser.js'
import {isKnownBenignAutostart} from './isKnownBenignAutostart.js'
import {isLolbin} from './isLolbin.js'
import {isOddWritablePath} from './isOddWritablePath.js'
import {isRunKey} from './isRunKey.js'
import {isScriptHost} from './isScriptHost.js'
import {isServiceAccount} from './isServiceAccount.js'
import {isServiceImagePath} from './isServiceImagePath.js'
import {isStartupFolderPath} from './isStartupFolderPath.js'
import {isSuspiciousCommand} from './isSuspiciousCommand.js'
import {isSystemPath} from './isSystemPath.js'
import {isUserWritablePath} from './isUserWritablePath.js'
import {isWinlogonDeviation} from './isWinlogonDeviation.js'
import {managesBitsJob} from './managesBitsJob.js'
import {setsBitsNotifyCommand} from './setsBitsNotifyCommand.js'
import {tunesBitsRetry} from './tunesBitsRetry.js'

export const HELPERS: ReadonlyMap<string, Helper> = new Map(
  [hasBitsDownload, hasBitsLocalPathSource, hasScriptOrBinaryExtension, hasSuspiciousBitsTransfer, isBitsHostSvchost, isInteractiveUser, isKnownBenignAutostart, isLolbin, isOddWritablePath, isRunKey, isScriptHost, isServiceAccount, isServiceImagePath, isStartupFolderPath, isSuspiciousCommand, isSystemPath, isUserWritablePath, isWinlogonDeviation, managesBitsJob, setsBitsNotifyCommand, tunesBitsRetry].map(h => [h.name, h]),
)
