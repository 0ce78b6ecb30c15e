/**
 * Browser bundle for the benchmarks: the app's real device modules (Dexie schema, user
 * actions, sync engine, HTTP transport, template), built from src/ by lib/browser-bundles.js
 * into one IIFE that defines `globalThis.KtmcBench`, plus the seeding and timing helpers the
 * cases call through page.evaluate. Nothing here is part of the app.
 */
import './zod-jitless.js';
import { AppDb, databaseNameFor } from '$lib/local/app-db';
import { addOfficer, answerItem, createInspection } from '$lib/local/inspection-actions';
import { pullChanges, pushOutbox } from '$lib/local/sync/sync-engine';
import { httpTransport } from '$lib/local/sync/transport';
import { refreshTemplateVersions } from '$lib/local/template-store';
import { defaultTemplate } from '$lib/templates';
import { uuidv7 } from '$lib/domain/ids';

const dbs = new Map();

/** One AppDb per name for the page's lifetime (the app's own name, or a bench-only one). */
function open(name) {
	if (!dbs.has(name)) dbs.set(name, new AppDb(name));
	return dbs.get(name);
}

/** The database of the user stored by the app's sign-in (what `session.db` opens). */
function userDbName() {
	const user = JSON.parse(localStorage.getItem('kiem-tra-mot-cua:user') ?? 'null');
	if (!user) throw new Error('no signed-in user in localStorage');
	return databaseNameFor(user.id);
}

const header = (unit, leader = 'Nguyễn Văn An') => ({
	unit,
	startedAt: new Date().toISOString(),
	position: null,
	positionNote: '',
	team: [{ name: leader, role: 'truong_doan', position: 'Phó Giám đốc', organisation: 'Sở Nội vụ' }],
	unitReps: [{ name: 'Trần Thị Bình', position: 'Phó Chủ tịch UBND' }],
	basis: 'Kế hoạch số 12/KH-SNV',
	address: ''
});

/** Every answer slot of the default template's A–D for these officers: [itemId, officerId]. */
function slots(officerIds) {
	const out = [];
	for (const section of defaultTemplate.sections.filter((s) => s.enabledByDefault)) {
		for (const item of section.items) {
			if (item.perOfficer) for (const o of officerIds) out.push([item.id, o, item]);
			else out.push([item.id, '', item]);
		}
	}
	return out;
}

/** A valid answer for the item's kind (the benchmark does not care which). */
function valueFor(item, i) {
	switch (item.kind) {
		case 'count':
			return { kind: 'count', numerator: 10 - (i % 3), denominator: 10 };
		case 'sample':
			return { kind: 'sample', size: 5, passed: 5 - (i % 2) };
		case 'pass':
			return { kind: 'pass', result: i % 7 === 3 ? 'fail' : 'pass' };
		default:
			return { kind: 'na', reason: 'not_applicable' };
	}
}

/**
 * A draft made with the app's own actions (create, officers, every slot answered), as the
 * inspector would have made it: rows plus outbox entries, one transaction per action.
 */
async function makeInspection(dbName, { unit, createdBy, officers, answerAll }) {
	const db = open(dbName);
	const id = await createInspection(db, { header: header(unit), template: defaultTemplate, createdBy });
	const officerIds = [];
	for (let i = 0; i < officers; i++)
		officerIds.push(await addOfficer(db, id, { name: `Công chức ${i + 1}`, position: 'Chuyên viên', desk: `Quầy ${i + 1}` }));
	const all = slots(officerIds);
	if (answerAll)
		for (const [i, [itemId, officerId, item]] of all.entries())
			await answerItem(db, { inspectionId: id, itemId, officerId, value: valueFor(item, i) });
	return { id, officerIds, slots: all.length };
}

/**
 * `count` inspections already on the device (synced earlier: rows, no outbox), written with
 * bulk puts through the app's Dexie schema, `answersEach` answers and 3 officers per record.
 */
async function seedStored(dbName, { count, answersEach, unit, createdBy }) {
	const db = open(dbName);
	const base = Date.now() - count * 60_000;
	for (let start = 0; start < count; start += 250) {
		const inspections = [];
		const officers = [];
		const answers = [];
		for (let n = start; n < Math.min(count, start + 250); n++) {
			const at = new Date(base + n * 60_000).toISOString();
			const id = uuidv7(base + n * 60_000);
			inspections.push({
				...header(unit),
				startedAt: at,
				id,
				templateId: defaultTemplate.id,
				templateVersion: defaultTemplate.version,
				sectionIds: ['A', 'B', 'C', 'D'],
				createdBy,
				createdAt: at,
				recommendations: '',
				unitOpinion: '',
				status: 'submitted',
				endedAt: at,
				updatedAt: at
			});
			const ids = [0, 1, 2].map((k) => {
				const officerId = uuidv7(base + n * 60_000);
				officers.push({ id: officerId, inspectionId: id, name: `Công chức ${k + 1}`, position: '', desk: '', order: k });
				return officerId;
			});
			for (const [i, [itemId, officerId, item]] of slots(ids).slice(0, answersEach).entries())
				answers.push({ inspectionId: id, itemId, officerId, value: valueFor(item, i), note: i % 9 === 0 ? 'Ghi chú' : '', answeredAt: at });
		}
		await db.transaction('rw', db.inspections, db.officers, db.answers, async () => {
			await db.inspections.bulkPut(inspections);
			await db.officers.bulkPut(officers);
			await db.answers.bulkPut(answers);
		});
	}
	return { inspections: await db.inspections.count(), answers: await db.answers.count() };
}

