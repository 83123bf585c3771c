#!/usr/bin/env node
// ecr-bridge: a tiny reverse proxy that makes Debian's docker registry look like ECR
// for the end-to-end tests of ecs-flow. Zero dependencies (node:http only), loopback only.
//
//  docker ──HTTP──▶ ecr-bridge (127.0.0.1:80) ──▶ docker-registry (127.0.0.1:REGISTRY_PORT)
//                        │
//                        └─ after a successful `PUT /v2/<repo>/manifests/<tag>` it records
//                           the image in moto through ECR PutImage (exact manifest bytes,
//                           media type from content-type, imageDigest = Docker-Content-Digest),
//                           *before* answering docker, so once `docker push` returns the image
//                           is visible to DescribeImages/BatchGetImage.
//
// Environment:
//   BRIDGE_HOST (127.0.0.1)  BRIDGE_PORT (80)      where docker connects
//   REGISTRY_HOST (127.0.0.1) REGISTRY_PORT (5001) the real registry
//   MOTO_URL (http://127.0.0.1:5000)              moto server
//   AWS_REGION (us-east-1)                         region used in the fake SigV4 scope
//   BRIDGE_AUTH (basic|none, default basic)        basic: require the ECR credentials
//   BRIDGE_USER (AWS)  BRIDGE_PASSWORD (123456789012-auth-token)
//   BRIDGE_STRICT_REPOS (0|1, default 0)           1: like ECR, refuse blob uploads and manifest
//                                                  PUTs to a repository moto does not know
//                                                  (404 NAME_UNKNOWN); 0: push anyway, log only
//
// Introspection (not proxied):
// A second listener (ECR_API_PORT, default 5002) fronts moto for the ECR *API*: every call is
// forwarded to moto unchanged, and when a PutImage succeeds (the way ecs-flow adds tags to an
// existing image) the same manifest is also PUT to the registry under the new tag, so tags
// added through the API can be pulled too, as on real ECR. Point AWS_ENDPOINT_URL_ECR here.
//   ECR_API_PORT (5002; 0 disables)
//
//   GET  /__ecr-bridge/health   -> {"ok":true,...}
//   GET  /__ecr-bridge/events   -> JSON array of the manifest PUTs seen and what moto said
//   POST /__ecr-bridge/reset    -> clears the event list
import http from 'node:http'
import crypto from 'node:crypto'

const env = process.env
const BRIDGE_HOST = env.BRIDGE_HOST || '127.0.0.1'
const BRIDGE_PORT = Number(env.BRIDGE_PORT || 80)
const REGISTRY_HOST = env.REGISTRY_HOST || '127.0.0.1'
const REGISTRY_PORT = Number(env.REGISTRY_PORT || 5001)
const MOTO_URL = new URL(env.MOTO_URL || 'http://127.0.0.1:5000')
const REGION = env.AWS_REGION || 'us-east-1'
const AUTH = (env.BRIDGE_AUTH || 'basic').toLowerCase()
const STRICT_REPOS = env.BRIDGE_STRICT_REPOS === '1'
const USER = env.BRIDGE_USER || 'AWS'
const PASSWORD = env.BRIDGE_PASSWORD || '123456789012-auth-token'
const ECR_API_PORT = Number(env.ECR_API_PORT ?? 5002)
const MAX_EVENTS = 200

for (const h of [BRIDGE_HOST, REGISTRY_HOST, MOTO_URL.hostname]) {
  if (!/^(127\.\d+\.\d+\.\d+|localhost|\[?::1\]?)$/.test(h)) {
    console.error(`ecr-bridge: refusing non-loopback address ${h}`)
    process.exit(2)
  }
}

const events = []
const log = (...a) => console.log(new Date().toISOString(), ...a)

const MANIFEST_RE = /^\/v2\/(.+)\/manifests\/([^/?]+)$/
const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/
const UPLOAD_RE = /^\/v2\/(.+)\/blobs\/uploads\/?$/
const ACCOUNT = (/^(\d{12})-/.exec(PASSWORD) || [])[1] || '123456789012'

/** In strict mode: does moto know this repository? (true when unsure, e.g. moto down) */
async function repoExists(repo) {
  try {
    const r = await ecrCall('DescribeRepositories', { repositoryNames: [repo] })
    return !(r.status === 400 && /RepositoryNotFound/.test(r.text))
  } catch {
    return true
  }
}

