// The part of @20minutes/s3rver (no types of its own) that the test setup uses.
declare module '@20minutes/s3rver' {
	export default class S3rver {
		constructor(options: { address?: string; port?: number; silent?: boolean; directory?: string; allowMismatchedSignatures?: boolean });
		run(): Promise<{ address: string; port: number }>;
		close(): Promise<void>;
	}
}
