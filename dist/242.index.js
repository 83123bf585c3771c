export const id = 242;
export const ids = [242];
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

/***/ 1242:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createEcsApi: () => (/* binding */ createEcsApi)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(212);
/* harmony import */ var _ecs_api_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7901);
/* harmony import */ var _aws_call_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4309);



const DESCRIBE_SERVICES_LIMIT = 10;
const DESCRIBE_TASKS_LIMIT = 100;
/** ListTasks pages (of up to 100 ARNs) read for one deployment's stopped tasks. */
const LIST_TASKS_MAX_PAGES = 5;
/**
 * The EcsApi over `@aws-sdk/client-ecs`. Region from AWS_REGION / AWS_DEFAULT_REGION; the SDK
 * itself honours AWS_ENDPOINT_URL_ECS and the credential chain. Adaptive retries absorb
 * throttling on every call but the rollout watcher's polls, which make one attempt each (the
 * watcher polls again, at its interval, and tolerates transient errors). Every call is bounded
 * (`bounds`, see aws-call.ts): none can hang the job.
 */
function createEcsApi(env = process.env, client, pollClient, bounds = _aws_call_js__WEBPACK_IMPORTED_MODULE_1__/* .DEFAULT_CALL_BOUNDS */ .p) {
    const config = () => (0,_aws_call_js__WEBPACK_IMPORTED_MODULE_1__/* .boundedClientConfig */ .W1)(env, bounds);
    const ecs = client ?? new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .ECSClient */ .Zgc(config());
    const polls = pollClient ?? client ?? new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .ECSClient */ .Zgc({ ...config(), maxAttempts: 1 });
    return new SdkEcsApi(ecs, polls, (0,_aws_call_js__WEBPACK_IMPORTED_MODULE_1__/* .awsCaller */ .pu)('ECS', 'ecs', (0,_aws_call_js__WEBPACK_IMPORTED_MODULE_1__/* .callContext */ .aW)(_ecs_api_js__WEBPACK_IMPORTED_MODULE_0__/* .EcsCallError */ .G6, { bounds, env })));
}
class SdkEcsApi {
    client;
    pollClient;
    call;
    constructor(client, pollClient, 
    /** Runs one SDK call within its deadline; a failure becomes an EcsCallError naming it. */
    call) {
        this.client = client;
        this.pollClient = pollClient;
        this.call = call;
    }
    async describeServices(cluster, services, options = {}) {
        const client = options.polling ? this.pollClient : this.client;
        const result = { services: [], missing: [] };
        for (let i = 0; i < services.length; i += DESCRIBE_SERVICES_LIMIT) {
            const batch = services.slice(i, i + DESCRIBE_SERVICES_LIMIT);
            const output = await this.call('DescribeServices', `service ${batch.join(', ')} in cluster ${cluster}`, options.polling ? 'poll' : 'read', abortSignal => client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .DescribeServicesCommand */ .H7c({ cluster, services: batch }), { abortSignal }));
            result.services.push(...(output.services ?? []).map(toServiceSnapshot));
            for (const failure of output.failures ?? []) {
                result.missing.push({
                    service: (0,_ecs_api_js__WEBPACK_IMPORTED_MODULE_0__/* .nameFromArn */ .NW)(failure.arn ?? ''),
                    reason: failure.reason ?? 'unknown'
                });
            }
        }
        return result;
    }
    async describeTaskDefinition(ref) {
        const output = await this.call('DescribeTaskDefinition', `task definition ${ref}`, 'read', abortSignal => this.client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .DescribeTaskDefinitionCommand */ .Zy$({ taskDefinition: ref }), {
            abortSignal
        }));
        return toRegistered(output.taskDefinition, 'DescribeTaskDefinition');
    }
    async registerTaskDefinition(definition) {
        const output = await this.call('RegisterTaskDefinition', `task definition family ${definition.family}`, 'write', abortSignal => this.client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .RegisterTaskDefinitionCommand */ .$Hl(definition), { abortSignal }));
        return toRegistered(output.taskDefinition, 'RegisterTaskDefinition');
    }
    async updateService(request) {
        const output = await this.call('UpdateService', `service ${request.service} in cluster ${request.cluster}`, 'write', abortSignal => this.client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .UpdateServiceCommand */ .kZr(request), { abortSignal }));
        if (!output.service)
            throw new Error(`UpdateService returned no service for ${request.service} in cluster ${request.cluster}`);
        return toServiceSnapshot(output.service);
    }
    async createService(request) {
        const output = await this.call('CreateService', `service ${request.serviceName} in cluster ${request.cluster}`, 'write', abortSignal => this.client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .CreateServiceCommand */ .JkR(request), { abortSignal }));
        if (!output.service)
            throw new Error(`CreateService returned no service for ${request.serviceName} in cluster ${request.cluster}`);
        return toServiceSnapshot(output.service);
    }
    async listStoppedTasks(cluster, filter) {
        const arns = [];
        let nextToken;
        // Bounded: the watcher asks while a rollout fails, to explain the newly stopped tasks, and
        // the rollout is failed long before hundreds of them stop (max-failed-tasks, the circuit
        // breaker). Past the bound the explanation is partial, never the rollout's verdict.
        for (let page = 0; page < LIST_TASKS_MAX_PAGES; page++) {
            const output = await this.call('ListTasks', `stopped tasks of ${filter.startedBy} in cluster ${cluster}`, 'read', abortSignal => this.client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .ListTasksCommand */ .MYg({
                cluster,
                startedBy: filter.startedBy,
                desiredStatus: 'STOPPED',
                nextToken
            }), { abortSignal }));
            arns.push(...(output.taskArns ?? []));
            nextToken = output.nextToken;
            if (!nextToken)
                break;
        }
        return arns;
    }
    async describeTasks(cluster, taskArns) {
        const tasks = [];
        for (let i = 0; i < taskArns.length; i += DESCRIBE_TASKS_LIMIT) {
            const batch = taskArns.slice(i, i + DESCRIBE_TASKS_LIMIT);
            const output = await this.call('DescribeTasks', `${batch.length} task(s) in cluster ${cluster}`, 'read', abortSignal => this.client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .DescribeTasksCommand */ .z8X({ cluster, tasks: batch }), { abortSignal }));
            tasks.push(...(output.tasks ?? []).map(toTaskInfo));
        }
        return tasks;
    }
}
function toServiceSnapshot(service) {
    const breaker = service.deploymentConfiguration?.deploymentCircuitBreaker;
    return {
        name: service.serviceName ?? (0,_ecs_api_js__WEBPACK_IMPORTED_MODULE_0__/* .nameFromArn */ .NW)(service.serviceArn ?? ''),
        arn: service.serviceArn,
        status: service.status ?? 'UNKNOWN',
        taskDefinition: service.taskDefinition,
        desiredCount: service.desiredCount ?? 0,
        runningCount: service.runningCount ?? 0,
        pendingCount: service.pendingCount ?? 0,
        deploymentController: service.deploymentController?.type ?? 'ECS',
        circuitBreaker: { enable: breaker?.enable ?? false, rollback: breaker?.rollback ?? false },
        deployments: (service.deployments ?? []).map(toDeploymentInfo),
        events: (service.events ?? []).map(event => ({
            id: event.id ?? `${event.createdAt?.getTime() ?? 0}:${event.message ?? ''}`,
            createdAt: event.createdAt?.getTime() ?? 0,
            message: event.message ?? ''
        })),
        targetGroupArns: [
            ...new Set((service.loadBalancers ?? []).flatMap(balancer => balancer.targetGroupArn ? [balancer.targetGroupArn] : []))
        ]
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
function toRegistered(definition, operation) {
    if (!definition?.taskDefinitionArn || !definition.family) {
        throw new Error(`ECS ${operation} returned no task definition`);
    }
    // A JSON round trip turns the SDK's Date fields into ISO strings: our types are plain JSON.
    const plain = JSON.parse(JSON.stringify(definition));
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
        stopCode: task.stopCode,
        stoppedReason: task.stoppedReason,
        stoppedAt: task.stoppedAt?.getTime(),
        containers: (task.containers ?? []).map(container => ({
            name: container.name ?? '',
            exitCode: container.exitCode,
            reason: container.reason,
            lastStatus: container.lastStatus
        }))
    };
}


/***/ })

};

//# sourceMappingURL=242.index.js.map