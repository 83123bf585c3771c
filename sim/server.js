// @ts-check
/**
 * HTTP front of the simulator, loopback only:
 *   POST /              AWS JSON 1.1 (X-Amz-Target selects the ECS, ECR, Logs, EventBridge or
 *                       CodeDeploy operation; signatures ignored),
 *                       or a query call (form-encoded Action=...; XML answer): ELBv2's
 *                       DescribeTargetGroups, DescribeTargetGroupAttributes, DescribeTargetHealth,
 *                       STS's GetCallerIdentity
 *   GET|PUT /schedules… EventBridge Scheduler (REST-JSON: GetSchedule, UpdateSchedule,
 *                       ListSchedules; see scheduler-api.js)
 *   GET  /_sim/state    measurements and the world as JSON
 *   POST /_sim/reset    {scenario?, timeScale?, seed?} → new world, answers the new state
 *   GET  /_sim/health   "ok"
 *   GET  /_sim/ecr-blobs/<digest>  an image config blob (where GetDownloadUrlForLayer points)
 */
import http from 'node:http'
import { randomUUID } from 'node:crypto'
import { Simulator } from './simulator.js'
import { handleSts, isStsQuery } from './sts-api.js'

export { Simulator, createSimulator } from './simulator.js'
export { BLUE_GREEN_SCENARIOS, CODEDEPLOY_SCENARIOS, SCENARIOS } from './scenarios.js'

const AMZ_JSON = 'application/x-amz-json-1.1'
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1'])

/**
 * @typedef {object} StartOptions
 * @property {string} [scenario]
 * @property {number} [port]       0 (default) picks a free port
 * @property {string} [host]       127.0.0.1 (default); only loopback addresses are accepted
 * @property {number} [timeScale]
 * @property {{now(): number}} [clock]
 * @property {import('./seed.js').SeedOptions} [seed]
 */

/**
 * @typedef {object} RunningSimulator
 * @property {string} url    http://127.0.0.1:PORT
 * @property {number} port
 * @property {() => Promise<void>} stop
 * @property {() => ReturnType<Simulator['state']>} state
 * @property {(opts?: import('./simulator.js').SimulatorOptions) => void} reset
 * @property {Simulator} simulator
 */

/** @param {http.IncomingMessage} req @returns {Promise<string>} */
function readBody(req) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = []
    req.on('data', c => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/**
 * Which attempt of one SDK call a request is (`amz-sdk-request: attempt=2; max=3`), so the call
 * log shows the SDK's own retries; undefined when the header is absent (not an AWS SDK).
 * @param {string | string[] | undefined} header @returns {number | undefined}
 */
function sdkAttempt(header) {
  const match = /attempt=(\d+)/.exec(String(header ?? ''))
  return match ? Number(match[1]) : undefined
}

/**
 * @param {http.ServerResponse} res @param {number} status @param {unknown} body @param {Record<string, string>} [headers]
 */
function send(res, status, body, headers = {}) {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': AMZ_JSON,
    'content-length': Buffer.byteLength(text),
    ...headers
  })
  res.end(text)
}

/**
 * An http.Server serving `sim`.
 * @param {Simulator} sim
 */
export function createServer(sim) {
  return http.createServer(async (req, res) => {
    try {
      const text = await readBody(req)
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      if (url.pathname === '/_sim/state' && req.method === 'GET')
        return send(res, 200, sim.state(), { 'content-type': 'application/json' })
      const blob = /^\/_sim\/ecr-blobs\/(sha256:[0-9a-f]{64})$/.exec(url.pathname)
      if (blob && req.method === 'GET') {
        const text = sim.blob(blob[1] ?? '')
        if (text === undefined) return send(res, 404, { message: 'no such blob' })
        res.writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': Buffer.byteLength(text)
        })
        return res.end(text)
      }
      if (url.pathname === '/_sim/health')
        return send(res, 200, { ok: true }, { 'content-type': 'application/json' })
      if (url.pathname === '/_sim/reset' && req.method === 'POST') {
        const opts = text.trim() === '' ? {} : JSON.parse(text)
        sim.reset({ scenario: opts.scenario, timeScale: opts.timeScale, seed: opts.seed })
        return send(res, 200, sim.state(), { 'content-type': 'application/json' })
      }
      // EventBridge Scheduler is REST-JSON: its operation is the method and the path.
      const scheduler = sim.handleScheduler(
        req.method ?? 'GET',
        url,
        text,
        sdkAttempt(req.headers['amz-sdk-request'])
      )
      if (scheduler) {
        const headers = { 'x-amzn-requestid': randomUUID() }
        if (scheduler.status !== 200)
          Object.assign(headers, { 'x-amzn-errortype': String(scheduler.body.__type) })
        return send(res, scheduler.status, scheduler.body, {
          ...headers,
          'content-type': 'application/json'
        })
      }
      if (req.method !== 'POST')
        return send(res, 404, { __type: 'NotFound', message: `${req.method} ${url.pathname}` })
      if (isStsQuery(req.headers['content-type'], text)) {
        const elb = sim.handleQuery(text, randomUUID())
        if (elb) {
          res.writeHead(elb.status, {
            'content-type': 'text/xml',
            'content-length': Buffer.byteLength(elb.xml)
          })
          return res.end(elb.xml)
        }
        const reply = handleSts(text, randomUUID())
        sim.record(reply.operation, reply.status)
        res.writeHead(reply.status, {
          'content-type': 'text/xml',
          'content-length': Buffer.byteLength(reply.xml)
        })
        return res.end(reply.xml)
      }
      const target = /** @type {string | undefined} */ (req.headers['x-amz-target'])
      const reply = sim.handle(target, text, sdkAttempt(req.headers['amz-sdk-request']))
      // Request ids come from outside the world's id generator: polling must not change the world.
      const headers = { 'x-amzn-requestid': randomUUID() }
      if (reply.status !== 200)
        Object.assign(headers, { 'x-amzn-errortype': String(reply.body.__type) })
      return send(res, reply.status, reply.body, headers)
    } catch (err) {
      return send(res, 400, {
        __type: 'SerializationException',
        message: String(/** @type {Error} */ (err)?.message ?? err)
      })
    }
  })
}

/**
 * Start the simulator on loopback.
 * @param {StartOptions} [opts]
 * @returns {Promise<RunningSimulator>}
 */
export async function startSimulator(opts = {}) {
  const host = opts.host ?? '127.0.0.1'
  if (!LOOPBACK.has(host)) throw new Error(`the simulator only binds to loopback, not "${host}"`)
  const sim = new Simulator({
    scenario: opts.scenario,
    timeScale: opts.timeScale,
    clock: opts.clock,
    seed: opts.seed
  })
  const server = createServer(sim)
  server.keepAliveTimeout = 1000
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, host === 'localhost' ? '127.0.0.1' : host, () =>
      resolve(undefined)
    )
  })
  /** @type {Promise<void> | undefined} */
  let stopping
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
  sim.publicUrl = `http://${urlHost}:${address.port}`
  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    simulator: sim,
    state: () => sim.state(),
    reset: o => sim.reset(o),
    stop: () => {
      // Idempotent: a second stop() resolves with the first.
      stopping ??= new Promise((resolve, reject) => {
        server.close(err => (err ? reject(err) : resolve()))
        server.closeAllConnections()
      })
      return stopping
    }
  }
}
