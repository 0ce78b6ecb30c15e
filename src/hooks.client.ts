// First of all the client's modules: zod must see `jitless` before any schema is built.
import '$lib/zod-jitless';
