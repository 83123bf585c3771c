import { ECSClient, DescribeServicesCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs'
import type { Deployment, Service } from '@aws-sdk/client-ecs'
import { ECRClient } from '@aws-sdk/client-ecr'
import { startSimulator } from '../../sim/server.js'

/** A clock the test moves by hand: the simulator's world only changes when it does. */
export class ManualClock {
  constructor(public current = Date.UTC(2026, 0, 1, 12)) {}
  now(): number {
    return this.current
  }
  advance(ms: number): void {
    this.current += ms
  }
}

export const credentials = { accessKeyId: 'x', secretAccessKey: 'y' }

export type Harness = Awaited<ReturnType<typeof harness>>

/**
 * A simulator on 127.0.0.1:0 with a manual clock, and SDK clients pointed at it
 * (no retries unless asked: errors surface at once).
 */
export async function harness(
  scenario: string,
  opts: { seed?: Record<string, unknown>; timeScale?: number } = {}
) {
  const clock = new ManualClock()
  const sim = await startSimulator({ scenario, clock, seed: opts.seed, timeScale: opts.timeScale })
  const ecs = new ECSClient({ region: 'us-east-1', endpoint: sim.url, credentials, maxAttempts: 1 })
  const ecr = new ECRClient({ region: 'us-east-1', endpoint: sim.url, credentials, maxAttempts: 1 })
  let updatedAt = clock.now()
  const h = {
    sim,
    clock,
    ecs,
    ecr,
    /** UpdateService (the rollout the scenario is about) at the current time. */
    async update(taskDefinition: string, extra: Record<string, unknown> = {}) {
      updatedAt = clock.now()
      const out = await ecs.send(
        new UpdateServiceCommand({ cluster: 'demo', service: 'web', taskDefinition, ...extra })
      )
      return out.service as Service
    },
    /** Move the clock to `seconds` after the last UpdateService. */
    at(seconds: number) {
      clock.current = updatedAt + seconds * 1000
    },
    async describe(service = 'web'): Promise<Service> {
      const out = await ecs.send(
        new DescribeServicesCommand({ cluster: 'demo', services: [service] })
      )
      return out.services?.[0] as Service
    },
    async stop() {
      ecs.destroy()
      ecr.destroy()
      await sim.stop()
    }
  }
  return h
}

/** Register a new revision of "web" (a new image), as a deploy would. */
export async function registerWebRevision(h: Harness, tag = 'new') {
  const { RegisterTaskDefinitionCommand } = await import('@aws-sdk/client-ecs')
  const out = await h.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'web',
      containerDefinitions: [
        {
          name: 'web',
          image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/web:${tag}`,
          essential: true
        }
      ],
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512'
    })
  )
  return out.taskDefinition?.taskDefinitionArn as string
}

export const summary = (d: Deployment) => ({
  status: d.status,
  taskDefinition: d.taskDefinition?.split('/').pop(),
  desired: d.desiredCount,
  pending: d.pendingCount,
  running: d.runningCount,
  failed: d.failedTasks,
  rolloutState: d.rolloutState
})
