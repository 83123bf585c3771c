/**
 * The oldest Node the command line is built for. The AWS SDK's releases from January 2027 need
 * Node 22, and Node 20 is past its end of life; the GitHub Action itself runs on node24.
 */
export const MINIMUM_NODE_MAJOR = 22

/**
 * One line for a Node older than MINIMUM_NODE_MAJOR, or undefined. The command still runs: an
 * older Node works today, and refusing it would break every clone that has not upgraded yet.
 */
export function oldNodeNotice(version: string): string | undefined {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1])
  if (!Number.isInteger(major) || major >= MINIMUM_NODE_MAJOR) return undefined
  return `ecs-flow: this is Node ${version}; ecs-flow needs Node ${MINIMUM_NODE_MAJOR} or later (the AWS SDK's releases from January 2027 do). Going on for now.\n`
}

/**
 * Says the notice once on stderr and turns off the AWS SDK's own seven-line notice about the
 * same thing (its documented switch), so an older Node costs one line, not eight.
 */
export function sayOldNode(
  version: string,
  env: NodeJS.ProcessEnv,
  err: (text: string) => void
): void {
  const notice = oldNodeNotice(version)
  if (!notice) return
  err(notice)
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
}
