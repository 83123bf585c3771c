export {
  detectCiEvent,
  type DefaultBranchSource,
  type DetectedEvent,
  type DetectOptions
} from './detect.js'
export { gitFacts, gitFromCommandRunner, type GitRunner } from './git.js'
export { readCiFacts, type CiFacts, type CiProvider } from './providers.js'