/** Resolves once the page has had a frame and an idle period (the previous save re-rendered). */
const settled = () =>
	new Promise((resolve) => requestAnimationFrame(() => requestIdleCallback(() => setTimeout(resolve, 30), { timeout: 1000 })));

/**
 * Times the app's real answerItem: from the call to its promise resolving, which Dexie does
 * only after the read-write transaction (answer row + outbox entry + counter + touch) has
 * committed with strict durability. Then checks the row and the entry are really there.
 * `paced`: wait for the page to settle between answers, as between an inspector's taps.
 */
async function timeAnswers(dbName, { inspectionId, targets, rounds, paced = false }) {
	const db = open(dbName);
	const times = [];
	for (let r = 0; r < rounds; r++) {
		if (paced) await settled();
		const [itemId, officerId] = targets[r % targets.length];
		const value = { kind: 'pass', result: r % 2 ? 'fail' : 'pass' };
		const t0 = performance.now();
		const answer = await answerItem(db, { inspectionId, itemId, officerId, value });
		times.push(performance.now() - t0);
		const [row, last] = await Promise.all([db.answers.get([inspectionId, itemId, officerId]), db.outbox.orderBy('localId').last()]);
		if (row?.answeredAt !== answer.answeredAt || last?.mutation.args.answeredAt !== answer.answeredAt)
			throw new Error('answer row or outbox entry missing after answerItem resolved');
	}
	return times;
}

/** Puts already-made outbox entries and their rows into a bench database (client A). */
async function loadQueue(dbName, { clientId, mutations, nextSeq }) {
	const db = open(dbName);
	await db.transaction('rw', [db.outbox, db.meta, db.inspections, db.officers, db.answers], async () => {
		await db.meta.put({ key: 'clientId', value: clientId });
		await db.meta.put({ key: 'nextSeq', value: nextSeq });
		await db.outbox.bulkAdd(
			mutations.map((mutation) => ({
				mutation,
				inspectionId: mutation.args.inspectionId ?? mutation.args.id,
				state: 'pending',
				attempts: 0,
				lastError: null
			}))
		);
		const rows = { inspections: [], officers: [], answers: [] };
		for (const m of mutations) {
			if (m.name === 'createInspection') rows.inspections.push({ ...m.args, status: 'draft', endedAt: null, updatedAt: m.createdAt });
			else if (m.name === 'addOfficer') rows.officers.push(m.args);
			else if (m.name === 'answerItem') rows.answers.push(m.args);
		}
		await db.inspections.bulkPut(rows.inspections);
		await db.officers.bulkPut(rows.officers);
		await db.answers.bulkPut(rows.answers);
	});
	return db.outbox.count();
}

/** The real engine's push of the whole outbox, timed. */
async function timePush(dbName) {
	const db = open(dbName);
	const transport = httpTransport();
	// The time spent waiting on the server's answers, so the rest is the device's own work.
	let waitMs = 0;
	let requests = 0;
	const timed = {
		...transport,
		async push(clientId, mutations) {
			const t = performance.now();
			try {
				return await transport.push(clientId, mutations);
			} finally {
				waitMs += performance.now() - t;
				requests++;
			}
		}
	};
	const t0 = performance.now();
	const report = await pushOutbox(db, timed);
	const ms = performance.now() - t0;
	return { ms, waitMs, requests, ...report, left: await db.outbox.count() };
}

/** The real engine's pull into a fresh database, timed. */
async function timePull(dbName) {
	const db = open(dbName);
	const t0 = performance.now();
	const pulled = await pullChanges(db, httpTransport());
	const ms = performance.now() - t0;
	return { ms, pulled, inspections: await db.inspections.count(), officers: await db.officers.count(), answers: await db.answers.count() };
}

async function counts(dbName) {
	const db = open(dbName);
	return {
		inspections: await db.inspections.count(),
		answers: await db.answers.count(),
		outbox: await db.outbox.count(),
		photos: await db.photos.count()
	};
}

/**
 * The template versions the server lists, stored by the app's own sync step (the device has them
 * after its first sync, as an inspector's phone does once signed in).
 */
async function storeTemplates(dbName) {
	await refreshTemplateVersions(open(dbName), (known) => httpTransport().templates(known));
}

async function photoRows(dbName) {
	return open(dbName).photos.toArray();
}

globalThis.KtmcBench = {
	open,
	userDbName,
	makeInspection,
	storeTemplates,
	seedStored,
	timeAnswers,
	loadQueue,
	timePush,
	timePull,
	counts,
	photoRows,
	slots
};
