export const id = 986;
export const ids = [986];
export const modules = {

/***/ 6986:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  loadConfigFile: () => (/* binding */ loadConfigFile)
});

// UNUSED EXPORTS: MAX_CONFIG_FILE_BYTES, parseConfig

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/util/did-you-mean.ts
var did_you_mean = __webpack_require__(6345);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
// EXTERNAL MODULE: ./src/util/printable.ts
var printable = __webpack_require__(1095);
// EXTERNAL MODULE: ./src/util/user-file.ts
var user_file = __webpack_require__(3832);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/settings/bounded-yaml.ts

/**
 * Bounds on what a config file's YAML may ask of the parser. The file's size is bounded before
 * it is read; these bound the work its structure could make the parser do in that size, so no
 * config keeps the process busy long enough to miss a cancellation signal:
 * - nesting: the parser recurses per level and would overflow its stack (deep `[[[[` or
 *   `- - - -`), slowly;
 * - anchors and aliases: an alias expands to its anchor's whole value, so a few lines can stand
 *   for billions of nodes (the "billion laughs");
 * - duplicate keys are found here in one pass: the parser's own check compares every key of a
 *   mapping with every other, quadratic in a mapping's size.
 * A config is a few levels deep and uses a few anchors; these are far above that.
 */
const YAML_LIMITS = { flowDepth: 64, indicatorsPerLine: 32, anchors: 100, aliases: 100 };
/**
 * The first bound the source breaks, from the lexer's tokens alone (linear, no tree built), or
 * undefined. Block nesting by indentation alone is bounded by the file's size.
 */
function yamlBoundProblem(source, limits = YAML_LIMITS) {
    let offset = 0;
    let flowDepth = 0;
    let indicators = 0;
    let anchors = 0;
    let aliases = 0;
    for (const token of new dist/* Lexer */.JG().lex(source)) {
        // The lexer's own markers (document, scalar, flow end) are not in the source.
        if (token === '\x02' || token === '\x18' || token === '\x1f')
            continue;
        const start = offset;
        offset += token.length;
        const first = token[0];
        if (first === '\n' || first === '\r')
            indicators = 0;
        else if (token === '[' || token === '{') {
            if (++flowDepth > limits.flowDepth)
                return {
                    kind: 'bound',
                    offset: start,
                    message: `flow collections ([ or {) nested more than ${limits.flowDepth} levels deep`
                };
        }
        else if (token === ']' || token === '}')
            flowDepth = Math.max(0, flowDepth - 1);
        else if (flowDepth === 0 && (token === '-' || token === '?' || token === ':')) {
            if (++indicators > limits.indicatorsPerLine)
                return {
                    kind: 'bound',
                    offset: start,
                    message: `more than ${limits.indicatorsPerLine} nested "-", "?" or ":" on one line`
                };
        }
        else if (first === '&') {
            if (++anchors > limits.anchors)
                return {
                    kind: 'bound',
                    offset: start,
                    message: `more than ${limits.anchors} anchors (&name)`
                };
        }
        else if (first === '*') {
            if (++aliases > limits.aliases)
                return {
                    kind: 'bound',
                    offset: start,
                    message: `more than ${limits.aliases} aliases (*name)`
                };
        }
    }
    return undefined;
}
/** Parses after the bounds hold; duplicate keys are errors of the document, as the parser's own check makes them. */
function parseBoundedYaml(source) {
    const problem = yamlBoundProblem(source);
    if (problem)
        return { problem };
    const document = (0,dist/* parseDocument */.Tp)(source, { prettyErrors: true, uniqueKeys: false });
    if (document.errors.length > 0)
        return { document };
    const duplicate = firstDuplicateKey(document.contents);
    if (duplicate)
        return { problem: duplicate };
    return { document };
}
/** 1-based line and column of an offset, for messages (computed only on a problem). */
function linePosition(source, offset) {
    const before = source.slice(0, offset);
    const lineStart = before.lastIndexOf('\n') + 1;
    return { line: before.split('\n').length, col: offset - lineStart + 1 };
}
/** Walks the tree with a stack of its own (the depth is bounded, but no recursion is needed). */
function firstDuplicateKey(root) {
    const pending = [root];
    while (pending.length > 0) {
        const node = pending.pop();
        if ((0,dist/* isMap */.jh)(node)) {
            const seen = new Set();
            for (const { key, value } of node.items) {
                if ((0,dist/* isScalar */.jn)(key)) {
                    const id = `${typeof key.value}:${String(key.value)}`;
                    if (seen.has(id))
                        return {
                            kind: 'syntax',
                            offset: key.range?.[0] ?? 0,
                            message: `Map keys must be unique ("${String(key.value).slice(0, 80)}" is repeated)`
                        };
                    seen.add(id);
                }
                pending.push(value);
            }
        }
        else if (node && typeof node === 'object' && 'items' in node && Array.isArray(node.items)) {
            pending.push(...node.items);
        }
    }
    return undefined;
}

