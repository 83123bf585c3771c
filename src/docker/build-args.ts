// Build arguments often carry secrets (tokens for a private registry); their values are
// redacted wherever the docker command is shown, unless the workflow lists the name in
// `public-build-args`.

/** The values to keep out of the log: those of every build argument not listed as public. */
export function secretBuildArgValues(
  buildArgs: Readonly<Record<string, string>>,
  publicNames: readonly string[] = []
): string[] {
  const shown = new Set(publicNames)
  return Object.entries(buildArgs)
    .filter(([name, value]) => !shown.has(name) && value !== '')
    .map(([, value]) => value)
}

/** The docker argv as it may be shown: `--build-arg KEY=***` for every value not public. */
export function redactedArgv(
  argv: readonly string[],
  publicNames: readonly string[] = []
): string[] {
  const shown = new Set(publicNames)
  return argv.map((arg, index) => {
    if (argv[index - 1] !== '--build-arg') return arg
    const name = arg.split('=', 1)[0]!
    return shown.has(name) || !arg.includes('=') ? arg : `${name}=***`
  })
}
