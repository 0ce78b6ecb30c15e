/** The sync intents live in the protocol module; this name stays for the many modules that import it. */
export * from './protocol/intents';
