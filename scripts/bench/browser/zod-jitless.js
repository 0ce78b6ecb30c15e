/**
 * Imported first by app-bench.js, before any schema is built: the app runs under a CSP without
 * 'unsafe-eval', so its zod parses without compiled (`new Function`) fast paths. This bundle is
 * evaluated through DevTools, where zod's eval probe can pass and then fail at parse time, so
 * it is told up front to parse the way the app does. (zod keeps this config on globalThis.)
 */
(globalThis.__zod_globalConfig ??= {}).jitless = true;
