/**
 * Accounts and sign-in (issue 4): sessions in an HttpOnly cookie, Argon2id passwords, a
 * rate limit on failed logins, and the hash-chained audit trail.
 */
export { authenticate, blockedByPasswordChange, type SignedInUser } from './authenticate';
export { appendAudit, verifyChain, canonicalJson, GENESIS_HASH, type AuditEntry, type AuditAction, type ChainReport } from './audit';
export { SESSION_COOKIE, clearSessionCookie, isHttps, readSessionToken, sessionCookieOptions, setSessionCookie } from './cookie';
export {
	demoAccounts,
	demoPasswordsInUse,
	demoSeedEnabled,
	describeDemoPasswordsInUse,
	describeDemoSeed,
	seedDemoIfEmpty,
	type DemoAccount,
	type DemoSeed
} from './demo-seed';
export {
	changeOwnPassword,
	invalidCredentialsMessage,
	logIn,
	logOut,
	loginRequestSchema,
	passwordChangeSchema,
	RateLimited,
	type LoginResult
} from './login';
export { clientAddress } from './client-address';
export { hashPassword, verifyPassword } from './passwords';
export { LoginRateLimiter, loginRateLimiter, defaultLoginLimits, type RateDecision } from './rate-limit';
export {
	createSession,
	deleteExpiredSessions,
	deleteSession,
	deleteUserSession,
	deleteUserSessions,
	listUserSessions,
	sessionLimitsFrom,
	defaultSessionLimits,
	validateSession,
	type SessionLimits,
	type SessionSummary,
	SESSION_TTL_MS,
	SESSION_REFRESH_MS
} from './sessions';
export * as users from './users';
export type { PublicUser, UserSummary } from './users';
