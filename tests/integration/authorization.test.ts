/**
 * Authorization, generated from what the server has: every `+server.ts` method found under
 * src/routes and every name in `mutationNames`, checked for every role — national admin,
 * provincial admin, supervisor, inspector, ward — and signed out, against own vs another unit or
 * province. An endpoint without a line in `apiRules`, or a mutation without a rule, fails here.
 *
 * The endpoint matrix: every endpoint × those six callers × own/other province wherever the
 * request can name one (this file's sample for the endpoint says how); an endpoint whose
 * request names no province (health, pull: their rows are filtered, checked by the pull and
 * mutation matrices below) is called once per caller. A new endpoint is in the matrix without an
 * edit here — called with an empty request it must let its callers past authorization and
 * refuse the others — and a province-scoped one without a sample is listed in the output as
 * lacking its own/other check. Each test's name carries its number of combinations.
 *
 * The expected outcomes are read from the rule tables' *data* by small oracles written in this
 * file, not by calling the rule functions: the test checks that the handlers enforce the table,
 * and that the functions mean what the table says.
 */
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '$lib/domain/ids';
import { mutationNames, type MutationArgs, type MutationName } from '$lib/domain/protocol';
import { findingEdges, type FindingStatus } from '$lib/domain/finding-states';
import { inspectionEdges } from '$lib/domain/inspection-states';
import { apiRules, kindWrittenBy, mutationRules, type ApiRule, type Role } from '$lib/domain/permissions';
import type { PlanRequest } from '$lib/domain/plans';
import { blobStore, recordUpload } from '$lib/server/blobs';
import { closeDatabase, getDatabase, type Database } from '$lib/server/db';
import { plans } from '$lib/server/plans';
import { addRosterOfficer } from '$lib/server/roster';
import { createFeedbackPoint } from '$lib/server/feedback-points';
import { registerDeviceKey } from '$lib/server/device-keys';
import { exportPublicJwk, generateDeviceKeyPair, keyIdOf, PART_FORMAT, signPart } from '$lib/domain/team-part';
import { applyPush, pullChanges, type PulledChange } from '$lib/server/sync';
import { publishToWard } from '$lib/server/sync/publish';
import { changeDataSchema, commonMutationErrors, entities, intentErrors, isEntityName, wardSnapshotEntities } from '$lib/domain/protocol';
import { writeTransaction } from '$lib/server/sync/write-transaction';
import { createCaller, routeEvent, type Caller, type RouteRequest } from './support/callers';
import {
	answerArgs,
	deadlineIn,
	failedAnswerArgs,
	findingArgs,
	inspectionArgs,
	jpegImage,
	officerArgs,
	photoArgs,
	submitArgs,
	type TestImage
} from './support/factories';
import { discoverEndpoints, pathFor, type Endpoint } from './support/routes';
import { TestClient, useSyncContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const endpoints = await discoverEndpoints();

/** Hà Nội and Hồ Chí Minh, with communes of each from the 2025 list. */
const P = 1;
const Q = 79;
const unitP = { code: 4, name: 'Phường Ba Đình', provinceCode: P, provinceName: 'Thành phố Hà Nội' };
const unitP70 = { code: 70, name: 'Phường Hoàn Kiếm', provinceCode: P, provinceName: 'Thành phố Hà Nội' };
const unitQ = { code: 25747, name: 'Phường Thủ Dầu Một', provinceCode: Q, provinceName: 'Thành phố Hồ Chí Minh' };

describe('the rule tables cover everything the server has', () => {
	it('finds the endpoints it is generated from: every +server file Vite sees, each with a method', () => {
		expect(endpoints.map((e) => e.key)).toEqual(
			expect.arrayContaining(['POST /api/sync/push', 'GET /api/sync/pull', 'POST /api/plans/inspections'])
		);
		// Vite's own file search, independent of the walk in support/routes.ts (a +server.js too).
		const files = Object.keys(import.meta.glob('/src/routes/**/+server.{ts,js}'));
		const routeIds = files.map((file) => file.replace(/^\/src\/routes/, '').replace(/\/\+server\.(ts|js)$/, '') || '/');
		expect(new Set(endpoints.map((e) => e.routeId))).toEqual(new Set(routeIds));
	});

	it('every endpoint and method has a rule in apiRules', () => {
		const missing = endpoints.map((e) => e.key).filter((key) => !(key in apiRules));
		expect(missing, 'add a line for each to apiRules in src/lib/domain/permissions.ts').toEqual([]);
	});

	it('every rule in apiRules names an endpoint that exists', () => {
		const found = new Set<string>(endpoints.map((e) => e.key));
		expect(Object.keys(apiRules).filter((key) => !found.has(key))).toEqual([]);
	});

	it('every mutation has a rule', () => {
		expect(mutationNames.filter((name) => !mutationRules[name])).toEqual([]);
	});
});

type Target = 'own' | 'other';
type Expected = 'ok' | 401 | 403;

/** What `rule` says `caller` gets for a request naming a unit of their own or another province. */
function expectedFor(rule: ApiRule, caller: Caller | null, target: Target): Expected {
	if (rule.access === 'anyone') return 'ok';
	if (!caller) return 401;
	if (rule.access !== 'signed-in' && !rule.access.includes(caller.user.role)) return 403;
	if (rule.scope === 'province' && target === 'other' && caller.user.provinceCode !== null) return 403;
	return 'ok';
}

/** `canSeeInspection` read from its own words: the province's overseers, the author and assigned inspectors, the ward once approved. */
function seesRecord(caller: Caller, record: RecordUnderTest): boolean {
	const u = caller.user;
	const inProvince = u.provinceCode === null || u.provinceCode === record.provinceCode;
	if (u.role === 'admin' || u.role === 'supervisor') return inProvince;
	if (u.role === 'inspector') return inProvince && (record.ownerId === u.userId || !!record.assignedIds?.includes(u.userId));
	return record.status === 'approved' && u.unitCode === record.unitCode;
}

/** What mutationRules says about `name` by `caller` on a record (or, for create, a unit). */
function expectedMutation(name: MutationName, caller: Caller, record: RecordUnderTest): string {
	const rule = mutationRules[name];
	if (!rule.roles.includes(caller.user.role)) return 'rejected/forbidden';
	const province = caller.user.provinceCode;
	const otherProvince = province !== null && province !== record.provinceCode;
	if (rule.target === 'review') {
		// Read from the inspection state machine's table: roles, author rule, from-states.
		const edge = inspectionEdges[rule.transition];
		if (otherProvince) return 'rejected/forbidden';
		if (edge.author === 'must-not' && record.ownerId === caller.user.userId) return 'rejected/forbidden';
		return edge.from.includes(record.status as never) ? 'applied' : 'conflict/not_editable';
	}
	// A record the caller may not see, unless approval published it, is answered as absent (docs/secrecy.md).
	if (rule.target !== 'create' && record.status !== 'approved' && !seesRecord(caller, record)) return 'rejected/not_found';
	if (rule.target === 'finding-review') {
		if (otherProvince) return 'rejected/forbidden';
		return record.status === 'submitted' ? 'applied' : 'conflict/not_editable';
	}
	if (rule.target === 'finding') {
		const edge = findingEdges[rule.transition];
		const ward = caller.user.role === 'ward';
		if (ward && record.status !== 'approved') return 'rejected/not_found';
		if (ward ? caller.user.unitCode !== record.unitCode : otherProvince) return 'rejected/forbidden';
		if (caller.user.role === 'inspector' && record.ownerId === caller.user.userId) return 'rejected/forbidden';
		if (record.status !== 'approved') return 'conflict/not_editable';
		return edge.from.includes(record.findingStatus!) ? 'applied' : 'conflict/not_editable';
	}
	if (rule.target === 'extension') {
		const ward = caller.user.role === 'ward';
		if (ward && record.status !== 'approved') return 'rejected/not_found';
		if (ward ? caller.user.unitCode !== record.unitCode : otherProvince) return 'rejected/forbidden';
		if (record.status !== 'approved') return 'conflict/not_editable';
		const open = record.findingStatus === 'open' || record.findingStatus === 'reopened';
		if (name === 'requestExtension') return open && !record.extensionRequestId ? 'applied' : 'conflict/not_editable';
		return record.extensionRequestId ? 'applied' : 'conflict/not_editable';
	}
	if (rule.target === 'create') {
		// The sample states no kind, so it is an official record: a ward writes only self-inspections.
		if (kindWrittenBy(caller.user.role) !== 'official') return 'rejected/forbidden';
		return province !== null && province !== record.provinceCode ? 'rejected/forbidden' : 'applied';
	}
	if (rule.target === 'start') {
		// A planned visit is not there for anyone not assigned to it (secrecy): no hint either way.
		if (otherProvince || !record.assignedIds?.includes(caller.user.userId)) return 'rejected/not_found';
		return record.status === 'planned' ? 'applied' : 'conflict/not_editable';
	}
	const open = record.status === 'draft' || record.status === 'returned';
	if (rule.target === 'team-draft' || rule.target === 'member-part') {
		// A member of the record's team writes while it is open, in the sections they hold (issue 17).
		const member = record.ownerId !== caller.user.userId && !!record.assignedIds?.includes(caller.user.userId) && !otherProvince;
		if (member) return open ? memberSample(name, caller.user.userId, record) : 'conflict/not_editable';
		if (rule.target === 'member-part' && record.ownerId === caller.user.userId) return 'rejected/forbidden';
	}
	if (record.ownerId !== caller.user.userId) return 'rejected/forbidden';
	if (!open) return 'conflict/not_editable';
	return writerSample(name, record);
}

/** A team member's sample (`argsFor`) on an open record: items A1 and A3 are in section A; officers need C or D. */
function memberSample(name: MutationName, userId: string, record: RecordUnderTest): string {
	const holdsA = record.holdings?.A === userId;
	switch (name) {
		case 'answerItem':
		case 'attachPhoto':
		case 'setFindingDraft':
			return holdsA ? 'applied' : 'rejected/section_not_held';
		case 'addOfficer':
		case 'updateOfficer':
			return 'rejected/section_not_held';
		case 'holdSections':
			// The sample frees section A: one's own, or a free one, but not another member's.
			return holdsA || !record.holdings?.A ? 'applied' : 'rejected/section_held';
		default:
			return 'applied';
	}
}

/** The writer's sample on an open record: some need the team's state to apply. */
function writerSample(name: MutationName, record: RecordUnderTest): string {
	if (name === 'resolveAnswerConflict') return record.conflict ? 'applied' : 'rejected/not_found';
	if (name === 'releaseMember') return record.assignedIds?.length ? 'applied' : 'rejected/not_on_team';
	if (name === 'submitInspection' && record.conflict) return 'rejected/answer_conflicts_open';
	return 'applied';
}

interface RecordUnderTest {
	label: string;
	id: string;
	ownerId: string;
	status: string;
	provinceCode: number;
	officer: MutationArgs<'addOfficer'>;
	/** Inspectors assigned to a planned visit. */
	assignedIds?: string[];
	/** For review and finding intents: the commune, and the record's one finding. */
	unitCode?: number;
	findingId?: string;
	findingStatus?: FindingStatus;
	/** The commune's extension request waiting for a decision (stage 'extensionRequested'). */
	extensionRequestId?: string;
	/** A team's record (issue 17): who holds which section, and the stamp of a version of an open conflict. */
	holdings?: Record<string, string>;
	conflict?: { answeredBy: string; answeredAt: string };
}

describe.each(testDatabases)('authorization on $name', (kind) => {
	const ctx = useSyncContext(kind, { migrate: false });
	const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
	let db: Kysely<Database>;
	const who: Record<string, Caller> = {};
	const clients = new Map<string, TestClient>();
	let stored: TestImage;

	const clientOf = (caller: Caller) => {
		let client = clients.get(caller.user.userId);
		if (!client) clients.set(caller.user.userId, (client = new TestClient(caller.user)));
		return client;
	};
	const push = (caller: Caller, mutations: unknown[]) =>
		applyPush(db, caller.user, { clientId: clientOf(caller).clientId, mutations: mutations as never }, { blobs: blobStore() });

	beforeAll(async () => {
		if (kind.skipReason) return;
		// The routes use the process-wide database, like the server; so does everything here.
		process.env.DATA_DIR = join(ctx.fresh.dataDir, 'server');
		if (ctx.fresh.databaseUrl) process.env.DATABASE_URL = ctx.fresh.databaseUrl;
		else delete process.env.DATABASE_URL;
		db = (await getDatabase()).db;

		const make = async (key: string, role: Role, provinceCode: number | null, unitCode: number | null = null) => {
			who[key] = await createCaller(db, role, { provinceCode, unitCode }, key);
		};
		await make('admin', 'admin', P);
		await make('national admin', 'admin', null);
		await make('supervisor', 'supervisor', P);
		await make('supervisor of 79', 'supervisor', Q);
		await make('inspector A', 'inspector', P);
		await make('inspector B', 'inspector', P);
		await make('inspector of 79', 'inspector', Q);
		await make('ward 70', 'ward', P, 70);
		await make('ward 4', 'ward', P, 4);
		await make('ward of 79', 'ward', Q, unitQ.code);
		await make('target of 1', 'inspector', P);
		await make('target of 79', 'inspector', Q);

		stored = jpegImage();
		const put = await blobStore().put(stored.sha256, new Blob([stored.bytes]).stream());
		if (!put.ok) throw new Error(put.message);
		// Every caller uploaded it, so reading it is a question of authorization only (who may read
		// which photo is blob-access.test.ts).
		for (const caller of Object.values(who)) await recordUpload(db, stored.sha256, caller.user.userId);
		// One counter officer on each target unit's roster, for the roster endpoints (docs/roster.md).
		for (const unit of [unitP70, unitQ]) {
			const officer = await addRosterOfficer(db, who['national admin']!.user, String(unit.code), { name: 'Cán bộ một cửa' });
			rosterIds[unit.code] = officer.id;
			await freshFeedbackPoint(unit.code);
		}
	});
	afterAll(async () => {
		await closeDatabase();
		for (const [key, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[key];
			else process.env[key] = value;
		}
	});

	const rosterIds: Record<number, string> = {};
	const rosterUnit = (target: Target) => (target === 'own' ? unitP70 : unitQ).code;

	const planBody = (target: Target): PlanRequest => ({
		id: uuidv7(),
		unit: target === 'own' ? unitP70 : unitQ,
		windowStart: '2025-12-01',
		windowEnd: '2025-12-15',
		assignedInspectorIds: [who[target === 'own' ? 'inspector B' : 'inspector of 79']!.user.userId],
		basis: 'Kế hoạch 15/KH-SNV'
	});

	const json = (method: string, path: string, body: unknown): RouteRequest => ({
		method,
		path,
		body: JSON.stringify(body),
		headers: { 'content-type': 'application/json' }
	});
	const blobRequest = (method: string): RouteRequest => ({
		method,
		path: `/api/blobs/${stored.sha256}`,
		params: { sha256: stored.sha256 }
	});

	/**
	 * A valid, minimal request per endpoint, so an allowed caller gets a 2xx. `fresh`: the call
	 * changes the account (a password), so each call uses a new account of the caller's role.
	 * An endpoint missing here is still checked, with an empty request: allowed callers must then
	 * get past authorization (no 401/403), refused ones must get 401/403.
	 */
	const samples: Record<
		string,
		{
			request: (caller: Caller | null, target: Target) => RouteRequest;
			fresh?: boolean;
			/** The request names the target's province (a unit, an account, a body field). */
			namesProvince?: boolean;
			/** For a list: whether the answer shows the target (another province's rows are withheld, not refused). */
			seesTarget?: (body: unknown, target: Target) => boolean;
			/** Sets the stage before each call (a fresh feedback point to rotate). */
			before?: (target: Target) => Promise<void>;
		}
	> = {
		'GET /api/health': { request: () => ({ method: 'GET', path: '/api/health' }) },
		'POST /api/auth/login': {
			request: (caller) =>
				json('POST', '/api/auth/login', {
					username: (caller ?? who['inspector A']!).user.username,
					password: (caller ?? who['inspector A']!).password
				})
		},
		'POST /api/auth/logout': { request: () => ({ method: 'POST', path: '/api/auth/logout' }) },
		'GET /api/auth/me': { request: () => ({ method: 'GET', path: '/api/auth/me' }) },
		'POST /api/auth/password': {
			request: (caller) =>
				json('POST', '/api/auth/password', { currentPassword: caller?.password ?? 'x', newPassword: 'mat-khau-moi-da-doi-2025' }),
			fresh: true
		},
		'POST /api/sync/push': { request: () => json('POST', '/api/sync/push', { clientId: uuidv7(), mutations: [] }) },
		'GET /api/sync/pull': { request: () => ({ method: 'GET', path: '/api/sync/pull?cursor=0&limit=5' }) },
		'GET /api/blobs/[sha256]': { request: () => blobRequest('GET') },
		'HEAD /api/blobs/[sha256]': { request: () => blobRequest('HEAD') },
		'PUT /api/blobs/[sha256]': {
			request: () => {
				const image = jpegImage(512);
				return { method: 'PUT', path: `/api/blobs/${image.sha256}`, params: { sha256: image.sha256 }, body: image.bytes };
			}
		},
		'POST /api/plans/inspections': {
			request: (_caller, target) => json('POST', '/api/plans/inspections', planBody(target)),
			namesProvince: true
		},
		'GET /api/plans/inspections': { request: () => ({ method: 'GET', path: '/api/plans/inspections' }) },
		// Plans of visits (docs/draw.md); the draw routes keep the empty request (404 past authorization).
		'POST /api/plans': {
			request: (_caller, target) =>
				json('POST', '/api/plans', {
					id: uuidv7(),
					provinceCode: target === 'own' ? P : Q,
					title: 'Kiểm tra đột xuất quý I',
					period: { kind: 'quarter', year: 2026, quarter: 1 },
					scope: { kind: 'province' },
					inspectionType: 'dot_xuat',
					decision: { number: '1/QĐ', date: '2026-01-05', signer: 'Chủ tịch UBND' },
					windowStart: '2026-01-10',
					windowEnd: '2026-03-31'
				}),
			namesProvince: true
		},
		// The supervisor's view of the plans (docs/plans.md): a span of dates of the named province.
		'GET /api/plans/visits': {
			request: (_caller, target) => ({
				method: 'GET',
				path: `/api/plans/visits?from=2026-01-01&to=2026-01-31&province=${target === 'own' ? P : Q}`
			}),
			namesProvince: true
		},
		// Administration: each names an account, a commune or a province of the target's.
		'GET /api/admin/users': {
			request: () => ({ method: 'GET', path: '/api/admin/users' }),
			namesProvince: true,
			seesTarget: (body, target) => (body as { users: { id: string }[] }).users.some((u) => u.id === targetUser(target).user.userId)
		},
		'POST /api/admin/users': {
			request: (_caller, target) =>
				json('POST', '/api/admin/users', {
					username: `can.bo.${uuidv7().slice(-12)}`,
					displayName: 'Cán bộ mới',
					role: 'inspector',
					provinceCode: target === 'own' ? P : Q,
					unitCode: null,
					password: 'Mat-khau-moi-cho-can-bo-2025'
				}),
			namesProvince: true
		},
		'PATCH /api/admin/users/[id]': {
			request: (_caller, target) => ({ ...adminOn('PATCH', 'users', target), body: JSON.stringify({ displayName: 'Tên đã sửa' }) }),
			namesProvince: true
		},
		'POST /api/admin/users/[id]/password': {
			request: (_caller, target) => ({
				...adminOn('POST', 'users', target, '/password'),
				body: JSON.stringify({ password: 'Mat-khau-dat-lai-2025-xyz' })
			}),
			namesProvince: true
		},
		'GET /api/admin/users/[id]/sessions': {
			request: (_caller, target) => adminOn('GET', 'users', target, '/sessions'),
			namesProvince: true
		},
		'DELETE /api/admin/users/[id]/sessions': {
			request: (_caller, target) => adminOn('DELETE', 'users', target, '/sessions'),
			namesProvince: true
		},
		'GET /api/admin/units': {
			request: (_caller, target) => ({ method: 'GET', path: `/api/admin/units?province=${target === 'own' ? P : Q}` }),
			namesProvince: true
		},
		'PUT /api/admin/units/[code]': {
			request: (_caller, target) => ({ ...adminOn('PUT', 'units', target), body: JSON.stringify({ active: true }) }),
			namesProvince: true
		},
		// The roster of Phường Hoàn Kiếm (ward 70's own unit) or of a unit of province 79.
		'GET /api/units/[code]/roster': {
			request: (_caller, target) => ({
				method: 'GET',
				path: `/api/units/${rosterUnit(target)}/roster`,
				params: { code: String(rosterUnit(target)) }
			}),
			namesProvince: true
		},
		'POST /api/units/[code]/roster': {
			request: (_caller, target) => ({
				...json('POST', `/api/units/${rosterUnit(target)}/roster`, { name: 'Cán bộ mới', field: 'Hộ tịch' }),
				params: { code: String(rosterUnit(target)) }
			}),
			namesProvince: true
		},
		'PATCH /api/units/[code]/roster/[id]': {
			request: (_caller, target) => {
				const code = String(rosterUnit(target));
				const id = rosterIds[rosterUnit(target)]!;
				return { ...json('PATCH', `/api/units/${code}/roster/${id}`, { position: 'Công chức' }), params: { code, id } };
			},
			namesProvince: true
		},
		// Feedback points (docs/feedback-point.md) of Phường Hoàn Kiếm (ward 70's own unit) or of a unit of province 79.
		'GET /api/feedback-points': {
			request: () => ({ method: 'GET', path: '/api/feedback-points' }),
			namesProvince: true,
			seesTarget: (body, target) => (body as { points: { id: string }[] }).points.some((p) => p.id === feedbackPointIds[rosterUnit(target)])
		},
		// Each allowed call revokes the unit's active point first, so the create itself is what is judged.
		'POST /api/feedback-points': {
			request: (_caller, target) => json('POST', '/api/feedback-points', { unitCode: rosterUnit(target) }),
			namesProvince: true,
			before: async (target) => revokeActivePoints(rosterUnit(target))
		},
		'POST /api/feedback-points/[id]/rotate': {
			request: (_caller, target) => feedbackPointRequest('rotate', target),
			namesProvince: true,
			before: async (target) => freshFeedbackPoint(rosterUnit(target))
		},
		'POST /api/feedback-points/[id]/revoke': {
			request: (_caller, target) => feedbackPointRequest('revoke', target),
			namesProvince: true,
			before: async (target) => freshFeedbackPoint(rosterUnit(target))
		},
		'GET /api/feedback-points/floods': {
			request: (_caller, target) => ({ method: 'GET', path: `/api/feedback-points/floods?province=${target === 'own' ? P : Q}` }),
			namesProvince: true
		},
		// Citizens' comments (docs/feedback.md): the province's inbox and setting, a unit's own summary.
		'GET /api/feedback-items': {
			request: (_caller, target) => ({ method: 'GET', path: `/api/feedback-items?province=${target === 'own' ? P : Q}` }),
			namesProvince: true
		},
		'GET /api/feedback-settings': {
			request: (_caller, target) => ({ method: 'GET', path: `/api/feedback-settings?province=${target === 'own' ? P : Q}` }),
			namesProvince: true
		},
		'PUT /api/feedback-settings': {
			request: (_caller, target) =>
				json('PUT', '/api/feedback-settings', { provinceCode: target === 'own' ? P : Q, wardSeesComments: false }),
			namesProvince: true
		},
		'GET /api/feedback-summary': {
			request: (_caller, target) => ({ method: 'GET', path: `/api/feedback-summary?unit=${rosterUnit(target)}` }),
			namesProvince: true
		}
	};

	/** The active point of each target unit, made afresh where a sample needs one. */
	const feedbackPointIds: Record<number, string> = {};
	async function revokeActivePoints(unitCode: number) {
		await db
			.updateTable('feedback_points')
			.set({ status: 'revoked' })
			.where('unit_code', '=', unitCode)
			.where('status', '=', 'active')
			.execute();
	}
	async function freshFeedbackPoint(unitCode: number) {
		await revokeActivePoints(unitCode);
		feedbackPointIds[unitCode] = (await createFeedbackPoint(db, who['national admin']!.user, { unitCode })).id;
	}
	function feedbackPointRequest(what: 'rotate' | 'revoke', target: Target): RouteRequest {
		const id = feedbackPointIds[rosterUnit(target)]!;
		return { method: 'POST', path: `/api/feedback-points/${id}/${what}`, params: { id } };
	}

	/** An inspector of province 1 or 79 whose account the admin endpoints act on. */
	const targetUser = (target: Target) => who[target === 'own' ? 'target of 1' : 'target of 79']!;
	/** /api/admin/users/<id>… or /api/admin/units/<code> of the target's province, with its params. */
	function adminOn(method: string, what: 'users' | 'units', target: Target, tail = ''): RouteRequest {
		const params: Record<string, string> =
			what === 'users' ? { id: targetUser(target).user.userId } : { code: String(target === 'own' ? unitP70.code : unitQ.code) };
		const value = Object.values(params)[0]!;
		return { method, path: `/api/admin/${what}/${value}${tail}`, params, headers: { 'content-type': 'application/json' } };
	}

	/** For an endpoint this test has no sample for: no body (GET, HEAD) or `{}`, dummy params. */
	const emptyRequest = (endpoint: Endpoint): RouteRequest => {
		const params = Object.fromEntries(endpoint.params.map((p) => [p, '0']));
		const path = pathFor(endpoint.routeId, params);
		return ['GET', 'HEAD'].includes(endpoint.method)
			? { method: endpoint.method, path, params }
			: { ...json(endpoint.method, path, {}), params };
	};

	/** Signed out, then one account of each role in province 1 (admins: also a national one). */
	const apiCallers = () => [null, who['national admin']!, who['admin']!, who['supervisor']!, who['inspector A']!, who['ward 70']!];

	/** Own and other province where the request can name one (its sample says so), else one call. */
	const targetsOf = (key: string): Target[] => (samples[key]?.namesProvince ? ['own', 'other'] : ['own']);
	const CALLERS = 6;
	const matrix = endpoints.map((e) => [e.key, targetsOf(e.key).length * CALLERS, e] as const);
	const unscoped = endpoints.filter((e) => (apiRules as Record<string, ApiRule>)[e.key]?.scope === 'province' && !samples[e.key]);

	it(`the endpoint matrix: ${matrix.reduce((n, [, count]) => n + count, 0)} combinations of ${endpoints.length} endpoints × ${CALLERS} callers × own/other province`, () => {
		console.log(
			[
				`[authorization] ${kind.name}: endpoint × caller × province`,
				...matrix.map(([key, count]) => `  ${key.padEnd(42)} ${count} (${targetsOf(key).join('/')})`),
				...(unscoped.length
					? [`  province-scoped without a sample naming a province (own/other not checked): ${unscoped.map((e) => e.key).join(', ')}`]
					: [])
			].join('\n')
		);
		expect(apiCallers().map((c) => (c ? `${c.user.role}${c.user.provinceCode === null ? ' (national)' : ''}` : 'signed out'))).toEqual([
			'signed out',
			'admin (national)',
			'admin',
			'supervisor',
			'inspector',
			'ward'
		]);
	});

	it.each(matrix)('%s answers every caller as apiRules says (%i combinations)', async (key, _count, endpoint: Endpoint) => {
		const rule: ApiRule | undefined = (apiRules as Record<string, ApiRule>)[key];
		expect(rule, `no rule for ${key} in apiRules (src/lib/domain/permissions.ts)`).toBeDefined();
		if (!rule) return;
		const sample = samples[key];
		const targets = targetsOf(key);
		const callers = apiCallers();
		const seen: string[] = [];
		const wanted: string[] = [];

		for (const target of targets) {
			for (const base of callers) {
				const caller = base && sample?.fresh ? await createCaller(db, base.user.role, base.user, base.label) : base;
				await sample?.before?.(target);
				const request = sample ? sample.request(caller, target) : emptyRequest(endpoint);
				const event = await routeEvent(db, endpoint.routeId, request, caller);
				const response = await endpoint.handler(event as never);
				// A list withholds another province's rows where a call naming it would be refused.
				const refusedByProvince = expectedFor(rule, caller, 'own') === 'ok' && expectedFor(rule, caller, target) === 403;
				const expected = sample?.seesTarget && refusedByProvince ? 'withheld' : expectedFor(rule, caller, target);
				const name = `${caller?.label ?? 'signed out'} → ${target} province`;
				let got: string;
				if (response.status >= 500) got = `${response.status}`;
				else if (response.status === 401 || response.status === 403) got = `${response.status}`;
				else if (sample) got = response.status < 300 ? 'ok' : `${response.status}`;
				else got = 'ok'; // no valid sample: getting past authorization is what is checked
				if (got === 'ok' && sample?.seesTarget && !sample.seesTarget(await response.clone().json(), target)) got = 'withheld';
				seen.push(`${name}: ${got}`);
				wanted.push(`${name}: ${expected}`);
				if (got === '401' || got === '403') {
					const body = (await response.json()) as { error?: { code?: string; message?: string } };
					expect(body.error?.message, `${key} ${name} refusal needs a message`).toBeTruthy();
				}
			}
		}
		expect(seen).toEqual(wanted);
	});

	/** Valid arguments for each mutation on a record; a new mutation without a line fails here. */
	const argsFor: { [N in MutationName]: (r: RecordUnderTest) => MutationArgs<N> | Promise<MutationArgs<N>> } = {
		createInspection: (r) => inspectionArgs({ unit: r.provinceCode === P ? unitP : unitQ }),
		startPlannedInspection: (r) => ({ inspectionId: r.id, startedAt: new Date().toISOString(), position: null, positionNote: '' }),
		updateInspectionHeader: (r) => ({ inspectionId: r.id, patch: { basis: 'Kế hoạch 7/KH-SNV' } }),
		addOfficer: (r) => officerArgs(r.id),
		updateOfficer: (r) => ({ ...r.officer, name: 'Lê Văn Cường (sửa)' }),
		removeOfficer: (r) => ({ inspectionId: r.id, officerId: r.officer.id }),
		answerItem: (r) => answerArgs(r.id, 'A1'),
		attachPhoto: (r) => photoArgs(r.id, stored),
		removePhoto: (r) => ({ inspectionId: r.id, photoId: uuidv7() }),
		setFindingDraft: (r) => ({ inspectionId: r.id, itemId: 'A3', recommendation: 'Niêm yết bổ sung', deadline: deadlineIn(30) }),
		signInspection: (r) => ({
			refused: true,
			inspectionId: r.id,
			role: 'unit_rep',
			signerName: 'Trần Thị Bình',
			signerPosition: '',
			refusalReason: 'Không đồng ý với kết luận',
			signedAt: new Date().toISOString()
		}),
		submitInspection: (r) => submitArgs(r.id, [findingArgs(r.id)]),
		returnInspection: (r) => ({ inspectionId: r.id, comment: 'Bổ sung ảnh mục A1' }),
		approveInspection: (r) => ({ inspectionId: r.id, comment: '' }),
		adjustFinding: (r) => ({ findingId: r.findingId!, severity: 'critical', deadline: deadlineIn(60), comment: 'Nghiêm trọng' }),
		reportFix: (r) => ({
			findingId: r.findingId!,
			eventId: uuidv7(),
			text: 'Đã niêm yết bổ sung',
			photos: [photoArgs(r.id, stored)].map(({ inspectionId: _i, itemId: _t, officerId: _o, ...photo }) => photo),
			reportedAt: new Date().toISOString()
		}),
		verifyFix: (r) => ({ findingId: r.findingId!, eventId: uuidv7(), comment: '' }),
		reopenFinding: (r) => ({ findingId: r.findingId!, eventId: uuidv7(), reason: 'Ảnh chưa cho thấy bảng niêm yết mới' }),
		requestExtension: (r) => ({ findingId: r.findingId!, eventId: uuidv7(), deadline: deadlineIn(60), reason: 'Chờ kinh phí in bảng' }),
		grantExtension: (r) => ({
			findingId: r.findingId!,
			eventId: uuidv7(),
			requestId: r.extensionRequestId ?? uuidv7(),
			deadline: deadlineIn(60),
			comment: ''
		}),
		refuseExtension: (r) => ({
			findingId: r.findingId!,
			eventId: uuidv7(),
			requestId: r.extensionRequestId ?? uuidv7(),
			reason: 'Không đủ căn cứ'
		}),
		holdSections: (r) => ({ inspectionId: r.id, sectionIds: ['A'], userId: null }),
		resolveAnswerConflict: (r) => ({
			inspectionId: r.id,
			itemId: 'A1',
			officerId: '',
			chosen: r.conflict ?? { answeredBy: uuidv7(), answeredAt: new Date().toISOString() }
		}),
		handInPart: (r) => ({ inspectionId: r.id, handedInAt: new Date().toISOString() }),
		releaseMember: (r) => ({
			inspectionId: r.id,
			userId: r.assignedIds?.[0] ?? uuidv7(),
			reason: 'Không có sóng, phần việc đã đọc lại tại chỗ'
		}),
		relayPart: (r) => relayedPart(r),
		recordInterview: (r) => ({
			interviewId: uuidv7(),
			inspectionId: r.id,
			questionnaireId: 'phong-van-nguoi-dan',
			questionnaireVersion: '2026.1',
			answers: { Q1: 4, Q7: 'no' },
			facts: { ageBand: '30-44' },
			takenAt: new Date().toISOString()
		}),
		removeInterview: (r) => ({ inspectionId: r.id, interviewId: uuidv7() })
	};

	/** A part of a member on `r`'s team (assigned, key registered), signed: only the writer may relay it. */
	let relayMember: { caller: Caller; keys: CryptoKeyPair; keyId: string } | null = null;
	async function relayedPart(r: RecordUnderTest): Promise<MutationArgs<'relayPart'>> {
		if (!relayMember) {
			const caller = await createCaller(db, 'inspector', { provinceCode: P }, 'relaying member');
			const keys = await generateDeviceKeyPair();
			const publicJwk = await exportPublicJwk(keys.publicKey);
			const { keyId } = await registerDeviceKey(db, caller.user, { keyId: await keyIdOf(publicJwk), publicJwk });
			relayMember = { caller, keys, keyId };
		}
		const { caller, keys, keyId } = relayMember;
		const userId = caller.user.userId;
		await db
			.insertInto('inspection_assignments')
			.values({ inspection_id: r.id, user_id: userId, assigned_by: r.ownerId, assigned_at: new Date().toISOString() })
			.onConflict((oc) => oc.doNothing())
			.execute();
		const take = { mutationId: uuidv7(), createdAt: new Date().toISOString(), schemaVersion: 1, name: 'holdSections' as const };
		return signPart(
			{
				format: PART_FORMAT,
				inspectionId: r.id,
				userId,
				keyId,
				createdAt: new Date().toISOString(),
				mutations: [{ ...take, args: { inspectionId: r.id, sectionIds: ['B'], userId } }]
			},
			keys.privateKey
		);
	}

	type Stage = 'draft' | 'submitted' | 'approved' | 'fixReported' | 'extensionRequested';

	/**
	 * A record of `owner` in `unit` with one finding, brought to `stage` by the real intents
	 * (approval by the national admin, a fix reported by the commune's ward).
	 */
	async function reviewedRecord(owner: Caller, unit: typeof unitP, stage: Stage): Promise<RecordUnderTest> {
		const client = clientOf(owner);
		const inspection = inspectionArgs({ unit });
		const finding = findingArgs(inspection.id);
		const mutations = [client.mutation('createInspection', inspection), client.mutation('answerItem', failedAnswerArgs(inspection.id))];
		if (stage !== 'draft') mutations.push(client.mutation('submitInspection', submitArgs(inspection.id, [finding])));
		expect((await push(owner, mutations)).results.map((r) => r.status)).toEqual(mutations.map(() => 'applied'));
		if (stage === 'approved' || stage === 'fixReported' || stage === 'extensionRequested') {
			const admin = who['national admin']!;
			const approved = await push(admin, [clientOf(admin).mutation('approveInspection', { inspectionId: inspection.id, comment: '' })]);
			expect(approved.results[0]?.status).toBe('applied');
		}
		if (stage === 'fixReported') {
			const ward = Object.values(who).find((c) => c.user.role === 'ward' && c.user.unitCode === unit.code)!;
			const fix = { findingId: finding.id, eventId: uuidv7(), text: 'Đã khắc phục', photos: [], reportedAt: new Date().toISOString() };
			expect((await push(ward, [clientOf(ward).mutation('reportFix', fix)])).results[0]?.status).toBe('applied');
		}
		let extensionRequestId: string | undefined;
		if (stage === 'extensionRequested') {
			const ward = Object.values(who).find((c) => c.user.role === 'ward' && c.user.unitCode === unit.code)!;
			const ask = { findingId: finding.id, eventId: uuidv7(), deadline: deadlineIn(45), reason: 'Chờ kinh phí' };
			expect((await push(ward, [clientOf(ward).mutation('requestExtension', ask)])).results[0]?.status).toBe('applied');
			extensionRequestId = ask.eventId;
		}
		return {
			label: `${stage} of ${owner.label} in ${unit.code}`,
			id: inspection.id,
			ownerId: owner.user.userId,
			status: stage === 'fixReported' || stage === 'extensionRequested' ? 'approved' : stage,
			provinceCode: unit.provinceCode,
			officer: officerArgs(inspection.id),
			unitCode: unit.code,
			findingId: finding.id,
			findingStatus: stage === 'fixReported' ? 'fixReported' : 'open',
			extensionRequestId
		};
	}

	/** Fresh records for a review or finding intent (each caller gets its own: several may apply). */
	async function reviewRecords(name: MutationName): Promise<RecordUnderTest[]> {
		const A = who['inspector A']!;
		const Q79 = who['inspector of 79']!;
		switch (mutationRules[name].target) {
			case 'review':
				return [
					await reviewedRecord(A, unitP, 'draft'),
					await reviewedRecord(A, unitP, 'submitted'),
					await reviewedRecord(A, unitP70, 'approved'),
					await reviewedRecord(Q79, unitQ, 'submitted')
				];
			case 'finding-review':
				// A draft has no findings yet: they are fixed when it is submitted.
				return [
					await reviewedRecord(A, unitP, 'submitted'),
					await reviewedRecord(A, unitP70, 'approved'),
					await reviewedRecord(Q79, unitQ, 'submitted')
				];
			case 'extension':
				return [
					await reviewedRecord(A, unitP70, 'submitted'),
					await reviewedRecord(A, unitP70, 'approved'),
					await reviewedRecord(A, unitP70, 'fixReported'),
					await reviewedRecord(A, unitP70, 'extensionRequested'),
					await reviewedRecord(Q79, unitQ, 'extensionRequested')
				];
			default:
				return [
					await reviewedRecord(A, unitP70, 'submitted'),
					await reviewedRecord(A, unitP70, 'approved'),
					await reviewedRecord(A, unitP70, 'fixReported'),
					await reviewedRecord(Q79, unitQ, 'fixReported')
				];
		}
	}

	/** A draft of `owner` in `unit` with one officer, optionally submitted. */
	async function recordOf(owner: Caller, unit: typeof unitP, status: 'draft' | 'submitted'): Promise<RecordUnderTest> {
		const client = clientOf(owner);
		const inspection = inspectionArgs({ unit });
		const officer = officerArgs(inspection.id);
		// A3 failed, so the record has a finding to edit, submit and act on.
		const mutations = [
			client.mutation('createInspection', inspection),
			client.mutation('addOfficer', officer),
			client.mutation('answerItem', failedAnswerArgs(inspection.id))
		];
		if (status === 'submitted')
			mutations.push(client.mutation('submitInspection', submitArgs(inspection.id, [findingArgs(inspection.id)])));
		const response = await push(owner, mutations);
		expect(response.results.map((r) => r.status)).toEqual(mutations.map(() => 'applied'));
		return {
			label: `${status} of ${owner.label}`,
			id: inspection.id,
			ownerId: owner.user.userId,
			status,
			provinceCode: unit.provinceCode,
			officer
		};
	}

	/**
	 * A draft of `owner` whose team (issue 17) has inspector B, holding section A, and the
	 * supervisor, holding none; B and the owner answered A1 differently, so a conflict is open.
	 */
	async function teamRecordOf(owner: Caller): Promise<RecordUnderTest> {
		const record = await recordOf(owner, unitP, 'draft');
		const members = [who['inspector B']!, who['supervisor']!];
		const team = [owner, ...members].map((c, i) => ({
			userId: c.user.userId,
			name: c.user.displayName,
			role: i === 0 ? ('truong_doan' as const) : ('thanh_vien' as const),
			position: '',
			organisation: ''
		}));
		const client = clientOf(owner);
		const B = members[0]!;
		const answered = new Date(Date.now() - 60_000).toISOString();
		const steps = [
			[owner, [client.mutation('updateInspectionHeader', { inspectionId: record.id, patch: { team } })]],
			[owner, [client.mutation('holdSections', { inspectionId: record.id, sectionIds: ['A'], userId: B.user.userId })]],
			[B, [clientOf(B).mutation('answerItem', answerArgs(record.id, 'A1', undefined, { note: 'B', answeredAt: answered, basedOn: null }))]],
			[owner, [client.mutation('answerItem', answerArgs(record.id, 'A1', undefined, { note: 'trưởng đoàn', basedOn: null }))]]
		] as const;
		for (const [caller, mutations] of steps) expect((await push(caller, [...mutations])).results.map((r) => r.status)).toEqual(['applied']);
		return {
			...record,
			label: `team draft of ${owner.label}`,
			assignedIds: members.map((m) => m.user.userId),
			holdings: { A: B.user.userId },
			conflict: { answeredBy: B.user.userId, answeredAt: answered }
		};
	}

	async function plannedFor(assignee: Caller): Promise<RecordUnderTest> {
		const supervisor = who['supervisor']!;
		const plan = await plans.create(db, supervisor.user, { ...planBody('own'), assignedInspectorIds: [assignee.user.userId] });
		const officer = officerArgs(plan.id);
		return {
			label: `planned, assigned to ${assignee.label}`,
			id: plan.id,
			ownerId: supervisor.user.userId,
			status: 'planned',
			provinceCode: P,
			officer,
			assignedIds: [assignee.user.userId]
		};
	}

	const countChanges = async () =>
		Number(
			(
				await db
					.selectFrom('changes')
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);

	it.each(mutationNames)('%s is applied or refused as mutationRules says, for every role and record', async (name) => {
		expect(argsFor[name], `no sample arguments for ${name} in this test`).toBeDefined();
		const callers = Object.values(who);
		const perCaller = !['create', 'start', 'own-draft', 'team-draft', 'member-part'].includes(mutationRules[name].target);
		const shared: RecordUnderTest[] = perCaller
			? await reviewRecords(name)
			: mutationRules[name].target === 'create'
				? [
						{ label: 'a unit of province 1', id: '', ownerId: '', status: 'new', provinceCode: P, officer: officerArgs(uuidv7()) },
						{ label: 'a unit of province 79', id: '', ownerId: '', status: 'new', provinceCode: Q, officer: officerArgs(uuidv7()) }
					]
				: [
						await recordOf(who['inspector A']!, unitP, 'draft'),
						await recordOf(who['inspector A']!, unitP, 'submitted'),
						await recordOf(who['inspector of 79']!, unitQ, 'draft'),
						await plannedFor(who['inspector A']!),
						await teamRecordOf(who['inspector A']!)
					];

		// Callers whose mutation will apply go last, so each refusal meets the record unchanged.
		const applies = (c: Caller) => shared.some((r) => expectedMutation(name, c, r) === 'applied');
		const ordered = [...callers.filter((c) => !applies(c)), ...callers.filter(applies)];
		const seen: string[] = [];
		const wanted: string[] = [];
		for (const caller of ordered) {
			const records = perCaller && caller !== ordered[0] ? await reviewRecords(name) : shared;
			const before = await countChanges();
			const client = clientOf(caller);
			const args: unknown[] = [];
			for (const r of records) args.push(await argsFor[name](r));
			const mutations = args.map((a) => client.mutation(name, a as never));
			const response = await push(caller, mutations);
			response.results.forEach((result, i) => {
				const record = records[i]!;
				seen.push(`${caller.label} on ${record.label}: ${result.status}${result.code ? `/${result.code}` : ''}`);
				// Every code an intent answers with is one the protocol declares for it.
				if (result.code) expect([...commonMutationErrors, ...intentErrors[name]]).toContain(result.code);
				wanted.push(`${caller.label} on ${record.label}: ${expectedMutation(name, caller, record)}`);
			});
			// A refused mutation changes nothing a device could pull.
			if (!applies(caller)) expect(await countChanges()).toBe(before);
		}
		expect(seen).toEqual(wanted);
	});

	/** Simulates approval (issue 5's intent): status, then the snapshot for the ward. */
	async function approve(id: string) {
		await writeTransaction(db, async (scope) => {
			await scope.trx.updateTable('inspections').set({ status: 'approved' }).where('id', '=', id).execute();
			await publishToWard(scope, id);
		});
	}

	async function pullAll(caller: Caller, cursor = 0) {
		const changes: PulledChange[] = [];
		for (;;) {
			const page = await pullChanges(db, caller.user, { cursor, limit: 50 });
			changes.push(...page.changes);
			cursor = page.cursor;
			if (!page.hasMore) return { changes, cursor };
		}
	}

	const inspectionIdOf = (c: PulledChange) => {
		const data = c.data as { id?: string; inspectionId?: string };
		return c.entity === 'inspection' ? data.id! : data.inspectionId!;
	};

	it('pull sends each role exactly the records it may see, and a ward only what was published', async () => {
		const A = who['inspector A']!;
		const B = who['inspector B']!;
		const draftA = await recordOf(A, unitP, 'draft');
		const submittedA = await recordOf(A, unitP70, 'submitted');
		const approvedA = await recordOf(A, unitP70, 'submitted');
		await push(A, [clientOf(A).mutation('answerItem', answerArgs(draftA.id, 'A2'))]);
		await approve(approvedA.id);
		const planned = await plannedFor(B);
		const draftB = await recordOf(B, unitP, 'draft');
		const draftQ = await recordOf(who['inspector of 79']!, unitQ, 'draft');
		const approvedQ = await recordOf(who['inspector of 79']!, unitQ, 'submitted');
		await approve(approvedQ.id);

		const named = { draftA, submittedA, approvedA, planned, draftB, draftQ, approvedQ };
		const table: Record<string, (keyof typeof named)[]> = {
			admin: ['draftA', 'submittedA', 'approvedA', 'planned', 'draftB'],
			'national admin': ['draftA', 'submittedA', 'approvedA', 'planned', 'draftB', 'draftQ', 'approvedQ'],
			supervisor: ['draftA', 'submittedA', 'approvedA', 'planned', 'draftB'],
			'supervisor of 79': ['draftQ', 'approvedQ'],
			'inspector A': ['draftA', 'submittedA', 'approvedA'],
			'inspector B': ['planned', 'draftB'],
			'inspector of 79': ['draftQ', 'approvedQ'],
			'ward 70': ['approvedA'],
			'ward 4': [],
			'ward of 79': ['approvedQ'],
			// The admin endpoints' targets: inspectors with no record of their own.
			'target of 1': [],
			'target of 79': []
		};

		// Every record in the database, with the facts an independent reading of the rules needs.
		const all = await db
			.selectFrom('inspections')
			.select(['id', 'status', 'owner_user_id', 'unit_code', 'province_code', 'published_version'])
			.execute();
		const assignments = await db.selectFrom('inspection_assignments').selectAll().execute();
		const oracle = (caller: Caller, r: (typeof all)[number]) => {
			const u = caller.user;
			const inProvince = u.provinceCode === null || u.provinceCode === r.province_code;
			switch (u.role) {
				case 'admin':
				case 'supervisor':
					return inProvince;
				case 'inspector':
					return (
						inProvince && (r.owner_user_id === u.userId || assignments.some((a) => a.inspection_id === r.id && a.user_id === u.userId))
					);
				case 'ward':
					return r.unit_code === u.unitCode && r.status === 'approved' && r.published_version !== null;
			}
		};

		for (const [key, caller] of Object.entries(who)) {
			const { changes } = await pullAll(caller);
			const got = new Set(changes.map(inspectionIdOf));
			const namedGot = Object.entries(named)
				.filter(([, r]) => got.has(r.id))
				.map(([k]) => k);
			expect(namedGot, `${key} pulls`).toEqual(table[key]);
			const everything = all
				.filter((r) => oracle(caller, r))
				.map((r) => r.id)
				.sort();
			expect([...got].sort(), `${key} pulls every record the rules allow and no other`).toEqual(everything);

			// Every row the server sends is what the protocol registry says it is: the device stores it.
			for (const change of changes) {
				const schema = changeDataSchema(change.entity, change.op);
				expect(schema, `${change.entity} is in the registry`).not.toBeNull();
				expect(schema?.safeParse(change.data).error, `${change.entity} v${change.version}`).toBeUndefined();
			}

			if (caller.user.role === 'ward') {
				const published = new Map(all.map((r) => [r.id, r.published_version]));
				for (const change of changes) {
					// The registry's declaration: some entities never reach a ward.
					expect(isEntityName(change.entity) && entities[change.entity].visibleTo.wards).not.toBe('never');
					// Only the published snapshot and what follows, never the draft history.
					expect(change.version).toBeGreaterThanOrEqual(Number(published.get(inspectionIdOf(change))));
					if (change.entity === 'inspection') expect((change.data as { status: string }).status).toBe('approved');
				}
			}
		}

		// The ward of the approved record receives all of it: the record, its officer, answers, findings.
		// (Records of the mutation tests above also reach it, with their fix events: not counted.)
		const { changes } = await pullAll(who['ward 70']!);
		const ofApprovedA = changes.filter((c) => inspectionIdOf(c) === approvedA.id);
		expect(new Set(ofApprovedA.map((c) => c.entity))).toEqual(new Set(['inspection', 'officer', 'answer', 'finding']));
		// What approval publishes is what the registry declares as the wards' snapshot.
		for (const c of ofApprovedA) expect(wardSnapshotEntities).toContain(c.entity);
	});

	it('a ward whose cursor passed a record’s history still receives it when it is published', async () => {
		const ward = who['ward 70']!;
		const record = await recordOf(who['inspector A']!, unitP70, 'submitted');
		const { cursor, changes: before } = await pullAll(ward);
		expect(before.filter((c) => inspectionIdOf(c) === record.id)).toEqual([]);

		await approve(record.id);
		const { changes } = await pullAll(ward, cursor);
		expect(changes.filter((c) => c.entity === 'inspection').map((c) => [inspectionIdOf(c), (c.data as { status: string }).status])).toEqual(
			[[record.id, 'approved']]
		);
		expect(changes.some((c) => c.entity === 'finding')).toBe(true);
	});

	it('a plan made after an inspector’s last pull reaches them, and never a ward of its commune', async () => {
		const B = who['inspector B']!;
		const { cursor } = await pullAll(B);
		const { cursor: wardCursor } = await pullAll(who['ward 70']!);
		const plan = await plannedFor(B);

		const { changes } = await pullAll(B, cursor);
		expect(changes.map((c) => [c.entity, inspectionIdOf(c), (c.data as { status?: string }).status])).toEqual([
			['inspection', plan.id, 'planned']
		]);
		expect((await pullAll(who['ward 70']!, wardCursor)).changes).toEqual([]);
		expect((await pullAll(who['inspector A']!)).changes.some((c) => inspectionIdOf(c) === plan.id)).toBe(false);
	});
});
