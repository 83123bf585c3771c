/** An image reference split as docker reads it: `registry/repository[:tag][@digest]`. */
export interface ImageReference {
  reference: string
  registry?: string
  repository: string
  tag?: string
  digest?: string
}

export function parseImageReference(reference: string): ImageReference {
  const at = reference.indexOf('@')
  const digest = at === -1 ? undefined : reference.slice(at + 1)
  const named = at === -1 ? reference : reference.slice(0, at)
  const slash = named.indexOf('/')
  const first = slash === -1 ? '' : named.slice(0, slash)
  // docker's rule: the first part is a registry when it has a dot or a port, or is localhost.
  const hasRegistry = slash !== -1 && (/[.:]/.test(first) || first === 'localhost')
  const path = hasRegistry ? named.slice(slash + 1) : named
  const colon = path.lastIndexOf(':')
  const tag = colon > path.lastIndexOf('/') ? path.slice(colon + 1) : undefined
  return {
    reference,
    ...(hasRegistry ? { registry: first } : {}),
    repository: tag === undefined ? path : path.slice(0, colon),
    ...(tag !== undefined ? { tag } : {}),
    ...(digest ? { digest } : {})
  }
}

const ECR_REGISTRY = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/

/** An image in an ECR registry: only those can be looked up with the ECR API. */
export function isEcrImage(image: ImageReference): boolean {
  return image.registry !== undefined && ECR_REGISTRY.test(image.registry)
}

/** A full 40-character commit SHA, as ecs-flow tags every image it builds. */
export function isCommitSha(text: string | undefined): text is string {
  return text !== undefined && /^[0-9a-f]{40}$/.test(text)
}