function nameUnknown(res, repo) {
  const body = JSON.stringify({
    errors: [
      {
        code: 'NAME_UNKNOWN',
        message: `The repository with name '${repo}' does not exist in the registry with id '${ACCOUNT}'`
      }
    ]
  })
  res.writeHead(404, {
    'content-type': 'application/json; charset=utf-8',
    'docker-distribution-api-version': 'registry/2.0',
    'content-length': Buffer.byteLength(body)
  })
  res.end(body)
}

function expectedAuth() {
  return 'Basic ' + Buffer.from(`${USER}:${PASSWORD}`).toString('base64')
}

function authorized(req) {
  if (AUTH === 'none') return true
  const h = req.headers.authorization || ''
  if (h === expectedAuth()) return true
  // Be lenient about base64 padding/whitespace differences: compare decoded values.
  const m = /^Basic\s+(.+)$/i.exec(h)
  if (!m) return false
  return Buffer.from(m[1].trim(), 'base64').toString() === `${USER}:${PASSWORD}`
}

function unauthorized(res) {
  const body = JSON.stringify({
    errors: [{ code: 'UNAUTHORIZED', message: 'authentication required', detail: null }]
  })
  res.writeHead(401, {
    'content-type': 'application/json; charset=utf-8',
    'docker-distribution-api-version': 'registry/2.0',
    'www-authenticate': `Basic realm="${REGION}"`,
    'content-length': Buffer.byteLength(body)
  })
  res.end(body)
}

function readBody(stream) {
  return new Promise((resolve, reject) => {
    const chunks = []
    stream.on('data', c => chunks.push(c))
    stream.on('end', () => resolve(Buffer.concat(chunks)))
    stream.on('error', reject)
  })
}

/** POST an ECR JSON-1.1 call to moto. Unsigned; the Authorization header only carries the scope. */
function ecrCall(action, payload) {
  const body = Buffer.from(JSON.stringify(payload))
  const amzDate = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
  const headers = {
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': `AmazonEC2ContainerRegistry_V20150921.${action}`,
    'x-amz-date': amzDate,
    authorization:
      `AWS4-HMAC-SHA256 Credential=${env.AWS_ACCESS_KEY_ID || 'testing'}/${amzDate.slice(0, 8)}/${REGION}/ecr/aws4_request, ` +
      'SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0',
    'content-length': body.length
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: MOTO_URL.hostname,
        port: MOTO_URL.port || 80,
        method: 'POST',
        path: '/',
        headers,
        timeout: 15000
      },
      async res => {
        try {
          const text = (await readBody(res)).toString('utf8')
          let json = null
          try {
            json = JSON.parse(text)
          } catch {
            /* keep text */
          }
          resolve({ status: res.statusCode, json, text })
        } catch (e) {
          reject(e)
        }
      }
    )
    req.on('timeout', () => req.destroy(new Error('moto timeout')))
    req.on('error', reject)
    req.end(body)
  })
}

async function recordInMoto({ repo, reference, manifest, mediaType, registryDigest }) {
  const ev = {
    at: new Date().toISOString(),
    repositoryName: repo,
    reference,
    mediaType,
    registryDigest,
    computedDigest: 'sha256:' + crypto.createHash('sha256').update(manifest).digest('hex'),
    manifestBytes: manifest.length,
    recorded: false
  }
  if (!TAG_RE.test(reference)) {
    // A push by digest (e.g. the children of a multi-arch index). Real ECR would list
    // them as untagged images; moto's PutImage cannot take a null tag reliably. Skip.
    ev.skipped = 'reference is a digest, not a tag'
  } else {
    const payload = {
      repositoryName: repo,
      imageTag: reference,
      imageManifest: manifest.toString('utf8'),
      imageDigest: registryDigest || ev.computedDigest
    }
    if (mediaType) payload.imageManifestMediaType = mediaType
    try {
      const r = await ecrCall('PutImage', payload)
      ev.motoStatus = r.status
      if (r.status === 200 && r.json && r.json.image) {
        ev.recorded = true
        ev.motoDigest = r.json.image.imageId && r.json.image.imageId.imageDigest
        ev.digestsMatch = ev.motoDigest === ev.registryDigest
      } else {
        const type = (r.json && (r.json.__type || r.json.code)) || ''
        ev.motoError = `${type} ${(r.json && (r.json.message || r.json.Message)) || r.text}`.trim()
        if (/ImageAlreadyExists/.test(type)) {
          // Same manifest re-pushed under the same tag: ECR itself accepts such a docker push.
          ev.recorded = true
          ev.alreadyExisted = true
        }
      }
    } catch (e) {
      ev.motoError = String(e && e.message ? e.message : e)
    }
  }
  events.push(ev)
  if (events.length > MAX_EVENTS) events.shift()
  log(
    'manifest',
    `${repo}:${reference}`,
    `registry=${registryDigest}`,
    ev.recorded
      ? `moto=${ev.motoDigest || '(already there)'}`
      : `NOT recorded: ${ev.skipped || ev.motoError}`,
    mediaType
  )
  if (ev.recorded && ev.motoDigest && !ev.digestsMatch) {
    log(`WARNING digest mismatch registry=${registryDigest} moto=${ev.motoDigest}`)
  }
  return ev
}

