export const id = 390;
export const ids = [390];
export const modules = {

/***/ 7390:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SdkElbApi: () => (/* binding */ SdkElbApi),
/* harmony export */   createElbApi: () => (/* binding */ createElbApi)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(586);
/* harmony import */ var _error_name_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8303);
/* harmony import */ var _explain_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4100);
/* harmony import */ var _region_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7249);




/**
 * The real client: region, credentials and AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2 come from
 * the environment.
 */
function createElbApi(env = process.env) {
    return new SdkElbApi((0,_explain_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .withErrorExplanations */ .P)(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__/* .ElasticLoadBalancingV2Client */ .MlD({ region: (0,_region_js__WEBPACK_IMPORTED_MODULE_2__/* .regionFrom */ .b)(env), retryMode: 'adaptive' }), 'elasticloadbalancing'));
}
/** ElbApi over `@aws-sdk/client-elastic-load-balancing-v2`: SDK shapes and "not found" become ours. */
class SdkElbApi {
    client;
    constructor(client) {
        this.client = client;
    }
    async describeTargetGroups(targetGroupArns) {
        if (targetGroupArns.length === 0)
            return [];
        try {
            const answer = await this.client.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__/* .DescribeTargetGroupsCommand */ .sC7({ TargetGroupArns: [...targetGroupArns] }));
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
            if ((0,_error_name_js__WEBPACK_IMPORTED_MODULE_3__/* .errorName */ .I)(error) === 'TargetGroupNotFoundException')
                return [];
            throw error;
        }
    }
    async describeLoadBalancers(loadBalancerArns) {
        if (loadBalancerArns.length === 0)
            return [];
        try {
            const answer = await this.client.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__/* .DescribeLoadBalancersCommand */ .AZi({ LoadBalancerArns: [...loadBalancerArns] }));
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
            if ((0,_error_name_js__WEBPACK_IMPORTED_MODULE_3__/* .errorName */ .I)(error) === 'LoadBalancerNotFoundException')
                return [];
            throw error;
        }
    }
    async describeListeners(loadBalancerArn) {
        const listeners = [];
        let marker;
        try {
            do {
                const answer = await this.client.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__/* .DescribeListenersCommand */ .AKE({ LoadBalancerArn: loadBalancerArn, Marker: marker }));
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
            if ((0,_error_name_js__WEBPACK_IMPORTED_MODULE_3__/* .errorName */ .I)(error) === 'LoadBalancerNotFoundException')
                return [];
            throw error;
        }
        return listeners;
    }
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

//# sourceMappingURL=390.index.js.map