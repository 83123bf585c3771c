export const id = 641;
export const ids = [641];
export const modules = {

/***/ 8641:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createCodeDeployApi: () => (/* reexport */ createCodeDeployApi),
  createEcrApi: () => (/* reexport */ createEcrApi),
  createEcsApi: () => (/* reexport */ createEcsApi),
  createElbApi: () => (/* reexport */ createElbApi),
  createEventsApi: () => (/* reexport */ createEventsApi),
  createLogsApi: () => (/* reexport */ createLogsApi),
  createSchedulerApi: () => (/* reexport */ createSchedulerApi),
  createStsApi: () => (/* reexport */ createStsApi)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecr/dist-cjs/index.js
var dist_cjs = __webpack_require__(8249);
// EXTERNAL MODULE: ./node_modules/@smithy/core/dist-cjs/submodules/retry/index.js
var retry = __webpack_require__(3609);
// EXTERNAL MODULE: ./node_modules/@smithy/node-http-handler/dist-cjs/index.js
var node_http_handler_dist_cjs = __webpack_require__(1279);
// EXTERNAL MODULE: ./src/util/escape.ts
var util_escape = __webpack_require__(5421);
// EXTERNAL MODULE: ./src/aws/call-error.ts + 1 modules
var call_error = __webpack_require__(3205);
;// CONCATENATED MODULE: ./src/aws/explain-errors.ts
/**
 * AWS errors that name a cause the user can fix get one more sentence saying how. The error
 * object is kept (name, metadata) so callers can still tell a missing repository from a
 * throttled call; only its message grows.
 */
const EXPIRED = /^(ExpiredToken|ExpiredTokenException|RequestExpired|TokenRefreshRequired)$/;
const DENIED = /^(AccessDenied|AccessDeniedException|UnauthorizedOperation|UnauthorizedException)$/;
const INVALID = /^(UnrecognizedClientException|InvalidClientTokenId|InvalidSignatureException|SignatureDoesNotMatch)$/;
/** `action` is the IAM action of the call, e.g. `ecs:UpdateService`. */
function explainAwsError(error, action) {
    if (!(error instanceof Error))
        return error;
    const hint = explanationFor(error, action);
    if (hint && !error.message.includes(hint))
        error.message = `${error.message} — ${hint}`;
    return error;
}
/** The sentence that says how to fix an error, or undefined when there is nothing to say. */
function explanationFor(error, action) {
    const name = error.name ?? '';
    if (EXPIRED.test(name) ||
        /security token included in the request is expired|token has expired/i.test(error.message)) {
        return 'the AWS session has expired: the credentials aws-actions/configure-aws-credentials gives last role-duration-seconds (1 hour by default); raise role-duration-seconds or make the job shorter, then re-run';
    }
    if (DENIED.test(name) || /is not authorized to perform/i.test(error.message)) {
        const found = /not authorized to perform:?\s+(\S+)\s+on resource:?\s+(\S+)/i.exec(error.message);
        const deniedAction = found?.[1] ?? action;
        const resource = found?.[2]?.replace(/[.,;]$/, '') ?? 'the resource it names';
        return `the role is not allowed ${deniedAction} on ${resource}: add that action and resource to the role's policy (docs/iam-policy.json lists every action ecs-flow uses)`;
    }
    if (name === 'CredentialsProviderError' || /could not load credentials/i.test(error.message)) {
        return 'no AWS credentials were found: run aws-actions/configure-aws-credentials (with permissions: id-token: write) before this step';
    }
    if (INVALID.test(name)) {
        return 'the AWS credentials were refused: check the role and region given to aws-actions/configure-aws-credentials';
    }
    return undefined;
}
// Header values and presigned-URL parameters an error message may echo: the session token
// and the signature are credentials, the rest of the message is not.
// A quoted value ends at its quote; a bare one (`AWS4-HMAC-SHA256 Credential=..., Signature=...`)
// at the end of the line.
const CREDENTIAL_HEADER = /\b(x-amz-security-token|authorization)(["']?\s*:\s*)("[^"\r\n]*"|'[^'\r\n]*'|[^\r\n]*)/gi;
const CREDENTIAL_PARAMETER = /\b(x-amz-security-token|x-amz-signature|signature)=[^&\s"',]*/gi;
const CREDENTIAL_VARIABLES = ['AWS_SESSION_TOKEN', 'AWS_SECRET_ACCESS_KEY'];
/**
 * The text with every credential an AWS error could echo replaced by `***`: the values of
 * X-Amz-Security-Token and Authorization, and the current session token and secret key
 * wherever they appear (values shorter than 4 characters are left: they are no secret).
 */
function scrubCredentials(text, env = process.env) {
    let scrubbed = text
        .replace(CREDENTIAL_HEADER, (_, name, separator, value) => {
        const quote = /^["']/.test(value) ? value[0] : '';
        return `${name}${separator}${quote}***${quote}`;
    })
        .replace(CREDENTIAL_PARAMETER, (_, name) => `${name}=***`);
    for (const variable of CREDENTIAL_VARIABLES) {
        const secret = env[variable];
        if (secret && secret.length >= 4)
            scrubbed = scrubbed.split(secret).join('***');
    }
    return scrubbed;
}

// EXTERNAL MODULE: ./src/aws/region.ts
var region = __webpack_require__(7249);
;// CONCATENATED MODULE: ./src/aws/aws-call.ts






/** An AWS endpoint connects in milliseconds; 5 s is a network that is not there. */
const CONNECTION_TIMEOUT_MS = 5_000;
/** ECS answers in well under a second; 20 s per attempt leaves room for a slow region. */
const REQUEST_TIMEOUT_MS = 20_000;
/** Long enough for the attempts on a slow but live (or busy, throttling) endpoint. */
const READ_DEADLINE_MS = 60_000;
/** Writes get longer: giving up on one that went through leaves the caller unsure of its state. */
const WRITE_DEADLINE_MS = 60_000;
/** A poll that takes longer than this is better replaced by the next one. */
const POLL_DEADLINE_MS = 15_000;
const DEFAULT_CALL_BOUNDS = {
    connectionTimeoutMs: CONNECTION_TIMEOUT_MS,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    readDeadlineMs: READ_DEADLINE_MS,
    writeDeadlineMs: WRITE_DEADLINE_MS,
    pollDeadlineMs: POLL_DEADLINE_MS
};
/** The SDK client's `requestHandler`: per-attempt connect and request timeouts that throw. */
function boundedRequestHandler(bounds) {
    return new node_http_handler_dist_cjs.NodeHttpHandler({
        connectionTimeout: bounds.connectionTimeoutMs,
        requestTimeout: bounds.requestTimeoutMs,
        // Without it a breached request timeout is only a warning in the log.
        throwOnRequestTimeout: true
    });
}
/** What every client ecs-flow makes is configured with: the region, adaptive retries, the bounds. */
function boundedClientConfig(env, bounds) {
    return {
        region: (0,region/* regionFrom */.b)(env),
        retryMode: 'adaptive',
        requestHandler: boundedRequestHandler(bounds)
    };
}
/**
 * A watcher's poll client: one attempt, and the SDK's standard retry mode, whose only effect at
 * one attempt is that it has no client-side rate limiter. The adaptive mode's limiter holds every
 * request after a throttled one back by a delay of its own (measured: about 2 s), a second
 * back-off hidden under the watcher's pacing (util/poll-pacing.ts), which alone decides when a poll
 * goes out.
 */
function pollClientConfig(env, bounds) {
    return { ...boundedClientConfig(env, bounds), retryMode: 'standard', maxAttempts: 1 };
}
/**
 * A client for reads from an account many releases share (ECS): the SDK's standard retries for
 * errors and timeouts, but a throttled read is handed back at once and asked again by
 * `callAws` after its own, longer pause (THROTTLED_PAUSE_MS). The SDK would ask again within a
 * second, three times a round, and every such attempt competes for the account's next token
 * with the polls of rollouts already under way; measured with 60 releases in one account, those
 * quick retries are what kept some rollouts' finish unseen for 10 s and more.
 */
function readClientConfig(env, bounds) {
    const { retryMode: _adaptive, ...config } = boundedClientConfig(env, bounds);
    const attempts = new retry.StandardRetryStrategy(maxAttemptsFrom(env));
    return { ...config, retryStrategy: new ThrottlingToCaller(attempts) };
}
/** AWS_MAX_ATTEMPTS, as the SDK reads it for the other clients; else the SDK's default, 3. */
function maxAttemptsFrom(env) {
    const set = Number(env.AWS_MAX_ATTEMPTS);
    return Number.isInteger(set) && set >= 1 ? set : 3;
}
/** Retries what `inner` would, except throttling (isThrottling): that is the caller's. */
class ThrottlingToCaller {
    inner;
    constructor(inner) {
        this.inner = inner;
    }
    acquireInitialRetryToken(scope) {
        return this.inner.acquireInitialRetryToken(scope);
    }
    refreshRetryTokenForRetry(token, error) {
        // A refused retry makes the SDK throw the attempt's own error: the ThrottlingException.
        // Ours, not the SDK's, list of throttling codes: what is handed back, callAws asks again.
        if ((0,call_error/* isThrottling */.E2)((error.error ?? {})))
            return Promise.reject(new Error('throttled: asked again by the caller'));
        return this.inner.refreshRetryTokenForRetry(token, error);
    }
    recordSuccess(token) {
        this.inner.recordSuccess(token);
    }
}
/**
 * Runs one SDK call within its deadline. `send` gets the AbortSignal to pass to
 * `client.send(command, { abortSignal })`, which cancels the request in flight; the deadline
 * fails the call even if the SDK would not notice the abort (between retries). Every failure
 * becomes the adapter's error type naming the operation and its subject.
 */
async function callAws(call, context, send) {
    const ownMs = deadlineFor(call.kind, context.bounds);
    const deadlineMs = Math.max(0, Math.min(ownMs, call.withinMs ?? ownMs));
    const controller = new AbortController();
    let timer;
    const deadline = new Promise((_, reject) => {
        timer = setTimeout(() => {
            controller.abort();
            reject(deadlineError(call, deadlineMs, deadlineMs < ownMs, context.errorClass));
        }, deadlineMs);
    });
    try {
        return await Promise.race([
            sendThroughThrottling(call, send, controller.signal, context),
            deadline
        ]);
    }
    catch (error) {
        if (error instanceof call_error/* AwsCallError */.iQ)
            throw error;
        throw toCallError(error, call, context);
    }
    finally {
        clearTimeout(timer);
    }
}
/**
 * Pauses before a throttled read is asked again: 3 s, doubling, up to 12 s, each jittered down
 * to half. Never less than a poll interval (2 s by default) on average: a read that was refused
 * steps back at least as far as the watcher's polls, so the releases whose rollouts are under
 * way get the account's next tokens.
 */
const THROTTLED_PAUSE_MS = [3_000, 6_000, 12_000];
/**
 * A read (not a poll: the next poll is its retry) that is throttled once the SDK's own retries
 * are spent (read clients spend none on throttling) is asked again after a pause, until its
 * deadline: many releases share an account's request rate, and a busy account is no reason to
 * fail a release. Writes are never repeated here (a throttled write was not applied, but the
 * SDK's retries are all it gets).
 */
async function sendThroughThrottling(call, send, signal, context) {
    for (let round = 0;; round++) {
        try {
            return await send(signal);
        }
        catch (error) {
            if (call.kind !== 'read' || !(0,call_error/* isThrottling */.E2)(error) || signal.aborted)
                throw error;
            const pause = THROTTLED_PAUSE_MS[Math.min(round, THROTTLED_PAUSE_MS.length - 1)];
            // Jitter: releases throttled together do not come back together.
            await context.pause(pause * (0.5 + context.random() / 2));
            if (signal.aborted)
                throw error;
        }
    }
}
function deadlineFor(kind, bounds) {
    if (kind === 'poll')
        return bounds.pollDeadlineMs;
    return kind === 'write' ? bounds.writeDeadlineMs : bounds.readDeadlineMs;
}
/**
 * A read that did not answer is worth asking again; a write may have been applied with its
 * reply lost, so it is not retried blindly and the message says to look first.
 */
function deadlineError(call, deadlineMs, leftOfWait, errorClass) {
    const write = call.kind === 'write';
    const explanation = write
        ? `the change may have been made even so: look at the ${call.subject} before re-running`
        : 'the endpoint may be unreachable or overloaded: re-run, or check AWS_ENDPOINT_URL_* and the network';
    // Tenths for a budget cut by the wait's deadline: it is rarely a round number.
    const within = leftOfWait
        ? `${(deadlineMs / 1000).toFixed(1)}s (what was left of the wait)`
        : `${deadlineMs / 1000}s`;
    return new errorClass(`${call.service} ${call.operation} did not answer within ${within} for ${call.subject} — ${explanation}`, call.operation, 'DeadlineExceeded', !write, explanation);
}
function toCallError(error, call, context) {
    const details = (error ?? {});
    const code = (0,call_error/* sdkErrorCode */.G9)(details);
    // Scrubbed while its line breaks are still real: a bare header value ends at one.
    const said = (0,util_escape/* escapeForLog */.zB)(scrubCredentials(details.message ?? String(error), context.env));
    const explanation = explanationFor({ name: details.name, message: said }, `${call.iamPrefix}:${call.operation}`);
    const message = `${call.service} ${call.operation} failed for ${call.subject}: ${(0,util_escape/* escapeForLog */.zB)(code)}: ${said}`;
    return new context.errorClass(explanation ? `${message} — ${explanation}` : message, call.operation, code, (0,call_error/* isTransient */.dg)(details), explanation);
}
function awsCaller(service, iamPrefix, context) {
    return (operation, subject, kind, send, withinMs) => callAws({ service, iamPrefix, operation, subject, kind, withinMs }, context, send);
}
/** The context of an adapter built around a client the caller made (tests, other wiring). */
function callContext(errorClass, options = {}) {
    return {
        bounds: options.bounds ?? DEFAULT_CALL_BOUNDS,
        env: options.env ?? process.env,
        pause: options.pause ?? (ms => new Promise(done => setTimeout(done, ms))),
        random: options.random ?? Math.random,
        errorClass
    };
}

// EXTERNAL MODULE: ./src/aws/ecr-api.ts
var ecr_api = __webpack_require__(2682);
;// CONCATENATED MODULE: ./src/aws/ecr-client.ts




/** DescribeImages pages (of up to 1,000 images) read to list a repository. */
const LIST_IMAGES_MAX_PAGES = 10;
/**
 * The real client: region, credentials and AWS_ENDPOINT_URL_ECR come from the environment;
 * every call is bounded (`bounds`, see aws-call.ts).
 */
function createEcrApi(env = process.env, bounds = DEFAULT_CALL_BOUNDS) {
    const client = new dist_cjs/* ECRClient */.S70(boundedClientConfig(env, bounds));
    return new SdkEcrApi(client, { bounds, env });
}
/**
 * EcrApi over `@aws-sdk/client-ecr`: translates SDK shapes and "not found" errors into ours;
 * every other failure is an EcrCallError naming the operation.
 */
class SdkEcrApi {
    client;
    call;
    constructor(client, options = {}) {
        this.client = client;
        this.call = awsCaller('ECR', 'ecr', callContext(ecr_api/* EcrCallError */.Ph, options));
    }
    async region() {
        return this.client.config.region();
    }
    async describeRepository(name) {
        try {
            const answer = await this.call('DescribeRepositories', `repository ${name}`, 'read', abortSignal => this.client.send(new dist_cjs/* DescribeRepositoriesCommand */.pE_({ repositoryNames: [name] }), {
                abortSignal
            }));
            const repository = answer.repositories?.[0];
            return repository ? toRepository(repository, name) : undefined;
        }
        catch (error) {
            if ((0,call_error/* isNotFound */.c4)(error, 'Repository'))
                return undefined;
            throw error;
        }
    }
    async createRepository(name, options) {
        let answer;
        try {
            answer = await this.call('CreateRepository', `repository ${name}`, 'write', abortSignal => this.client.send(new dist_cjs/* CreateRepositoryCommand */.WTe({
                repositoryName: name,
                imageTagMutability: options.immutableTags ? 'IMMUTABLE' : 'MUTABLE',
                imageScanningConfiguration: { scanOnPush: options.scanOnPush }
            }), { abortSignal }));
        }
        catch (error) {
            // Another job created it between our DescribeRepositories and CreateRepository.
            if ((0,call_error/* awsErrorCode */.J6)(error) !== 'RepositoryAlreadyExistsException')
                throw error;
            const existing = await this.describeRepository(name);
            if (!existing)
                throw error;
            return existing;
        }
        if (!answer.repository)
            throw new Error(`ECR CreateRepository returned no repository for ${name}`);
        return toRepository(answer.repository, name);
    }
    async findImage(repository, tag) {
        try {
            const answer = await this.call('DescribeImages', `tag ${tag} in repository ${repository}`, 'read', abortSignal => this.client.send(new dist_cjs/* DescribeImagesCommand */.ji5({
                repositoryName: repository,
                imageIds: [{ imageTag: tag }]
            }), { abortSignal }));
            const detail = answer.imageDetails?.find(image => image.imageTags?.includes(tag)) ??
                answer.imageDetails?.[0];
            return detail?.imageDigest ? { digest: detail.imageDigest } : undefined;
        }
        catch (error) {
            if ((0,call_error/* isNotFound */.c4)(error, 'Image'))
                return undefined;
            throw error;
        }
    }
    async listImages(repository) {
        const images = [];
        let nextToken;
        for (let page = 1; page <= LIST_IMAGES_MAX_PAGES; page++) {
            const answer = await this.call('DescribeImages', `images of repository ${repository}`, 'read', abortSignal => this.client.send(new dist_cjs/* DescribeImagesCommand */.ji5({ repositoryName: repository, maxResults: 1000, nextToken }), { abortSignal }));
            for (const detail of answer.imageDetails ?? []) {
                if (!detail.imageDigest)
                    continue;
                images.push({
                    digest: detail.imageDigest,
                    tags: detail.imageTags ?? [],
                    ...(detail.imagePushedAt ? { pushedAt: detail.imagePushedAt.getTime() } : {})
                });
            }
            nextToken = answer.nextToken;
            if (!nextToken)
                return images;
        }
        throw new ecr_api/* EcrCallError */.Ph(`ECR DescribeImages of repository ${repository} has more than ${LIST_IMAGES_MAX_PAGES * 1000} images; choose the image by its commit (--sha) instead`, 'DescribeImages', 'TooManyImages', false);
    }
    async getManifest(repository, tag) {
        // Tags cannot hold a colon: `sha256:…` is a digest.
        const byDigest = tag.startsWith('sha256:');
        const answer = await this.call('BatchGetImage', `${byDigest ? 'image' : 'tag'} ${tag} in repository ${repository}`, 'read', abortSignal => this.client.send(new dist_cjs/* BatchGetImageCommand */.P8n({
            repositoryName: repository,
            imageIds: [byDigest ? { imageDigest: tag } : { imageTag: tag }],
            acceptedMediaTypes: [...ecr_api/* MANIFEST_MEDIA_TYPES */.$T]
        }), { abortSignal }));
        const image = answer.images?.[0];
        if (image?.imageManifest && image.imageId?.imageDigest) {
            return {
                digest: image.imageId.imageDigest,
                manifest: image.imageManifest,
                mediaType: image.imageManifestMediaType ?? declaredMediaType(image.imageManifest)
            };
        }
        const failure = answer.failures?.[0];
        if (!failure ||
            failure.failureCode === 'ImageNotFound' ||
            failure.failureCode === 'ImageTagDoesNotMatchDigest') {
            return undefined;
        }
        throw new Error(`ECR BatchGetImage of ${repository}:${tag} failed: ${failure.failureCode ?? 'unknown'} ${failure.failureReason ?? ''}`.trim());
    }
    async blobUrl(repository, digest) {
        const answer = await this.call('GetDownloadUrlForLayer', `blob ${digest} in repository ${repository}`, 'read', abortSignal => this.client.send(new dist_cjs/* GetDownloadUrlForLayerCommand */.pKL({ repositoryName: repository, layerDigest: digest }), { abortSignal }));
        if (!answer.downloadUrl)
            throw new ecr_api/* EcrCallError */.Ph(`ECR GetDownloadUrlForLayer returned no URL for ${digest} in repository ${repository}`, 'GetDownloadUrlForLayer', 'NoDownloadUrl', false);
        return answer.downloadUrl;
    }
    async putImageTag(repository, tag, manifest) {
        try {
            await this.call('PutImage', `tag ${tag} in repository ${repository}`, 'write', abortSignal => this.client.send(new dist_cjs/* PutImageCommand */.SUU({
                repositoryName: repository,
                imageTag: tag,
                imageManifest: manifest.manifest,
                imageManifestMediaType: manifest.mediaType,
                imageDigest: manifest.digest
            }), { abortSignal }));
            return 'tagged';
        }
        catch (error) {
            const code = (0,call_error/* awsErrorCode */.J6)(error);
            if (code === 'ImageAlreadyExistsException')
                return 'already-tagged';
            if (code === 'ImageTagAlreadyExistsException') {
                throw new ecr_api/* EcrTagConflictError */.lm(repository, tag, error.message);
            }
            throw error;
        }
    }
    async getAuthorization() {
        const answer = await this.call('GetAuthorizationToken', 'the registry of this account', 'read', abortSignal => this.client.send(new dist_cjs/* GetAuthorizationTokenCommand */.Eu6({}), { abortSignal }));
        const data = answer.authorizationData?.[0];
        if (!data?.authorizationToken) {
            throw new Error('ECR GetAuthorizationToken returned no authorization data');
        }
        const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        // Never echo the token or its decoded text: it is the password.
        if (colon <= 0)
            throw new Error('ECR GetAuthorizationToken returned a token that is not "user:password"');
        return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
}
function toRepository(repository, requestedName) {
    const name = repository.repositoryName ?? requestedName;
    const uri = repository.repositoryUri;
    if (!uri)
        throw new Error(`ECR returned no repositoryUri for ${name}`);
    return {
        name,
        uri,
        registry: registryHost(uri),
        tagMutability: (repository.imageTagMutability ?? 'MUTABLE')
    };
}
/** `https://123.dkr.ecr.r.amazonaws.com` or `123.dkr.ecr.r.amazonaws.com/web` → the host. */
function registryHost(endpointOrUri) {
    return endpointOrUri.replace(/^[a-z]+:\/\//i, '').split('/')[0];
}
/**
 * Images pushed by some clients have no media type recorded in ECR; the manifest declares one,
 * or (OCI makes the field optional) its shape tells: an index lists manifests, an OCI manifest
 * has an OCI config.
 */
function declaredMediaType(manifest) {
    let parsed = {};
    try {
        parsed = JSON.parse(manifest);
    }
    catch {
        // fall through to the default: ECR only stores JSON manifests, but do not fail on a surprise
    }
    if (typeof parsed.mediaType === 'string')
        return parsed.mediaType;
    if (Array.isArray(parsed.manifests))
        return 'application/vnd.oci.image.index.v1+json';
    if (parsed.config?.mediaType === 'application/vnd.oci.image.config.v1+json') {
        return 'application/vnd.oci.image.manifest.v1+json';
    }
    return 'application/vnd.docker.distribution.manifest.v2+json';
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-cjs/index.js
var client_ecs_dist_cjs = __webpack_require__(212);
// EXTERNAL MODULE: ./src/aws/ecs-api.ts
var ecs_api = __webpack_require__(7901);
;// CONCATENATED MODULE: ./src/aws/pages.ts
/**
 * Every item of a paged list call, reading at most `maxPages` pages. Past the bound, `tooMany`
 * decides: given, it is thrown (a list a safety rule reads: a partial one is never an answer);
 * absent, what was read is the answer (a list read to explain, whose tail changes nothing).
 */
async function readPages(read, bound) {
    const items = [];
    let token;
    for (let page = 0; page < bound.maxPages; page++) {
        const answer = await read(token);
        items.push(...(answer.items ?? []));
        token = answer.next;
        if (!token)
            return items;
    }
    if (bound.tooMany)
        throw bound.tooMany();
    return items;
}

// EXTERNAL MODULE: ./src/aws/service-deployment.ts
var service_deployment = __webpack_require__(2724);
;// CONCATENATED MODULE: ./src/aws/ecs-client.ts






const DESCRIBE_SERVICES_LIMIT = 10;
/** DescribeServiceRevisions takes at most 20 ARNs. */
const SERVICE_REVISIONS_LIMIT = 20;
const DESCRIBE_TASKS_LIMIT = 100;
/** ListTasks pages (of up to 100 ARNs) read for one deployment's stopped tasks. */
const LIST_TASKS_MAX_PAGES = 5;
const DELETE_TASK_DEFINITIONS_LIMIT = 10;
/** ListServices pages (of up to 100 ARNs): 5,000 services is ECS's quota per cluster. */
const LIST_SERVICES_MAX_PAGES = 50;
/** ListTasks pages (of up to 100 ARNs) read for the running tasks of one family in a cluster. */
const RUNNING_TASKS_MAX_PAGES = 50;
/**
 * The EcsApi over `@aws-sdk/client-ecs`. Region from AWS_REGION / AWS_DEFAULT_REGION; the SDK
 * itself honours AWS_ENDPOINT_URL_ECS and the credential chain. Writes get the SDK's adaptive
 * retries; a throttled read steps back further than the SDK would (readClientConfig); the
 * rollout watcher's polls make one attempt each and pass no client-side rate limiter (the
 * watcher paces its polls itself and tolerates transient errors). Every call is bounded
 * (`bounds`, see aws-call.ts): none can hang the job. `throttledReads` paces the pauses
 * before a throttled read is asked again (tests pass a recorder).
 */
function createEcsApi(env = process.env, clients = {}, bounds = DEFAULT_CALL_BOUNDS, throttledReads = {}) {
    const { client } = clients;
    return new SdkEcsApi({
        writes: client ?? new client_ecs_dist_cjs/* ECSClient */.Zgc(boundedClientConfig(env, bounds)),
        reads: client ?? new client_ecs_dist_cjs/* ECSClient */.Zgc(readClientConfig(env, bounds)),
        polls: clients.polls ?? client ?? new client_ecs_dist_cjs/* ECSClient */.Zgc(pollClientConfig(env, bounds))
    }, awsCaller('ECS', 'ecs', callContext(ecs_api/* EcsCallError */.G6, { bounds, env, ...throttledReads })));
}
class SdkEcsApi {
    clients;
    call;
    constructor(clients, 
    /** Runs one SDK call within its deadline; a failure becomes an EcsCallError naming it. */
    call) {
        this.clients = clients;
        this.call = call;
    }
    async describeServices(cluster, services, options = {}) {
        const client = options.polling ? this.clients.polls : this.clients.reads;
        const left = timeLeft(options);
        const result = { services: [], missing: [] };
        for (let i = 0; i < services.length; i += DESCRIBE_SERVICES_LIMIT) {
            const batch = services.slice(i, i + DESCRIBE_SERVICES_LIMIT);
            const output = await this.call('DescribeServices', `service ${batch.join(', ')} in cluster ${cluster}`, options.polling ? 'poll' : 'read', abortSignal => client.send(new client_ecs_dist_cjs/* DescribeServicesCommand */.H7c({ cluster, services: batch }), { abortSignal }), left());
            result.services.push(...(output.services ?? []).map(toServiceSnapshot));
            for (const failure of output.failures ?? []) {
                result.missing.push({
                    service: (0,ecs_api/* nameFromArn */.NW)(failure.arn ?? ''),
                    reason: failure.reason ?? 'unknown'
                });
            }
        }
        return result;
    }
    async describeTaskDefinition(ref) {
        const output = await this.call('DescribeTaskDefinition', `task definition ${ref}`, 'read', abortSignal => this.clients.reads.send(
        // Its tags too: a new revision keeps them, and "unchanged" compares them.
        new client_ecs_dist_cjs/* DescribeTaskDefinitionCommand */.Zy$({ taskDefinition: ref, include: ['TAGS'] }), { abortSignal }));
        return toRegistered(output.taskDefinition, 'DescribeTaskDefinition', output.tags);
    }
    async registerTaskDefinition(definition) {
        const output = await this.call('RegisterTaskDefinition', `task definition family ${definition.family}`, 'write', abortSignal => this.clients.writes.send(new client_ecs_dist_cjs/* RegisterTaskDefinitionCommand */.$Hl(definition), { abortSignal }));
        return toRegistered(output.taskDefinition, 'RegisterTaskDefinition', output.tags);
    }
    async updateService(request) {
        const output = await this.call('UpdateService', `service ${request.service} in cluster ${request.cluster}`, 'write', abortSignal => this.clients.writes.send(new client_ecs_dist_cjs/* UpdateServiceCommand */.kZr({
            ...request,
            propagateTags: request.propagateTags
        }), { abortSignal }));
        if (!output.service)
            throw new Error(`UpdateService returned no service for ${request.service} in cluster ${request.cluster}`);
        return toServiceSnapshot(output.service);
    }
    async describeExpressService(arn) {
        try {
            const output = await this.call('DescribeExpressGatewayService', `Express service ${arn}`, 'read', abortSignal => this.clients.reads.send(new client_ecs_dist_cjs/* DescribeExpressGatewayServiceCommand */.UMo({ serviceArn: arn }), {
                abortSignal
            }));
            const service = output.service;
            if (!service)
                return undefined;
            return toExpressSnapshot({ ...service, arn: service.serviceArn ?? arn }, service.activeConfigurations?.[0]);
        }
        catch (error) {
            if (error instanceof ecs_api/* EcsCallError */.G6 && error.code === 'ResourceNotFoundException')
                return undefined;
            throw error;
        }
    }
    async updateExpressService(arn, container) {
        const output = await this.call('UpdateExpressGatewayService', `Express service ${arn}`, 'write', abortSignal => this.clients.writes.send(new client_ecs_dist_cjs/* UpdateExpressGatewayServiceCommand */.omG({ serviceArn: arn, primaryContainer: container }), { abortSignal }));
        const service = output.service;
        if (!service)
            throw new Error(`UpdateExpressGatewayService returned no service for ${arn}`);
        return toExpressSnapshot({ ...service, arn: service.serviceArn ?? arn }, service.targetConfiguration);
    }
    async createService(request) {
        const output = await this.call('CreateService', `service ${request.serviceName} in cluster ${request.cluster}`, 'write', abortSignal => this.clients.writes.send(new client_ecs_dist_cjs/* CreateServiceCommand */.JkR(request), { abortSignal }));
        if (!output.service)
            throw new Error(`CreateService returned no service for ${request.serviceName} in cluster ${request.cluster}`);
        return toServiceSnapshot(output.service);
    }
    async listStoppedTasks(cluster, filter, options = {}) {
        const left = timeLeft(options);
        // Bounded: the watcher asks while a rollout fails, to explain the newly stopped tasks, and
        // the rollout is failed long before hundreds of them stop (max-failed-tasks, the circuit
        // breaker). Past the bound the explanation is partial, never the rollout's verdict.
        return readPages(async (nextToken) => {
            const output = await this.call('ListTasks', `stopped tasks of ${filter.startedBy} in cluster ${cluster}`, 'read', abortSignal => this.clients.reads.send(new client_ecs_dist_cjs/* ListTasksCommand */.MYg({
                cluster,
                startedBy: filter.startedBy,
                desiredStatus: 'STOPPED',
                nextToken
            }), { abortSignal }), left());
            return { items: output.taskArns, next: output.nextToken };
        }, { maxPages: LIST_TASKS_MAX_PAGES });
    }
    async listRunningTasks(cluster, family) {
        // keep-revisions protects what these tasks run: a partial list is never an answer.
        return readPages(async (nextToken) => {
            const output = await this.call('ListTasks', `running tasks of family ${family} in cluster ${cluster}`, 'read', abortSignal => this.clients.reads.send(new client_ecs_dist_cjs/* ListTasksCommand */.MYg({ cluster, family, desiredStatus: 'RUNNING', nextToken }), { abortSignal }));
            return { items: output.taskArns, next: output.nextToken };
        }, {
            maxPages: RUNNING_TASKS_MAX_PAGES,
            tooMany: () => new ecs_api/* EcsCallError */.G6(`ECS ListTasks returned more than ${RUNNING_TASKS_MAX_PAGES} pages of running tasks of family ${family} in cluster ${cluster}`, 'ListTasks', 'TooManyPages', false)
        });
    }
    async listTasksStartedBy(cluster, startedBy, desiredStatus) {
        return readPages(async (nextToken) => {
            const output = await this.call('ListTasks', `${desiredStatus.toLowerCase()} tasks started by ${startedBy} in cluster ${cluster}`, 'read', abortSignal => this.clients.reads.send(new client_ecs_dist_cjs/* ListTasksCommand */.MYg({ cluster, startedBy, desiredStatus, nextToken }), { abortSignal }));
            return { items: output.taskArns, next: output.nextToken };
        }, { maxPages: LIST_TASKS_MAX_PAGES });
    }
    async listSuccessfulDeployments(cluster, service, limit) {
        const listed = await this.call('ListServiceDeployments', `service ${service} in cluster ${cluster}`, 'read', abortSignal => this.clients.reads.send(new client_ecs_dist_cjs/* ListServiceDeploymentsCommand */.jz8({
            cluster,
            service,
            status: ['SUCCESSFUL'],
            maxResults: Math.min(limit, SERVICE_REVISIONS_LIMIT)
        }), { abortSignal }));
        const briefs = (listed.serviceDeployments ?? []).filter(brief => brief.serviceDeploymentArn && brief.targetServiceRevisionArn);
        if (briefs.length === 0)
            return [];
        const revisions = await this.call('DescribeServiceRevisions', `${briefs.length} revision(s) of service ${service} in cluster ${cluster}`, 'read', abortSignal => this.clients.reads.send(new client_ecs_dist_cjs/* DescribeServiceRevisionsCommand */.oF5({
            serviceRevisionArns: briefs.map(brief => brief.targetServiceRevisionArn)
        }), { abortSignal }));
        const taskDefinitionOf = new Map((revisions.serviceRevisions ?? []).map(revision => [
            revision.serviceRevisionArn,
            revision.taskDefinition
        ]));
        const completed = [];
        for (const brief of briefs) {
            const taskDefinition = taskDefinitionOf.get(brief.targetServiceRevisionArn);
            if (!taskDefinition)
                continue;
            completed.push({
                arn: brief.serviceDeploymentArn,
                taskDefinition,
                finishedAt: brief.finishedAt?.getTime()
            });
        }
        // Newest first, whatever order the page came in.
        return completed.sort((a, b) => (b.finishedAt ?? 0) - (a.finishedAt ?? 0));
    }
    async describeTasks(cluster, taskArns, options = {}) {
        const tasks = [];
        const left = timeLeft(options);
        for (let i = 0; i < taskArns.length; i += DESCRIBE_TASKS_LIMIT) {
            const batch = taskArns.slice(i, i + DESCRIBE_TASKS_LIMIT);
            const output = await this.call('DescribeTasks', `${batch.length} task(s) in cluster ${cluster}`, 'read', abortSignal => this.clients.reads.send(new client_ecs_dist_cjs/* DescribeTasksCommand */.z8X({ cluster, tasks: batch }), {
                abortSignal
            }), left());
            tasks.push(...(output.tasks ?? []).map(toTaskInfo));
        }
        return tasks;
    }
    async listTaskDefinitions(familyPrefix, nextToken) {
        const output = await this.call('ListTaskDefinitions', `task definition family ${familyPrefix}`, 'read', abortSignal => this.clients.reads.send(new client_ecs_dist_cjs/* ListTaskDefinitionsCommand */.Pse({ familyPrefix, status: 'ACTIVE', nextToken }), { abortSignal }));
        return { arns: output.taskDefinitionArns ?? [], nextToken: output.nextToken };
    }
    async deregisterTaskDefinition(arn) {
        await this.call('DeregisterTaskDefinition', `task definition ${arn}`, 'write', abortSignal => this.clients.writes.send(new client_ecs_dist_cjs/* DeregisterTaskDefinitionCommand */.sjB({ taskDefinition: arn }), {
            abortSignal
        }));
    }
    async deleteTaskDefinitions(arns) {
        const refused = [];
        for (let i = 0; i < arns.length; i += DELETE_TASK_DEFINITIONS_LIMIT) {
            const batch = arns.slice(i, i + DELETE_TASK_DEFINITIONS_LIMIT);
            const output = await this.call('DeleteTaskDefinitions', `task definition ${batch.join(', ')}`, 'write', abortSignal => this.clients.writes.send(new client_ecs_dist_cjs/* DeleteTaskDefinitionsCommand */.WeT({ taskDefinitions: batch }), {
                abortSignal
            }));
            for (const failure of output.failures ?? [])
                refused.push({ arn: failure.arn ?? '', reason: failure.reason ?? 'unknown' });
        }
        return refused;
    }
    async listServices(cluster) {
        return readPages(async (nextToken) => {
            const output = await this.call('ListServices', `cluster ${cluster}`, 'read', abortSignal => this.clients.reads.send(new client_ecs_dist_cjs/* ListServicesCommand */.qde({ cluster, nextToken }), { abortSignal }));
            return { items: output.serviceArns, next: output.nextToken };
        }, {
            maxPages: LIST_SERVICES_MAX_PAGES,
            tooMany: () => new ecs_api/* EcsCallError */.G6(`ECS ListServices returned more than ${LIST_SERVICES_MAX_PAGES} pages for cluster ${cluster}`, 'ListServices', 'TooManyPages', false)
        });
    }
    async tagResource(arn, tags) {
        await this.call('TagResource', `resource ${arn}`, 'write', abortSignal => this.clients.writes.send(new client_ecs_dist_cjs/* TagResourceCommand */.eqU({ resourceArn: arn, tags: [...tags] }), {
            abortSignal
        }));
    }
    async runTask(request) {
        const subject = `a task of ${request.taskDefinition} in cluster ${request.cluster}`;
        const output = await this.call('RunTask', subject, 'write', abortSignal => this.clients.writes.send(new client_ecs_dist_cjs/* RunTaskCommand */._eD({ ...request, count: 1 }), { abortSignal }));
        const task = output.tasks?.[0];
        if (!task) {
            // ECS answers 200 with `failures` when it cannot place the task (no capacity, bad subnet).
            const failure = output.failures?.[0];
            const reason = failure
                ? [failure.reason, failure.detail].filter(Boolean).join(': ')
                : 'no task and no failure';
            throw new ecs_api/* EcsCallError */.G6(`ECS RunTask started no task for ${subject}: ${(0,util_escape/* escapeForLog */.zB)(reason)}`, 'RunTask', 'RunTaskFailure', false);
        }
        return toTaskInfo(task);
    }
    async stopTask(cluster, taskArn, reason) {
        const output = await this.call('StopTask', `task ${(0,ecs_api/* nameFromArn */.NW)(taskArn)} in cluster ${cluster}`, 'write', abortSignal => this.clients.writes.send(new client_ecs_dist_cjs/* StopTaskCommand */.PP1({ cluster, task: taskArn, reason }), {
            abortSignal
        }));
        if (!output.task)
            throw new Error(`StopTask returned no task for ${taskArn}`);
        return toTaskInfo(output.task);
    }
    async listTags(resourceArn) {
        const output = await this.call('ListTagsForResource', `the tags of ${(0,ecs_api/* nameFromArn */.NW)(resourceArn)}`, 'read', abortSignal => this.clients.reads.send(new client_ecs_dist_cjs/* ListTagsForResourceCommand */.a_e({ resourceArn }), { abortSignal }));
        return (output.tags ?? []).flatMap(tag => tag.key === undefined ? [] : [{ key: tag.key, value: tag.value ?? '' }]);
    }
    async describeServiceDeployment(arn, options = {}) {
        const client = options.polling ? this.clients.polls : this.clients.reads;
        const output = await this.call('DescribeServiceDeployments', (0,service_deployment/* describeServiceDeploymentArn */.l)(arn), options.polling ? 'poll' : 'read', abortSignal => client.send(new client_ecs_dist_cjs/* DescribeServiceDeploymentsCommand */.A6p({ serviceDeploymentArns: [arn] }), {
            abortSignal
        }), options.withinMs);
        const found = output.serviceDeployments?.[0];
        return found ? (0,service_deployment/* toServiceDeploymentSnapshot */.S)(found, arn) : undefined;
    }
    async stopServiceDeployment(arn, stopType) {
        await this.call('StopServiceDeployment', (0,service_deployment/* describeServiceDeploymentArn */.l)(arn), 'write', abortSignal => this.clients.writes.send(new client_ecs_dist_cjs/* StopServiceDeploymentCommand */.a8L({ serviceDeploymentArn: arn, stopType }), {
            abortSignal
        }));
    }
    async continueServiceDeployment(arn, hookId, action) {
        await this.call('ContinueServiceDeployment', `${(0,service_deployment/* describeServiceDeploymentArn */.l)(arn)} (hook ${hookId})`, 'write', abortSignal => this.clients.writes.send(new client_ecs_dist_cjs/* ContinueServiceDeploymentCommand */.LrH({ serviceDeploymentArn: arn, hookId, action }), { abortSignal }));
    }
    async describeServiceRevision(arn, options = {}) {
        const output = await this.call('DescribeServiceRevisions', `service revision ${arn}`, 'read', abortSignal => this.clients.reads.send(new client_ecs_dist_cjs/* DescribeServiceRevisionsCommand */.oF5({ serviceRevisionArns: [arn] }), {
            abortSignal
        }), options.withinMs);
        const found = output.serviceRevisions?.[0];
        return found?.taskDefinition
            ? { arn: found.serviceRevisionArn ?? arn, taskDefinition: found.taskDefinition }
            : undefined;
    }
}
function toServiceLaunch(service) {
    const vpc = service.networkConfiguration?.awsvpcConfiguration;
    return {
        launchType: service.launchType,
        capacityProviderStrategy: service.capacityProviderStrategy?.flatMap(item => item.capacityProvider
            ? [{ capacityProvider: item.capacityProvider, weight: item.weight, base: item.base }]
            : []),
        platformVersion: service.platformVersion,
        networkConfiguration: vpc
            ? {
                awsvpcConfiguration: {
                    subnets: vpc.subnets ?? [],
                    securityGroups: vpc.securityGroups,
                    assignPublicIp: vpc.assignPublicIp
                }
            }
            : undefined,
        propagateTags: service.propagateTags,
        enableECSManagedTags: service.enableECSManagedTags
    };
}
function toServiceSnapshot(service) {
    const breaker = service.deploymentConfiguration?.deploymentCircuitBreaker;
    return {
        name: service.serviceName ?? (0,ecs_api/* nameFromArn */.NW)(service.serviceArn ?? ''),
        arn: service.serviceArn,
        status: service.status ?? 'UNKNOWN',
        taskDefinition: service.taskDefinition,
        desiredCount: service.desiredCount ?? 0,
        runningCount: service.runningCount ?? 0,
        pendingCount: service.pendingCount ?? 0,
        deploymentController: service.deploymentController?.type ?? 'ECS',
        circuitBreaker: toCircuitBreaker(breaker),
        deployments: (service.deployments ?? []).map(toDeploymentInfo),
        ...(service.taskSets
            ? {
                taskSets: service.taskSets.map(set => ({
                    status: set.status ?? 'UNKNOWN',
                    taskDefinition: set.taskDefinition ?? ''
                }))
            }
            : {}),
        events: (service.events ?? []).map(event => ({
            id: event.id ?? `${event.createdAt?.getTime() ?? 0}:${event.message ?? ''}`,
            createdAt: event.createdAt?.getTime() ?? 0,
            message: event.message ?? ''
        })),
        targetGroupArns: [
            ...new Set((service.loadBalancers ?? []).flatMap(balancer => balancer.targetGroupArn ? [balancer.targetGroupArn] : []))
        ],
        loadBalancers: service.loadBalancers?.map(balancer => ({
            targetGroupArn: balancer.targetGroupArn,
            containerName: balancer.containerName,
            containerPort: balancer.containerPort
        })),
        launch: toServiceLaunch(service),
        currentServiceDeployment: service.currentServiceDeployment,
        strategy: service.deploymentConfiguration?.strategy,
        bakeTimeInMinutes: service.deploymentConfiguration?.bakeTimeInMinutes,
        pauseStages: pauseStagesOf(service.deploymentConfiguration?.lifecycleHooks),
        ...toEarlySuccess(service.deploymentConfiguration?.earlySuccessCriteria)
    };
}
/** Only an enabled criteria is kept: disabled, ECS decides as without it. */
function toEarlySuccess(criteria) {
    if (criteria?.enable !== true)
        return {};
    return {
        earlySuccess: {
            ...(criteria.healthyPercent === undefined ? {} : { healthyPercent: criteria.healthyPercent }),
            ...(criteria.sourceServiceRevisionCleanup === undefined
                ? {}
                : { sourceServiceRevisionCleanup: criteria.sourceServiceRevisionCleanup })
        }
    };
}
/** The stages PAUSE hooks stop a deployment at, in ECS's order of the hooks; none: undefined. */
function pauseStagesOf(hooks) {
    const stages = (hooks ?? [])
        .filter(hook => hook.targetType === 'PAUSE')
        .flatMap(hook => hook.lifecycleStages ?? []);
    return stages.length > 0 ? [...new Set(stages)] : undefined;
}
function toCircuitBreaker(breaker) {
    const threshold = breaker?.thresholdConfiguration;
    return {
        enable: breaker?.enable ?? false,
        rollback: breaker?.rollback ?? false,
        ...(breaker?.resetOnHealthyTask === undefined
            ? {}
            : { resetOnHealthyTask: breaker.resetOnHealthyTask }),
        ...(threshold?.value === undefined
            ? {}
            : { threshold: { type: threshold.type ?? 'BOUNDED_PERCENT', value: threshold.value } })
    };
}
function toDeploymentInfo(deployment) {
    return {
        id: deployment.id ?? '',
        status: deployment.status ?? 'UNKNOWN',
        taskDefinition: deployment.taskDefinition ?? '',
        desiredCount: deployment.desiredCount ?? 0,
        pendingCount: deployment.pendingCount ?? 0,
        runningCount: deployment.runningCount ?? 0,
        failedTasks: deployment.failedTasks ?? 0,
        rolloutState: deployment.rolloutState,
        rolloutStateReason: deployment.rolloutStateReason,
        createdAt: deployment.createdAt?.getTime(),
        updatedAt: deployment.updatedAt?.getTime()
    };
}
function toRegistered(definition, operation, tags) {
    if (!definition?.taskDefinitionArn || !definition.family) {
        throw new Error(`ECS ${operation} returned no task definition`);
    }
    // A JSON round trip turns the SDK's Date fields into ISO strings: our types are plain JSON.
    const plain = JSON.parse(JSON.stringify(definition));
    // ECS keeps a revision's tags beside it; here they are part of the definition, as in a file.
    if (tags && tags.length > 0)
        plain.tags = tags.map(tag => ({ key: tag.key, value: tag.value }));
    return {
        arn: definition.taskDefinitionArn,
        family: definition.family,
        revision: definition.revision ?? 0,
        definition: plain
    };
}
function toTaskInfo(task) {
    return {
        arn: task.taskArn ?? '',
        taskDefinitionArn: task.taskDefinitionArn,
        startedBy: task.startedBy,
        lastStatus: task.lastStatus,
        desiredStatus: task.desiredStatus,
        stopCode: task.stopCode,
        stoppedReason: task.stoppedReason,
        stoppedAt: task.stoppedAt?.getTime(),
        createdAt: task.createdAt?.getTime(),
        pullStartedAt: task.pullStartedAt?.getTime(),
        pullStoppedAt: task.pullStoppedAt?.getTime(),
        startedAt: task.startedAt?.getTime(),
        healthStatus: task.healthStatus,
        commandOverrides: task.overrides?.containerOverrides?.map(override => ({
            name: override.name ?? '',
            command: override.command
        })),
        containers: (task.containers ?? []).map(container => ({
            name: container.name ?? '',
            exitCode: container.exitCode,
            reason: container.reason,
            lastStatus: container.lastStatus
        }))
    };
}
/**
 * What is left of a wait's read budget for each of the calls one read makes (batches, in real
 * time): the batches share the budget, none gets it whole again. Undefined: no budget was given.
 */
function timeLeft(options) {
    if (options.withinMs === undefined)
        return () => undefined;
    const until = Date.now() + options.withinMs;
    return () => Math.max(0, until - Date.now());
}
/** An Express service and one of its configurations in our own types. */
function toExpressSnapshot(service, configuration) {
    const primary = configuration?.primaryContainer;
    return {
        arn: service.arn,
        name: service.serviceName ?? (0,ecs_api/* nameFromArn */.NW)(service.arn),
        cluster: (0,ecs_api/* nameFromArn */.NW)(service.cluster ?? ''),
        status: service.status?.statusCode ?? 'UNKNOWN',
        taskDefinitionArn: configuration?.taskDefinitionArn,
        endpoint: configuration?.ingressPaths?.find(path => path.endpoint)?.endpoint,
        container: primary?.image
            ? {
                image: primary.image,
                ...(primary.containerPort === undefined ? {} : { containerPort: primary.containerPort }),
                ...(primary.command ? { command: primary.command } : {}),
                environment: (primary.environment ?? []).map(pair => ({
                    name: pair.name ?? '',
                    value: pair.value ?? ''
                })),
                secrets: (primary.secrets ?? []).map(secret => ({
                    name: secret.name ?? '',
                    valueFrom: secret.valueFrom ?? ''
                })),
                ...(primary.awsLogsConfiguration?.logGroup
                    ? {
                        awsLogsConfiguration: {
                            logGroup: primary.awsLogsConfiguration.logGroup,
                            logStreamPrefix: primary.awsLogsConfiguration.logStreamPrefix ?? 'ecs'
                        }
                    }
                    : {}),
                ...(primary.repositoryCredentials
                    ? { repositoryCredentials: { ...primary.repositoryCredentials } }
                    : {})
            }
            : undefined
    };
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-elastic-load-balancing-v2/dist-cjs/index.js
var client_elastic_load_balancing_v2_dist_cjs = __webpack_require__(586);
;// CONCATENATED MODULE: ./src/aws/elb-api.ts

/** An Elastic Load Balancing call that failed: the operation, the AWS code, whether to retry. */
class ElbCallError extends call_error/* AwsCallError */.iQ {
    name = 'ElbCallError';
}

;// CONCATENATED MODULE: ./src/aws/elb-client.ts




/**
 * The real client: region, credentials and AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2 come from
 * the environment; every call is bounded (`bounds`, see aws-call.ts).
 */
function createElbApi(env = process.env, bounds = DEFAULT_CALL_BOUNDS) {
    const client = new client_elastic_load_balancing_v2_dist_cjs/* ElasticLoadBalancingV2Client */.MlD(boundedClientConfig(env, bounds));
    return new SdkElbApi(client, { bounds, env });
}
/**
 * ElbApi over `@aws-sdk/client-elastic-load-balancing-v2`: SDK shapes and "not found" become
 * ours; every other failure is an ElbCallError naming the operation.
 */
class SdkElbApi {
    client;
    call;
    constructor(client, options = {}) {
        this.client = client;
        this.call = awsCaller('ELB', 'elasticloadbalancing', callContext(ElbCallError, options));
    }
    async describeTargetGroups(targetGroupArns) {
        if (targetGroupArns.length === 0)
            return [];
        try {
            const answer = await this.call('DescribeTargetGroups', `target group ${targetGroupArns.join(', ')}`, 'read', abortSignal => this.client.send(new client_elastic_load_balancing_v2_dist_cjs/* DescribeTargetGroupsCommand */.sC7({ TargetGroupArns: [...targetGroupArns] }), { abortSignal }));
            return (answer.TargetGroups ?? []).flatMap(group => group.TargetGroupArn
                ? [
                    {
                        arn: group.TargetGroupArn,
                        name: group.TargetGroupName ?? group.TargetGroupArn,
                        loadBalancerArns: group.LoadBalancerArns ?? [],
                        healthCheckIntervalSeconds: group.HealthCheckIntervalSeconds,
                        healthyThresholdCount: group.HealthyThresholdCount
                    }
                ]
                : []);
        }
        catch (error) {
            if ((0,call_error/* isNotFound */.c4)(error, 'TargetGroup'))
                return [];
            throw error;
        }
    }
    async describeLoadBalancers(loadBalancerArns) {
        if (loadBalancerArns.length === 0)
            return [];
        try {
            const answer = await this.call('DescribeLoadBalancers', `load balancer ${loadBalancerArns.join(', ')}`, 'read', abortSignal => this.client.send(new client_elastic_load_balancing_v2_dist_cjs/* DescribeLoadBalancersCommand */.AZi({ LoadBalancerArns: [...loadBalancerArns] }), { abortSignal }));
            return (answer.LoadBalancers ?? []).flatMap(balancer => balancer.LoadBalancerArn && balancer.DNSName
                ? [
                    {
                        arn: balancer.LoadBalancerArn,
                        name: balancer.LoadBalancerName ?? balancer.LoadBalancerArn,
                        dnsName: balancer.DNSName,
                        scheme: balancer.Scheme,
                        type: balancer.Type
                    }
                ]
                : []);
        }
        catch (error) {
            if ((0,call_error/* isNotFound */.c4)(error, 'LoadBalancer'))
                return [];
            throw error;
        }
    }
    async describeListeners(loadBalancerArn) {
        const listeners = [];
        let marker;
        try {
            do {
                const answer = await this.call('DescribeListeners', `listeners of load balancer ${loadBalancerArn}`, 'read', abortSignal => this.client.send(new client_elastic_load_balancing_v2_dist_cjs/* DescribeListenersCommand */.AKE({ LoadBalancerArn: loadBalancerArn, Marker: marker }), { abortSignal }));
                for (const listener of answer.Listeners ?? []) {
                    if (listener.ListenerArn && listener.Port !== undefined && listener.Protocol) {
                        listeners.push({
                            arn: listener.ListenerArn,
                            port: listener.Port,
                            protocol: listener.Protocol
                        });
                    }
                }
                marker = answer.NextMarker;
            } while (marker);
        }
        catch (error) {
            if ((0,call_error/* isNotFound */.c4)(error, 'LoadBalancer'))
                return [];
            throw error;
        }
        return listeners;
    }
    async describeTargetGroupAttributes(targetGroupArn) {
        const answer = await this.call('DescribeTargetGroupAttributes', `attributes of target group ${targetGroupArn}`, 'read', abortSignal => this.client.send(new client_elastic_load_balancing_v2_dist_cjs/* DescribeTargetGroupAttributesCommand */.cKh({ TargetGroupArn: targetGroupArn }), { abortSignal }));
        const attributes = {};
        for (const { Key, Value } of answer.Attributes ?? [])
            if (Key !== undefined && Value !== undefined)
                attributes[Key] = Value;
        return attributes;
    }
    async describeTargetHealth(targetGroupArn) {
        const answer = await this.call('DescribeTargetHealth', `health of the targets of target group ${targetGroupArn}`, 'read', abortSignal => this.client.send(new client_elastic_load_balancing_v2_dist_cjs/* DescribeTargetHealthCommand */.qyg({ TargetGroupArn: targetGroupArn }), {
            abortSignal
        }));
        return (answer.TargetHealthDescriptions ?? []).flatMap(description => description.Target?.Id
            ? [
                {
                    id: description.Target.Id,
                    port: description.Target.Port,
                    state: description.TargetHealth?.State ?? 'unavailable'
                }
            ]
            : []);
    }
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-eventbridge/dist-cjs/index.js
var client_eventbridge_dist_cjs = __webpack_require__(6612);
// EXTERNAL MODULE: ./src/aws/events-api.ts
var events_api = __webpack_require__(7257);
;// CONCATENATED MODULE: ./src/aws/events-client.ts





/** ListTargetsByRule pages read for one rule: a rule holds at most 5 targets by default. */
const LIST_TARGETS_MAX_PAGES = 20;
/** ListRuleNamesByTarget pages (of up to 100 names) read for one target ARN. */
const LIST_RULE_NAMES_MAX_PAGES = 20;
/** PutTargets takes up to 10 targets per call. */
const PUT_TARGETS_LIMIT = 10;
/**
 * EventsApi over `@aws-sdk/client-eventbridge`: region, credentials and
 * AWS_ENDPOINT_URL_EVENTBRIDGE come from the environment; every call is bounded.
 */
function createEventsApi(env = process.env, bounds = DEFAULT_CALL_BOUNDS, client = new client_eventbridge_dist_cjs/* EventBridgeClient */.Ldt(boundedClientConfig(env, bounds))) {
    return new SdkEventsApi(client, awsCaller('EventBridge', 'events', callContext(events_api/* EventsCallError */.E, { bounds, env })));
}
class SdkEventsApi {
    client;
    call;
    constructor(client, call) {
        this.client = client;
        this.call = call;
    }
    async describeRule(name) {
        try {
            const output = await this.call('DescribeRule', `rule ${name}`, 'read', abortSignal => this.client.send(new client_eventbridge_dist_cjs/* DescribeRuleCommand */.NDC({ Name: name }), { abortSignal }));
            return {
                name: output.Name ?? name,
                arn: output.Arn,
                state: output.State,
                scheduleExpression: output.ScheduleExpression
            };
        }
        catch (error) {
            if ((0,call_error/* isNotFound */.c4)(error, 'Resource'))
                return undefined;
            throw error;
        }
    }
    async listRuleNamesByTarget(targetArn) {
        // A partial list could miss the rule that runs a revision: past the bound is a failure.
        return readPages(async (nextToken) => {
            const output = await this.call('ListRuleNamesByTarget', `target ${targetArn}`, 'read', abortSignal => this.client.send(new client_eventbridge_dist_cjs/* ListRuleNamesByTargetCommand */.CZz({ TargetArn: targetArn, NextToken: nextToken }), { abortSignal }));
            return { items: output.RuleNames, next: output.NextToken };
        }, {
            maxPages: LIST_RULE_NAMES_MAX_PAGES,
            tooMany: () => new events_api/* EventsCallError */.E(`EventBridge ListRuleNamesByTarget returned more than ${LIST_RULE_NAMES_MAX_PAGES} pages for target ${targetArn}`, 'ListRuleNamesByTarget', 'TooManyPages', false)
        });
    }
    async listTargetsByRule(rule) {
        try {
            return await readPages(async (nextToken) => {
                const output = await this.call('ListTargetsByRule', `rule ${rule}`, 'read', abortSignal => this.client.send(new client_eventbridge_dist_cjs/* ListTargetsByRuleCommand */.Hi6({ Rule: rule, NextToken: nextToken }), {
                    abortSignal
                }));
                return { items: (output.Targets ?? []).map(toEventTarget), next: output.NextToken };
            }, {
                maxPages: LIST_TARGETS_MAX_PAGES,
                tooMany: () => new events_api/* EventsCallError */.E(`EventBridge ListTargetsByRule returned more than ${LIST_TARGETS_MAX_PAGES} pages for rule ${rule}`, 'ListTargetsByRule', 'TooManyPages', false)
            });
        }
        catch (error) {
            if ((0,call_error/* isNotFound */.c4)(error, 'Resource'))
                return undefined;
            throw error;
        }
    }
    async putTargets(rule, targets) {
        const failed = [];
        for (let i = 0; i < targets.length; i += PUT_TARGETS_LIMIT) {
            const batch = targets.slice(i, i + PUT_TARGETS_LIMIT);
            const output = await this.call('PutTargets', `rule ${rule} (target ${batch.map(target => target.id).join(', ')})`, 'write', abortSignal => this.client.send(new client_eventbridge_dist_cjs/* PutTargetsCommand */.Ve7({
                Rule: rule,
                Targets: batch.map(target => target.raw)
            }), { abortSignal }));
            for (const entry of output.FailedEntries ?? [])
                failed.push({
                    id: entry.TargetId ?? '',
                    code: entry.ErrorCode ?? 'unknown',
                    message: entry.ErrorMessage ?? ''
                });
        }
        return failed;
    }
}
function toEventTarget(target) {
    // A JSON round trip: our type is plain JSON, as PutTargets takes it back.
    const raw = JSON.parse(JSON.stringify(target));
    return {
        id: target.Id ?? '',
        arn: target.Arn ?? '',
        taskDefinitionArn: target.EcsParameters?.TaskDefinitionArn,
        raw
    };
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-scheduler/dist-cjs/index.js
var client_scheduler_dist_cjs = __webpack_require__(768);
// EXTERNAL MODULE: ./src/aws/scheduler-api.ts
var scheduler_api = __webpack_require__(8229);
;// CONCATENATED MODULE: ./src/aws/scheduler-client.ts





/**
 * What happens to each field GetSchedule returns: sent back by UpdateSchedule, or read-only.
 * Typed by the SDK's own output: a field a newer SDK adds fails to compile here until it is
 * placed, so none is dropped (UpdateSchedule resets what it is not sent).
 */
const GET_SCHEDULE_FIELDS = {
    Arn: 'read-only',
    CreationDate: 'read-only',
    LastModificationDate: 'read-only',
    GroupName: 'sent',
    Name: 'sent',
    ScheduleExpression: 'sent',
    StartDate: 'sent',
    EndDate: 'sent',
    Description: 'sent',
    ScheduleExpressionTimezone: 'sent',
    State: 'sent',
    KmsKeyArn: 'sent',
    Target: 'sent',
    FlexibleTimeWindow: 'sent',
    ActionAfterCompletion: 'sent'
};
// Every field sent is one UpdateSchedule takes.
const _sentFieldsAreInputs = [];
void _sentFieldsAreInputs;
/**
 * SchedulerApi over `@aws-sdk/client-scheduler`: region, credentials and
 * AWS_ENDPOINT_URL_SCHEDULER come from the environment; every call is bounded.
 */
function createSchedulerApi(env = process.env, bounds = DEFAULT_CALL_BOUNDS, client = new client_scheduler_dist_cjs/* SchedulerClient */.dC(boundedClientConfig(env, bounds))) {
    return new SdkSchedulerApi(client, awsCaller('EventBridge Scheduler', 'scheduler', callContext(scheduler_api/* SchedulerCallError */.yy, { bounds, env })));
}
class SdkSchedulerApi {
    client;
    call;
    constructor(client, call) {
        this.client = client;
        this.call = call;
    }
    async getSchedule(group, name) {
        try {
            const output = await this.call('GetSchedule', `schedule ${group}/${name}`, 'read', abortSignal => this.client.send(new client_scheduler_dist_cjs/* GetScheduleCommand */.nu({ GroupName: group, Name: name }), {
                abortSignal
            }));
            const { $metadata: _metadata, ...fields } = output;
            return (0,scheduler_api/* scheduleFrom */.mG)(group, name, fields);
        }
        catch (error) {
            if ((0,call_error/* isNotFound */.c4)(error, 'Resource'))
                return undefined;
            throw error;
        }
    }
    async listSchedules() {
        return readPages(async (nextToken) => {
            const output = await this.call('ListSchedules', 'every group', 'read', abortSignal => this.client.send(new client_scheduler_dist_cjs/* ListSchedulesCommand */.s({ NextToken: nextToken, MaxResults: 100 }), {
                abortSignal
            }));
            return {
                items: (output.Schedules ?? []).map(found => ({
                    group: found.GroupName ?? 'default',
                    name: found.Name ?? '',
                    targetArn: found.Target?.Arn ?? ''
                })),
                next: output.NextToken
            };
        }, {
            maxPages: LIST_SCHEDULES_MAX_PAGES,
            tooMany: () => new scheduler_api/* SchedulerCallError */.yy(`EventBridge Scheduler ListSchedules returned more than ${LIST_SCHEDULES_MAX_PAGES} pages`, 'ListSchedules', 'TooManyPages', false)
        });
    }
    async updateSchedule(schedule) {
        await this.call('UpdateSchedule', `schedule ${schedule.group}/${schedule.name}`, 'write', abortSignal => this.client.send(new client_scheduler_dist_cjs/* UpdateScheduleCommand */.CH(updateInput(schedule)), { abortSignal }));
    }
}
/** ListSchedules pages (of up to 100) read in one scan. */
const LIST_SCHEDULES_MAX_PAGES = 20;
/** UpdateSchedule's input: every field GetSchedule returned but the read-only ones. */
function updateInput(schedule) {
    const input = {};
    for (const [key, value] of Object.entries(schedule.raw)) {
        if (value === undefined)
            continue;
        if (GET_SCHEDULE_FIELDS[key] === 'read-only')
            continue;
        input[key] = value;
    }
    input.GroupName = schedule.group;
    input.Name = schedule.name;
    return input;
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sts/dist-cjs/index.js
var client_sts_dist_cjs = __webpack_require__(1695);
;// CONCATENATED MODULE: ./src/aws/sts-api.ts

class StsCallError extends call_error/* AwsCallError */.iQ {
    name = 'StsCallError';
}

;// CONCATENATED MODULE: ./src/aws/sts-client.ts



/**
 * StsApi over `@aws-sdk/client-sts`: region, credentials and AWS_ENDPOINT_URL_STS come from the
 * environment; the call is bounded (see aws-call.ts).
 */
function createStsApi(env = process.env, bounds = DEFAULT_CALL_BOUNDS, client = new client_sts_dist_cjs/* STSClient */.iM(boundedClientConfig(env, bounds))) {
    return new SdkStsApi(client, awsCaller('STS', 'sts', callContext(StsCallError, { bounds, env })));
}
class SdkStsApi {
    client;
    call;
    account;
    constructor(client, call) {
        this.client = client;
        this.call = call;
    }
    /** Asked once per run: the answer cannot change while the credentials stay the same. */
    accountId() {
        this.account ??= this.call('GetCallerIdentity', 'the credentials', 'read', abortSignal => this.client.send(new client_sts_dist_cjs/* GetCallerIdentityCommand */.zI({}), { abortSignal })).then(output => {
            if (!output.Account || !/^\d{12}$/.test(output.Account))
                throw new StsCallError('STS GetCallerIdentity returned no 12-digit account', 'GetCallerIdentity', 'NoAccount', false);
            return output.Account;
        });
        return this.account;
    }
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudwatch-logs/dist-cjs/index.js
var client_cloudwatch_logs_dist_cjs = __webpack_require__(303);
;// CONCATENATED MODULE: ./src/aws/logs-api.ts

/** A CloudWatch Logs call that failed, in the same model as ECS's and ECR's. */
class LogsCallError extends call_error/* AwsCallError */.iQ {
    name = 'LogsCallError';
}

;// CONCATENATED MODULE: ./src/aws/logs-client.ts




/** GetLogEvents answers at most 10,000 events; ecs-flow never needs more than a screenful. */
const DEFAULT_LIMIT = 100;
/**
 * The LogsApi over `@aws-sdk/client-cloudwatch-logs`: one client per region (a container's
 * logs live where its `awslogs-region` says, which may not be the job's region). The SDK honours
 * AWS_ENDPOINT_URL_CLOUDWATCH_LOGS and the credential chain; every call is bounded.
 */
function createLogsApi(env = process.env, bounds = DEFAULT_CALL_BOUNDS, makeClient = region => new client_cloudwatch_logs_dist_cjs/* CloudWatchLogsClient */.TFr({
    ...boundedClientConfig(env, bounds),
    ...(region ? { region } : {})
})) {
    return new SdkLogsApi(makeClient, awsCaller('CloudWatch Logs', 'logs', callContext(LogsCallError, { bounds, env })));
}
class SdkLogsApi {
    makeClient;
    call;
    clients = new Map();
    constructor(makeClient, call) {
        this.makeClient = makeClient;
        this.call = call;
    }
    async getLogEvents(request) {
        const key = request.region ?? '';
        let client = this.clients.get(key);
        if (!client) {
            client = this.makeClient(request.region);
            this.clients.set(key, client);
        }
        const sdk = client;
        try {
            const output = await this.call('GetLogEvents', `log stream ${request.stream} of group ${request.group}`, 'read', abortSignal => sdk.send(new client_cloudwatch_logs_dist_cjs/* GetLogEventsCommand */.h7S({
                logGroupName: request.group,
                logStreamName: request.stream,
                nextToken: request.nextToken,
                startFromHead: request.startFromHead,
                limit: request.limit ?? DEFAULT_LIMIT
            }), { abortSignal }));
            return {
                events: (output.events ?? []).map(event => ({
                    timestamp: event.timestamp ?? 0,
                    message: event.message ?? ''
                })),
                nextForwardToken: output.nextForwardToken
            };
        }
        catch (error) {
            if ((0,call_error/* isNotFound */.c4)(error, 'Resource'))
                return undefined;
            throw error;
        }
    }
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-codedeploy/dist-cjs/index.js
var client_codedeploy_dist_cjs = __webpack_require__(7507);
// EXTERNAL MODULE: ./src/aws/codedeploy-api.ts
var codedeploy_api = __webpack_require__(7622);
;// CONCATENATED MODULE: ./src/aws/codedeploy-client.ts




/** What GetDeploymentGroup answers when the application or the group is not there. */
const GROUP_MISSING = new Set([
    'ApplicationDoesNotExistException',
    'DeploymentGroupDoesNotExistException'
]);
/** ListDeploymentTargets pages read: an ECS deployment has one target. */
const codedeploy_client_LIST_TARGETS_MAX_PAGES = 5;
/**
 * CodeDeployApi over `@aws-sdk/client-codedeploy`: region, credentials and
 * AWS_ENDPOINT_URL_CODEDEPLOY come from the environment; the watcher's polls make one attempt
 * each (its next poll is the retry), every call is bounded.
 */
function createCodeDeployApi(env = process.env, bounds = DEFAULT_CALL_BOUNDS, client = new client_codedeploy_dist_cjs/* CodeDeployClient */.cHd(boundedClientConfig(env, bounds)), pollClient = new client_codedeploy_dist_cjs/* CodeDeployClient */.cHd(pollClientConfig(env, bounds))) {
    return new SdkCodeDeployApi(client, pollClient, awsCaller('CodeDeploy', 'codedeploy', callContext(codedeploy_api/* CodeDeployCallError */.j, { bounds, env })));
}
class SdkCodeDeployApi {
    client;
    pollClient;
    call;
    constructor(client, pollClient, call) {
        this.client = client;
        this.pollClient = pollClient;
        this.call = call;
    }
    async getDeploymentGroup(application, group) {
        try {
            const output = await this.call('GetDeploymentGroup', `deployment group ${group} of application ${application}`, 'read', abortSignal => this.client.send(new client_codedeploy_dist_cjs/* GetDeploymentGroupCommand */.WOp({
                applicationName: application,
                deploymentGroupName: group
            }), { abortSignal }));
            return output.deploymentGroupInfo
                ? toDeploymentGroup(output.deploymentGroupInfo, application, group)
                : undefined;
        }
        catch (error) {
            if (GROUP_MISSING.has((0,call_error/* awsErrorCode */.J6)(error) ?? ''))
                return undefined;
            throw error;
        }
    }
    async createDeployment(request) {
        const output = await this.call('CreateDeployment', `deployment group ${request.deploymentGroup} of application ${request.application}`, 'write', abortSignal => this.client.send(new client_codedeploy_dist_cjs/* CreateDeploymentCommand */.ttP({
            applicationName: request.application,
            deploymentGroupName: request.deploymentGroup,
            description: request.description,
            revision: {
                revisionType: 'AppSpecContent',
                appSpecContent: { content: request.appSpec }
            }
        }), { abortSignal }));
        if (!output.deploymentId)
            throw new codedeploy_api/* CodeDeployCallError */.j(`CodeDeploy CreateDeployment answered no deployment id for deployment group ${request.deploymentGroup}`, 'CreateDeployment', 'NoDeploymentId', false);
        return output.deploymentId;
    }
    async getDeployment(id, options = {}) {
        const output = await this.call('GetDeployment', `deployment ${id}`, options.polling ? 'poll' : 'read', abortSignal => this.clientFor(options).send(new client_codedeploy_dist_cjs/* GetDeploymentCommand */.Tvn({ deploymentId: id }), {
            abortSignal
        }), options.withinMs);
        const info = output.deploymentInfo;
        const snapshot = {
            id: info?.deploymentId ?? id,
            status: info?.status ?? 'Unknown',
            error: info?.errorInformation && {
                code: info.errorInformation.code,
                message: info.errorInformation.message
            },
            rollback: info?.rollbackInfo && {
                deploymentId: info.rollbackInfo.rollbackDeploymentId,
                triggeredBy: info.rollbackInfo.rollbackTriggeringDeploymentId,
                message: info.rollbackInfo.rollbackMessage
            },
            createdAt: info?.createTime?.getTime(),
            completedAt: info?.completeTime?.getTime()
        };
        return snapshot;
    }
    async listDeploymentTargets(id, options = {}) {
        const ids = [];
        let nextToken;
        // The pages share the budget (real time): none gets it whole again.
        const until = options.withinMs === undefined ? undefined : Date.now() + options.withinMs;
        for (let page = 0; page < codedeploy_client_LIST_TARGETS_MAX_PAGES; page++) {
            const output = await this.call('ListDeploymentTargets', `deployment ${id}`, options.polling ? 'poll' : 'read', abortSignal => this.clientFor(options).send(new client_codedeploy_dist_cjs/* ListDeploymentTargetsCommand */.$9V({ deploymentId: id, nextToken }), { abortSignal }), until === undefined ? undefined : Math.max(0, until - Date.now()));
            ids.push(...(output.targetIds ?? []));
            nextToken = output.nextToken;
            if (!nextToken)
                return ids;
        }
        return ids;
    }
    async getDeploymentTarget(id, targetId, options = {}) {
        const output = await this.call('GetDeploymentTarget', `target ${targetId} of deployment ${id}`, options.polling ? 'poll' : 'read', abortSignal => this.clientFor(options).send(new client_codedeploy_dist_cjs/* GetDeploymentTargetCommand */.Oxg({ deploymentId: id, targetId }), { abortSignal }), options.withinMs);
        const target = output.deploymentTarget?.ecsTarget;
        if (!target)
            return undefined;
        return {
            targetId: target.targetId ?? targetId,
            status: target.status,
            lifecycleEvents: (target.lifecycleEvents ?? []).map(toLifecycleEvent)
        };
    }
    async stopDeployment(id) {
        const output = await this.call('StopDeployment', `deployment ${id}`, 'write', abortSignal => this.client.send(new client_codedeploy_dist_cjs/* StopDeploymentCommand */.NzN({ deploymentId: id, autoRollbackEnabled: true }), {
            abortSignal
        }));
        return { status: output.status, message: output.statusMessage };
    }
    clientFor(options) {
        return options.polling ? this.pollClient : this.client;
    }
}
function toDeploymentGroup(info, application, group) {
    const pair = info.loadBalancerInfo?.targetGroupPairInfoList?.[0];
    return {
        application: info.applicationName ?? application,
        name: info.deploymentGroupName ?? group,
        computePlatform: info.computePlatform,
        deploymentConfigName: info.deploymentConfigName,
        ecsServices: (info.ecsServices ?? []).map(service => ({
            cluster: service.clusterName ?? '',
            service: service.serviceName ?? ''
        })),
        targetGroups: (pair?.targetGroups ?? []).map(target => target.name ?? ''),
        autoRollback: {
            enabled: info.autoRollbackConfiguration?.enabled ?? false,
            events: info.autoRollbackConfiguration?.events ?? []
        }
    };
}
function toLifecycleEvent(event) {
    const diagnostics = event.diagnostics;
    return {
        name: event.lifecycleEventName ?? 'Unknown',
        status: event.status ?? 'Unknown',
        startedAt: event.startTime?.getTime(),
        endedAt: event.endTime?.getTime(),
        diagnostics: diagnostics && {
            errorCode: diagnostics.errorCode,
            scriptName: diagnostics.scriptName,
            message: diagnostics.message,
            logTail: diagnostics.logTail
        }
    };
}

;// CONCATENATED MODULE: ./src/aws/adapters.ts
// The SDK-backed adapters, as one module: clients.ts imports it on first use, so the bundler
// emits it (and the AWS SDK's shared core) as one chunk, loaded once by the runs that need AWS.










/***/ })

};

//# sourceMappingURL=641.index.js.map