/**
 * The input shapes of RegisterTaskDefinition and CreateService as data: every structure a
 * task- or service-definition file can hold, with each of its keys and what the key holds.
 * The AWS SDK drops keys it does not know without a word (`excutionRoleArn`, a container's
 * `portMapping`), so a file is checked against these before anything is registered.
 *
 * Copied from the SDK's type declarations (@aws-sdk/client-ecs, models_*.d.ts): the shape names
 * are the SDK's interface names, and a test compares every shape with them, so an SDK upgrade
 * that adds or renames a key fails the tests until this file follows.
 */

/** What a key holds: a scalar (enums are strings), a list of scalars, a string map, or a nested shape. */
export type FieldKind =
  | 'string'
  | 'number'
  | 'boolean'
  | 'string[]'
  | 'number[]'
  | 'boolean[]'
  | 'map'
  | 'document'
  // Names of other entries of SHAPES (a test checks that each exists).
  | { shape: string }
  | { list: string }

export const SHAPES = {
  RegisterTaskDefinitionRequest: {
    family: 'string',
    taskRoleArn: 'string',
    executionRoleArn: 'string',
    networkMode: 'string',
    containerDefinitions: { list: 'ContainerDefinition' },
    volumes: { list: 'Volume' },
    placementConstraints: { list: 'TaskDefinitionPlacementConstraint' },
    requiresCompatibilities: 'string[]',
    cpu: 'string',
    memory: 'string',
    tags: { list: 'Tag' },
    pidMode: 'string',
    ipcMode: 'string',
    proxyConfiguration: { shape: 'ProxyConfiguration' },
    inferenceAccelerators: { list: 'InferenceAccelerator' },
    ephemeralStorage: { shape: 'EphemeralStorage' },
    runtimePlatform: { shape: 'RuntimePlatform' },
    enableFaultInjection: 'boolean'
  },
  ContainerDefinition: {
    name: 'string',
    image: 'string',
    repositoryCredentials: { shape: 'RepositoryCredentials' },
    cpu: 'number',
    memory: 'number',
    memoryReservation: 'number',
    links: 'string[]',
    portMappings: { list: 'PortMapping' },
    essential: 'boolean',
    restartPolicy: { shape: 'ContainerRestartPolicy' },
    entryPoint: 'string[]',
    command: 'string[]',
    environment: { list: 'KeyValuePair' },
    environmentFiles: { list: 'EnvironmentFile' },
    mountPoints: { list: 'MountPoint' },
    volumesFrom: { list: 'VolumeFrom' },
    linuxParameters: { shape: 'LinuxParameters' },
    secrets: { list: 'Secret' },
    dependsOn: { list: 'ContainerDependency' },
    startTimeout: 'number',
    stopTimeout: 'number',
    versionConsistency: 'string',
    hostname: 'string',
    user: 'string',
    workingDirectory: 'string',
    disableNetworking: 'boolean',
    privileged: 'boolean',
    readonlyRootFilesystem: 'boolean',
    dnsServers: 'string[]',
    dnsSearchDomains: 'string[]',
    extraHosts: { list: 'HostEntry' },
    dockerSecurityOptions: 'string[]',
    interactive: 'boolean',
    pseudoTerminal: 'boolean',
    dockerLabels: 'map',
    ulimits: { list: 'Ulimit' },
    logConfiguration: { shape: 'LogConfiguration' },
    healthCheck: { shape: 'HealthCheck' },
    systemControls: { list: 'SystemControl' },
    resourceRequirements: { list: 'ResourceRequirement' },
    firelensConfiguration: { shape: 'FirelensConfiguration' },
    credentialSpecs: 'string[]'
  },
  RepositoryCredentials: {
    credentialsParameter: 'string'
  },
  PortMapping: {
    containerPort: 'number',
    hostPort: 'number',
    protocol: 'string',
    name: 'string',
    appProtocol: 'string',
    containerPortRange: 'string'
  },
  ContainerRestartPolicy: {
    enabled: 'boolean',
    ignoredExitCodes: 'number[]',
    restartAttemptPeriod: 'number'
  },
  KeyValuePair: {
    name: 'string',
    value: 'string'
  },
  EnvironmentFile: {
    value: 'string',
    type: 'string'
  },
  MountPoint: {
    sourceVolume: 'string',
    containerPath: 'string',
    readOnly: 'boolean'
  },
  VolumeFrom: {
    sourceContainer: 'string',
    readOnly: 'boolean'
  },
  LinuxParameters: {
    capabilities: { shape: 'KernelCapabilities' },
    devices: { list: 'Device' },
    initProcessEnabled: 'boolean',
    sharedMemorySize: 'number',
    tmpfs: { list: 'Tmpfs' },
    maxSwap: 'number',
    swappiness: 'number'
  },
  KernelCapabilities: {
    add: 'string[]',
    drop: 'string[]'
  },
  Device: {
    hostPath: 'string',
    containerPath: 'string',
    permissions: 'string[]'
  },
  Tmpfs: {
    containerPath: 'string',
    size: 'number',
    mountOptions: 'string[]'
  },
  Secret: {
    name: 'string',
    valueFrom: 'string'
  },
  ContainerDependency: {
    containerName: 'string',
    condition: 'string'
  },
  HostEntry: {
    hostname: 'string',
    ipAddress: 'string'
  },
  Ulimit: {
    name: 'string',
    softLimit: 'number',
    hardLimit: 'number'
  },
  LogConfiguration: {
    logDriver: 'string',
    options: 'map',
    secretOptions: { list: 'Secret' }
  },
  HealthCheck: {
    command: 'string[]',
    interval: 'number',
    timeout: 'number',
    retries: 'number',
    startPeriod: 'number'
  },
  SystemControl: {
    namespace: 'string',
    value: 'string'
  },
  ResourceRequirement: {
    value: 'string',
    type: 'string'
  },
  FirelensConfiguration: {
    type: 'string',
    options: 'map'
  },
  Volume: {
    name: 'string',
    host: { shape: 'HostVolumeProperties' },
    dockerVolumeConfiguration: { shape: 'DockerVolumeConfiguration' },
    efsVolumeConfiguration: { shape: 'EFSVolumeConfiguration' },
    s3filesVolumeConfiguration: { shape: 'S3FilesVolumeConfiguration' },
    fsxWindowsFileServerVolumeConfiguration: { shape: 'FSxWindowsFileServerVolumeConfiguration' },
    configuredAtLaunch: 'boolean'
  },
  HostVolumeProperties: {
    sourcePath: 'string'
  },
  DockerVolumeConfiguration: {
    scope: 'string',
    autoprovision: 'boolean',
    driver: 'string',
    driverOpts: 'map',
    labels: 'map'
  },
  EFSVolumeConfiguration: {
    fileSystemId: 'string',
    rootDirectory: 'string',
    transitEncryption: 'string',
    transitEncryptionPort: 'number',
    authorizationConfig: { shape: 'EFSAuthorizationConfig' }
  },
  EFSAuthorizationConfig: {
    accessPointId: 'string',
    iam: 'string'
  },
  S3FilesVolumeConfiguration: {
    fileSystemArn: 'string',
    rootDirectory: 'string',
    transitEncryptionPort: 'number',
    accessPointArn: 'string'
  },
  FSxWindowsFileServerVolumeConfiguration: {
    fileSystemId: 'string',
    rootDirectory: 'string',
    authorizationConfig: { shape: 'FSxWindowsFileServerAuthorizationConfig' }
  },
  FSxWindowsFileServerAuthorizationConfig: {
    credentialsParameter: 'string',
    domain: 'string'
  },
  TaskDefinitionPlacementConstraint: {
    type: 'string',
    expression: 'string'
  },
  Tag: {
    key: 'string',
    value: 'string'
  },
  ProxyConfiguration: {
    type: 'string',
    containerName: 'string',
    properties: { list: 'KeyValuePair' }
  },
  InferenceAccelerator: {
    deviceName: 'string',
    deviceType: 'string'
  },
  EphemeralStorage: {
    sizeInGiB: 'number'
  },
  RuntimePlatform: {
    cpuArchitecture: 'string',
    operatingSystemFamily: 'string'
  },
  CreateServiceRequest: {
    cluster: 'string',
    serviceName: 'string',
    taskDefinition: 'string',
    availabilityZoneRebalancing: 'string',
    loadBalancers: { list: 'LoadBalancer' },
    serviceRegistries: { list: 'ServiceRegistry' },
    desiredCount: 'number',
    clientToken: 'string',
    launchType: 'string',
    capacityProviderStrategy: { list: 'CapacityProviderStrategyItem' },
    platformVersion: 'string',
    role: 'string',
    deploymentConfiguration: { shape: 'DeploymentConfiguration' },
    placementConstraints: { list: 'PlacementConstraint' },
    placementStrategy: { list: 'PlacementStrategy' },
    networkConfiguration: { shape: 'NetworkConfiguration' },
    healthCheckGracePeriodSeconds: 'number',
    schedulingStrategy: 'string',
    deploymentController: { shape: 'DeploymentController' },
    tags: { list: 'Tag' },
    enableECSManagedTags: 'boolean',
    propagateTags: 'string',
    enableExecuteCommand: 'boolean',
    serviceConnectConfiguration: { shape: 'ServiceConnectConfiguration' },
    volumeConfigurations: { list: 'ServiceVolumeConfiguration' },
    vpcLatticeConfigurations: { list: 'VpcLatticeConfiguration' },
    monitoring: { shape: 'MonitoringConfiguration' }
  },
  LoadBalancer: {
    targetGroupArn: 'string',
    loadBalancerName: 'string',
    containerName: 'string',
    containerPort: 'number',
    advancedConfiguration: { shape: 'AdvancedConfiguration' }
  },
  AdvancedConfiguration: {
    alternateTargetGroupArn: 'string',
    productionListenerRule: 'string',
    testListenerRule: 'string',
    roleArn: 'string'
  },
  ServiceRegistry: {
    registryArn: 'string',
    port: 'number',
    containerName: 'string',
    containerPort: 'number'
  },
  CapacityProviderStrategyItem: {
    capacityProvider: 'string',
    weight: 'number',
    base: 'number'
  },
  DeploymentConfiguration: {
    deploymentCircuitBreaker: { shape: 'DeploymentCircuitBreaker' },
    maximumPercent: 'number',
    minimumHealthyPercent: 'number',
    alarms: { shape: 'DeploymentAlarms' },
    strategy: 'string',
    bakeTimeInMinutes: 'number',
    lifecycleHooks: { list: 'DeploymentLifecycleHook' },
    linearConfiguration: { shape: 'LinearConfiguration' },
    canaryConfiguration: { shape: 'CanaryConfiguration' },
    earlySuccessCriteria: { shape: 'DeploymentEarlySuccessCriteria' }
  },
  DeploymentCircuitBreaker: {
    enable: 'boolean',
    rollback: 'boolean',
    resetOnHealthyTask: 'boolean',
    thresholdConfiguration: { shape: 'ThresholdConfiguration' }
  },
  ThresholdConfiguration: {
    type: 'string',
    value: 'number'
  },
  DeploymentAlarms: {
    alarmNames: 'string[]',
    rollback: 'boolean',
    enable: 'boolean'
  },
  DeploymentLifecycleHook: {
    targetType: 'string',
    hookTargetArn: 'string',
    roleArn: 'string',
    lifecycleStages: 'string[]',
    hookDetails: 'document',
    timeoutConfiguration: { shape: 'DeploymentLifecycleHookTimeoutConfiguration' }
  },
  DeploymentLifecycleHookTimeoutConfiguration: {
    timeoutInMinutes: 'number',
    action: 'string'
  },
  LinearConfiguration: {
    stepPercent: 'number',
    stepBakeTimeInMinutes: 'number'
  },
  CanaryConfiguration: {
    canaryPercent: 'number',
    canaryBakeTimeInMinutes: 'number'
  },
  DeploymentEarlySuccessCriteria: {
    enable: 'boolean',
    healthyPercent: 'number',
    sourceServiceRevisionCleanup: 'string'
  },
  PlacementConstraint: {
    type: 'string',
    expression: 'string'
  },
  PlacementStrategy: {
    type: 'string',
    field: 'string'
  },
  NetworkConfiguration: {
    awsvpcConfiguration: { shape: 'AwsVpcConfiguration' }
  },
  AwsVpcConfiguration: {
    subnets: 'string[]',
    securityGroups: 'string[]',
    assignPublicIp: 'string'
  },
  DeploymentController: {
    type: 'string'
  },
  ServiceConnectConfiguration: {
    enabled: 'boolean',
    namespace: 'string',
    services: { list: 'ServiceConnectService' },
    logConfiguration: { shape: 'LogConfiguration' },
    accessLogConfiguration: { shape: 'ServiceConnectAccessLogConfiguration' }
  },
  ServiceConnectService: {
    portName: 'string',
    discoveryName: 'string',
    clientAliases: { list: 'ServiceConnectClientAlias' },
    ingressPortOverride: 'number',
    timeout: { shape: 'TimeoutConfiguration' },
    tls: { shape: 'ServiceConnectTlsConfiguration' }
  },
  ServiceConnectClientAlias: {
    port: 'number',
    dnsName: 'string',
    testTrafficRules: { shape: 'ServiceConnectTestTrafficRules' }
  },
  ServiceConnectTestTrafficRules: {
    header: { shape: 'ServiceConnectTestTrafficHeaderRules' }
  },
  ServiceConnectTestTrafficHeaderRules: {
    name: 'string',
    value: { shape: 'ServiceConnectTestTrafficHeaderMatchRules' }
  },
  ServiceConnectTestTrafficHeaderMatchRules: {
    exact: 'string'
  },
  TimeoutConfiguration: {
    idleTimeoutSeconds: 'number',
    perRequestTimeoutSeconds: 'number'
  },
  ServiceConnectTlsConfiguration: {
    issuerCertificateAuthority: { shape: 'ServiceConnectTlsCertificateAuthority' },
    kmsKey: 'string',
    roleArn: 'string'
  },
  ServiceConnectTlsCertificateAuthority: {
    awsPcaAuthorityArn: 'string'
  },
  ServiceConnectAccessLogConfiguration: {
    format: 'string',
    includeQueryParameters: 'string'
  },
  ServiceVolumeConfiguration: {
    name: 'string',
    managedEBSVolume: { shape: 'ServiceManagedEBSVolumeConfiguration' }
  },
  ServiceManagedEBSVolumeConfiguration: {
    encrypted: 'boolean',
    kmsKeyId: 'string',
    volumeType: 'string',
    sizeInGiB: 'number',
    snapshotId: 'string',
    volumeInitializationRate: 'number',
    iops: 'number',
    throughput: 'number',
    tagSpecifications: { list: 'EBSTagSpecification' },
    roleArn: 'string',
    filesystemType: 'string'
  },
  EBSTagSpecification: {
    resourceType: 'string',
    tags: { list: 'Tag' },
    propagateTags: 'string'
  },
  VpcLatticeConfiguration: {
    roleArn: 'string',
    targetGroupArn: 'string',
    portName: 'string'
  },
  MonitoringConfiguration: {
    metricConfigurations: { list: 'MetricConfiguration' }
  },
  MetricConfiguration: {
    metricNames: 'string[]',
    resolutionSeconds: 'number'
  }
} as const satisfies Record<string, Record<string, FieldKind>>

