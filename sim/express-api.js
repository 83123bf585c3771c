// @ts-check
/**
 * ECS Express Mode services: DescribeExpressGatewayService and UpdateExpressGatewayService. An
 * Express service is a seeded service with `express` set; the ECS service behind it is that
 * service (same name, same ARN). An update registers a new revision of the service's family with
 * the primary container sent (ECS registers it, not the client) and deploys it through the
 * service's own UpdateService path, so it rolls out, fails and rolls back as the service's
 * scenario says.
 */
import { SimError, requireString } from './errors.js'
import { toEpochSeconds } from './ids.js'

/** @typedef {import('./ecs-state.js').Service} Service */
/** @typedef {import('./ecs-state.js').TaskDefinition} TaskDefinition */

/** The container ECS names in the revisions it registers for an Express service. */
const MAIN = 'Main'

const SERVICE_ARN = /^arn:aws:ecs:[a-z0-9-]+:\d{12}:service\/([A-Za-z0-9_-]+)\/([A-Za-z0-9_-]+)$/

/**
 * @param {{world: import('./ecs-state.js').EcsWorld, updateService: (body: any, at: number) => unknown}} p
 * @returns {Record<string, (body: any, at: number) => unknown>}
 */
export function expressHandlers({ world, updateService }) {
  /** @param {unknown} ref @returns {Service} */
  const expressService = ref => {
    requireString(ref, 'serviceArn')
    const match = SERVICE_ARN.exec(ref)
    if (!match)
      throw new SimError(
        'InvalidParameterException',
        `Invalid service ARN: ${ref}. Express service operations take the service ARN.`
      )
    const cluster = world.cluster(match[1])
    if (!cluster) throw new SimError('ClusterNotFoundException', 'Cluster not found.')
    const s = cluster.services.get(/** @type {string} */ (match[2]))
    if (!s?.express)
      throw new SimError('ResourceNotFoundException', `Express service ${ref} was not found.`)
    return s
  }

  /** @param {Service} s @returns {TaskDefinition} */
  const revisionOf = s => {
    const td = world.taskDefsByArn.get(s.taskDefinition)
    if (!td) throw new SimError('ServerException', `task definition ${s.taskDefinition} is gone`)
    return td
  }

  /** The service's configuration as its current revision holds it. @param {Service} s */
  const configuration = s => {
    const td = revisionOf(s)
    const main = td.containerDefinitions.find(c => c.name === MAIN) ?? td.containerDefinitions[0]
    return {
      serviceRevisionArn: `${s.serviceArn}/revision/${td.revision}`,
      executionRoleArn: td.rest.executionRoleArn,
      taskDefinitionArn: td.taskDefinitionArn,
      cpu: td.rest.cpu,
      memory: td.rest.memory,
      healthCheckPath: s.express?.healthCheckPath,
      primaryContainer: {
        image: main?.image,
        containerPort: main?.portMappings?.[0]?.containerPort ?? 80,
        environment: structuredClone(main?.environment ?? []),
        secrets: structuredClone(main?.secrets ?? []),
        ...(main?.command ? { command: structuredClone(main.command) } : {})
      },
      ingressPaths: [{ accessType: 'PUBLIC', endpoint: s.express?.endpoint }],
      createdAt: toEpochSeconds(td.registeredAt)
    }
  }

  /** @param {Service} s */
  const status = s => ({ statusCode: s.status })

  return {
    DescribeExpressGatewayService(body) {
      const s = expressService(body.serviceArn)
      return {
        service: {
          cluster: s.cluster,
          serviceName: s.serviceName,
          serviceArn: s.serviceArn,
          infrastructureRoleArn: s.express?.infrastructureRoleArn,
          status: status(s),
          currentDeployment: s.deployments[0]?.id,
          activeConfigurations: [configuration(s)],
          createdAt: toEpochSeconds(s.createdAt),
          updatedAt: toEpochSeconds(s.deployments[0]?.updatedAt ?? s.createdAt)
        }
      }
    },

    UpdateExpressGatewayService(body, at) {
      const s = expressService(body.serviceArn)
      if (s.status !== 'ACTIVE')
        throw new SimError('ServiceNotActiveException', 'Service was not ACTIVE.')
      const sent = body.primaryContainer
      if (sent !== undefined) {
        if (!sent || typeof sent !== 'object')
          throw new SimError('InvalidParameterException', 'primaryContainer must be an object.')
        requireString(sent.image, 'primaryContainer.image')
      }
      if (sent !== undefined && body.taskDefinitionArn !== undefined)
        throw new SimError(
          'InvalidParameterException',
          'taskDefinitionArn cannot be specified together with primaryContainer.'
        )
      const current = revisionOf(s)
      // The whole container is replaced: what is not sent is not kept.
      const next = sent
        ? world.registerTaskDefinition(
            {
              family: current.family,
              containerDefinitions: current.containerDefinitions.map(c =>
                c.name === MAIN || current.containerDefinitions.length === 1
                  ? {
                      ...c,
                      image: sent.image,
                      environment: sent.environment ?? [],
                      secrets: sent.secrets ?? [],
                      ...(sent.command ? { command: sent.command } : {}),
                      portMappings: [
                        {
                          containerPort: sent.containerPort ?? 80,
                          hostPort: sent.containerPort ?? 80,
                          protocol: 'tcp'
                        }
                      ]
                    }
                  : c
              ),
              tags: current.tags,
              ...current.rest
            },
            at
          )
        : current
      const taskDefinition = body.taskDefinitionArn ?? next.taskDefinitionArn
      // Back to an image the service ran to steady state (a rollback): like any return to a
      // revision that ran before, it progresses healthy whatever the scenario.
      const image = sent?.image
      const ranBefore = [...s.stableTaskDefinitions].some(arn =>
        world.taskDefsByArn
          .get(arn)
          ?.containerDefinitions.some(c => c.name === MAIN && c.image === image)
      )
      if (sent && ranBefore) s.stableTaskDefinitions.add(next.taskDefinitionArn)
      updateService({ cluster: s.cluster, service: s.serviceName, taskDefinition }, at)
      return {
        service: {
          serviceArn: s.serviceArn,
          cluster: s.cluster,
          serviceName: s.serviceName,
          status: status(s),
          targetConfiguration: configuration(s),
          createdAt: toEpochSeconds(s.createdAt),
          updatedAt: toEpochSeconds(at)
        }
      }
    }
  }
}
