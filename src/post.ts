import * as core from '@actions/core'
import { DockerCli } from './docker/docker.js'
import { REGISTRIES_STATE, savedRegistries } from './docker/registry-login.js'
import { actionsCommandRunner } from './util/exec.js'

/** The post step: undo what the main step left on the runner (registry logins). */
export async function post(): Promise<void> {
  const registries = savedRegistries(core.getState(REGISTRIES_STATE))
  if (registries.length === 0) return
  const docker = new DockerCli(actionsCommandRunner)
  for (const registry of registries) {
    if (await docker.logout(registry)) {
      core.info(`ecs-flow post: logged out of ${registry}`)
    } else {
      core.warning(
        `ecs-flow post: docker logout ${registry} failed; its credentials stay in the docker config`
      )
    }
  }
}