export type ShapeName = keyof typeof SHAPES

/** The shape of a task-definition file (RegisterTaskDefinition's input). */
export const TASK_DEFINITION_SHAPE: ShapeName = 'RegisterTaskDefinitionRequest'

/** The shape of a service-definition file (CreateService's input). */
export const SERVICE_DEFINITION_SHAPE: ShapeName = 'CreateServiceRequest'

/**
 * Top-level keys DescribeTaskDefinition's `taskDefinition` (and the console's JSON export) has
 * and RegisterTaskDefinition does not take: accepted in a file, stripped by the renderer.
 */
export const TASK_DEFINITION_READ_ONLY = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
  'deleteRequestedAt'
] as const

/** Top-level keys of DescribeServices' `Service` that CreateService does not take. */
export const SERVICE_READ_ONLY = [
  'serviceArn',
  'clusterArn',
  'status',
  'runningCount',
  'pendingCount',
  'platformFamily',
  'taskSets',
  'deployments',
  'roleArn',
  'events',
  'createdAt',
  'createdBy',
  'currentServiceDeployment',
  'currentServiceRevisions',
  'resourceManagementType'
] as const

/** The keys of a shape, for did-you-mean. */
export function keysOf(shape: ShapeName): readonly string[] {
  return Object.keys(SHAPES[shape])
}

/** What `key` holds in `shape`, or undefined for a key the shape does not have. */
export function fieldOf(shape: ShapeName, key: string): FieldKind | undefined {
  const fields: Readonly<Record<string, FieldKind>> = SHAPES[shape]
  return Object.hasOwn(fields, key) ? fields[key] : undefined
}

export function isShapeName(name: string): name is ShapeName {
  return Object.hasOwn(SHAPES, name)
}