// EXTERNAL MODULE: ./src/settings/absent-config.ts
var absent_config = __webpack_require__(4407);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js
var schemas = __webpack_require__(5156);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/external.js + 75 modules
var external = __webpack_require__(1033);
// EXTERNAL MODULE: ./src/aws/codedeploy-api.ts
var codedeploy_api = __webpack_require__(7622);
// EXTERNAL MODULE: ./src/settings/codedeploy-names.ts
var codedeploy_names = __webpack_require__(4754);
// EXTERNAL MODULE: ./node_modules/zod/v4/core/core.js
var core = __webpack_require__(8532);
// EXTERNAL MODULE: ./src/util/duration.ts
var duration = __webpack_require__(6518);
// EXTERNAL MODULE: ./src/settings/task-hooks.ts
var task_hooks = __webpack_require__(789);
;// CONCATENATED MODULE: ./src/settings/task-hook-schema.ts




// The config shape of `before-deploy` and `after-deploy` under an environment.
const task_hook_schema_text = schemas.string({ error: 'expected a text value' }).trim().min(1, 'must not be empty');
const timeout = schemas.union([schemas.string(), schemas.number()], { error: 'expected a duration such as 10m or 600' })
    .transform((value, context) => {
    try {
        const seconds = (0,duration/* parseDurationSeconds */.lW)(String(value), 'timeout');
        if (seconds >= 1 && seconds <= task_hooks/* MAX_TASK_TIMEOUT_SECONDS */.zR)
            return seconds;
        context.addIssue({
            code: 'custom',
            message: `must be from 1s to ${(0,duration/* formatDuration */.a3)(task_hooks/* MAX_TASK_TIMEOUT_SECONDS */.zR)} (GitHub stops a job after 6h)`
        });
    }
    catch (error) {
        context.addIssue({ code: 'custom', message: (0,errors/* errorMessage */.gJ)(error).replace(/^timeout: /, '') });
    }
    return core/* NEVER */.tm;
});
const taskHookSchema = schemas.strictObject({
    command: schemas.union([task_hook_schema_text, schemas.array(task_hook_schema_text).min(1, 'expected at least one word')], {
        error: 'expected a command: a list of words (exec form) or a string (run with sh -c)'
    }),
    service: task_hook_schema_text.optional(),
    container: task_hook_schema_text.optional(),
    timeout: timeout.optional()
}, { error: 'expected a mapping with command (and service, container, timeout)' });

;// CONCATENATED MODULE: ./src/settings/config-pieces.ts




// The zod pieces the settings table's config keys are built from. The table itself imports no
// zod: its schemas are functions of these pieces, called by config-schema.ts, so the parser
// is loaded only when there is a config file.
const config_pieces_text = schemas.string({ error: 'expected a text value' }).trim().min(1, 'must not be empty');
const variableName = schemas.string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a variable name (letters, digits, _)');
const variableValue = schemas.union([schemas.string(), schemas.number(), schemas.boolean()], {
    error: 'expected a text, number or boolean value'
})
    .transform(value => String(value));
const secretArn = schemas.string({ error: 'expected the ARN of a Secrets Manager secret or SSM parameter' })
    .regex(/^arn:aws[\w-]*:(secretsmanager|ssm):/, 'expected an ARN like arn:aws:ssm:REGION:ACCOUNT:parameter/NAME or arn:aws:secretsmanager:...');
const codeDeployName = schemas.string({ error: 'expected a CodeDeploy name' })
    .regex(codedeploy_names/* CODEDEPLOY_NAME */.JL, `expected a CodeDeploy name (${codedeploy_names/* CODEDEPLOY_NAME_RULE */.Wr})`);
