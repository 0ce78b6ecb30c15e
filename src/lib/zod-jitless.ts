/**
 * Turns zod's JIT off before any schema exists, without loading zod (imported first by
 * hooks.client.ts and the service worker).
 *
 * zod 4 compiles object parsers with `new Function` when it may; to find out, it probes
 * `new Function('')` the first time an object schema is built. Our CSP forbids eval, so the probe
 * fails — and the browser still reports the caught attempt as a CSP violation (a console error,
 * Lighthouse's "issues" audit). With `jitless` set zod skips the probe and parses without eval,
 * as it would after the failed probe anyway. zod keeps its configuration on this global and
 * reuses an object already there, so it is set here without importing zod: a page's first load
 * does not have to carry zod just for this line (zod-jitless.test.ts checks zod reads it).
 */
type ZodGlobal = { __zod_globalConfig?: { jitless?: boolean } };

const g = globalThis as ZodGlobal;
g.__zod_globalConfig ??= {};
g.__zod_globalConfig.jitless = true;

export {};
