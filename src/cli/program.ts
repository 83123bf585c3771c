import { Command, CommanderError, Option } from 'commander'
import { SETTINGS } from '../settings/table.js'
import { DECISIONS } from '../settings/vocabulary.js'
import { ACTION_INPUTS, BARE_FLAG_INPUTS, inputVariable } from './inputs.js'

/** How `local` chooses the image. */
export type ImageSelector =
  | { kind: 'sha'; sha: string }
  | { kind: 'latest' }
  | { kind: 'highest-version' }
  | { kind: 'environment'; environment: string }

interface Common {
  /** Action inputs by their action.yml name (`task-definition`), as given on the command line. */
  inputs: Record<string, string>
  json: boolean
  verbose: boolean
}

export type ParsedCommand =
  | ({ command: 'status'; timings: boolean } & Common)
  | ({
      command: 'plan'
      event: string
      ref?: string
      sha?: string
      eventFile?: string
      defaultBranch?: string
      /** Also the task-definition diff against what runs now and preflight's problems. */
      diff?: boolean
    } & Common)
  | ({ command: 'local'; selector: ImageSelector; envFile?: string; dockerArgs: string[] } & Common)
  | ({ command: 'rollback'; to?: string } & Common)
  | ({ command: 'release'; defaultBranch?: string; summaryFile?: string } & Common)
  /** `release` with flow continue: answers a deployment paused at a PAUSE hook. */
  | ({ command: 'continue'; defaultBranch?: string; summaryFile?: string } & Common)

/** The outcome of parsing: a command to run, or text to print and an exit code (help, usage). */
export type ParseOutcome =
  { kind: 'run'; command: ParsedCommand } | { kind: 'exit'; code: 0 | 2; out: string; err: string }

/**
 * Parses `argv` (without node and the script) with commander. Nothing runs and nothing is
 * printed: help and usage errors come back as text with exit code 0 or 2.
 */
