export const id = 201;
export const ids = [201];
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

/***/ 5201:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  SdkElbApi: () => (/* binding */ SdkElbApi),
  createElbApi: () => (/* binding */ createElbApi)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-elastic-load-balancing-v2/dist-cjs/index.js
var dist_cjs = __webpack_require__(586);
// EXTERNAL MODULE: ./src/aws/aws-call.ts + 1 modules
var aws_call = __webpack_require__(4309);
// EXTERNAL MODULE: ./src/aws/call-error.ts + 1 modules
var call_error = __webpack_require__(3205);
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
function createElbApi(env = process.env, bounds = aws_call/* DEFAULT_CALL_BOUNDS */.p) {
    const client = new dist_cjs/* ElasticLoadBalancingV2Client */.MlD((0,aws_call/* boundedClientConfig */.W1)(env, bounds));
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
        this.call = (0,aws_call/* awsCaller */.pu)('ELB', 'elasticloadbalancing', (0,aws_call/* callContext */.aW)(ElbCallError, options));
    }
    async describeTargetGroups(targetGroupArns) {
        if (targetGroupArns.length === 0)
            return [];
        try {
            const answer = await this.call('DescribeTargetGroups', `target group ${targetGroupArns.join(', ')}`, 'read', abortSignal => this.client.send(new dist_cjs/* DescribeTargetGroupsCommand */.sC7({ TargetGroupArns: [...targetGroupArns] }), { abortSignal }));
            return (answer.TargetGroups ?? []).flatMap(group => group.TargetGroupArn
                ? [
                    {
                        arn: group.TargetGroupArn,
                        name: group.TargetGroupName ?? group.TargetGroupArn,
                        loadBalancerArns: group.LoadBalancerArns ?? []
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
            const answer = await this.call('DescribeLoadBalancers', `load balancer ${loadBalancerArns.join(', ')}`, 'read', abortSignal => this.client.send(new dist_cjs/* DescribeLoadBalancersCommand */.AZi({ LoadBalancerArns: [...loadBalancerArns] }), { abortSignal }));
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
                const answer = await this.call('DescribeListeners', `listeners of load balancer ${loadBalancerArn}`, 'read', abortSignal => this.client.send(new dist_cjs/* DescribeListenersCommand */.AKE({ LoadBalancerArn: loadBalancerArn, Marker: marker }), { abortSignal }));
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
}


/***/ })

};

//# sourceMappingURL=201.index.js.map