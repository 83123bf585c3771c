/**
 * The fields of RegisterTaskDefinition, CreateService and UpdateService that the ECS API types
 * as numbers or booleans. A template writes every placeholder inside a JSON string, so a
 * string that is exactly one placeholder at one of these paths becomes a number or a boolean.
 * Everything else stays a string: task-level `cpu` and `memory` are strings in the API, and so
 * are environment values, even numeric ones.
 *
 * The list is the ECS model's (the SDK's request types); a test walks the model to keep them
 * equal. Paths are keys from the definition's root; `[]` is any element of an array. A file wrapped
 * the way the AWS CLI prints it (`{"taskDefinition": {...}}`, `{"service": {...}}`) is matched
 * below its wrapper.
 */

export type FieldType = 'number' | 'boolean'

const CONTAINER = 'containerDefinitions.[]'

const NUMBER_FIELDS = [
  // Task definition: containers.
  `${CONTAINER}.cpu`,
  `${CONTAINER}.memory`,
  `${CONTAINER}.memoryReservation`,
  `${CONTAINER}.startTimeout`,
  `${CONTAINER}.stopTimeout`,
  `${CONTAINER}.portMappings.[].containerPort`,
  `${CONTAINER}.portMappings.[].hostPort`,
  `${CONTAINER}.healthCheck.interval`,
  `${CONTAINER}.healthCheck.timeout`,
  `${CONTAINER}.healthCheck.retries`,
  `${CONTAINER}.healthCheck.startPeriod`,
  `${CONTAINER}.ulimits.[].softLimit`,
  `${CONTAINER}.ulimits.[].hardLimit`,
  `${CONTAINER}.linuxParameters.sharedMemorySize`,
  `${CONTAINER}.linuxParameters.maxSwap`,
  `${CONTAINER}.linuxParameters.swappiness`,
  `${CONTAINER}.linuxParameters.tmpfs.[].size`,
  `${CONTAINER}.restartPolicy.restartAttemptPeriod`,
  `${CONTAINER}.restartPolicy.ignoredExitCodes.[]`,
  // Task definition: task level.
  'ephemeralStorage.sizeInGiB',
  'volumes.[].efsVolumeConfiguration.transitEncryptionPort',
  'volumes.[].s3filesVolumeConfiguration.transitEncryptionPort',
  // Service.
  'desiredCount',
  'healthCheckGracePeriodSeconds',
  'capacityProviderStrategy.[].weight',
  'capacityProviderStrategy.[].base',
  'deploymentConfiguration.maximumPercent',
  'deploymentConfiguration.minimumHealthyPercent',
  'deploymentConfiguration.bakeTimeInMinutes',
  'deploymentConfiguration.deploymentCircuitBreaker.thresholdConfiguration.value',
  'deploymentConfiguration.canaryConfiguration.canaryPercent',
  'deploymentConfiguration.canaryConfiguration.canaryBakeTimeInMinutes',
  'deploymentConfiguration.linearConfiguration.stepPercent',
  'deploymentConfiguration.linearConfiguration.stepBakeTimeInMinutes',
  'deploymentConfiguration.earlySuccessCriteria.healthyPercent',
  'deploymentConfiguration.lifecycleHooks.[].timeoutConfiguration.timeoutInMinutes',
  'monitoring.metricConfigurations.[].resolutionSeconds',
  'loadBalancers.[].containerPort',
  'serviceRegistries.[].port',
  'serviceRegistries.[].containerPort',
  'serviceConnectConfiguration.services.[].ingressPortOverride',
  'serviceConnectConfiguration.services.[].clientAliases.[].port',
  'serviceConnectConfiguration.services.[].timeout.idleTimeoutSeconds',
  'serviceConnectConfiguration.services.[].timeout.perRequestTimeoutSeconds',
  'volumeConfigurations.[].managedEBSVolume.sizeInGiB',
  'volumeConfigurations.[].managedEBSVolume.iops',
  'volumeConfigurations.[].managedEBSVolume.throughput',
  'volumeConfigurations.[].managedEBSVolume.volumeInitializationRate'
]

const BOOLEAN_FIELDS = [
  // Task definition: containers.
  `${CONTAINER}.essential`,
  `${CONTAINER}.readonlyRootFilesystem`,
  `${CONTAINER}.privileged`,
  `${CONTAINER}.disableNetworking`,
  `${CONTAINER}.interactive`,
  `${CONTAINER}.pseudoTerminal`,
  `${CONTAINER}.mountPoints.[].readOnly`,
  `${CONTAINER}.volumesFrom.[].readOnly`,
  `${CONTAINER}.linuxParameters.initProcessEnabled`,
  `${CONTAINER}.restartPolicy.enabled`,
  // Task definition: task level.
  'enableFaultInjection',
  'volumes.[].configuredAtLaunch',
  'volumes.[].dockerVolumeConfiguration.autoprovision',
  // Service.
  'enableExecuteCommand',
  'enableECSManagedTags',
  'forceNewDeployment',
  'deploymentConfiguration.deploymentCircuitBreaker.enable',
  'deploymentConfiguration.deploymentCircuitBreaker.rollback',
  'deploymentConfiguration.deploymentCircuitBreaker.resetOnHealthyTask',
  'deploymentConfiguration.earlySuccessCriteria.enable',
  'deploymentConfiguration.alarms.enable',
  'deploymentConfiguration.alarms.rollback',
  'serviceConnectConfiguration.enabled',
  'volumeConfigurations.[].managedEBSVolume.encrypted'
]

const FIELD_TYPES = new Map<string, FieldType>([
  ...NUMBER_FIELDS.map(path => [path, 'number'] as const),
  ...BOOLEAN_FIELDS.map(path => [path, 'boolean'] as const)
])

/** The keys a definition file may be wrapped in (AWS CLI output). */
const WRAPPERS = new Set(['taskDefinition', 'service'])

/** A path from the document root: object keys, and `[]` for array elements. */
export type FieldPath = readonly string[]

export function fieldTypeAt(path: FieldPath): FieldType | undefined {
  const direct = FIELD_TYPES.get(path.join('.'))
  if (direct) return direct
  const [first, ...rest] = path
  return first !== undefined && WRAPPERS.has(first) ? FIELD_TYPES.get(rest.join('.')) : undefined
}

/** Every typed path, for the table test that checks them against the ECS model. */
export const TYPED_FIELDS: ReadonlyMap<string, FieldType> = FIELD_TYPES