function internal(req, res) {
  const send = (code, obj) => {
    const b = JSON.stringify(obj, null, 2)
    res.writeHead(code, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(b)
    })
    res.end(b)
  }
  if (req.url === '/__ecr-bridge/health')
    return send(200, {
      ok: true,
      registry: `${REGISTRY_HOST}:${REGISTRY_PORT}`,
      moto: MOTO_URL.href,
      auth: AUTH,
      strictRepos: STRICT_REPOS
    })
  if (req.url === '/__ecr-bridge/events') return send(200, events)
  if (req.url === '/__ecr-bridge/reset' && req.method === 'POST') {
    events.length = 0
    return send(200, { ok: true })
  }
  return send(404, { error: 'unknown bridge endpoint' })
}

function forward(req, res, bodyBuffer, onResponse) {
  const headers = { ...req.headers }
  delete headers.authorization // the registry itself has no auth configured
  const up = http.request(
    {
      host: REGISTRY_HOST,
      port: REGISTRY_PORT,
      method: req.method,
      path: req.url,
      headers
    },
    async upRes => {
      if (onResponse) {
        const body = await readBody(upRes)
        await onResponse(upRes, body)
        res.writeHead(upRes.statusCode, upRes.rawHeaders)
        res.end(body)
      } else {
        res.writeHead(upRes.statusCode, upRes.rawHeaders)
        upRes.pipe(res)
      }
    }
  )
  up.on('error', e => {
    log('upstream error', req.method, req.url, e.message)
    if (!res.headersSent) {
      res.writeHead(502, { 'content-type': 'text/plain' })
    }
    res.end(`ecr-bridge: registry unreachable: ${e.message}\n`)
  })
  if (bodyBuffer) up.end(bodyBuffer)
  else req.pipe(up)
}

const server = http.createServer(async (req, res) => {
  try {
    if (req.url.startsWith('/__ecr-bridge/')) return internal(req, res)
    if (!authorized(req)) {
      req.resume()
      return unauthorized(res)
    }
    const path = req.url.split('?')[0]
    const m = req.method === 'PUT' ? MANIFEST_RE.exec(path) : null
    if (STRICT_REPOS && req.method === 'POST') {
      const u = UPLOAD_RE.exec(path)
      if (u && !(await repoExists(u[1]))) {
        req.resume()
        log('refused upload to unknown repository', u[1])
        return nameUnknown(res, u[1])
      }
    }
    if (m && STRICT_REPOS && !(await repoExists(m[1]))) {
      req.resume()
      log('refused manifest for unknown repository', m[1])
      return nameUnknown(res, m[1])
    }
    if (!m) return forward(req, res, null, null)

    const [, repo, reference] = m
    const manifest = await readBody(req)
    const mediaType = (req.headers['content-type'] || '').split(';')[0].trim() || undefined
    forward(req, res, manifest, async upRes => {
      if (upRes.statusCode !== 201) {
        log('manifest PUT not accepted by registry', repo, reference, upRes.statusCode)
        return
      }
      await recordInMoto({
        repo,
        reference,
        manifest,
        mediaType,
        registryDigest: upRes.headers['docker-content-digest']
      })
    })
  } catch (e) {
    log('bridge error', e && e.stack ? e.stack : e)
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
    res.end('ecr-bridge internal error\n')
  }
})

