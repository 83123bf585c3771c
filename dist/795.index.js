export const id = 795;
export const ids = [795];
export const modules = {

/***/ 4309:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  p: () => (/* binding */ DEFAULT_CALL_BOUNDS),
  pu: () => (/* binding */ awsCaller),
  W1: () => (/* binding */ boundedClientConfig),
  aW: () => (/* binding */ callContext)
});

// UNUSED EXPORTS: CONNECTION_TIMEOUT_MS, POLL_DEADLINE_MS, READ_DEADLINE_MS, REQUEST_TIMEOUT_MS, WRITE_DEADLINE_MS, boundedRequestHandler, callAws

// EXTERNAL MODULE: ./node_modules/@smithy/node-http-handler/dist-cjs/index.js
var dist_cjs = __webpack_require__(1279);
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
/** Long enough for the SDK's three attempts on a slow but live endpoint. */
const READ_DEADLINE_MS = 30_000;
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
    return new dist_cjs.NodeHttpHandler({
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
 * Runs one SDK call within its deadline. `send` gets the AbortSignal to pass to
 * `client.send(command, { abortSignal })`, which cancels the request in flight; the deadline
 * fails the call even if the SDK would not notice the abort (between retries). Every failure
 * becomes the adapter's error type naming the operation and its subject.
 */
async function callAws(call, context, send) {
    const deadlineMs = deadlineFor(call.kind, context.bounds);
    const controller = new AbortController();
    let timer;
    const deadline = new Promise((_, reject) => {
        timer = setTimeout(() => {
            controller.abort();
            reject(deadlineError(call, deadlineMs, context.errorClass));
        }, deadlineMs);
    });
    try {
        return await Promise.race([send(controller.signal), deadline]);
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
function deadlineFor(kind, bounds) {
    if (kind === 'poll')
        return bounds.pollDeadlineMs;
    return kind === 'write' ? bounds.writeDeadlineMs : bounds.readDeadlineMs;
}
/**
 * A read that did not answer is worth asking again; a write may have been applied with its
 * reply lost, so it is not retried blindly and the message says to look first.
 */
function deadlineError(call, deadlineMs, errorClass) {
    const write = call.kind === 'write';
    const explanation = write
        ? `the change may have been made even so: look at the ${call.subject} before re-running`
        : 'the endpoint may be unreachable or overloaded: re-run, or check AWS_ENDPOINT_URL_* and the network';
    return new errorClass(`${call.service} ${call.operation} did not answer within ${deadlineMs / 1000}s for ${call.subject} — ${explanation}`, call.operation, 'DeadlineExceeded', !write, explanation);
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
    return (operation, subject, kind, send) => callAws({ service, iamPrefix, operation, subject, kind }, context, send);
}
/** The context of an adapter built around a client the caller made (tests, other wiring). */
function callContext(errorClass, options = {}) {
    return {
        bounds: options.bounds ?? DEFAULT_CALL_BOUNDS,
        env: options.env ?? process.env,
        errorClass
    };
}


/***/ }),

/***/ 8795:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SdkEcrApi: () => (/* binding */ SdkEcrApi),
/* harmony export */   createEcrApi: () => (/* binding */ createEcrApi),
/* harmony export */   declaredMediaType: () => (/* binding */ declaredMediaType),
/* harmony export */   registryHost: () => (/* binding */ registryHost)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8249);
/* harmony import */ var _aws_call_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4309);
/* harmony import */ var _call_error_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3205);
/* harmony import */ var _ecr_api_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2682);




/**
 * The real client: region, credentials and AWS_ENDPOINT_URL_ECR come from the environment;
 * every call is bounded (`bounds`, see aws-call.ts).
 */
