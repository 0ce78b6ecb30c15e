/**
 * Secrecy, proven (issue 16, must-show 4; docs/secrecy.md): planned visits, draws, plans and
 * team assignments never reach a ward, nor an inspector who is not assigned.
 *
 * Two worlds per database, built alike: accounts, a roster, a record of the ward's commune that
 * was approved and published long ago. The secret world adds, all about that commune: a plan with
 * a committed draw, a plan whose draw was executed (its planned visit), two visits planned by
 * hand (one started through the start intent where the server has it), and the assigned
 * inspector's draft and submitted records, with officers, photos, a signature and a finding. The
 * twin has none of it.
 *
 * Then the walk, as the commune's ward and as an inspector of the same province who is not
 * assigned: every endpoint (every `+server.ts` method under src/routes, as the authorization and
 * fuzz tests find them, so a new endpoint is walked without an edit here), with each path
 * parameter set to each secret id, with and without the query parameters lists take, and every
 * push intent aimed at each secret record, and uploads of the secret bytes and of new photos
 * naming each secret record (under a record quota of one photo); every server page load; and a
 * pull from zero, page by page. Two checks on what comes back:
 * 1. no secret in any answer: no id, seed, seed hash, photo hash, plan title, decision, căn cứ,
 *    team member's or officer's name — unless the request itself carried it;
 * 2. the same answers in both worlds — status, error code and message, list sizes, counts, the
 *    pull cursor — once what differs between any two databases (account ids, user names, ids
 *    the server makes, timestamps) is replaced by placeholders.
 * A new endpoint whose request needs more than this default (a body of its own shape) goes in
 * `special` below, like push and blob upload.
 *
 * Last, approval publishes the submitted record to the ward, and only it: pull and blob access
 * then show it, the plans and the other records still not.
 */
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vietnamDate } from '$lib/domain/dates';
import { uuidv7 } from '$lib/domain/ids';
import { mutationNames, type MutationName } from '$lib/domain/protocol';
import { commitDrawSchema, createPlanSchema } from '$lib/domain/protocol/plans';
import type { Role } from '$lib/domain/permissions';
import { blobStore, recordUpload } from '$lib/server/blobs';
import { closeDatabase, getDatabase, type Database } from '$lib/server/db';
import { commitDraw, createPlan, executeDraw, plans } from '$lib/server/plans';
import { addRosterOfficer } from '$lib/server/roster';
import { applyPush, pullChanges } from '$lib/server/sync';
import { cookiesOf, createCaller, routeEvent, type Caller, type RouteRequest } from './support/callers';
import {
	answerArgs,
	deadlineIn,
	failedAnswerArgs,
	findingArgs,
	inspectionArgs,
	jpegImage,
	officerArgs,
	photoArgs,
	pngImage,
	signatureArgs,
	submitArgs,
	type TestImage
} from './support/factories';
import { discoverPageLoads, serverLoadFilesFound, type PageLoad } from './support/page-loads';
import { discoverEndpoints, pathFor, type Endpoint } from './support/routes';
import { TestClient, useSyncContext, type SyncTestContext } from './support/sync-context';
import { testDatabases } from './support/test-databases';

const endpoints = await discoverEndpoints();
const pageLoads = await discoverPageLoads();

const P = 1;
/** The visited commune: its ward is the one the visit must surprise. */
const unit70 = { code: 70, name: 'Phường Hoàn Kiếm', provinceCode: P, provinceName: 'Thành phố Hà Nội' };

/** Bytes both worlds hold alike (the old record's photo), and the secret records' bytes. */
const publicPhoto = jpegImage();
const secretImages = { draftPhoto: jpegImage(), submittedPhoto: jpegImage(), signature: pngImage() };
/** The photo the walk's own attachPhoto intents name (not on the server). */
const walkPhoto = jpegImage(600);
/** New photos the walk uploads naming each secret record. */
const newPhotos = [jpegImage(), jpegImage(), jpegImage(), jpegImage()];

/** Words only the secret world's plans and records contain. */
const secretWords = {
	assignedName: 'Trương Mật Đoàn',
	planTitle: 'Kiểm tra đột xuất tuyệt mật quý I',
	decisionNumber: '77/QĐ-KTMAT',
	handBasis: 'Kế hoạch kín số 88/KH-SNV',
	handPickReason: 'Phản ánh của người dân về phường',
	officerName: 'Lò Thị Kín Đáo',
	draftAddress: '9 Ngõ Bí Mật',
	findingTitle: 'Thiếu sổ theo dõi hồ sơ (bí mật)'
};

