import {
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse
} from 'node:http'
import type { Server } from 'node:http'
import { listenOnLoopback } from './loopback-server.js'

/**
 * What the proxy does with one request. Without a target, `pass` and `rewrite` answer `{}`.
 * - hang: read the request, never answer (the endpoint that accepts and goes silent)
 * - drop-reply: forward it, let the target answer, then destroy the socket: the target did
 *   the work and the client never hears of it (the lost reply)
 * - reset: destroy the connection without answering
 * - status: answer an AWS JSON error, `message` may echo the request (its headers)
 * - rewrite: forward it and replace, anywhere in the JSON reply, the string value of every
 *   field named in `fields` (hostile text in events, reasons, error messages)
 * `forward` on hang and status: the target gets the request and does the work first (an
 * UpdateService that went through, its answer never heard or an error instead).
 */
export type Fault =
  | { kind: 'pass' }
  | { kind: 'hang'; forward?: boolean }
  | { kind: 'drop-reply' }
  | { kind: 'reset' }
  | {
      kind: 'status'
      status: number
      type: string
      message?: string | ((request: ReceivedRequest) => string)
      forward?: boolean
    }
  | { kind: 'rewrite'; fields: Record<string, string> }

/** Which requests of an operation a fault is for, and how many of them. */
export interface FaultMatch {
  /** Only requests whose body matches (e.g. the service an UpdateService names). */
  body?: RegExp
  /** Only the first `times` matching requests; later ones go on to the next rule. */
  times?: number
}

interface Rule {
  operation: string
  fault: Fault
  match: FaultMatch
  used: number
}

export interface ReceivedRequest {
  /** The operation, from X-Amz-Target (JSON protocols) or Action= (query protocols). */
  operation: string
  headers: IncomingHttpHeaders
  body: string
  fault: Fault['kind']
  /** Date.now() when it arrived. */
  at: number
  /** The reply the client was given, when the target's answer was passed on (status, body). */
  reply?: { status: number; body: string }
}

/**
 * A loopback HTTP proxy (127.0.0.1 only) in front of an AWS-like endpoint (the simulator, a
 * loopback server) or of nothing, injecting one scripted fault per request. Requests the
 * script does not cover get the fallback (`pass` unless set).
 */
