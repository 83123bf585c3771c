import type { IncomingMessage, ServerResponse } from 'node:http'
import { LoopbackServers } from './loopback-server.js'

// A loopback stand-in for the part of the GitHub REST API a pull-request comment uses: list an
// issue's comments (paged, with a Link header as GitHub sends it), create one, update one.
// It keeps the comments, so a test sees what a pull request would show.

export interface StoredComment {
  id: number
  body: string
  issue: number
  user: { login: string }
}

export interface ReceivedCall {
  method: string
  /** The path and query, e.g. /repos/acme/web/issues/42/comments?per_page=100&page=2 */
  url: string
  authorization?: string
  body?: Record<string, unknown>
}

export interface GitHubCommentsApiOptions {
  /** Comments per page at most, whatever per_page asks (GitHub's cap is 100). */
  pageSize?: number
  /** Every write answers 403 as a fork's read-only token gets. */
  readOnly?: boolean
  /** Every call answers 500. */
  failing?: boolean
}

export class GitHubCommentsApi {
  readonly comments: StoredComment[] = []
  readonly calls: ReceivedCall[] = []
  private nextId = 1000
  private readonly servers = new LoopbackServers()
  apiUrl = ''

  constructor(private readonly options: GitHubCommentsApiOptions = {}) {}

  async start(): Promise<string> {
    this.apiUrl = await this.servers.start((request, response) => this.handle(request, response))
    return this.apiUrl
  }

  stop(): Promise<void> {
    return this.servers.closeAll()
  }

  /** Someone else's comments already on the pull request (to fill pages before ours). */
  seed(issue: number, bodies: string[], login = 'octocat'): void {
    for (const body of bodies)
      this.comments.push({ id: this.nextId++, body, issue, user: { login } })
  }

  /** The comments of one pull request holding `text`. */
  holding(issue: number, text: string): StoredComment[] {
    return this.comments.filter(comment => comment.issue === issue && comment.body.includes(text))
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    let text = ''
    request.on('data', (chunk: Buffer) => (text += chunk.toString()))
    request.on('end', () => {
      const call: ReceivedCall = {
        method: request.method ?? '',
        url: request.url ?? '',
        ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
        ...(text ? { body: JSON.parse(text) as Record<string, unknown> } : {})
      }
      this.calls.push(call)
      const answer = this.answer(call)
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
      response.end(JSON.stringify(answer.body))
    })
  }

  private answer(call: ReceivedCall): {
    status: number
    body: unknown
    headers?: Record<string, string>
  } {
    if (this.options.failing) return { status: 500, body: { message: 'Server Error' } }
    const url = new URL(call.url, this.apiUrl)
    const list = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(url.pathname)
    const one = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(url.pathname)
    const writing = call.method === 'POST' || call.method === 'PATCH'
    if (writing && this.options.readOnly)
      return { status: 403, body: { message: 'Resource not accessible by integration' } }
    if (list && call.method === 'GET') return this.page(Number(list[1]), url)
    if (list && call.method === 'POST') {
      const comment = {
        id: this.nextId++,
        body: String(call.body?.body ?? ''),
        issue: Number(list[1]),
        user: { login: 'github-actions[bot]' }
      }
      this.comments.push(comment)
      return { status: 201, body: comment }
    }
    if (one && call.method === 'PATCH') {
      const comment = this.comments.find(found => found.id === Number(one[1]))
      if (!comment) return { status: 404, body: { message: 'Not Found' } }
      comment.body = String(call.body?.body ?? '')
      return { status: 200, body: comment }
    }
    return { status: 404, body: { message: 'Not Found' } }
  }

  private page(
    issue: number,
    url: URL
  ): { status: number; body: unknown; headers: Record<string, string> } {
    const size = Math.min(
      Number(url.searchParams.get('per_page') ?? 30),
      this.options.pageSize ?? 100
    )
    const page = Number(url.searchParams.get('page') ?? 1)
    const all = this.comments.filter(comment => comment.issue === issue)
    const last = Math.max(1, Math.ceil(all.length / size))
    const headers: Record<string, string> = {}
    if (page < last) {
      const next = new URL(url)
      next.searchParams.set('page', String(page + 1))
      const end = new URL(url)
      end.searchParams.set('page', String(last))
      headers.link = `<${next.href}>; rel="next", <${end.href}>; rel="last"`
    }
    return { status: 200, body: all.slice((page - 1) * size, page * size), headers }
  }
}
