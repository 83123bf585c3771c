/** The region the workflow chose, if any (aws-actions/configure-aws-credentials sets AWS_REGION). */
export function configuredRegion(env: NodeJS.ProcessEnv): string | undefined {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined
}

/** The region every client needs: asked for once, with the fix, before any request is made. */
export function regionFrom(env: NodeJS.ProcessEnv): string {
  const region = configuredRegion(env)
  if (!region) {
    throw new Error(
      'no AWS region is set: set AWS_REGION (aws-actions/configure-aws-credentials does) or AWS_DEFAULT_REGION'
    )
  }
  return region
}
