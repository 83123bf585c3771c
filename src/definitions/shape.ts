/**
 * The input shapes of RegisterTaskDefinition and CreateService as data: every structure a
 * task- or service-definition file can hold, with each of its keys and what the key holds.
 * The AWS SDK drops keys it does not know without a word (`excutionRoleArn`, a container's
 * `portMapping`), so a file is checked against these before anything is registered.
 *
 * Copied from the SDK's type declarations (@aws-sdk/client-ecs, models_*.d.ts and enums.d.ts): the
 * shape names are the SDK's interface names, and a test compares every shape and enumeration
 * with them, so an SDK upgrade that adds or renames a key or a value fails the tests until this
 * file follows.
 */

/**
 * What a key holds: a scalar, a list of scalars, a string map, a nested shape, or one (or a list)
 * of an enumeration's values. The SDK declares the types and checks none of them at run time.
 */
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
  // Names of entries of ENUMS.
  | { enum: string }
  | { enumList: string }

export const SHAPES = {
  RegisterTaskDefinitionRequest: {
    family: 'string',
    taskRoleArn: 'string',
    executionRoleArn: 'string',
    networkMode: { enum: 'NetworkMode' },
    containerDefinitions: { list: 'ContainerDefinition' },
    volumes: { list: 'Volume' },
    placementConstraints: { list: 'TaskDefinitionPlacementConstraint' },
    requiresCompatibilities: { enumList: 'Compatibility' },
    cpu: 'string',
    memory: 'string',
    tags: { list: 'Tag' },
    pidMode: { enum: 'PidMode' },
    ipcMode: { enum: 'IpcMode' },
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
    versionConsistency: { enum: 'VersionConsistency' },
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
    protocol: { enum: 'TransportProtocol' },
    name: 'string',
    appProtocol: { enum: 'ApplicationProtocol' },
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
    type: { enum: 'EnvironmentFileType' }
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
    permissions: { enumList: 'DeviceCgroupPermission' }
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
    condition: { enum: 'ContainerCondition' }
  },
  HostEntry: {
    hostname: 'string',
    ipAddress: 'string'
  },
  Ulimit: {
    name: { enum: 'UlimitName' },
    softLimit: 'number',
    hardLimit: 'number'
  },
  LogConfiguration: {
    logDriver: { enum: 'LogDriver' },
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
    type: { enum: 'ResourceType' }
  },
  FirelensConfiguration: {
    type: { enum: 'FirelensConfigurationType' },
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
    scope: { enum: 'Scope' },
    autoprovision: 'boolean',
    driver: 'string',
    driverOpts: 'map',
    labels: 'map'
  },
  EFSVolumeConfiguration: {
    fileSystemId: 'string',
    rootDirectory: 'string',
    transitEncryption: { enum: 'EFSTransitEncryption' },
    transitEncryptionPort: 'number',
    authorizationConfig: { shape: 'EFSAuthorizationConfig' }
  },
  EFSAuthorizationConfig: {
    accessPointId: 'string',
    iam: { enum: 'EFSAuthorizationConfigIAM' }
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
    type: { enum: 'TaskDefinitionPlacementConstraintType' },
    expression: 'string'
  },
  Tag: {
    key: 'string',
    value: 'string'
  },
  ProxyConfiguration: {
    type: { enum: 'ProxyConfigurationType' },
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
    cpuArchitecture: { enum: 'CPUArchitecture' },
    operatingSystemFamily: { enum: 'OSFamily' }
  },
  CreateServiceRequest: {
    cluster: 'string',
    serviceName: 'string',
    taskDefinition: 'string',
    availabilityZoneRebalancing: { enum: 'AvailabilityZoneRebalancing' },
    loadBalancers: { list: 'LoadBalancer' },
    serviceRegistries: { list: 'ServiceRegistry' },
    desiredCount: 'number',
    clientToken: 'string',
    launchType: { enum: 'LaunchType' },
    capacityProviderStrategy: { list: 'CapacityProviderStrategyItem' },
    platformVersion: 'string',
    role: 'string',
    deploymentConfiguration: { shape: 'DeploymentConfiguration' },
    placementConstraints: { list: 'PlacementConstraint' },
    placementStrategy: { list: 'PlacementStrategy' },
    networkConfiguration: { shape: 'NetworkConfiguration' },
    healthCheckGracePeriodSeconds: 'number',
    schedulingStrategy: { enum: 'SchedulingStrategy' },
    deploymentController: { shape: 'DeploymentController' },
    tags: { list: 'Tag' },
    enableECSManagedTags: 'boolean',
    propagateTags: { enum: 'PropagateTags' },
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
    strategy: { enum: 'DeploymentStrategy' },
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
    type: { enum: 'ThresholdType' },
    value: 'number'
  },
  DeploymentAlarms: {
    alarmNames: 'string[]',
    rollback: 'boolean',
    enable: 'boolean'
  },
  DeploymentLifecycleHook: {
    targetType: { enum: 'DeploymentLifecycleHookTargetType' },
    hookTargetArn: 'string',
    roleArn: 'string',
    lifecycleStages: { enumList: 'DeploymentLifecycleHookStage' },
    hookDetails: 'document',
    timeoutConfiguration: { shape: 'DeploymentLifecycleHookTimeoutConfiguration' }
  },
  DeploymentLifecycleHookTimeoutConfiguration: {
    timeoutInMinutes: 'number',
    action: { enum: 'DeploymentLifecycleHookAction' }
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
    sourceServiceRevisionCleanup: { enum: 'ServiceRevisionCleanup' }
  },
  PlacementConstraint: {
    type: { enum: 'PlacementConstraintType' },
    expression: 'string'
  },
  PlacementStrategy: {
    type: { enum: 'PlacementStrategyType' },
    field: 'string'
  },
  NetworkConfiguration: {
    awsvpcConfiguration: { shape: 'AwsVpcConfiguration' }
  },
  AwsVpcConfiguration: {
    subnets: 'string[]',
    securityGroups: 'string[]',
    assignPublicIp: { enum: 'AssignPublicIp' }
  },
  DeploymentController: {
    type: { enum: 'DeploymentControllerType' }
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
    format: { enum: 'ServiceConnectAccessLoggingFormat' },
    includeQueryParameters: { enum: 'ServiceConnectIncludeQueryParameters' }
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
    filesystemType: { enum: 'TaskFilesystemType' }
  },
  EBSTagSpecification: {
    resourceType: { enum: 'EBSResourceType' },
    tags: { list: 'Tag' },
    propagateTags: { enum: 'PropagateTags' }
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

/**
 * The enumerations the shapes name, with the values the SDK declares (enums.d.ts). The SDK sends
 * any string; ECS refuses one not listed (`"networkMode": "vpc"`) only at registration, after
 * the image is built and pushed, so a file is checked against these first.
 */
export const ENUMS = {
  ApplicationProtocol: ['grpc', 'http', 'http2'],
  AssignPublicIp: ['DISABLED', 'ENABLED'],
  AvailabilityZoneRebalancing: ['DISABLED', 'ENABLED'],
  CPUArchitecture: ['ARM64', 'X86_64'],
  Compatibility: ['EC2', 'EXTERNAL', 'FARGATE', 'MANAGED_INSTANCES'],
  ContainerCondition: ['COMPLETE', 'HEALTHY', 'START', 'SUCCESS'],
  DeploymentControllerType: ['CODE_DEPLOY', 'ECS', 'EXTERNAL'],
  DeploymentLifecycleHookAction: ['CONTINUE', 'ROLLBACK'],
  DeploymentLifecycleHookStage: [
    'POST_PRODUCTION_TRAFFIC_SHIFT',
    'POST_SCALE_UP',
    'POST_TEST_TRAFFIC_SHIFT',
    'PRE_PRODUCTION_TRAFFIC_SHIFT',
    'PRE_SCALE_UP',
    'PRODUCTION_TRAFFIC_SHIFT',
    'RECONCILE_SERVICE',
    'TEST_TRAFFIC_SHIFT'
  ],
  DeploymentLifecycleHookTargetType: ['AWS_LAMBDA', 'PAUSE'],
  DeploymentStrategy: ['BLUE_GREEN', 'CANARY', 'LINEAR', 'ROLLING'],
  DeviceCgroupPermission: ['mknod', 'read', 'write'],
  EBSResourceType: ['volume'],
  EFSAuthorizationConfigIAM: ['DISABLED', 'ENABLED'],
  EFSTransitEncryption: ['DISABLED', 'ENABLED'],
  EnvironmentFileType: ['s3'],
  FirelensConfigurationType: ['fluentbit', 'fluentd'],
  IpcMode: ['host', 'none', 'task'],
  LaunchType: ['EC2', 'EXTERNAL', 'FARGATE', 'MANAGED_INSTANCES'],
  LogDriver: [
    'awsfirelens',
    'awslogs',
    'fluentd',
    'gelf',
    'journald',
    'json-file',
    'splunk',
    'syslog'
  ],
  NetworkMode: ['awsvpc', 'bridge', 'host', 'none'],
  OSFamily: [
    'LINUX',
    'WINDOWS_SERVER_2004_CORE',
    'WINDOWS_SERVER_2016_FULL',
    'WINDOWS_SERVER_2019_CORE',
    'WINDOWS_SERVER_2019_FULL',
    'WINDOWS_SERVER_2022_CORE',
    'WINDOWS_SERVER_2022_FULL',
    'WINDOWS_SERVER_2025_CORE',
    'WINDOWS_SERVER_2025_FULL',
    'WINDOWS_SERVER_20H2_CORE'
  ],
  PidMode: ['host', 'task'],
  PlacementConstraintType: ['distinctInstance', 'memberOf'],
  PlacementStrategyType: ['binpack', 'random', 'spread'],
  PropagateTags: ['NONE', 'SERVICE', 'TASK_DEFINITION'],
  ProxyConfigurationType: ['APPMESH'],
  ResourceType: ['GPU', 'InferenceAccelerator', 'NeuronDevice'],
  SchedulingStrategy: ['DAEMON', 'REPLICA'],
  Scope: ['shared', 'task'],
  ServiceConnectAccessLoggingFormat: ['JSON', 'TEXT'],
  ServiceConnectIncludeQueryParameters: ['DISABLED', 'ENABLED'],
  ServiceRevisionCleanup: ['BLOCKING', 'DEFERRED'],
  TaskDefinitionPlacementConstraintType: ['memberOf'],
  TaskFilesystemType: ['ext3', 'ext4', 'ntfs', 'xfs'],
  ThresholdType: ['BOUNDED_PERCENT', 'COUNT', 'UNBOUNDED_PERCENT'],
  TransportProtocol: ['tcp', 'udp'],
  UlimitName: [
    'core',
    'cpu',
    'data',
    'fsize',
    'locks',
    'memlock',
    'msgqueue',
    'nice',
    'nofile',
    'nproc',
    'rss',
    'rtprio',
    'rttime',
    'sigpending',
    'stack'
  ],
  VersionConsistency: ['disabled', 'enabled']
} as const satisfies Record<string, readonly string[]>

export type EnumName = keyof typeof ENUMS

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

/** The values an enumeration of ENUMS allows, or undefined for a name it does not have. */
export function enumValues(name: string): readonly string[] | undefined {
  const enums: Readonly<Record<string, readonly string[]>> = ENUMS
  return Object.hasOwn(enums, name) ? enums[name] : undefined
}

export function isShapeName(name: string): name is ShapeName {
  return Object.hasOwn(SHAPES, name)
}
