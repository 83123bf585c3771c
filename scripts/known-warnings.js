// Preloaded into the test runs (NODE_OPTIONS=--import): drops the two warnings every run prints
// that no one here can act on, and lets every other warning through, deprecations included.
const KNOWN = [
  // The AWS SDK announcing, on Node 20, that a future release needs Node 22.
  { type: 'Warning', start: 'NodeVersionSupportWarning: The AWS SDK for JavaScript (v3)' },
  // jest runs ESM through node:vm modules, behind --experimental-vm-modules.
  { type: 'ExperimentalWarning', start: 'VM Modules is an experimental feature' }
]

const emitWarning = process.emitWarning.bind(process)

process.emitWarning = function emitUnlessKnown(warning, options, ...rest) {
  const message = typeof warning === 'string' ? warning : warning?.message
  const type =
    typeof options === 'string'
      ? options
      : (options?.type ?? (warning instanceof Error ? warning.name : 'Warning'))
  const known = KNOWN.some(entry => entry.type === type && message?.startsWith(entry.start))
  if (!known) emitWarning(warning, options, ...rest)
}
