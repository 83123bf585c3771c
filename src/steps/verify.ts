import { sdkServiceTargetGroups, type ServiceTargetGroups } from '../aws/service-target-groups.js'
import { VerificationError } from '../util/errors.js'
import { shellArgv } from '../util/exec.js'
import { escapeForLog } from '../util/logger.js'
import { findLoadBalancerUrl } from './load-balancer-url.js'
import { requireTarget } from './release-target.js'
import type { Step, StepContext } from './types.js'
import { waitForUrl, type UrlCheck } from './url-check.js'

export interface VerifyStepOptions {
  /** The service's target groups; ECS DescribeServices through the SDK unless given. */
  targetGroupsOf?: ServiceTargetGroups
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
 * new revision is live and bad, which the orchestration answers with a rollback.
 */
export function makeVerifyStep(options: VerifyStepOptions = {}): Step {
  const targetGroupsOf = options.targetGroupsOf ?? sdkServiceTargetGroups()
  return async context => {
    const { settings, plan, state, services } = context
    const target = requireTarget(plan, 'verify')
    const checks: { label: string; url: string }[] = []
    if (target.verifyUrl) checks.push({ label: 'verify-url', url: target.verifyUrl })
    if (target.verifyPath) {
      const endpoint = await findLoadBalancerUrl(
        services.aws.elb(),
        await targetGroupsOf(target.cluster, target.service),
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
    // Known before the checks run, so a failed release still reports where it lives.
    state.serviceUrl = checks[0]?.url

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
    if (settings.verifyCommand) await runVerifyCommand(settings.verifyCommand, context)
  }
}

export const verifyStep: Step = makeVerifyStep()

/** What a verify-command is told about the release it checks. */
export function verifyCommandEnv({
  plan,
  state
}: Pick<StepContext, 'plan' | 'state'>): Record<string, string> {
  return {
    ECS_FLOW_FLOW: plan.flow,
    ECS_FLOW_ENVIRONMENT: plan.environment ?? '',
    ECS_FLOW_SHA: plan.sha,
    ECS_FLOW_IMAGE: state.image ?? '',
    ECS_FLOW_TASK_DEFINITION_ARN: state.taskDefinitionArn ?? '',
    ECS_FLOW_SERVICE_URL: state.serviceUrl ?? '',
    ECS_FLOW_CLUSTER: plan.target?.cluster ?? '',
    ECS_FLOW_SERVICE: plan.target?.service ?? ''
  }
}

async function runVerifyCommand(command: string, context: StepContext): Promise<void> {
  const [program, args] = shellArgv(command)
  const result = await context.services.exec.run(program, args, { env: verifyCommandEnv(context) })
  if (result.exitCode !== 0) {
    throw new VerificationError(
      `verify-command "${command}" exited with code ${result.exitCode}`,
      'command'
    )
  }
}
