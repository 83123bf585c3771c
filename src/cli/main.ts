import { gitFromCommandRunner } from '../ci-env/git.js'
import { describeFailure } from '../report/failure.js'
import { InputError, errorMessage } from '../util/errors.js'
import { newReleaseState } from '../core/state.js'
import { runLocally } from './commands/local.js'
import { planEvent, renderPlan } from './commands/plan.js'
import { planDiffJson, planDiffText, planWithDiff } from './commands/plan-diff.js'
import { release, type ReleaseReport } from './commands/release.js'
import { rollback } from './commands/rollback.js'
import { EXIT, UsageError, type ExitCode } from './exit-codes.js'
import { cliInputReader } from './inputs.js'
import { runAttached } from './process-runner.js'
import { parseCommandLine, type ParsedCommand } from './program.js'
import { cliServices, type CliWorld } from './services.js'
import { cliSettings } from './settings.js'
import { expressArnOf } from '../aws/express-service.js'
import { collectStatus, statusTargets } from './status/collect.js'
import { statusJson, statusTable } from './status/render.js'
import { collectTimings, timingsJson, timingsReport } from './status/timings.js'
import { styles } from './terminal.js'

/** The command line: parse, run one command, and say how it ended in the exit code. */
export async function main(argv: readonly string[], world: CliWorld): Promise<ExitCode> {
  const parsed = parseCommandLine(argv)
  if (parsed.kind === 'exit') {
    world.terminal.out(parsed.out)
    world.terminal.err(parsed.err)
    return parsed.code
  }
  const { command } = parsed
  const { services, secrets } = cliServices(world, command)
  try {
    return await runCommand(command, world, services, secrets)
  } catch (error) {
    const usage = error instanceof InputError || error instanceof UsageError
    const message = secrets.redact(
      usage ? errorMessage(error) : describeFailure(error, newReleaseState()).message
    )
    world.terminal.err(`${styles(world.terminal.color).red('error:')} ${message}\n`)
    if (command.json)
      world.terminal.out(`${JSON.stringify({ error: { message, usage } }, null, 2)}\n`)
    return usage ? EXIT.usage : EXIT.failed
  }
}

async function runCommand(
  command: ParsedCommand,
  world: CliWorld,
  services: ReturnType<typeof cliServices>['services'],
  secrets: ReturnType<typeof cliServices>['secrets']
): Promise<ExitCode> {
  const { terminal, env } = world
  switch (command.command) {
    case 'status': {
      const settings = await cliSettings(command.inputs, env)
      if (command.timings) {
        const targets = statusTargets(settings, command.inputs.environment)
        const rows = await collectTimings(targets, services.aws.ecs())
        terminal.out(command.json ? timingsJson(rows) : timingsReport(rows))
        return rows.every(row => row.timings) ? EXIT.ok : EXIT.failed
      }
      const rows = await collectStatus(statusTargets(settings, command.inputs.environment), {
        ecs: services.aws.ecs(),
        ecr: services.aws.ecr(),
        fetch: services.fetch,
        expressArn: target => expressArnOf(services, target)
      })
      terminal.out(
        command.json ? statusJson(rows) : statusTable(rows, services.clock.now(), terminal.color)
      )
      return rows.every(row => row.found) ? EXIT.ok : EXIT.failed
    }
    case 'plan': {
      const settings = await cliSettings(command.inputs, env)
      const event = await planEvent(command, settings, gitFromCommandRunner(services.exec))
      if (!command.diff) {
        terminal.out(renderPlan(settings, event, command.json))
        return EXIT.ok
      }
      const found = await planWithDiff(settings, event, services)
      terminal.out(secrets.redact(command.json ? planDiffJson(found) : planDiffText(found)))
      return found.problems.length > 0 ? EXIT.failed : EXIT.ok
    }
    case 'local': {
      const settings = await cliSettings(command.inputs, env)
      const code = await runLocally(settings, services, command, (program, args) =>
        runAttached(program, args, text => terminal.err(secrets.redact(text)))
      )
      if (code !== 0) services.logger.error(`docker run exited with code ${code}`)
      return code === 0 ? EXIT.ok : EXIT.failed
    }
    case 'rollback': {
      const settings = await cliSettings(command.inputs, env)
      const result = await rollback(settings, services, command.inputs.environment!, command.to)
      if (command.json) terminal.out(`${JSON.stringify(result, null, 2)}\n`)
      return EXIT.ok
    }
    case 'release':
    case 'continue': {
      const printReport = (report: ReleaseReport) => {
        if (command.json) terminal.out(`${secrets.redact(JSON.stringify(report, null, 2))}\n`)
      }
      const report = await release(
        {
          readInput: cliInputReader(command.inputs, env),
          ...(command.defaultBranch ? { defaultBranch: command.defaultBranch } : {}),
          ...(command.summaryFile ? { summaryFile: command.summaryFile } : {}),
          // Cancelled, the process exits before this command returns: print the report then.
          onCancelled: printReport
        },
        services,
        secrets
      )
      printReport(report)
      return report.exitCode
    }
  }
}
