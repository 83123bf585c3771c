import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** Starts an HTTP server on 127.0.0.1 at a free port; tests never reach past loopback. */
export async function listenOnLoopback(
  handler: RequestListener
): Promise<{ server: Server; url: string }> {
  const server = createServer(handler)
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

/** Loopback servers a test file starts, closed together (in afterEach, or mid-test to refuse connections). */
export class LoopbackServers {
  private readonly servers: Server[] = []

  async start(handler: RequestListener): Promise<string> {
    const { server, url } = await listenOnLoopback(handler)
    this.servers.push(server)
    return url
  }

  async closeAll(): Promise<void> {
    for (const server of this.servers.splice(0)) {
      server.closeAllConnections()
      await new Promise(done => server.close(done))
    }
  }
}
