import type { EcsApi } from '../aws/ecs-api.js'
import { describeService } from '../aws/services.js'
import type { StepContext } from '../core/context.js'
import type { ReleaseImage, Registration } from '../core/state.js'
import type { Target } from '../settings/types.js'
import { ReleaseError, VerificationError } from '../util/errors.js'
import { escapeForLog } from '../util/logger.js'
import { withoutCredentials } from '../util/url.js'
import { runUserCommand, userCommandEnv } from '../util/user-command.js'
import { findLoadBalancerUrl } from '../verify/load-balancer-url.js'
import { waitForUrl, type UrlCheck } from '../verify/url-check.js'

/** Pause between URL attempts, on the injected clock. */
export const VERIFY_INTERVAL_SECONDS = 5
/** How long one request may take (real time). */
export const VERIFY_REQUEST_TIMEOUT_SECONDS = 10

export interface VerifyInput {
  target: Target
  image: ReleaseImage
  registration: Registration
  /** Told the release's URL as soon as it is known, so a failed release still reports it. */
  onServiceUrl: (url: string) => void
  /** Run the verify-command too (once per release, with its first service). */
  command: boolean
}

/**
 * `verify`, after the rollout: the URL checks (verify-url, and verify-path through the service's
 * load balancer), then the user's verify-command. A failed check throws VerificationError: the
 * new revision is live and bad, which the orchestration answers with a rollback. Anything else
 * that stops verify (no load balancer, an AWS permission) is a ReleaseError: no rollback.
 */
export async function verify(context: StepContext, input: VerifyInput): Promise<void> {
  const { settings, services } = context
  const { target } = input
  const checks: { label: string; url: string }[] = []
  if (target.verifyUrl) checks.push({ label: 'verify-url', url: target.verifyUrl })
  if (target.verifyPath && input.registration.serviceUrl) {
    // ECS says where the service answers (an Express service's endpoint): no load balancer lookup.
    const url = endpointUrl(input.registration.serviceUrl, target.verifyPath)
    services.logger.info(`verify-path: the service's endpoint → ${escapeForLog(url)}`)
    checks.push({ label: 'verify-path', url })
  } else if (target.verifyPath) {
    const endpoint = await findLoadBalancerUrl(
      services.aws.elb(),
      await serviceTargetGroups(services.aws.ecs(), target),
      target.verifyPath,
      target
    )
    services.logger.info(
      `verify-path: load balancer ${endpoint.loadBalancer.name}` +
        `${endpoint.loadBalancer.scheme === 'internal' ? ' (internal: reachable from its VPC only)' : ''}` +
        ` → ${escapeForLog(endpoint.url)}`
    )
    checks.push({ label: 'verify-path', url: endpoint.url })
  }
  // Without a verify-url's user:password: this URL goes to the deployment, the summary and the
  // verify-command's environment; the checks themselves use the full URL.
  const serviceUrl = checks[0] && withoutCredentials(checks[0].url)
  if (serviceUrl) input.onServiceUrl(serviceUrl)

  for (const check of checks) {
    const urlCheck: UrlCheck = {
      ...check,
      contains: target.verifyContains,
      timeoutSeconds: settings.verifyTimeoutSeconds,
      intervalSeconds: VERIFY_INTERVAL_SECONDS,
      requestTimeoutSeconds: VERIFY_REQUEST_TIMEOUT_SECONDS
    }
    await waitForUrl(urlCheck, {
      clock: services.clock,
      logger: services.logger,
      fetch: services.fetch
    })
  }
  if (settings.verifyCommand && input.command) {
    await runUserCommand(services.exec, {
      input: 'verify-command',
      command: settings.verifyCommand,
      env: verifyCommandEnv(context, input, serviceUrl),
      fail: message => new VerificationError(message, 'command')
    })
  }
}

/** An endpoint as ECS gives it (a host name, or a URL) with the path appended. */
export function endpointUrl(endpoint: string, path: string): string {
  const base = /^https?:\/\//i.test(endpoint) ? endpoint : `https://${endpoint}`
  return `${base.replace(/\/+$/, '')}${path}`
}

/** The target groups the service registers its tasks in, from DescribeServices. */
async function serviceTargetGroups(ecs: EcsApi, target: Target): Promise<string[]> {
  const service = await describeService(ecs, target.cluster, target.service)
  if (!service) {
    throw new ReleaseError(
      `verify-path: ECS reports service ${target.service} in cluster ${target.cluster} missing, so its load balancer cannot be found`
    )
  }
  return service.targetGroupArns
}

/** What a verify-command is told about the release it checks. */
export function verifyCommandEnv(
  { plan }: Pick<StepContext, 'plan'>,
  { target, image, registration }: Pick<VerifyInput, 'target' | 'image' | 'registration'>,
  serviceUrl: string | undefined
): Record<string, string> {
  return {
    ...userCommandEnv(plan),
    ECS_FLOW_IMAGE: image.reference,
    ECS_FLOW_TASK_DEFINITION_ARN: registration.taskDefinitionArn,
    ECS_FLOW_SERVICE_URL: serviceUrl ?? '',
    ECS_FLOW_CLUSTER: target.cluster,
    ECS_FLOW_SERVICE: target.service
  }
}