export function parseCommandLine(argv: readonly string[]): ParseOutcome {
  let out = ''
  let err = ''
  let parsed: ParsedCommand | undefined
  const split = argv.indexOf('--')
  const ownArgs = split === -1 ? [...argv] : argv.slice(0, split)
  const dockerArgs = split === -1 ? [] : argv.slice(split + 1)

  const program = new Command('ecs-flow')
    .description(
      'Releases to Amazon ECS from a terminal or any CI system, with the same settings, rules and code as the ecs-flow action.'
    )
    .exitOverride()
    .configureOutput({ writeOut: text => (out += text), writeErr: text => (err += text) })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      '\nExit codes: 0 success, 1 the release, rollback or container failed, 2 bad usage or input; a release that ends paused at a PAUSE hook exits 0 (result paused).\nInputs: every --name value of release and plan may also be given as ECS_FLOW_INPUT_<NAME>.'
    )
  const done = (command: ParsedCommand) => {
    parsed = command
  }

  withCommon(
    program
      .command('status')
      .description(
        'What runs where: for each environment, the revision, image and commit, rollout state and task counts.'
      )
      .option('--environment <name>', 'only this environment of the config file')
      .option('--config <file>', `the config file (default ${SETTINGS.config.default})`)
      .option('--cluster <name>', 'the cluster, without a config file')
      .option('--service <name>', 'the service, without a config file')
      .option(
        '--timings',
        "where the time of each service's last release went, from ECS's records (its deployment, tasks and events)"
      )
  ).action((options: Record<string, unknown>, command: Command) => {
    const parsed = common(options, command)
    delete parsed.inputs.timings
    done({ command: 'status', timings: options.timings === true, ...parsed })
  })

  withCommon(
    withInputs(
      program
        .command('plan')
        .description(
          'The plan the action would make for an event (flow, environment, steps, why), with no AWS call; with --diff, also what it would change.'
        )
        .addOption(
          new Option('--event <name>', 'the event name').default('push').choices(EVENT_CHOICES)
        )
        .option('--ref <ref>', 'the full ref, e.g. refs/tags/v1.4.0-prod or refs/heads/main')
        .option('--sha <sha>', 'the commit (default: git rev-parse HEAD)')
        .option('--event-file <file>', 'a GitHub event payload (JSON) instead of --ref')
        .option(
          '--default-branch <name>',
          "the default branch (default: config's, else origin/HEAD)"
        )
        .option(
          '--diff',
          "also each service's task-definition diff, rendered from the working tree, against what runs now, and preflight's problems (reads AWS, writes nothing)"
        )
    )
  ).action((options: Record<string, unknown>, command: Command) =>
    done({
      command: 'plan',
      ...common(options, command),
      event: String(options.event),
      ...(options.diff === true ? { diff: true } : {}),
      ...optionalText(options, {
        ref: 'ref',
        sha: 'sha',
        eventFile: 'eventFile',
        defaultBranch: 'defaultBranch'
      })
    })
  )

  withCommon(
    program
      .command('local')
      .description(
        'Pull a released image from ECR and run it here with docker run --rm; arguments after -- go to docker run.'
      )
      .usage(
        '(--sha SHA | --latest | --highest-version | --environment NAME) [options] [-- <docker run args>]'
      )
      .option('--sha <sha>', "the image tagged with this commit's SHA")
      .option('--latest', 'the image pushed last')
      .option(
        '--highest-version',
        'the image with the highest semantic-version tag (v1.4.0-prod is 1.4.0)'
      )
      .option(
        '--environment <name>',
        'the image this environment runs now; with another selector, only its variables'
      )
      .option('--env-file <file>', 'more variables, passed on as docker run --env-file')
      .option('--config <file>', `the config file (default ${SETTINGS.config.default})`)
      .option('--ecr-repository <name>', "the ECR repository (default: the config file's)")
      .option(
        '--container-name <name>',
        'the container of the task definition (with --environment)'
      )
  ).action((options: Record<string, unknown>, command: Command) =>
    done({
      command: 'local',
      ...common(options, command),
      selector: imageSelector(options),
      dockerArgs,
      ...optionalText(options, { envFile: 'envFile' })
    })
  )

  withCommon(
    program
      .command('rollback')
      .description(
        'Put the last good revision back (or --to family:revision) and watch it like the action does.'
      )
      .requiredOption('--environment <name>', 'the environment of the config file')
      .option('--service <name>', "the service (default: the environment's)")
      .option('--cluster <name>', "the cluster (default: the environment's)")
      .option('--to <revision>', 'the revision to roll back to, family:revision')
      .option('--config <file>', `the config file (default ${SETTINGS.config.default})`)
      .option(
        '--timeout <duration>',
        `how long to watch the rollout (default ${SETTINGS.timeout.default})`
      )
      .option(
        '--poll-interval <duration>',
        `how often to look (default ${SETTINGS['poll-interval'].default})`
      )
      .option(
        '--max-failed-tasks <count>',
        `failed tasks tolerated (default ${SETTINGS['max-failed-tasks'].default})`
      )
      .addOption(booleanInput('dry-run', 'print what would be done, change nothing'))
  ).action((options: Record<string, unknown>, command: Command) =>
    done({
      command: 'rollback',
      ...common(options, command),
      ...optionalText(options, { to: 'to' })
    })
  )

  withCommon(
    withInputs(
      program
        .command('release')
        .description(
          'The whole pipeline outside GitHub Actions: the event from CircleCI, Jenkins, GitLab CI or git, then the same plan and steps.'
        )
        .option(
          '--default-branch <name>',
          "the default branch (default: config's, else origin/HEAD)"
        )
        .option('--summary-file <file>', 'write the release summary (Markdown) to this file')
    )
  ).action((options: Record<string, unknown>, command: Command) =>
    done({
      command: 'release',
      ...common(options, command),
      ...optionalText(options, { defaultBranch: 'defaultBranch', summaryFile: 'summaryFile' })
    })
  )

  withCommon(
    withInputs(
      program
        .command('continue')
        .description(
          'Answer a deployment paused at a PAUSE hook (on-pause approve): --decision continue watches it to its end as a release does, rollback has ECS roll it back.'
        )
        .requiredOption('--environment <name>', 'the environment of the config file')
        .addOption(
          new Option('--decision <decision>', 'continue or rollback')
            .choices([...DECISIONS])
            .makeOptionMandatory()
        )
        .option(
          '--service-deployment <arn>',
          "the paused service deployment (the paused job's paused-service-deployment; default: found)"
        )
        .option('--hook-id <id>', "the PAUSE hook (the paused job's paused-hook)")
        .option(
          '--default-branch <name>',
          "the default branch (default: config's, else origin/HEAD)"
        )
        .option('--summary-file <file>', 'write the summary (Markdown) to this file')
    )
  ).action((options: Record<string, unknown>, command: Command) => {
    const parsedCommon = common(options, command)
    done({
      command: 'continue',
      ...parsedCommon,
      inputs: { ...parsedCommon.inputs, flow: 'continue' },
      ...optionalText(options, { defaultBranch: 'defaultBranch', summaryFile: 'summaryFile' })
    })
  })

  try {
    if (ownArgs.length === 0) {
      program.outputHelp({ error: true })
      return { kind: 'exit', code: 2, out, err }
    }
    program.parse(ownArgs, { from: 'user' })
  } catch (error) {
    if (error instanceof CommanderError)
      return { kind: 'exit', code: error.exitCode === 0 ? 0 : 2, out, err }
    if (error instanceof SelectorError)
      return { kind: 'exit', code: 2, out, err: `error: ${error.message}\n` }
    throw error
  }
  if (!parsed) return { kind: 'exit', code: 2, out, err: `${err}error: no command\n` }
  if (dockerArgs.length > 0 && parsed.command !== 'local')
    return {
      kind: 'exit',
      code: 2,
      out,
      err: `error: only local takes arguments after --, for docker run (${parsed.command} takes none)\n`
    }
  return { kind: 'run', command: parsed }
}

