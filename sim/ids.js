// @ts-check
/**
 * Deterministic identifiers and ARNs for the simulator.
 * A small seeded PRNG keeps ids stable from one run to the next, so tests and
 * benchmark logs are reproducible.
 */

export const REGION = 'us-east-1'
export const ACCOUNT = '123456789012'

/**
 * @typedef {object} IdGen
 * @property {() => string} deploymentId  `ecs-svc/` + 19 digits
 * @property {() => string} taskId        32 lowercase hex characters
 * @property {() => string} codeDeployId  a CodeDeploy deployment id: `d-` + 9 characters
 * @property {() => string} uuid          RFC 4122-shaped v4 id
 */

/**
 * mulberry32: tiny deterministic PRNG.
 * @param {number} seed
 * @returns {() => number} uniform in [0, 1)
 */
function prng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * @param {number} [seed]
 * @returns {IdGen}
 */
export function createIdGen(seed = 1) {
  const rnd = prng(seed)
  /** @param {number} n @param {string} alphabet */
  const pick = (n, alphabet) => {
    let s = ''
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(rnd() * alphabet.length)]
    return s
  }
  const hex = '0123456789abcdef'
  return {
    deploymentId: () => `ecs-svc/${pick(1, '123456789')}${pick(18, '0123456789')}`,
    taskId: () => pick(32, hex),
    codeDeployId: () => `d-${pick(9, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`,
    uuid: () =>
      `${pick(8, hex)}-${pick(4, hex)}-4${pick(3, hex)}-${pick(1, '89ab')}${pick(3, hex)}-${pick(12, hex)}`
  }
}

export const arn = {
  /** @param {string} cluster */
  cluster: cluster => `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${cluster}`,
  /** @param {string} cluster @param {string} service */
  service: (cluster, service) => `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${cluster}/${service}`,
  /** @param {string} family @param {number} revision */
  taskDefinition: (family, revision) =>
    `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${family}:${revision}`,
  /** @param {string} cluster @param {string} taskId */
  task: (cluster, taskId) => `arn:aws:ecs:${REGION}:${ACCOUNT}:task/${cluster}/${taskId}`,
  /** @param {string} cluster @param {string} taskId @param {string} uuid */
  container: (cluster, taskId, uuid) =>
    `arn:aws:ecs:${REGION}:${ACCOUNT}:container/${cluster}/${taskId}/${uuid}`,
  /** @param {string} repo */
  repository: repo => `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${repo}`
}

export const REGISTRY_HOST = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`

/**
 * The last path segment of an ARN, or the value itself when it is a plain name.
 * `arn:...:service/demo/web` → `web`; `web` → `web`.
 * @param {string} value
 */
export function lastSegment(value) {
  if (!value.startsWith('arn:')) return value
  const slash = value.lastIndexOf('/')
  return slash >= 0 ? value.slice(slash + 1) : value
}

/** Epoch seconds (fractional) from epoch milliseconds, as the JSON protocol sends timestamps.
 * @param {number} ms */
export const toEpochSeconds = ms => ms / 1000