export class FaultProxy {
  readonly received: ReceivedRequest[] = []
  private readonly script: Fault[] = []
  private readonly rules: Rule[] = []
  /** Requests as far as the target has seen them; waiters are told as each one is. */
  private readonly handled: ReceivedRequest[] = []
  private listeners: ((request: ReceivedRequest) => boolean)[] = []
  private readonly afterTrigger: {
    trigger: string
    count: number
    operation: string
    fault: Fault
  }[] = []
  private fallback: Fault = { kind: 'pass' }

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly target?: string
  ) {}

  static async start(options: { target?: string } = {}): Promise<FaultProxy> {
    if (
      options.target &&
      !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(options.target)
    )
      throw new Error(`the fault proxy forwards to loopback only, not ${options.target}`)
    const route: { to?: FaultProxy } = {}
    const { server, url } = await listenOnLoopback((request, response) => {
      void route.to?.handle(request, response)
    })
    route.to = new FaultProxy(server, url, options.target)
    return route.to
  }

  /**
   * Every request of `operation` (e.g. `UpdateService`) that `match` covers gets `fault`, before
   * the script; rules are tried in the order given. A number for `match`: the first that many.
   */
  when(operation: string, fault: Fault, match: FaultMatch | number = {}): this {
    const covers = typeof match === 'number' ? { times: match } : match
    this.rules.push({ operation, fault, match: covers, used: 0 })
    return this
  }

  /**
   * Every request of `operation` once `count` requests of `trigger` were received gets `fault`
   * (a read that hangs once UpdateService went through: the reads before it answered).
   */
  after(trigger: string, operation: string, fault: Fault, count = 1): this {
    this.afterTrigger.push({ trigger, count, operation, fault })
    return this
  }

  /**
   * Resolves once a request of `operation` whose body matches `body` has been received (and,
   * for a fault with `forward`, handed to the target).
   */
  arrival(operation: string, body: RegExp = /(?:)/): Promise<ReceivedRequest> {
    const matches = (request: ReceivedRequest) =>
      request.operation === operation && body.test(request.body)
    const found = this.handled.find(matches)
    if (found) return Promise.resolve(found)
    return new Promise(resolve =>
      this.listeners.push(request => {
        if (!matches(request)) return false
        resolve(request)
        return true
      })
    )
  }

  /** The faults of the next requests, in order. */
  next(...faults: Fault[]): this {
    this.script.push(...faults)
    return this
  }

  /** What every request past the script gets. */
  otherwise(fault: Fault): this {
    this.fallback = fault
    return this
  }

  /** `count` requests pass, every later one hangs. */
  hangAfter(count: number): this {
    return this.next(...Array<Fault>(count).fill({ kind: 'pass' })).otherwise({ kind: 'hang' })
  }

  /** The operations received so far, in order. */
  operations(): string[] {
    return this.received.map(request => request.operation)
  }

  reset(): void {
    this.script.length = 0
    this.rules.length = 0
    this.afterTrigger.length = 0
    this.received.length = 0
    this.handled.length = 0
    this.listeners = []
    this.fallback = { kind: 'pass' }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise(done => this.server.close(done))
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request)
    const operation = operationOf(request.headers, body)
    const triggered = this.triggered(operation)
    const rule = triggered
      ? undefined
      : this.rules.find(
          candidate =>
            candidate.operation === operation &&
            (candidate.match.body?.test(body) ?? true) &&
            candidate.used < (candidate.match.times ?? Infinity)
        )
    if (rule) rule.used++
    const fault = triggered ?? rule?.fault ?? this.script.shift() ?? this.fallback
    const received: ReceivedRequest = {
      operation,
      headers: request.headers,
      body,
      fault: fault.kind,
      at: Date.now()
    }
    this.received.push(received)
    if ((fault.kind === 'hang' || fault.kind === 'status') && fault.forward)
      await this.forward(request, body)
    this.handled.push(received)
    this.listeners = this.listeners.filter(listener => !listener(received))
    switch (fault.kind) {
      case 'hang':
        return
      case 'reset':
        request.socket.destroy()
        return
      case 'status': {
        const message =
          typeof fault.message === 'function'
            ? fault.message(received)
            : (fault.message ?? fault.type)
        answer(response, fault.status, JSON.stringify({ __type: fault.type, message }), {
          'x-amzn-errortype': fault.type
        })
        return
      }
      default: {
        const upstream = await this.forward(request, body)
        if (fault.kind === 'drop-reply') {
          request.socket.destroy()
          return
        }
        const text = fault.kind === 'rewrite' ? rewrite(upstream.body, fault.fields) : upstream.body
        received.reply = { status: upstream.status, body: text }
        answer(response, upstream.status, text, upstream.headers)
      }
    }
  }

  private triggered(operation: string): Fault | undefined {
    const seen = (name: string) => this.operations().filter(each => each === name).length
    return this.afterTrigger.find(
      rule => rule.operation === operation && seen(rule.trigger) >= rule.count
    )?.fault
  }

  private async forward(
    request: IncomingMessage,
    body: string
  ): Promise<{ status: number; body: string; headers: Record<string, string> }> {
    if (!this.target) return { status: 200, body: '{}', headers: {} }
    const target = new URL(request.url ?? '/', this.target)
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        target,
        { method: request.method, headers: { ...request.headers, host: target.host } },
        upstream => {
          void readBody(upstream).then(text => {
            const headers: Record<string, string> = {}
            for (const [name, value] of Object.entries(upstream.headers)) {
              if (typeof value === 'string' && name !== 'content-length') headers[name] = value
            }
            resolve({ status: upstream.statusCode ?? 502, body: text, headers })
          }, reject)
        }
      )
      outgoing.on('error', reject)
      outgoing.end(body)
    })
  }
}

function readBody(stream: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    stream.on('error', reject)
  })
}

function answer(
  response: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string>
): void {
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    ...headers,
    'content-length': Buffer.byteLength(text)
  })
  response.end(text)
}

function operationOf(headers: IncomingHttpHeaders, body: string): string {
  const target = headers['x-amz-target']
  if (typeof target === 'string') return target.split('.').pop()!
  return /(?:^|&)Action=([^&]+)/.exec(body)?.[1] ?? 'unknown'
}

/** The JSON reply with the value of every string field named in `fields` replaced. */
export function rewrite(text: string, fields: Record<string, string>): string {
  const replaced = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(replaced)
    if (value === null || typeof value !== 'object') return value
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        typeof inner === 'string' && key in fields ? fields[key] : replaced(inner)
      ])
    )
  }
  try {
    return JSON.stringify(replaced(JSON.parse(text)))
  } catch {
    return text
  }
}
