#!/usr/bin/env node
import { main } from './main.js'
import { processTerminal } from './terminal.js'

// The `ecs-flow` command (bin in package.json): node dist/cli/index.js <command> [options].
process.exitCode = await main(process.argv.slice(2), {
  terminal: processTerminal(),
  env: process.env,
  cwd: process.cwd()
})