type Answer = { status: number | string; headers: Record<string, string>; text: string };

/** What the walk found in one world: per request label, the answer and the request's text. */
interface WalkResult {
	answers: Map<string, { answer: Answer; request: string }>;
	/** Placeholders for what differs between any two databases: this world's account ids and names. */
	own: [string, string][];
}

/** The secret world's secrets: what the walk aims at and looks for. */
interface Secrets {
	planIds: string[];
	drawIds: string[];
	/** Planned visits: the one the draw made, the one planned by hand. */
	visitIds: string[];
	draftId: string;
	submittedId: string;
	findingId: string;
	officerId: string;
	photoIds: string[];
	seed: string;
	seedHashes: string[];
}

/** Ids fixed before either world exists, so both walks send the very same requests. */
const ids = {
	planIds: [uuidv7(), uuidv7()],
	drawIds: [uuidv7(), uuidv7()],
	handVisitId: uuidv7(),
	/** A visit planned by hand and started by its inspector, once starting has its intent. */
	startedVisitId: uuidv7(),
	draftId: uuidv7(),
	submittedId: uuidv7(),
	officerId: uuidv7(),
	photoIds: [uuidv7(), uuidv7()],
	finding: null as ReturnType<typeof findingArgs> | null
};
ids.finding = findingArgs(ids.submittedId);