const EVENT_CHOICES = ['push', 'pull_request', 'workflow_dispatch', 'merge_group', 'schedule']

class SelectorError extends Error {}

function withCommon(command: Command): Command {
  return command
    .option('--json', 'print the result as JSON on stdout (logs go to stderr)')
    .option('--verbose', 'print debug lines')
}

/** Every action input as `--name value` (booleans also bare: `--dry-run`). */
function withInputs(command: Command): Command {
  for (const name of ACTION_INPUTS) {
    if (command.options.some(option => option.long === `--${name}`)) continue
    const description = `action input ${name} (or ${inputVariable(name)})`
    command.addOption(
      BARE_FLAG_INPUTS.has(name)
        ? booleanInput(name, description)
        : new Option(`--${name} <value>`, description)
    )
  }
  return command
}

function booleanInput(name: string, description: string): Option {
  return new Option(`--${name} [true|false]`, description)
}

/** The action inputs among the options, by their action.yml names, as strings. */
function common(options: Record<string, unknown>, command: Command): Common {
  const inputs: Record<string, string> = {}
  for (const option of command.options) {
    const name = option.long?.replace(/^--/, '')
    if (!name || name === 'json' || name === 'verbose') continue
    const value = options[option.attributeName()]
    if (value === undefined) continue
    inputs[name] = value === true ? 'true' : String(value)
  }
  return { inputs, json: options.json === true, verbose: options.verbose === true }
}

function optionalText<K extends string>(
  options: Record<string, unknown>,
  names: Record<K, string>
): Partial<Record<K, string>> {
  const picked: Partial<Record<K, string>> = {}
  for (const [key, attribute] of Object.entries(names) as [K, string][]) {
    const value = options[attribute]
    if (typeof value === 'string') picked[key] = value
  }
  return picked
}

/** Exactly one of --sha, --latest, --highest-version; else --environment alone. */
function imageSelector(options: Record<string, unknown>): ImageSelector {
  const chosen: ImageSelector[] = []
  if (typeof options.sha === 'string') chosen.push({ kind: 'sha', sha: options.sha })
  if (options.latest === true) chosen.push({ kind: 'latest' })
  if (options.highestVersion === true) chosen.push({ kind: 'highest-version' })
  if (chosen.length > 1)
    throw new SelectorError('local: give one of --sha, --latest and --highest-version, not several')
  if (chosen[0]) return chosen[0]
  if (typeof options.environment === 'string')
    return { kind: 'environment', environment: options.environment }
  throw new SelectorError(
    'local: choose the image with --sha SHA, --latest, --highest-version or --environment NAME'
  )
}
