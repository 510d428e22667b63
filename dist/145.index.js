export const id = 145;
export const ids = [145];
export const modules = {

/***/ 145:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createOctokit: () => (/* binding */ createOctokit),
/* harmony export */   githubClients: () => (/* binding */ githubClients)
/* harmony export */ });
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1351);
/* harmony import */ var _actions_github_lib_utils__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5555);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6856);
/* harmony import */ var _github_graphql_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6353);
/**
 * The one Octokit of a run (retry + throttling) and the per-consumer clients over it. Kept apart from
 * github.ts because Octokit and its HTTP stack are most of the bundle: main.ts imports this module only
 * when a run first calls GitHub.
 */





/** Failures that a retry cannot fix; 403/429 rate limits are retried by the throttling plugin instead. */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];
const MAX_RETRIES = 2;
const MAX_RATE_LIMIT_RETRIES = 2;
/** A longer wait than this would hold the runner (and the lock of `concurrency`) for nothing. */
const MAX_RETRY_AFTER_SECONDS = 60;
/** Stands in for the throttling plugin's write queues when spacing is off: runs the job at once. */
const UNSPACED = {
    key: () => ({ schedule: (_options, job) => job() })
};
function createOctokit(options) {
    const { reporter } = options;
    const secondMs = options.timing?.secondMs ?? 1000;
    const spacing = options.timing?.spaceWrites === false ? { write: UNSPACED, notifications: UNSPACED } : {};
    const onLimit = (kind) => (retryAfter, request, _octokit, retries) => {
        // Only method and URL template are logged: the token lives in headers and never reaches a message.
        const what = `${kind} on ${request.method} ${request.url}`;
        if (retries < MAX_RATE_LIMIT_RETRIES && retryAfter <= MAX_RETRY_AFTER_SECONDS) {
            reporter.warning(`${what}: retrying in ${retryAfter} s (retry ${retries + 1} of ${MAX_RATE_LIMIT_RETRIES}).`);
            return true;
        }
        reporter.warning(`${what}: giving up (GitHub asks to wait ${retryAfter} s; ${retries} retries done).`);
        return false;
    };
    const { clock } = options;
    // @actions/github's fetch goes through the runner's proxy settings: the limit wraps it, never replaces it.
    const baseFetch = (_actions_github_lib_utils__WEBPACK_IMPORTED_MODULE_1__/* .defaults */ .NT.request?.fetch ?? fetch);
    const octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(options.token, {
        baseUrl: options.baseUrl,
        userAgent: options.userAgent,
        ...(clock ? { request: { ..._actions_github_lib_utils__WEBPACK_IMPORTED_MODULE_1__/* .defaults */ .NT.request, fetch: clock.limitFetch(baseFetch) } } : {}),
        log: {
            debug: () => undefined,
            info: () => undefined,
            warn: (message) => reporter.warning(message),
            error: (message) => reporter.warning(message)
        },
        retry: { doNotRetry: DO_NOT_RETRY, retries: MAX_RETRIES, retryAfterBaseValue: secondMs },
        throttle: {
            retryAfterBaseValue: secondMs,
            onRateLimit: onLimit('GitHub rate limit'),
            onSecondaryRateLimit: onLimit('GitHub secondary rate limit'),
            ...spacing
        }
    }, _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_2__/* .retry */ .L, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_3__/* .throttling */ .A);
    // Registered after the plugins, so it wraps them: one budget for a call, its retries and their pauses.
    // Every hook level sees the same options object (before-after-hook binds it), so the call's signal is
    // set on it, in `request` options of the call's own: the retry plugin counts retries there, and in the
    // shared defaults its pauses would grow with every failed call of the run (1 s, 4 s, 9 s, 16 s, ...).
    octokit.hook.wrap('request', async (request, route) => {
        if (!clock) {
            route.request = { ...route.request, retryCount: 0 };
            return request(route);
        }
        return clock.call(`${route.method} ${route.url}`, async (signal) => {
            route.request = { ...route.request, signal, retryCount: 0 };
            return request(route);
        });
    });
    return octokit;
}
/** The per-consumer views of one Octokit; the annotations make the compiler check the narrow shapes. */
function githubClients(octokit) {
    const { rest } = octokit;
    const graphql = {
        graphql: (query, variables, options) => octokit.graphql(query, {
            ...variables,
            ...(options?.retries !== undefined ? { request: { retries: options.retries } } : {})
        })
    };
    const git = rest.git;
    const pulls = rest.pulls;
    const repos = rest.repos;
    const issues = {
        readComments: params => (0,_github_graphql_js__WEBPACK_IMPORTED_MODULE_4__/* .readCommentPage */ .R2)(graphql, params),
        listComments: params => octokit.paginate(rest.issues.listComments, { per_page: 100, ...params }),
        createComment: params => rest.issues.createComment(params),
        updateComment: params => rest.issues.updateComment(params),
        deleteComment: params => rest.issues.deleteComment(params),
        removeLabel: params => rest.issues.removeLabel(params),
        createReaction: params => rest.reactions.createForIssueComment(params),
        get: params => rest.issues.get(params)
    };
    return { graphql, git, pulls, issues, repos };
}


/***/ })

};
