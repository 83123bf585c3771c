import type { EcrApi } from './ecr-api.js'
import { createEcrApi } from './ecr-client.js'
import type { EcsApi } from './ecs-api.js'
import { createEcsApi } from './ecs-client.js'
import type { ElbApi } from './elb-api.js'
import { createElbApi } from './elb-client.js'
import type { AwsServices } from './index.js'

/** The real SDK-backed services, each client created once, on first use. */
export function awsServices(): AwsServices {
  let ecr: EcrApi | undefined
  let ecs: EcsApi | undefined
  let elb: ElbApi | undefined
  return {
    ecs() {
      ecs ??= createEcsApi()
      return ecs
    },
    ecr() {
      ecr ??= createEcrApi()
      return ecr
    },
    elb() {
      elb ??= createElbApi()
      return elb
    }
  }
}