function createEcrApi(env = process.env, bounds = _aws_call_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_CALL_BOUNDS */ .p) {
    const client = new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_3__/* .ECRClient */ .S70((0,_aws_call_js__WEBPACK_IMPORTED_MODULE_0__/* .boundedClientConfig */ .W1)(env, bounds));
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
        this.call = (0,_aws_call_js__WEBPACK_IMPORTED_MODULE_0__/* .awsCaller */ .pu)('ECR', 'ecr', (0,_aws_call_js__WEBPACK_IMPORTED_MODULE_0__/* .callContext */ .aW)(_ecr_api_js__WEBPACK_IMPORTED_MODULE_2__/* .EcrCallError */ .Ph, options));
    }
    async region() {
        return this.client.config.region();
    }
    async describeRepository(name) {
        try {
            const answer = await this.call('DescribeRepositories', `repository ${name}`, 'read', abortSignal => this.client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_3__/* .DescribeRepositoriesCommand */ .pE_({ repositoryNames: [name] }), {
                abortSignal
            }));
            const repository = answer.repositories?.[0];
            return repository ? toRepository(repository, name) : undefined;
        }
        catch (error) {
            if ((0,_call_error_js__WEBPACK_IMPORTED_MODULE_1__/* .isNotFound */ .c4)(error, 'Repository'))
                return undefined;
            throw error;
        }
    }
    async createRepository(name, options) {
        let answer;
        try {
            answer = await this.call('CreateRepository', `repository ${name}`, 'write', abortSignal => this.client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_3__/* .CreateRepositoryCommand */ .WTe({
                repositoryName: name,
                imageTagMutability: options.immutableTags ? 'IMMUTABLE' : 'MUTABLE',
                imageScanningConfiguration: { scanOnPush: options.scanOnPush }
            }), { abortSignal }));
        }
        catch (error) {
            // Another job created it between our DescribeRepositories and CreateRepository.
            if ((0,_call_error_js__WEBPACK_IMPORTED_MODULE_1__/* .awsErrorCode */ .J6)(error) !== 'RepositoryAlreadyExistsException')
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
            const answer = await this.call('DescribeImages', `tag ${tag} in repository ${repository}`, 'read', abortSignal => this.client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_3__/* .DescribeImagesCommand */ .ji5({
                repositoryName: repository,
                imageIds: [{ imageTag: tag }]
            }), { abortSignal }));
            const detail = answer.imageDetails?.find(image => image.imageTags?.includes(tag)) ??
                answer.imageDetails?.[0];
            return detail?.imageDigest ? { digest: detail.imageDigest } : undefined;
        }
        catch (error) {
            if ((0,_call_error_js__WEBPACK_IMPORTED_MODULE_1__/* .isNotFound */ .c4)(error, 'Image'))
                return undefined;
            throw error;
        }
    }
    async getManifest(repository, tag) {
        const answer = await this.call('BatchGetImage', `tag ${tag} in repository ${repository}`, 'read', abortSignal => this.client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_3__/* .BatchGetImageCommand */ .P8n({
            repositoryName: repository,
            imageIds: [{ imageTag: tag }],
            acceptedMediaTypes: [..._ecr_api_js__WEBPACK_IMPORTED_MODULE_2__/* .MANIFEST_MEDIA_TYPES */ .$T]
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
    async putImageTag(repository, tag, manifest) {
        try {
            await this.call('PutImage', `tag ${tag} in repository ${repository}`, 'write', abortSignal => this.client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_3__/* .PutImageCommand */ .SUU({
                repositoryName: repository,
                imageTag: tag,
                imageManifest: manifest.manifest,
                imageManifestMediaType: manifest.mediaType,
                imageDigest: manifest.digest
            }), { abortSignal }));
            return 'tagged';
        }
        catch (error) {
            const code = (0,_call_error_js__WEBPACK_IMPORTED_MODULE_1__/* .awsErrorCode */ .J6)(error);
            if (code === 'ImageAlreadyExistsException')
                return 'already-tagged';
            if (code === 'ImageTagAlreadyExistsException') {
                throw new _ecr_api_js__WEBPACK_IMPORTED_MODULE_2__/* .EcrTagConflictError */ .lm(repository, tag, error.message);
            }
            throw error;
        }
    }
    async getAuthorization() {
        const answer = await this.call('GetAuthorizationToken', 'the registry of this account', 'read', abortSignal => this.client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_3__/* .GetAuthorizationTokenCommand */ .Eu6({}), { abortSignal }));
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


/***/ })

};

//# sourceMappingURL=795.index.js.map