describe.each(testDatabases)('plan secrecy on $name', (kind) => {
	const secretWorld = useSyncContext(kind, { migrate: false });
	const twinWorld = useSyncContext(kind, { migrate: false });
	const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
	let db: Kysely<Database>;
	let secrets: Secrets;
	let secret: WalkResult;
	let twin: WalkResult;
	let who: Record<string, Caller> = {};

	/** Points the process-wide database (the one the routes use) at this world's. */
	async function enter(world: SyncTestContext) {
		await closeDatabase();
		process.env.DATA_DIR = join(world.fresh.dataDir, 'server');
		if (world.fresh.databaseUrl) process.env.DATABASE_URL = world.fresh.databaseUrl;
		else delete process.env.DATABASE_URL;
		db = (await getDatabase()).db;
	}

	const clients = new Map<string, TestClient>();
	const clientOf = (caller: Caller) => {
		let client = clients.get(caller.user.userId);
		if (!client) clients.set(caller.user.userId, (client = new TestClient(caller.user)));
		return client;
	};
	async function pushAll(caller: Caller, mutations: unknown[]) {
		const response = await applyPush(
			db,
			caller.user,
			{ clientId: clientOf(caller).clientId, mutations: mutations as never },
			{ blobs: blobStore() }
		);
		expect(
			response.results.map((r) => `${r.status}${r.code ? `/${r.code}: ${r.message}` : ''}`),
			'the world is built'
		).toEqual(mutations.map(() => 'applied'));
	}
	async function upload(caller: Caller, image: TestImage) {
		const put = await blobStore().put(image.sha256, new Blob([image.bytes]).stream());
		if (!put.ok) throw new Error(put.message);
		await recordUpload(db, image.sha256, caller.user.userId);
	}

	/** What both worlds have: the accounts, the commune's roster, a record approved long ago. */
	async function buildBase() {
		who = {};
		const make = async (key: string, role: Role, provinceCode: number | null, unitCode: number | null = null) => {
			who[key] = await createCaller(db, role, { provinceCode, unitCode }, key);
		};
		await make('national admin', 'admin', null);
		await make('supervisor', 'supervisor', P);
		await make('inspector A', 'inspector', P);
		await make(secretWords.assignedName, 'inspector', P);
		await make('unassigned inspector', 'inspector', P);
		await make('ward 70', 'ward', P, unit70.code);
		await addRosterOfficer(db, who['national admin']!.user, '70', { name: 'Cán bộ một cửa' });

		const A = who['inspector A']!;
		const old = inspectionArgs({ unit: unit70 });
		await upload(A, publicPhoto);
		const client = clientOf(A);
		await pushAll(A, [
			client.mutation('createInspection', old),
			client.mutation('answerItem', failedAnswerArgs(old.id)),
			client.mutation('attachPhoto', photoArgs(old.id, publicPhoto)),
			client.mutation('submitInspection', submitArgs(old.id, [findingArgs(old.id)]))
		]);
		const admin = who['national admin']!;
		await pushAll(admin, [clientOf(admin).mutation('approveInspection', { inspectionId: old.id, comment: '' })]);
	}

	/** The secret world's additions, all about commune 70. */
	async function addSecrets(): Promise<Secrets> {
		const supervisor = who['supervisor']!.user;
		const assigned = who[secretWords.assignedName]!;
		const planInput = (id: string) =>
			createPlanSchema.parse({
				id,
				provinceCode: P,
				title: secretWords.planTitle,
				period: { kind: 'quarter', year: 2026, quarter: 1 },
				scope: { kind: 'units', unitCodes: [4, 70, 82] },
				inspectionType: 'dot_xuat',
				decision: { number: secretWords.decisionNumber, date: '2026-01-05', signer: 'Chủ tịch UBND Thành phố Hà Nội' },
				windowStart: '2026-01-10',
				windowEnd: '2026-03-31'
			});
		const drawInput = (id: string) =>
			commitDrawSchema.parse({
				id,
				sampleSize: 1,
				excludeVisitedMonths: 0,
				handPicks: [{ code: 70, reason: secretWords.handPickReason }]
			});
		const [committedPlan, executedPlan] = ids.planIds as [string, string];
		const [committedDraw, executedDraw] = ids.drawIds as [string, string];
		await createPlan(db, supervisor, planInput(committedPlan));
		const committed = await commitDraw(db, supervisor, committedPlan, drawInput(committedDraw));
		await createPlan(db, supervisor, planInput(executedPlan));
		await commitDraw(db, supervisor, executedPlan, drawInput(executedDraw));
		const executed = await executeDraw(db, supervisor, executedPlan, executedDraw, {
			team: [{ userId: assigned.user.userId, role: 'truong_doan' }]
		});
		expect(executed.selection).toEqual(['70']);
		await plans.create(db, supervisor, {
			id: ids.handVisitId,
			unit: unit70,
			windowStart: '2026-02-01',
			windowEnd: '2026-02-15',
			assignedInspectorIds: [assigned.user.userId],
			basis: secretWords.handBasis
		});
		await plans.create(db, supervisor, {
			id: ids.startedVisitId,
			unit: unit70,
			windowStart: '2026-03-01',
			windowEnd: '2026-03-15',
			assignedInspectorIds: [assigned.user.userId],
			basis: secretWords.handBasis
		});
		// Started the real way where the server has the start intent (issue 16, must-show 5).
		const start = 'startPlannedInspection' as MutationName;
		if (mutationNames.includes(start)) {
			const args = {
				inspectionId: ids.startedVisitId,
				startedAt: new Date().toISOString(),
				position: null,
				positionNote: 'Không lấy được vị trí'
			};
			await pushAll(assigned, [clientOf(assigned).mutation(start, args)]);
		}

		// The assigned inspector's records of the visit: one started, one submitted.
		const team = [{ name: secretWords.assignedName, role: 'truong_doan' as const, position: 'Chuyên viên', organisation: 'Sở Nội vụ' }];
		const started = inspectionArgs({
			id: ids.draftId,
			unit: unit70,
			team,
			basis: secretWords.handBasis,
			address: secretWords.draftAddress
		});
		const submitted = inspectionArgs({ id: ids.submittedId, unit: unit70, team, basis: secretWords.handBasis });
		for (const image of Object.values(secretImages)) await upload(assigned, image);
		const client = clientOf(assigned);
		await pushAll(assigned, [
			client.mutation('createInspection', started),
			client.mutation('addOfficer', officerArgs(ids.draftId, { id: ids.officerId, name: secretWords.officerName })),
			client.mutation('answerItem', answerArgs(ids.draftId, 'A2')),
			client.mutation('attachPhoto', photoArgs(ids.draftId, secretImages.draftPhoto, { id: ids.photoIds[0]! })),
			client.mutation('signInspection', signatureArgs(ids.draftId, secretImages.signature)),
			client.mutation('createInspection', submitted),
			client.mutation('answerItem', failedAnswerArgs(ids.submittedId)),
			client.mutation('attachPhoto', photoArgs(ids.submittedId, secretImages.submittedPhoto, { id: ids.photoIds[1]! })),
			client.mutation('submitInspection', submitArgs(ids.submittedId, [{ ...ids.finding!, title: secretWords.findingTitle }]))
		]);
		return {
			planIds: ids.planIds,
			drawIds: ids.drawIds,
			visitIds: [...executed.inspectionIds!, ids.handVisitId, ids.startedVisitId],
			draftId: ids.draftId,
			submittedId: ids.submittedId,
			findingId: ids.finding!.id,
			officerId: ids.officerId,
			photoIds: ids.photoIds,
			seed: executed.seed!,
			seedHashes: [committed.seedHash, executed.seedHash]
		};
	}

	/**
	 * Every secret the answers must not carry. Ids the walk names in its requests are the ones
	 * fixed above; the draw's own visit id and seed exist in the secret world only.
	 */
	const secretTokens = (s: Secrets): string[] => [
		...s.planIds,
		...s.drawIds,
		...s.visitIds,
		s.draftId,
		s.submittedId,
		s.findingId,
		s.officerId,
		...s.photoIds,
		s.seed,
		...s.seedHashes,
		...Object.values(secretImages).map((i) => i.sha256),
		...Object.values(secretWords)
	];

	/** Ids a request may name, by what a path parameter looks like it holds. */
	const recordIds = () => [ids.handVisitId, ids.startedVisitId, ids.draftId, ids.submittedId];
	const anyIds = () => [...ids.planIds, ...ids.drawIds, ...recordIds(), ids.finding!.id, ids.officerId, ...ids.photoIds];
	const hashes = () => Object.values(secretImages).map((i) => i.sha256);
	function paramValues(name: string): string[] {
		if (name === 'sha256') return hashes();
		if (name === 'code') return ['70'];
		if (name === 'version') return ['1'];
		if (name === 'drawId') return ids.drawIds;
		return anyIds();
	}
	/** What list endpoints filter by: the commune, the province, the plan, the visit. */
	const listQuery = `unit=70&unitCode=70&province=${P}&provinceCode=${P}&planId=${ids.planIds[1]}&inspectionId=${ids.draftId}&status=planned`;
	/**
	 * Reports and exports ask for a period: the plans' year and this one (the records were made
	 * today), as a year, the plans' quarter, and a date range.
	 */
	const periodQueries = () => {
		const today = vietnamDate();
		const years = [...new Set(['2026', today.slice(0, 4)])];
		return [
			...years.map((year) => `period=${year}&from=${year}-01-01&to=${year}-12-31&unit=70&province=${P}`),
			`period=2026-Q1&from=2026-01-01&to=2026-03-31`,
			`period=${years[0]}-01-01..${today}&from=${years[0]}-01-01&to=${today}`
		];
	};
	/** A body naming the secrets in the fields bodies usually name them by. */
	const defaultBody = () => ({
		id: ids.draftId,
		inspectionId: ids.draftId,
		planId: ids.planIds[1],
		drawId: ids.drawIds[1],
		findingId: ids.finding!.id,
		unitCode: 70,
		unit: unit70
	});

	interface Variant {
		label: string;
		request: RouteRequest;
	}

	const jsonRequest = (method: string, path: string, params: Record<string, string>, body: unknown): RouteRequest => ({
		method,
		path,
		params,
		body: JSON.stringify(body),
		headers: { 'content-type': 'application/json' }
	});

	/** Each push intent aimed at each secret record (a finding's intents at its finding). */
	function pushArgs(name: MutationName, inspectionId: string): unknown {
		const builders: Partial<Record<MutationName, () => unknown>> = {
			// A new record under a fresh id (an id already taken is refused whoever asks: a random id
			// is not guessed, and the walk must not create in one world what the other refuses).
			createInspection: () => inspectionArgs({ unit: unit70 }),
			updateInspectionHeader: () => ({ inspectionId, patch: { address: 'Địa chỉ khác' } }),
			addOfficer: () => officerArgs(inspectionId),
			updateOfficer: () => ({ ...officerArgs(inspectionId, { id: ids.officerId }), name: 'Tên khác' }),
			removeOfficer: () => ({ inspectionId, officerId: ids.officerId }),
			answerItem: () => answerArgs(inspectionId, 'A1'),
			attachPhoto: () => photoArgs(inspectionId, walkPhoto),
			removePhoto: () => ({ inspectionId, photoId: ids.photoIds[0] }),
			setFindingDraft: () => ({ inspectionId, itemId: 'A3', recommendation: 'Niêm yết bổ sung', deadline: deadlineIn(30) }),
			signInspection: () => ({
				refused: true,
				inspectionId,
				role: 'unit_rep',
				signerName: 'Trần Thị Bình',
				signerPosition: '',
				refusalReason: 'Không đồng ý',
				signedAt: new Date().toISOString()
			}),
			submitInspection: () => submitArgs(inspectionId),
			returnInspection: () => ({ inspectionId, comment: 'Bổ sung' }),
			approveInspection: () => ({ inspectionId, comment: '' }),
			adjustFinding: () => ({ findingId: ids.finding!.id, severity: 'critical', deadline: deadlineIn(60), comment: '' }),
			reportFix: () => ({
				findingId: ids.finding!.id,
				eventId: uuidv7(),
				text: 'Đã sửa',
				photos: [],
				reportedAt: new Date().toISOString()
			}),
			verifyFix: () => ({ findingId: ids.finding!.id, eventId: uuidv7(), comment: '' }),
			reopenFinding: () => ({ findingId: ids.finding!.id, eventId: uuidv7(), reason: 'Chưa sửa' }),
			// One record, several phones (issue 17): a team's intents on a record one may not know of.
			holdSections: () => ({ inspectionId, sectionIds: ['A'], userId: null }),
			resolveAnswerConflict: () => ({
				inspectionId,
				itemId: 'A1',
				officerId: '',
				chosen: { answeredBy: uuidv7(), answeredAt: new Date().toISOString() }
			}),
			handInPart: () => ({ inspectionId, handedInAt: new Date().toISOString() }),
			releaseMember: () => ({ inspectionId, userId: uuidv7(), reason: 'Không liên lạc được' }),
			recordInterview: () => ({
				interviewId: uuidv7(),
				inspectionId,
				questionnaireId: 'phong-van-nguoi-dan',
				questionnaireVersion: '2026.1',
				answers: { Q1: 3 },
				facts: {},
				takenAt: new Date().toISOString()
			}),
			removeInterview: () => ({ inspectionId, interviewId: uuidv7() })
		};
		// An intent added later without a builder here still gets the secret record's id.
		return (
			builders[name] ??
			(() => ({
				inspectionId,
				id: inspectionId,
				findingId: ids.finding!.id,
				startedAt: new Date().toISOString(),
				position: null,
				positionNote: 'Không lấy được vị trí'
			}))
		)();
	}

	const putRequest = (image: TestImage, inspectionId?: string): RouteRequest => ({
		method: 'PUT',
		path: `/api/blobs/${image.sha256}`,
		params: { sha256: image.sha256 },
		body: image.bytes,
		headers: { 'content-length': String(image.bytes.byteLength), ...(inspectionId && { 'x-inspection-id': inspectionId }) }
	});

	/** Endpoints whose request needs its own shape; the rest take the default. */
	const special: Record<string, (e: Endpoint, caller: Caller) => Variant[]> = {
		'POST /api/sync/push': (e, caller) =>
			mutationNames.flatMap((name) =>
				recordIds().map((inspectionId, i) => ({
					label: `${name} on secret record ${i}`,
					request: jsonRequest(
						'POST',
						e.routeId,
						{},
						{ clientId: clientOf(caller).clientId, mutations: [clientOf(caller).mutation(name, pushArgs(name, inspectionId) as never)] }
					)
				}))
			),
		'GET /api/sync/pull': (e) => [{ label: 'from zero', request: { method: 'GET', path: `${e.routeId}?cursor=0&limit=1000` } }],
		// The secret bytes (201 or 200 must not say whether the server holds them), and new photos
		// for each secret record (its photo quota, 1 during the walk, must not show what it holds).
		'PUT /api/blobs/[sha256]': () => [
			...Object.entries(secretImages).map(([label, image]) => ({ label: `the ${label}'s bytes`, request: putRequest(image) })),
			...recordIds().map((inspectionId, i) => ({
				label: `a new photo for secret record ${i}`,
				request: putRequest(newPhotos[i]!, inspectionId)
			}))
		],
		'POST /api/auth/login': (e, caller) => [
			{ label: 'own account', request: jsonRequest('POST', e.routeId, {}, { username: caller.user.username, password: caller.password }) }
		],
		// A wrong current password: the answer is the refusal, and the walk's accounts keep theirs.
		'POST /api/auth/password': (e) => [
			{
				label: 'wrong current password',
				request: jsonRequest('POST', e.routeId, {}, { currentPassword: 'khong-dung-mat-khau', newPassword: 'mat-khau-moi-da-doi-2025' })
			}
		]
	};

	/** The default: each secret id in each path parameter, the method's usual body, lists queried by the secrets too. */
	function defaultVariants(e: Endpoint): Variant[] {
		let combos: Record<string, string>[] = [{}];
		for (const name of e.params) {
			const values = name === 'id' && e.params.includes('drawId') ? ids.planIds : paramValues(name);
			combos = combos.flatMap((c) => values.map((v) => ({ ...c, [name]: v })));
		}
		// A plan with its own draw, and not every pairing of plan and draw.
		if (e.params.includes('drawId')) combos = combos.filter((c) => ids.planIds.indexOf(c.id!) === ids.drawIds.indexOf(c.drawId!));
		return combos.flatMap((params): Variant[] => {
			const path = pathFor(e.routeId, params);
			const label = Object.keys(params).length ? JSON.stringify(params) : 'no parameters';
			if (e.method === 'GET' || e.method === 'HEAD')
				return ['', listQuery, ...periodQueries()].map((query) => ({
					label: query ? `${label} ?${query}` : label,
					request: { method: e.method, path: query ? `${path}?${query}` : path, params }
				}));
			if (e.method === 'DELETE') return [{ label, request: { method: e.method, path, params } }];
			return [{ label, request: jsonRequest(e.method, path, params, defaultBody()) }];
		});
	}

	/**
	 * A request refused for a parameter that must be one of a few words (a zod enum: "expected
	 * one of "a"|"b""), as each of them, so an endpoint like /api/exports/[dataset] is walked past
	 * its validation without an entry in `special`.
	 */
	function enumRetries(v: Variant, answer: Answer): Variant[] {
		if (answer.status !== 400) return [];
		let error: { field?: string; message?: string } | undefined;
		try {
			error = (JSON.parse(answer.text) as { error?: typeof error }).error;
		} catch {
			return [];
		}
		const options = /expected one of (.+)$/.exec(error?.message ?? '')?.[1]?.match(/"[^"]+"/g);
		const field = error?.field;
		if (!options || !field) return [];
		const url = new URL(`http://localhost${v.request.path}`);
		const inPath = v.request.params && field in v.request.params;
		return options.map((quoted) => {
			const value = quoted.slice(1, -1);
			const params = inPath ? { ...v.request.params, [field]: value } : v.request.params;
			if (inPath) url.pathname = url.pathname.replace(encodeURIComponent(v.request.params![field]!), encodeURIComponent(value));
			else url.searchParams.set(field, value);
			return { label: `${v.label} with ${field}=${value}`, request: { ...v.request, params, path: `${url.pathname}${url.search}` } };
		});
	}

	async function callEndpoint(e: Endpoint, caller: Caller, request: RouteRequest): Promise<Answer> {
		const event = await routeEvent(db, e.routeId, request, caller);
		try {
			const response = await e.handler(event as never);
			const headers: Record<string, string> = {};
			// Not the ETag: a list's is a hash of its content, timestamps included.
			for (const name of ['content-type', 'content-length', 'retry-after']) {
				const value = response.headers.get(name);
				if (value !== null) headers[name] = value;
			}
			return { status: response.status, headers, text: e.method === 'HEAD' ? '' : await bodyText(response) };
		} catch (thrown) {
			return thrownAnswer(thrown);
		}
	}

	/**
	 * An Office file (DOCX, XLSX) is a zip: compressed, a secret would not show as text, and the
	 * entries' times would differ between the two databases. Its entries are compared instead,
	 * by name, as text (times inside them are normalised like any answer's).
	 */
	async function bodyText(response: Response): Promise<string> {
		if (!(response.headers.get('content-type') ?? '').includes('openxmlformats')) return response.text();
		const entries = unzipSync(new Uint8Array(await response.arrayBuffer()));
		return Object.keys(entries)
			.sort()
			.map((name) => `${name}\n${strFromU8(entries[name]!)}`)
			.join('\n');
	}

	/** SvelteKit's `error()`/`redirect()` throw; anything else is a crash, answered as such. */
	function thrownAnswer(thrown: unknown): Answer {
		const t = thrown as { status?: number; body?: unknown; location?: string };
		if (typeof t?.status === 'number') return { status: t.status, headers: {}, text: JSON.stringify(t.body ?? t.location ?? null) };
		return { status: 'threw', headers: {}, text: String(thrown) };
	}

	/** Page loads: each secret id in each parameter, with a wrong fingerprint and the list query. */
	function pageVariants(page: PageLoad): { label: string; params: Record<string, string>; url: URL }[] {
		let combos: Record<string, string>[] = [{}];
		for (const name of page.params) combos = combos.flatMap((c) => paramValues(name).map((v) => ({ ...c, [name]: v })));
		return combos.map((params) => {
			const url = new URL(`http://localhost${pathFor(page.routeId, params)}?fp=0123-4567-89AB-CDEF&${listQuery}`);
			return { label: JSON.stringify(params), params, url };
		});
	}

	async function callPage(page: PageLoad, caller: Caller, params: Record<string, string>, url: URL): Promise<Answer> {
		const request = new Request(url);
		const event = {
			params,
			url,
			request,
			route: { id: page.routeId },
			locals: { actor: caller.user },
			cookies: cookiesOf(request),
			setHeaders: () => {},
			parent: () => Promise.resolve({}),
			depends: () => {},
			untrack: <T>(fn: () => T) => fn(),
			fetch: () => Promise.reject(new Error('a server load in this walk fetched')),
			getClientAddress: () => '198.51.100.20',
			isDataRequest: true,
			isSubRequest: false,
			platform: undefined
		};
		try {
			return { status: 200, headers: {}, text: JSON.stringify((await page.load(event as never)) ?? null) };
		} catch (thrown) {
			return thrownAnswer(thrown);
		}
	}

	/** The pull from zero, a page of two at a time, until the server says there is no more. */
	async function pullFromZero(caller: Caller): Promise<Answer> {
		const pages = [];
		let cursor = 0;
		for (let i = 0; i < 1000; i++) {
			const page = await pullChanges(db, caller.user, { cursor, limit: 2 });
			pages.push(page);
			cursor = page.cursor;
			if (!page.hasMore) break;
		}
		return { status: 200, headers: {}, text: JSON.stringify(pages) };
	}

	const walkers = ['ward 70', 'unassigned inspector'];

	async function walk(): Promise<WalkResult> {
		// One photo per record: the secret records already hold theirs, so a quota that counted
		// them would refuse the walk's upload in one world only.
		const quota = process.env.BLOB_QUOTA_RECORD_PHOTOS;
		process.env.BLOB_QUOTA_RECORD_PHOTOS = '1';
		try {
			return await walkAll();
		} finally {
			if (quota === undefined) delete process.env.BLOB_QUOTA_RECORD_PHOTOS;
			else process.env.BLOB_QUOTA_RECORD_PHOTOS = quota;
		}
	}

	async function walkAll(): Promise<WalkResult> {
		const answers: WalkResult['answers'] = new Map();
		const describeRequest = (r: RouteRequest) =>
			`${r.method} ${r.path} ${JSON.stringify(r.headers ?? {})} ${typeof r.body === 'string' ? r.body : ''}`;
		for (const key of walkers) {
			const caller = who[key]!;
			answers.set(`${key}: pull from zero`, { answer: await pullFromZero(caller), request: '' });
			for (const e of endpoints) {
				const variants = (special[e.key] ?? defaultVariants)(e, caller);
				for (let i = 0; i < variants.length; i++) {
					const v = variants[i]!;
					const answer = await callEndpoint(e, caller, v.request);
					answers.set(`${key}: ${e.key} ${v.label}`, { answer, request: describeRequest(v.request) });
					// One level of retries: a retry's own refusal is not retried again.
					if (!v.label.includes(' with ')) variants.splice(i + 1, 0, ...enumRetries(v, answer));
				}
			}
			for (const page of pageLoads) {
				for (const v of pageVariants(page)) {
					answers.set(`${key}: ${page.key} ${v.label}`, { answer: await callPage(page, caller, v.params, v.url), request: v.url.href });
				}
			}
		}
		const own: [string, string][] = Object.entries(who).flatMap(([key, c]) => [
			[c.user.userId, `<id of ${key}>`],
			[c.user.username, `<username of ${key}>`]
		]);
		return { answers, own };
	}

	beforeAll(async () => {
		if (kind.skipReason) return;
		// The twin first: the same accounts and history, and no plan.
		await enter(twinWorld);
		await buildBase();
		twin = await walk();
		clients.clear();
		await enter(secretWorld);
		await buildBase();
		secrets = await addSecrets();
		secret = await walk();
	}, 600_000);
	afterAll(async () => {
		await closeDatabase();
		for (const [key, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[key];
			else process.env[key] = value;
		}
	});

	/** `text` near where it first differs from `other`, for a readable failure. */
	function around(text: string, other: string): string {
		let i = 0;
		while (i < text.length && text[i] === other[i]) i++;
		return `…${text.slice(Math.max(0, i - 120), i + 200)}…`;
	}

	/** What differs between any two databases, replaced by placeholders. */
	function normalised(text: string, world: WalkResult): string {
		let out = text;
		for (const [value, placeholder] of world.own) out = out.split(value).join(placeholder);
		return out
			.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
			.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})/g, '<time>');
	}

	it('walks every endpoint and every server page load, as the ward and as the unassigned inspector', () => {
		const walked = new Set([...secret.answers.keys()].map((label) => label.split(': ')[1]!.split(' ').slice(0, 2).join(' ')));
		expect(endpoints.map((e) => e.key).filter((key) => !walked.has(key))).toEqual([]);
		expect(pageLoads.map((p) => p.key).filter((key) => !walked.has(key))).toEqual([]);
		// Every server load file was found with its load (a file exporting none is a layout of actions).
		expect(pageLoads.length).toBe(serverLoadFilesFound().length);
		expect(secret.answers.size).toBe(twin.answers.size);
		// The walk reached past authorization somewhere: the ward's pull holds its published record.
		expect(secret.answers.get('ward 70: pull from zero')!.answer.text).toContain('"status":"approved"');
	});

	it('the secrets are there for those who may know: the assigned inspector pulls the visits and records', async () => {
		const { changes } = await pullChanges(db, who[secretWords.assignedName]!.user, { cursor: 0, limit: 1000 });
		const inspections = changes.filter((c) => c.entity === 'inspection').map((c) => c.data.id);
		expect(new Set(inspections)).toEqual(new Set([...secrets.visitIds, secrets.draftId, secrets.submittedId]));
	});

	it('finds no secret in any answer: no id, seed, hash, title, decision, căn cứ or name', () => {
		const tokens = secretTokens(secrets);
		const leaks: string[] = [];
		for (const [label, { answer, request }] of secret.answers) {
			const text = `${JSON.stringify(answer.headers)} ${answer.text}`;
			for (const token of tokens) if (text.includes(token) && !request.includes(token)) leaks.push(`${label} shows ${token}`);
		}
		expect(leaks).toEqual([]);
	});

	it('answers exactly as if nothing were planned: statuses, error codes, messages, list sizes, cursors', () => {
		const differences: string[] = [];
		for (const [label, { answer }] of secret.answers) {
			const other = twin.answers.get(label);
			const mine = { status: answer.status, headers: answer.headers, text: normalised(answer.text, secret) };
			const theirs = other && { status: other.answer.status, headers: other.answer.headers, text: normalised(other.answer.text, twin) };
			const [a, b] = [JSON.stringify(mine), JSON.stringify(theirs)];
			if (a !== b) differences.push(`${label}\n  with secrets: ${around(a, b)}\n  without:      ${around(b, a)}`);
		}
		expect(differences).toEqual([]);
	});

	it('no answer is a crash', () => {
		const crashes = [...secret.answers, ...twin.answers].filter(
			([, { answer }]) => answer.status === 'threw' || Number(answer.status) >= 500
		);
		expect(crashes.map(([label, { answer }]) => `${label}: ${answer.status} ${answer.text.slice(0, 200)}`)).toEqual([]);
	});

	it('the ward sees the visit once its record is approved, and nothing else of the plan', async () => {
		const ward = who['ward 70']!;
		const admin = who['national admin']!;
		const before = await pullChanges(db, ward.user, { cursor: 0, limit: 1000 });
		await pushAll(admin, [clientOf(admin).mutation('approveInspection', { inspectionId: secrets.submittedId, comment: '' })]);

		const after = await pullChanges(db, ward.user, { cursor: before.cursor, limit: 1000 });
		const records = new Set(after.changes.map((c) => (c.data as { inspectionId?: string; id: string }).inspectionId ?? c.data.id));
		expect([...records]).toEqual([secrets.submittedId]);
		expect(after.changes.find((c) => c.entity === 'inspection')?.data).toMatchObject({ status: 'approved', id: secrets.submittedId });
		// Its photo opens for the ward now; the draft's and its signature's still do not (asked by a
		// second account of the ward: the walk's one uploaded the bytes, which proves holding them).
		const blobs = endpoints.find((e) => e.key === 'GET /api/blobs/[sha256]')!;
		const colleague = await createCaller(db, 'ward', { provinceCode: P, unitCode: unit70.code }, 'ward 70, second account');
		const get = (image: TestImage) =>
			callEndpoint(blobs, colleague, { method: 'GET', path: `/api/blobs/${image.sha256}`, params: { sha256: image.sha256 } });
		expect((await get(secretImages.submittedPhoto)).status).toBe(200);
		expect((await get(secretImages.draftPhoto)).status).toBe(404);
		expect((await get(secretImages.signature)).status).toBe(404);
		// The rest of the plan stays unknown: nothing of the plans, draws, planned visits or draft.
		const text = JSON.stringify(after);
		for (const token of [...secrets.planIds, ...secrets.drawIds, ...secrets.visitIds, secrets.draftId, secrets.seed])
			expect(text).not.toContain(token);
		// And the unassigned inspector still learns nothing of the approved record either.
		const unassigned = await pullChanges(db, who['unassigned inspector']!.user, { cursor: 0, limit: 1000 });
		expect(JSON.stringify(unassigned)).not.toContain(secrets.submittedId);
	});
});
