// The SDK-backed adapters, as one module: clients.ts imports it on first use, so the bundler
// emits it (and the AWS SDK's shared core) as one chunk, loaded once by the runs that need AWS.
export { createEcrApi } from './ecr-client.js'
export { createEcsApi } from './ecs-client.js'
export { createElbApi } from './elb-client.js'
export { createEventsApi } from './events-client.js'
export { createSchedulerApi } from './scheduler-client.js'
export { createStsApi } from './sts-client.js'
export { createLogsApi } from './logs-client.js'
export { createCodeDeployApi } from './codedeploy-client.js'