/** PUT a manifest straight to the registry (not through the bridge: no loop). */
function putManifestToRegistry(repo, tag, manifest, mediaType) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: REGISTRY_HOST,
        port: REGISTRY_PORT,
        method: 'PUT',
        path: `/v2/${repo}/manifests/${encodeURIComponent(tag)}`,
        headers: { 'content-type': mediaType, 'content-length': manifest.length },
        timeout: 15000
      },
      async res => {
        const text = (await readBody(res)).toString('utf8')
        resolve({ status: res.statusCode, digest: res.headers['docker-content-digest'], text })
      }
    )
    req.on('timeout', () => req.destroy(new Error('registry timeout')))
    req.on('error', reject)
    req.end(manifest)
  })
}

async function mirrorPutImage(requestBody) {
  let p
  try {
    p = JSON.parse(requestBody.toString('utf8'))
  } catch {
    return
  }
  const ev = {
    at: new Date().toISOString(),
    source: 'ecr-api PutImage',
    repositoryName: p.repositoryName,
    reference: p.imageTag,
    mirrored: false
  }
  if (!p.imageTag || !p.imageManifest || !p.repositoryName) {
    ev.skipped = 'no tag, manifest or repository in PutImage'
  } else {
    const manifest = Buffer.from(p.imageManifest, 'utf8')
    let mediaType = p.imageManifestMediaType
    if (!mediaType) {
      try {
        mediaType = JSON.parse(p.imageManifest).mediaType
      } catch {
        /* ignore */
      }
    }
    ev.mediaType = mediaType || 'application/vnd.docker.distribution.manifest.v2+json'
    try {
      const r = await putManifestToRegistry(p.repositoryName, p.imageTag, manifest, ev.mediaType)
      ev.registryStatus = r.status
      ev.registryDigest = r.digest
      ev.mirrored = r.status === 201
      if (!ev.mirrored) ev.registryError = r.text.slice(0, 500)
    } catch (e) {
      ev.registryError = String(e && e.message ? e.message : e)
    }
  }
  events.push(ev)
  if (events.length > MAX_EVENTS) events.shift()
  log(
    'ecr-api PutImage',
    `${ev.repositoryName}:${ev.reference}`,
    ev.mirrored
      ? `mirrored to registry ${ev.registryDigest}`
      : `NOT mirrored: ${ev.skipped || ev.registryError}`
  )
}

const apiServer = http.createServer(async (req, res) => {
  try {
    if (req.url.startsWith('/__ecr-bridge/')) return internal(req, res)
    const body = await readBody(req)
    const target = String(req.headers['x-amz-target'] || '')
    const headers = { ...req.headers, 'content-length': body.length }
    delete headers['transfer-encoding']
    const up = http.request(
      {
        host: MOTO_URL.hostname,
        port: MOTO_URL.port || 80,
        method: req.method,
        path: req.url,
        headers
      },
      async upRes => {
        const out = await readBody(upRes)
        if (upRes.statusCode === 200 && target.endsWith('.PutImage')) await mirrorPutImage(body)
        const h = { ...upRes.headers, 'content-length': out.length }
        delete h['transfer-encoding']
        res.writeHead(upRes.statusCode, h)
        res.end(out)
      }
    )
    up.on('error', e => {
      log('moto unreachable', e.message)
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' })
      res.end(`ecr-bridge: moto unreachable: ${e.message}\n`)
    })
    up.end(body)
  } catch (e) {
    log('api error', e && e.stack ? e.stack : e)
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
    res.end('ecr-bridge internal error\n')
  }
})
if (ECR_API_PORT) {
  apiServer.listen(ECR_API_PORT, BRIDGE_HOST, () => {
    log(
      `ecr-bridge ECR API front listening on ${BRIDGE_HOST}:${ECR_API_PORT} -> moto ${MOTO_URL.href}`
    )
  })
}

server.keepAliveTimeout = 30000
server.listen(BRIDGE_PORT, BRIDGE_HOST, () => {
  log(
    `ecr-bridge listening on ${BRIDGE_HOST}:${BRIDGE_PORT} -> registry ${REGISTRY_HOST}:${REGISTRY_PORT}, moto ${MOTO_URL.href}, auth=${AUTH}, strictRepos=${STRICT_REPOS}`
  )
})
for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => {
    server.close()
    apiServer.close()
    process.exit(0)
  })
}
