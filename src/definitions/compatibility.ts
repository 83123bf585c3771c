import { InputError } from '../util/errors.js'
import { isRecord } from '../util/json.js'
import { jsonPath, printable } from '../util/printable.js'
import type { DefinitionProblem } from './problem.js'

/** Where a service runs its tasks, as far as it says. */
export type Platform = 'FARGATE' | 'EC2' | 'MANAGED_INSTANCES'

/** The launch settings of a service: DescribeServices' answer, or a service-definition file. */
export interface ServicePlacement {
  launchType?: unknown
  capacityProviderStrategy?: unknown
}

/** The capacity providers ECS itself names: both run tasks on Fargate. */
const FARGATE_PROVIDERS = ['FARGATE', 'FARGATE_SPOT']

/**
 * The platform a service's launch type or capacity provider strategy names. A strategy of other
 * providers (an Auto Scaling group's, a managed instances provider's) and a service with neither
 * (the cluster's default strategy) tell nothing without more reads: undefined, no check.
 */
export function platformOf(service: ServicePlacement): Platform | undefined {
  const { launchType, capacityProviderStrategy } = service
  if (launchType === 'FARGATE' || launchType === 'EC2' || launchType === 'MANAGED_INSTANCES')
    return launchType
  if (!Array.isArray(capacityProviderStrategy)) return undefined
  const fargate = capacityProviderStrategy.some(
    item => isRecord(item) && FARGATE_PROVIDERS.includes(item.capacityProvider as string)
  )
  return fargate ? 'FARGATE' : undefined
}

/**
 * What ECS would refuse when the service starts a task of this definition on its platform: the
 * platform missing from `requiresCompatibilities` (absent means EC2 only), and on Fargate a
 * network mode other than awsvpc. `compatibilities` is what ECS computed for a registered
 * revision; a file has only `requiresCompatibilities`. `path` is where the definition sits in
 * its file (`["taskDefinition"]`).
 */
export function compatibilityProblems(
  definition: Record<string, unknown>,
  platform: Platform,
  where: string,
  path: readonly (string | number)[] = []
): DefinitionProblem[] {
  const problems: DefinitionProblem[] = []
  const declared = Array.isArray(definition.compatibilities)
    ? definition.compatibilities
    : definition.requiresCompatibilities
  const compatibilities = Array.isArray(declared) && declared.length > 0 ? declared : ['EC2']
  if (!compatibilities.includes(platform)) {
    const given = Array.isArray(declared)
      ? printable(JSON.stringify(declared), 80)
      : 'not set (EC2 only)'
    problems.push({
      path: jsonPath([...path, 'requiresCompatibilities']),
      problem: `is ${given}, but ${where} runs its tasks on ${platform}: add "${platform}" to requiresCompatibilities`
    })
  }
  if (platform === 'FARGATE' && definition.networkMode !== 'awsvpc') {
    const given =
      typeof definition.networkMode === 'string'
        ? printable(JSON.stringify(definition.networkMode), 40)
        : 'not set (bridge)'
    problems.push({
      path: jsonPath([...path, 'networkMode']),
      problem: `is ${given}, but ${where} runs its tasks on FARGATE, which takes only awsvpc: set "networkMode": "awsvpc"`
    })
  }
  return problems
}

/** One InputError for a definition the service cannot run: `source` names it ("task definition file ecs/td.json"). */
export function incompatibleError(
  source: string,
  platform: Platform,
  problems: readonly DefinitionProblem[]
): InputError {
  return new InputError(
    source,
    `would not run on ${platform}: ${problems.map(p => `${p.path}: ${p.problem}`).join('; ')}`,
    `Fix the task definition for ${platform}, or deploy it to a service that runs on the platform it declares; ECS refuses it only after it is registered, when the service is updated or created with it.`
  )
}
