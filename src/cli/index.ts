#!/usr/bin/env node
import { main } from './main.js'
import { sayOldNode } from './node-version.js'
import { processTerminal } from './terminal.js'

// The `ecs-flow` command (bin in package.json): node dist/cli/index.js <command> [options].
// The SDK's clients are built inside main, so its own notice is switched off in time.
sayOldNode(process.version, process.env, text => process.stderr.write(text))
process.exitCode = await main(process.argv.slice(2), {
  terminal: processTerminal(),
  env: process.env,
  cwd: process.cwd()
})
