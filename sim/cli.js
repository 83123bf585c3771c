#!/usr/bin/env node
// @ts-check
/**
 * node sim/cli.js [--scenario healthy] [--port 4599] [--time-scale 1] [--seed '{"desiredCount":3}']
 * Prints one line "ecs-simulator listening on http://127.0.0.1:PORT scenario=NAME" and serves
 * until SIGTERM/SIGINT.
 */
import { parseArgs } from 'node:util'
import { startSimulator } from './server.js'
import { BLUE_GREEN_SCENARIOS, SCENARIOS } from './scenarios.js'

const USAGE = `usage: node sim/cli.js [--scenario NAME] [--port N] [--time-scale X] [--seed JSON]
scenarios: ${Object.keys(SCENARIOS).join(', ')}
blue/green scenarios: ${Object.keys(BLUE_GREEN_SCENARIOS).join(', ')}`

async function main() {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', default: 'healthy' },
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'time-scale': { type: 'string', default: '1' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' }
    }
  })
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  const port = Number(values.port)
  const timeScale = Number(values['time-scale'])
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port: not a port: ${values.port}`)
  if (!(timeScale > 0))
    throw new Error(`--time-scale: must be a number > 0: ${values['time-scale']}`)
  const sim = await startSimulator({
    scenario: values.scenario,
    port,
    host: values.host,
    timeScale,
    seed: values.seed ? JSON.parse(values.seed) : undefined
  })
  process.stdout.write(`ecs-simulator listening on ${sim.url} scenario=${values.scenario}\n`)
  const shutdown = () => {
    sim.stop().then(
      () => process.exit(0),
      () => process.exit(1)
    )
  }
  process.once('SIGTERM', shutdown)
  process.once('SIGINT', shutdown)
}

main().catch(err => {
  process.stderr.write(
    `ecs-simulator: ${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`
  )
  process.exit(2)
})
