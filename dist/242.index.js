export const id = 242;
export const ids = [242];
export const modules = {

/***/ 1242:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createEcsApi: () => (/* binding */ createEcsApi),
/* harmony export */   toEcsCallError: () => (/* binding */ toEcsCallError)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(212);
/* harmony import */ var _ecs_api_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7901);
/* harmony import */ var _explain_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4100);
/* harmony import */ var _region_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7249);




const DESCRIBE_SERVICES_LIMIT = 10;
const DESCRIBE_TASKS_LIMIT = 100;
/** ListTasks pages (of up to 100 ARNs) read for one deployment's stopped tasks. */
const LIST_TASKS_MAX_PAGES = 5;
/**
 * The EcsApi over `@aws-sdk/client-ecs`. Region from AWS_REGION / AWS_DEFAULT_REGION; the SDK
 * itself honours AWS_ENDPOINT_URL_ECS and the credential chain. Adaptive retries absorb
 * throttling on every call but the rollout watcher's polls, which make one attempt each (the
 * watcher polls again, at its interval, and tolerates transient errors).
 */
function createEcsApi(env = process.env, client, pollClient) {
    const region = client ? undefined : (0,_region_js__WEBPACK_IMPORTED_MODULE_1__/* .regionFrom */ .b)(env);
    const ecs = client ?? (0,_explain_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .withErrorExplanations */ .P)(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_3__/* .ECSClient */ .Zgc({ region, retryMode: 'adaptive' }), 'ecs');
    const polls = pollClient ??
        client ??
        (0,_explain_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .withErrorExplanations */ .P)(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_3__/* .ECSClient */ .Zgc({ region, retryMode: 'adaptive', maxAttempts: 1 }), 'ecs');
    return new SdkEcsApi(ecs, polls);
}
class SdkEcsApi {
    client;
    pollClient;
    constructor(client, pollClient) {
        this.client = client;
        this.pollClient = pollClient;
    }
    async describeServices(cluster, services, options = {}) {
        const client = options.polling ? this.pollClient : this.client;
        const result = { services: [], missing: [] };
        for (let i = 0; i < services.length; i += DESCRIBE_SERVICES_LIMIT) {
            const batch = services.slice(i, i + DESCRIBE_SERVICES_LIMIT);
            const output = await this.call('DescribeServices', `service ${batch.join(', ')} in cluster ${cluster}`, () => client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_3__/* .DescribeServicesCommand */ .H7c({ cluster, services: batch })));
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
        const output = await this.call('DescribeTaskDefinition', `task definition ${ref}`, () => this.client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_3__/* .DescribeTaskDefinitionCommand */ .Zy$({ taskDefinition: ref })));
        return toRegistered(output.taskDefinition, 'DescribeTaskDefinition');
    }
    async registerTaskDefinition(definition) {
        const output = await this.call('RegisterTaskDefinition', `task definition family ${definition.family}`, () => this.client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_3__/* .RegisterTaskDefinitionCommand */ .$Hl(definition)));
        return toRegistered(output.taskDefinition, 'RegisterTaskDefinition');
    }
    async updateService(request) {
        const output = await this.call('UpdateService', `service ${request.service} in cluster ${request.cluster}`, () => this.client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_3__/* .UpdateServiceCommand */ .kZr(request)));
        if (!output.service)
            throw new Error(`UpdateService returned no service for ${request.service} in cluster ${request.cluster}`);
        return toServiceSnapshot(output.service);
    }
    async createService(request) {
        const output = await this.call('CreateService', `service ${request.serviceName} in cluster ${request.cluster}`, () => this.client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_3__/* .CreateServiceCommand */ .JkR(request)));
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
            const output = await this.call('ListTasks', `stopped tasks of ${filter.startedBy} in cluster ${cluster}`, () => this.client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_3__/* .ListTasksCommand */ .MYg({
                cluster,
                startedBy: filter.startedBy,
                desiredStatus: 'STOPPED',
                nextToken
            })));
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
            const output = await this.call('DescribeTasks', `${batch.length} task(s) in cluster ${cluster}`, () => this.client.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_3__/* .DescribeTasksCommand */ .z8X({ cluster, tasks: batch })));
            tasks.push(...(output.tasks ?? []).map(toTaskInfo));
        }
        return tasks;
    }
    /** Runs one SDK call; a failure becomes an EcsCallError naming the operation and its subject. */
    async call(operation, subject, send) {
        try {
            return await send();
        }
        catch (error) {
            throw toEcsCallError(error, operation, subject);
        }
    }
}
function toEcsCallError(error, operation, subject) {
    const details = error;
    const code = details.name && details.name !== 'Error' ? details.name : (details.code ?? 'Error');
    const message = `ECS ${operation} failed for ${subject}: ${code}: ${details.message ?? String(error)}`;
    return new _ecs_api_js__WEBPACK_IMPORTED_MODULE_0__/* .EcsCallError */ .G6(message, operation, code, isTransient(details));
}
const THROTTLING = /throttl|toomanyrequests|requestlimitexceeded|slowdown|ratelimit/i;
const CONNECTION = /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|EAI_AGAIN|ENOTFOUND|ECONNABORTED|TimeoutError|RequestTimeout.*)$/i;
/** Throttling, 5xx and dropped connections: worth another poll, not worth failing a release. */
function isTransient(error) {
    const status = error.$metadata?.httpStatusCode;
    if (status !== undefined && (status >= 500 || status === 429))
        return true;
    if (error.$fault === 'server')
        return true;
    const names = [error.name, error.code].filter((name) => typeof name === 'string');
    if (names.some(name => THROTTLING.test(name) || CONNECTION.test(name) || name === 'ServerException'))
        return true;
    return /socket hang up|ECONNRESET|ECONNREFUSED|ETIMEDOUT/.test(error.message ?? '');
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

//# sourceMappingURL=242.index.js.map