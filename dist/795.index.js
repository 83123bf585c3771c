export const id = 795;
export const ids = [795];
export const modules = {

/***/ 8795:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SdkEcrApi: () => (/* binding */ SdkEcrApi),
/* harmony export */   createEcrApi: () => (/* binding */ createEcrApi),
/* harmony export */   declaredMediaType: () => (/* binding */ declaredMediaType),
/* harmony export */   registryHost: () => (/* binding */ registryHost)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8249);
/* harmony import */ var _ecr_api_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2682);
/* harmony import */ var _error_name_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8303);
/* harmony import */ var _explain_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4100);
/* harmony import */ var _region_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7249);





/** The real client: region, credentials and AWS_ENDPOINT_URL_ECR come from the environment. */
function createEcrApi(env = process.env) {
    const client = new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .ECRClient */ .S70({ region: (0,_region_js__WEBPACK_IMPORTED_MODULE_2__/* .regionFrom */ .b)(env), retryMode: 'adaptive' });
    return new SdkEcrApi((0,_explain_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .withErrorExplanations */ .P)(client, 'ecr'));
}
/** EcrApi over `@aws-sdk/client-ecr`: translates SDK shapes and "not found" errors into ours. */
class SdkEcrApi {
    client;
    constructor(client) {
        this.client = client;
    }
    async region() {
        return this.client.config.region();
    }
    async describeRepository(name) {
        try {
            const answer = await this.client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .DescribeRepositoriesCommand */ .pE_({ repositoryNames: [name] }));
            const repository = answer.repositories?.[0];
            return repository ? toRepository(repository, name) : undefined;
        }
        catch (error) {
            if ((0,_error_name_js__WEBPACK_IMPORTED_MODULE_4__/* .errorName */ .I)(error) === 'RepositoryNotFoundException')
                return undefined;
            throw error;
        }
    }
    async createRepository(name, options) {
        try {
            const answer = await this.client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .CreateRepositoryCommand */ .WTe({
                repositoryName: name,
                imageTagMutability: options.immutableTags ? 'IMMUTABLE' : 'MUTABLE',
                imageScanningConfiguration: { scanOnPush: options.scanOnPush }
            }));
            if (!answer.repository)
                throw new Error(`ECR CreateRepository returned no repository for ${name}`);
            return toRepository(answer.repository, name);
        }
        catch (error) {
            // Another job created it between our DescribeRepositories and CreateRepository.
            if ((0,_error_name_js__WEBPACK_IMPORTED_MODULE_4__/* .errorName */ .I)(error) !== 'RepositoryAlreadyExistsException')
                throw error;
            const existing = await this.describeRepository(name);
            if (!existing)
                throw error;
            return existing;
        }
    }
    async findImage(repository, tag) {
        try {
            const answer = await this.client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .DescribeImagesCommand */ .ji5({ repositoryName: repository, imageIds: [{ imageTag: tag }] }));
            const detail = answer.imageDetails?.find(image => image.imageTags?.includes(tag)) ??
                answer.imageDetails?.[0];
            return detail?.imageDigest ? { digest: detail.imageDigest } : undefined;
        }
        catch (error) {
            if ((0,_error_name_js__WEBPACK_IMPORTED_MODULE_4__/* .errorName */ .I)(error) === 'ImageNotFoundException')
                return undefined;
            throw error;
        }
    }
    async getManifest(repository, tag) {
        const answer = await this.client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .BatchGetImageCommand */ .P8n({
            repositoryName: repository,
            imageIds: [{ imageTag: tag }],
            acceptedMediaTypes: [..._ecr_api_js__WEBPACK_IMPORTED_MODULE_0__/* .MANIFEST_MEDIA_TYPES */ .$]
        }));
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
            await this.client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .PutImageCommand */ .SUU({
                repositoryName: repository,
                imageTag: tag,
                imageManifest: manifest.manifest,
                imageManifestMediaType: manifest.mediaType,
                imageDigest: manifest.digest
            }));
            return 'tagged';
        }
        catch (error) {
            const name = (0,_error_name_js__WEBPACK_IMPORTED_MODULE_4__/* .errorName */ .I)(error);
            if (name === 'ImageAlreadyExistsException')
                return 'already-tagged';
            if (name === 'ImageTagAlreadyExistsException') {
                throw new _ecr_api_js__WEBPACK_IMPORTED_MODULE_0__/* .EcrTagConflictError */ .l(repository, tag, error.message);
            }
            throw error;
        }
    }
    async getAuthorization() {
        const answer = await this.client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .GetAuthorizationTokenCommand */ .Eu6({}));
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


/***/ }),

/***/ 8303:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ errorName)
/* harmony export */ });
/** The SDK's exception name (`RepositoryNotFoundException`, ...), which is how "not found" is told apart. */
function errorName(error) {
    return error instanceof Error ? error.name : undefined;
}


/***/ }),

/***/ 4100:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ withErrorExplanations)
/* harmony export */ });
/* unused harmony export explainAwsError */
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
    const hint = hintFor(error, action);
    if (hint && !error.message.includes(hint))
        error.message = `${error.message} — ${hint}`;
    return error;
}
function hintFor(error, action) {
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
/** Adds the explanations to every call a client makes; `iamPrefix` is `ecs`, `ecr`, ... */
function withErrorExplanations(client, iamPrefix) {
    ;
    client.middlewareStack.add((next, context) => async (args) => {
        try {
            return await next(args);
        }
        catch (error) {
            const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
            throw explainAwsError(error, `${iamPrefix}:${operation}`);
        }
    }, { step: 'initialize', name: 'ecsFlowExplainErrors' });
    return client;
}


/***/ })

};

//# sourceMappingURL=795.index.js.map