/** The AppSpec's hook events, as the AppSpec builder knows them. */
const CODEDEPLOY_HOOKS = codedeploy_api/* ECS_HOOK_EVENTS */.Y;
const configPieces = {
    z: external,
    text: config_pieces_text,
    variableName,
    variableValue,
    secretArn,
    codeDeployName,
    codeDeployHooks: schemas.partialRecord(schemas["enum"](CODEDEPLOY_HOOKS, {
        error: `expected an AppSpec hook: ${CODEDEPLOY_HOOKS.join(', ')}`
    }), config_pieces_text, { error: 'expected a mapping of lifecycle event to Lambda function name or ARN' }),
    taskHook: taskHookSchema
};

// EXTERNAL MODULE: ./src/settings/table.ts + 1 modules
var table = __webpack_require__(7985);
// EXTERNAL MODULE: ./src/settings/vocabulary.ts
var vocabulary = __webpack_require__(7373);
;// CONCATENATED MODULE: ./src/settings/config-schema.ts




/** The flows a rule may choose: continue answers a paused deployment, which no git event does. */
const RULE_FLOWS = vocabulary/* FLOWS */.As.filter(flow => flow !== 'continue');
// The config file's schema. Keys are kebab-case like the action's inputs; every issue
// zod reports carries the path inside the file, which the loader turns into the message.
// The settings' keys come from the settings table (table.ts); this file adds the structure
// around them (environments, services, rules).

const { text: config_schema_text } = configPieces;
const globs = schemas.union([config_schema_text, schemas.array(config_schema_text).min(1, 'expected at least one pattern')], {
    error: 'expected a glob pattern or a list of them'
});
const environmentName = schemas.string({ error: 'expected an environment name' })
    .regex(/^[A-Za-z0-9][\w.-]*$/, 'expected letters, digits, ".", "_" or "-"');
/**
 * The order zod checks an environment's keys in, so the order its problems are listed in: the
 * order they have always been listed in. A key of the table not named here is checked last.
 */
const CHECK_ORDER = [
    'cluster',
    'service',
    'express-service',
    'services',
    'rollback-scope',
    'wait-until',
    'task-definition',
    'container',
    'service-definition',
    'desired-count',
    'variables',
    'secrets',
    'verify-url',
    'verify-contains',
    'verify-path',
    'codedeploy-application',
    'codedeploy-deployment-group',
    'codedeploy-hooks',
    'values',
    'keep-revisions',
    'delete-revisions',
    'resource-tags',
    'scheduled-tasks',
    'before-deploy',
    'after-deploy'
];
/** The table's keys set at one of `places`, each optional, in CHECK_ORDER. */
function keysAt(...places) {
    const shape = {};
    for (const row of table/* SETTING_ROWS */.zh) {
        if (row.config && places.includes(row.config.at))
            shape[(0,table/* configKey */.ur)(row)] = row.config.schema(configPieces).optional();
    }
    return inCheckOrder(shape);
}
function inCheckOrder(shape) {
    const position = (key) => {
        const at = CHECK_ORDER.indexOf(key);
        return at === -1 ? CHECK_ORDER.length : at;
    };
    const keys = Object.keys(shape).sort((a, b) => position(a) - position(b));
    return Object.fromEntries(keys.map(key => [key, shape[key]]));
}
/** Keys a service may set for itself; they win over the environment's. */
const serviceSchema = schemas.strictObject(keysAt('service'), {
    error: 'expected a mapping of service settings (or {} for the defaults)'
});
const serviceName = schemas.string({ error: 'expected an ECS service name' })
    .regex(/^[A-Za-z0-9][\w-]{0,254}$/, 'expected an ECS service name (letters, digits, - and _)');
