import type { EcrApi } from './ecr-api.js'
import type { EcsApi } from './ecs-api.js'
import type { ElbApi } from './elb-api.js'
import type { EventsApi } from './events-api.js'
import type { SchedulerApi } from './scheduler-api.js'
import type { StsApi } from './sts-api.js'
import type { LogsApi } from './logs-api.js'
import type { CodeDeployApi } from './codedeploy-api.js'

/** AWS clients are made on first use: test flows never need credentials or a region. */
export interface AwsServices {
  ecs(): EcsApi
  ecr(): EcrApi
  /** Load balancers, for verify-path. */
  elb(): ElbApi
  /** EventBridge, for scheduled tasks. */
  events(): EventsApi
  /** EventBridge Scheduler, for scheduled tasks run by schedules. */
  scheduler(): SchedulerApi
  /** STS, for the AWS_ACCOUNT_ID of templates. */
  sts(): StsApi
  /** CloudWatch Logs, for one-off tasks' output and crashed containers' last lines. */
  logs(): LogsApi
  /** CodeDeploy, for services with the CODE_DEPLOY deployment controller. */
  codeDeploy(): CodeDeployApi
}
