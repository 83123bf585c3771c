import type { ExpressContainer } from '../../aws/express-service.js'
import type { Target } from '../../settings/types.js'

// The primary container an Express release sends: pure, so it is tested without ECS.

/**
 * The container ECS is sent: the one it runs, with the release's image and the environment's
 * variables and secrets laid over its own (the environment's win). ECS replaces the container
 * whole, so everything else it had is sent back as it was.
 */
export function releasedContainer(
  current: ExpressContainer,
  image: string,
  target: Pick<Target, 'variables' | 'secrets'>
): ExpressContainer {
  const environment = new Map((current.environment ?? []).map(pair => [pair.name, pair.value]))
  for (const [name, value] of Object.entries(target.variables)) environment.set(name, value)
  const secrets = new Map((current.secrets ?? []).map(pair => [pair.name, pair.valueFrom]))
  for (const [name, valueFrom] of Object.entries(target.secrets)) secrets.set(name, valueFrom)
  return {
    ...structuredClone(current),
    image,
    environment: [...environment].map(([name, value]) => ({ name, value })),
    secrets: [...secrets].map(([name, valueFrom]) => ({ name, valueFrom }))
  }
}

/**
 * The container of a revision ECS registered for the service (its `Main`, else its only one)
 * laid over the one it runs now: what a rollback sends back to run that revision's image,
 * variables and secrets again.
 */
export function containerOfRevision(
  current: ExpressContainer,
  definition: Record<string, unknown>
): ExpressContainer | undefined {
  const containers = Array.isArray(definition.containerDefinitions)
    ? (definition.containerDefinitions as Record<string, unknown>[])
    : []
  const main =
    containers.find(container => container.name === 'Main') ??
    (containers.length === 1 ? containers[0] : undefined)
  if (!main || typeof main.image !== 'string') return undefined
  const pairs = (value: unknown) =>
    Array.isArray(value) ? (value as Record<string, string>[]) : []
  return {
    ...structuredClone(current),
    image: main.image,
    environment: pairs(main.environment).map(pair => ({
      name: String(pair.name),
      value: String(pair.value ?? '')
    })),
    secrets: pairs(main.secrets).map(pair => ({
      name: String(pair.name),
      valueFrom: String(pair.valueFrom ?? '')
    }))
  }
}

/**
 * What the release changes in the container, names only for variables and secrets (their values
 * never reach a log). Empty: the service already runs it.
 */
export function containerChanges(from: ExpressContainer, to: ExpressContainer): string[] {
  const changes: string[] = []
  if (from.image !== to.image) changes.push(`image: ${from.image} → ${to.image}`)
  const changed = (
    kind: string,
    before: { name: string }[] | undefined,
    after: { name: string }[] | undefined,
    value: (pair: never) => string
  ) => {
    const old = new Map((before ?? []).map(pair => [pair.name, value(pair as never)]))
    for (const pair of after ?? []) {
      if (!old.has(pair.name)) changes.push(`${kind} ${pair.name}: added`)
      else if (old.get(pair.name) !== value(pair as never))
        changes.push(`${kind} ${pair.name}: changed`)
    }
  }
  changed('variable', from.environment, to.environment, (pair: { value: string }) => pair.value)
  changed('secret', from.secrets, to.secrets, (pair: { valueFrom: string }) => pair.valueFrom)
  return changes
}