// The environment's own keys, and its defaults for its services (a service's own keys win).
const environmentKeys = {
    ...keysAt('environment', 'service'),
    services: schemas.record(serviceName, serviceSchema.nullable().transform(value => value ?? {}))
        .optional()
};
const environmentSchema = schemas.strictObject(inCheckOrder(environmentKeys), { error: 'expected a mapping of environment settings' });
const ruleSchema = schemas.strictObject({
    event: schemas["enum"](vocabulary/* EVENT_KINDS */.dP, { error: `expected one of ${vocabulary/* EVENT_KINDS */.dP.join(', ')}` }).optional(),
    branch: globs.optional(),
    tag: globs.optional(),
    'default-branch': schemas.boolean({ error: 'expected true or false' }).optional(),
    flow: schemas["enum"]([...RULE_FLOWS, 'none'], {
        error: `expected one of ${[...RULE_FLOWS, 'none'].join(', ')}`
    }),
    environment: environmentName.optional()
}, { error: 'expected a mapping with flow and conditions (event, branch, tag, default-branch)' })
    .refine(rule => !(rule.branch && rule.tag), {
    message: 'a rule matches a branch or a tag, not both'
})
    .refine(rule => !(rule.event === 'pull_request' && rule.flow !== 'test' && rule.flow !== 'none'), {
    message: 'a pull_request rule can only run the test flow (pull requests never publish or deploy)',
    path: ['flow']
});
const configSchema = schemas.strictObject({
    ...keysAt('top'),
    environments: schemas.record(environmentName, environmentSchema).optional(),
    rules: schemas.array(ruleSchema, { error: 'expected a list of rules' }).optional()
}, { error: 'expected a mapping with environments and rules' });

;// CONCATENATED MODULE: ./src/settings/config-file.ts











/**
 * Loads and validates the config file. An absent file at the default path means "inputs
 * only"; an absent file the user named explicitly is an error.
 */
function loadConfigFile(path, explicit) {
    if (!(0,external_node_fs_.existsSync)(path))
        return (0,absent_config/* absentConfig */.k)(path, explicit);
    const text = (0,user_file/* readBoundedText */.Ht)(path, `config file ${(0,printable/* printable */.g)(path, 200)}`, {
        maxBytes: MAX_CONFIG_FILE_BYTES,
        fixTooLarge: 'Give the config file itself: a config is a few KiB (environments, rules, hooks); keep long scripts in files of the repository.'
    });
    return parseConfig(text, path);
}
/**
 * A config is a few KiB; this bounds what the YAML parser is given (with the bounds of
 * `bounded-yaml.ts`) so parsing stays well within the cancellation grace on a slow runner.
 */
