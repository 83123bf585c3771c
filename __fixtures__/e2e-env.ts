import { ECRClient } from '@aws-sdk/client-ecr'
import { ECSClient } from '@aws-sdk/client-ecs'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './run-action.js'

// What `e2e/env.sh start` wrote about the real components, and SDK clients that talk to them:
// shared by the e2e suites.

const ENV_FILE = join(ROOT, 'e2e', '.state', 'env.json')

/** The connection details of the running e2e environment (e2e/.state/env.json). */
export function readE2eEnv(): Record<string, string> {
  if (!existsSync(ENV_FILE)) {
    throw new Error(
      `ECS_FLOW_E2E=1 but ${ENV_FILE} is missing: run \`bash e2e/env.sh start\` first`
    )
  }
  return JSON.parse(readFileSync(ENV_FILE, 'utf8')) as Record<string, string>
}

/** ECR and ECS clients for moto (ECR through the bridge's API front, which keeps the registry in step). */
export function e2eClients(env: Record<string, string>): { ecr: ECRClient; ecs: ECSClient } {
  const config = {
    region: env.AWS_REGION,
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID!,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY!
    }
  }
  return {
    ecr: new ECRClient({ ...config, endpoint: env.AWS_ENDPOINT_URL_ECR }),
    ecs: new ECSClient({ ...config, endpoint: env.AWS_ENDPOINT_URL_ECS })
  }
}
