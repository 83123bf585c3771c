import type { EcsApi } from '../aws/ecs-api.js'
import type { Target } from '../settings/types.js'
import { ReleaseError, VerificationError } from '../util/errors.js'
import { escapeForLog } from '../util/logger.js'
import { withoutCredentials } from '../util/url.js'
import { runUserCommand, userCommandEnv } from './checks.js'
import { findLoadBalancerUrl } from './load-balancer-url.js'
import { requireTarget } from './release-target.js'
import { describeService } from './rollout.js'
import type { Step, StepContext } from './types.js'
import { waitForUrl, type UrlCheck } from './url-check.js'

export interface VerifyStepOptions {
  /** For tests; the global fetch otherwise. */
  fetch?: typeof fetch
  /** Pause between URL attempts (default 5s, on the injected clock). */
  intervalSeconds?: number
  /** How long one request may take (default 10s, real time). */
  requestTimeoutSeconds?: number
}

/**
 * `verify`, after the rollout: the URL checks (verify-url, and verify-path through the service's
 * load balancer), then the user's verify-command. A failed check throws VerificationError: the
 * new revision is live and bad, which the orchestration answers with a rollback. Anything else
 * that stops verify (no load balancer, an AWS permission) is a ReleaseError: no rollback.
 */
export function makeVerifyStep(options: VerifyStepOptions = {}): Step {
  return async context => {
    const { settings, plan, state, services } = context
    const target = requireTarget(plan, 'verify')
    const checks: { label: string; url: string }[] = []
    if (target.verifyUrl) checks.push({ label: 'verify-url', url: target.verifyUrl })
    if (target.verifyPath) {
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
    // Known before the checks run, so a failed release still reports where it lives. Without
    // a verify-url's user:password: this URL goes to the deployment, the summary and the
    // verify-command's environment; the checks themselves use the full URL.
    const first = checks[0]
    state.serviceUrl = first && withoutCredentials(first.url)

    for (const check of checks) {
      const urlCheck: UrlCheck = {
        ...check,
        contains: target.verifyContains,
        timeoutSeconds: settings.verifyTimeoutSeconds,
        intervalSeconds: options.intervalSeconds ?? 5,
        requestTimeoutSeconds: options.requestTimeoutSeconds ?? 10
      }
      await waitForUrl(urlCheck, {
        clock: services.clock,
        logger: services.logger,
        fetch: options.fetch
      })
    }
    if (settings.verifyCommand) {
      await runUserCommand(services.exec, {
        input: 'verify-command',
        command: settings.verifyCommand,
        env: verifyCommandEnv(context),
        fail: message => new VerificationError(message, 'command')
      })
    }
  }
}

export const verifyStep: Step = makeVerifyStep()

/** The target groups the service registers its tasks in, from DescribeServices. */
async function serviceTargetGroups(ecs: EcsApi, target: Target): Promise<string[]> {
  const service = await describeService(ecs, target.cluster, target.service)
  if (!service) {
    throw new ReleaseError(
      `verify-path: ECS reports service ${target.service} in cluster ${target.cluster} missing, so its load balancer cannot be found`,
      'verify'
    )
  }
  return service.targetGroupArns
}

/** What a verify-command is told about the release it checks. */
export function verifyCommandEnv({
  plan,
  state
}: Pick<StepContext, 'plan' | 'state'>): Record<string, string> {
  return {
    ...userCommandEnv(plan),
    ECS_FLOW_IMAGE: state.image ?? '',
    ECS_FLOW_TASK_DEFINITION_ARN: state.taskDefinitionArn ?? '',
    ECS_FLOW_SERVICE_URL: state.serviceUrl ?? '',
    ECS_FLOW_CLUSTER: plan.target?.cluster ?? '',
    ECS_FLOW_SERVICE: plan.target?.service ?? ''
  }
}