const MAX_CONFIG_FILE_BYTES = 128 * 1024;
function parseConfig(source, path) {
    const yaml = parseBoundedYaml(source);
    if ('problem' in yaml) {
        const { problem } = yaml;
        const { line, col } = linePosition(source, problem.offset);
        throw problem.kind === 'syntax'
            ? new errors/* InputError */.dz(`${path}:${line}:${col}`, `is not valid YAML (${problem.message})`, 'Fix the YAML syntax.')
            : new errors/* InputError */.dz(`${path}:${line}:${col}`, `has ${problem.message}, over the limit for a config file (${YAML_LIMITS.flowDepth} levels of [ or {, ${YAML_LIMITS.indicatorsPerLine} of "-", "?" or ":" on a line, ${YAML_LIMITS.anchors} anchors, ${YAML_LIMITS.aliases} aliases)`, 'Write the config plainly: a few levels of nesting, a few anchors; a config is a few KiB.');
    }
    const { document } = yaml;
    if (document.errors.length > 0) {
        const first = document.errors[0];
        const line = first.linePos?.[0];
        const where = line ? `${path}:${line.line}:${line.col}` : path;
        throw new errors/* InputError */.dz(where, `is not valid YAML (${first.message.split('\n')[0]})`, 'Fix the YAML syntax.');
    }
    const value = toPlainValue(document, path);
    const parsed = configSchema.safeParse(value);
    if (!parsed.success)
        throw configError(path, parsed.error.issues);
    return toConfigFile(parsed.data, path);
}
/** The document as plain data; an alias that expands past the parser's own bound is refused. */
function toPlainValue(document, path) {
    try {
        return document.toJS({ maxAliasCount: YAML_LIMITS.aliases }) ?? {};
    }
    catch (error) {
        if (!(error instanceof ReferenceError))
            throw error;
        throw new errors/* InputError */.dz(path, `has aliases that expand too far (${(0,printable/* printable */.g)(error.message, 200)})`, 'Write the values out, or use an alias for a small value only.');
    }
}
function configError(path, issues) {
    const lines = issues.map(issue => {
        const at = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
        return `${at}: ${describeIssue(issue)}`;
    });
    const [first, ...rest] = lines;
    const problem = rest.length > 0 ? `${first} (and ${rest.length} more: ${rest.join('; ')})` : first;
    return new errors/* InputError */.dz(path, problem, 'Fix the config file; the keys are described in the README under "Config file".');
}
function describeIssue(issue) {
    // A record key that fails its own schema: report the key's problem, not zod's wrapper.
    if (issue.code === 'invalid_key' && issue.issues[0])
        return `invalid name: ${issue.issues[0].message}`;
    if (issue.code === 'unrecognized_keys') {
        const known = knownKeys(issue.path);
        return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map(k => `"${k}"${(0,did_you_mean/* suggestion */.h)(k, known)}`).join(', ')}`;
    }
    return issue.message;
}
/** The keys the schema allows at an issue's path, for did-you-mean (`container-name` → `container`). */
function knownKeys(path) {
    if (path.length === 0)
        return Object.keys(configSchema.shape);
    if (path.length === 2 && path[0] === 'environments')
        return Object.keys(environmentSchema.shape);
    if (path.length === 4 && path[0] === 'environments' && path[2] === 'services')
        return Object.keys(serviceSchema.shape);
    if (path.length === 2 && path[0] === 'rules')
        return Object.keys(ruleSchema.shape);
    if (path.at(-1) === 'codedeploy-hooks')
        return [...CODEDEPLOY_HOOKS];
    if (path.length === 3 && path[0] === 'environments' && task_hooks/* TASK_HOOKS */.bw.some(hook => hook === path[2]))
        return Object.keys(taskHookSchema.shape);
    return [];
}
function toConfigFile(raw, path) {
    const environments = {};
    for (const [name, env] of Object.entries(raw.environments ?? {})) {
        if (env.service !== undefined && env.services !== undefined) {
            throw new errors/* InputError */.dz(`${path}: environments.${name}`, 'sets both service and services', 'Keep service for one service, or list every service under services.');
        }
        if (env.services !== undefined && Object.keys(env.services).length === 0) {
            throw new errors/* InputError */.dz(`${path}: environments.${name}.services`, 'lists no service', 'Name each ECS service of the release under services (web: {}, worker: {...}).');
        }
        const where = (key) => `${path}: environments.${name}.${key}`;
        const [container, ...sidecars] = toList(env.container) ?? [];
        environments[name] = {
            ...fromTable(env, 'environment', where),
            services: env.services && toServices(env.services, where),
            container,
            sidecars
        };
    }
    const rules = raw.rules?.map(rule => ({
        event: rule.event,
        branch: toList(rule.branch),
        tag: toList(rule.tag),
        defaultBranch: rule['default-branch'],
        flow: rule.flow,
        environment: rule.environment
    }));
    return {
        path,
        ecrRepository: raw['ecr-repository'],
        ...(raw['on-pause'] ? { onPause: raw['on-pause'] } : {}),
        ...(raw['default-branch'] ? { defaultBranch: raw['default-branch'] } : {}),
        environments,
        rules
    };
}
function toServices(raw, where) {
    const services = {};
    for (const [name, service] of Object.entries(raw)) {
        services[name] = {
            ...fromTable(service, 'service', key => where(`services.${name}.${key}`)),
            containers: toList(service.container)
        };
    }
    return services;
}
/**
 * The settings table's keys of an environment (its own and its services' defaults) or of a
 * service, by their field names: checked, converted, and for an environment, absent ones empty.
 * `container` is left to the caller: a list in the file, a main container and sidecars here.
 */
function fromTable(raw, level, where) {
    const fields = {};
    for (const row of table/* SETTING_ROWS */.zh) {
        const place = row.config;
        if (!place || !row.field || row.name === 'container-name')
            continue;
        if (place.at !== 'service' && (level === 'service' || place.at !== 'environment'))
            continue;
        const key = (0,table/* configKey */.ur)(row);
        const value = raw[key];
        if (value === undefined) {
            // A fresh empty value per environment: nothing shares the table's.
            const empty = place.absent && (Array.isArray(place.absent) ? [] : {});
            fields[row.field] = level === 'environment' ? empty : undefined;
            continue;
        }
        place.check?.(value, where(key));
        fields[row.field] = place.toValue ? place.toValue(value, where(key)) : value;
    }
    return fields;
}
function toList(value) {
    if (value === undefined)
        return undefined;
    return Array.isArray(value) ? value : [value];
}


/***/ })

};

//# sourceMappingURL=986.index.js.map