import type { EcrApi } from './ecr-api.js'
import type { EcsApi } from './ecs-api.js'
import type { ElbApi } from './elb-api.js'

/** AWS clients are made on first use: test flows never need credentials or a region. */
export interface AwsServices {
  ecs(): EcsApi
  ecr(): EcrApi
  /** Load balancers, for verify-path. */
  elb(): ElbApi
}
