/**
 * Sums of the citizen's voice for the reports (issue 19, must-show 5), read set-based: one grouped
 * query per scope gives, per unit, period and source, the respondents and per SIPAS factor how
 * many answered it and the sum of their own means (domain/citizen-voice.ts makes the averages).
 *
 * - Interviews count toward the unit of their record and the period its visit started in, only
 *   for the records the report counts (`record_summaries`: official, a counted status) — so a
 *   ward's report counts interviews of approved records only, like its findings.
 * - Point responses count toward their unit and `received_hour`; flooded ones (`flood` set) are
 *   counted apart (source 'flood') and never averaged.
 *
 * Answers are JSON text. Which question ids are scale questions of which factor depends on the
 * questionnaire version, so the query carries, per version the scope may hold, each factor's
 * scale ids; the database extracts the numbers (`json_extract` on SQLite, `jsonb` on PostgreSQL)
 * and averages each respondent's, exactly as `summarizeResponses` does. Interviews (a few per
 * visit) are read so on every report. The point's responses can be hundreds per counter and
 * quarter, so each is read once: closed hours are summed into `voice_point_days` (per unit and
 * Vietnam day, migration 034) and a report adds up those rows, reading only the responses of the
 * last hours. Indexes: record_summaries (province_code | unit_code, started_at), interviews
 * (inspection_id), feedback_responses (province_code, received_hour) (034), voice_point_days
 * (unit_code, day) and (province_code, day) (034).
 */
import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';
import { emptyFactorSums, type VoiceSumRow } from '$lib/domain/citizen-voice';
import { questionIdSchema, sipasFactors, type QuestionnaireVersion } from '$lib/domain/questionnaire';
import type { PeriodRange } from '$lib/domain/reports';
import type { SipasFactor } from '$lib/domain/template';
import { vietnamDate } from '$lib/domain/dates';
import type { Database } from '../db/schema';
import { listQuestionnairesForDevice } from '../templates/questionnaire-rows';

/** Whose voice: a province, or one unit of it; the record statuses counted. */
export interface VoiceScope {
	provinceCode: number;
	unitCode: number | null;
	statuses: readonly ('submitted' | 'approved')[];
}

type Sql = RawBuilder<unknown>;

/** A scale answer as a number, or null when the answer is missing or not a number. */
function scaleValue(pg: boolean, id: string): Sql {
	// Ids come from parsed questionnaires (Q1…Q99); checked again so nothing else reaches a path.
	questionIdSchema.parse(id);
	return pg
		? sql`(case when jsonb_typeof(a -> ${id}::text) = 'number' then (a ->> ${id}::text)::numeric end)`
		: sql`(case when json_type(a, ${`$.${id}`}) in ('integer', 'real') then json_extract(a, ${`$.${id}`}) end)`;
}

/** A respondent's mean over the given scale questions, null when they answered none of them. */
function respondentMean(pg: boolean, ids: string[]): Sql {
	const values = ids.map((id) => scaleValue(pg, id));
	const sum = sql.join(
		values.map((v) => sql`coalesce(${v}, 0)`),
		sql` + `
	);
	const answered = sql.join(
		values.map((v) => sql`(case when ${v} is not null then 1 else 0 end)`),
		sql` + `
	);
	return sql`(1.0 * (${sum}) / nullif(${answered}, 0))`;
}

/** The factor's mean of one response, by the questionnaire version it was given on. */
function factorMean(pg: boolean, versions: QuestionnaireVersion[], factor: SipasFactor): Sql {
	const branches: Sql[] = [];
	for (const v of versions) {
		const ids = v.questionnaire.groups
			.filter((g) => g.factor === factor)
			.flatMap((g) => g.questions.filter((q) => q.kind === 'scale5').map((q) => q.id));
		if (ids.length > 0) branches.push(sql`when qid = ${v.templateId} and qver = ${v.version} then ${respondentMean(pg, ids)}`);
	}
	return branches.length === 0 ? sql`null` : sql`(case ${sql.join(branches, sql` `)} end)`;
}

/** The index of the period an instant falls in, or null. */
function periodIndex(column: Sql, periods: PeriodRange[]): Sql {
	const branches = periods.map((p, i) => sql`when ${column} >= ${p.from} and ${column} < ${p.to} then ${sql.lit(i)}`);
	return sql`(case ${sql.join(branches, sql` `)} end)`;
}

interface SumsRow {
	unit_code: number | string;
	bucket: number | string;
	source: string;
	respondents: number | string;
	[column: string]: number | string | null;
}

const isPostgres = (db: Kysely<Database>) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * Respondents and per-factor sums of `responses` (rows of unit_code, bucket, source, qid, qver and
 * the answers `a`: JSON text on SQLite, jsonb on PostgreSQL) grouped by unit, bucket and source.
 */
async function responseSums(db: Kysely<Database>, versions: QuestionnaireVersion[], responses: Sql): Promise<SumsRow[]> {
	const pg = isPostgres(db);
	const means = sql.join(
		sipasFactors.map((f) => sql`${factorMean(pg, versions, f)} as ${sql.ref(`m_${f}`)}`),
		sql`, `
	);
	const sums = sql.join(
		sipasFactors.map((f) => sql`count(${sql.ref(`m_${f}`)}) as ${sql.ref(`n_${f}`)}, sum(${sql.ref(`m_${f}`)}) as ${sql.ref(`t_${f}`)}`),
		sql`, `
	);
	// `offset 0` keeps PostgreSQL from inlining the inner select, which would parse the JSON again
	// for every reference to `a` instead of once per response.
	const result = await sql<SumsRow>`
		select unit_code, bucket, source, count(*) as respondents, ${sums}
		from (select unit_code, bucket, source, ${means} from (${responses}${pg ? sql` offset 0` : sql``}) r where bucket is not null) m
		group by unit_code, bucket, source`.execute(db);
	return result.rows;
}

const factorSums = (r: Record<string, unknown>, prefix: (f: SipasFactor) => [string, string]) => {
	const factors = emptyFactorSums();
	for (const f of sipasFactors) {
		const [n, t] = prefix(f);
		factors[f] = { n: Number(r[n] ?? 0), total: Number(r[t] ?? 0) };
	}
	return factors;
};

const toVoiceRows = (rows: SumsRow[]): VoiceSumRow[] =>
	rows.map((r) => ({
		unitCode: Number(r.unit_code),
		period: Number(r.bucket),
		source: r.source as VoiceSumRow['source'],
		respondents: Number(r.respondents),
		factors: factorSums(r, (f) => [`n_${f}`, `t_${f}`])
	}));

/** The feedback point's responses of a province in [from, to), as `responses` rows in `bucket`s. */
function pointResponses(pg: boolean, provinceCode: number, unitCode: number | null, bucket: Sql, from: string | null, to: string): Sql {
	const where = [sql`province_code = ${provinceCode}`, sql`received_hour < ${to}`];
	if (from !== null) where.push(sql`received_hour >= ${from}`);
	if (unitCode !== null) where.push(sql`unit_code = ${unitCode}`);
	return sql`
		select unit_code, ${bucket} as bucket, (case when flood is null then 'point' else 'flood' end) as source,
			questionnaire_id as qid, questionnaire_version as qver, ${pg ? sql`answers::jsonb` : sql`answers`} as a
		from feedback_responses where ${sql.join(where, sql` and `)}`;
}

/** The start of the hour before the current one: later hours may still receive or flood-mark responses. */
export const closedBefore = (now: Date) => new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 - 3_600_000).toISOString();

type DayRow = Omit<Database['voice_point_days'], never>;

/**
 * Brings the province's `voice_point_days` up to the last closed hour: the responses received
 * since its mark are summed (one grouped read of their JSON), folded into Vietnam days and added
 * to the day rows, and the mark moves, in one transaction. Two readers catching up at once: the
 * mark only moves from where this one read it, so the slower one adds nothing and rolls back.
 * Anything that changes a response after its hour (deleting it, lifting a flood mark) must call
 * `forgetPointDays` for its province.
 */
export async function catchUpPointDays(db: Kysely<Database>, provinceCode: number, now = new Date()): Promise<void> {
	const limit = closedBefore(now);
	const mark = await db.selectFrom('voice_point_marks').select('through_hour').where('province_code', '=', provinceCode).executeTakeFirst();
	const start = mark?.through_hour ?? null;
	if (start !== null && start >= limit) return;
	const versions = await listQuestionnairesForDevice(db, provinceCode);
	const rows = await responseSums(db, versions, pointResponses(isPostgres(db), provinceCode, null, sql`received_hour`, start, limit));
	const days = new Map<string, DayRow>();
	for (const r of rows) {
		const day = vietnamDate(String(r.bucket));
		const id = `${r.unit_code}|${day}`;
		let row = days.get(id);
		if (!row) {
			row = { unit_code: Number(r.unit_code), day, province_code: provinceCode, respondents: 0, flooded: 0 } as DayRow;
			for (const f of sipasFactors) Object.assign(row, { [`n_${f.toLowerCase()}`]: 0, [`t_${f.toLowerCase()}`]: 0 });
			days.set(id, row);
		}
		if (r.source === 'flood') {
			row.flooded += Number(r.respondents);
			continue;
		}
		row.respondents += Number(r.respondents);
		const cells = row as unknown as Record<string, number>;
		for (const f of sipasFactors) {
			cells[`n_${f.toLowerCase()}`]! += Number(r[`n_${f}`] ?? 0);
			cells[`t_${f.toLowerCase()}`]! += Number(r[`t_${f}`] ?? 0);
		}
	}
	const added = ['respondents', 'flooded', ...sipasFactors.flatMap((f) => [`n_${f.toLowerCase()}`, `t_${f.toLowerCase()}`])];
	await db.transaction().execute(async (trx) => {
		const moved =
			start === null
				? Number(
						(
							await trx
								.insertInto('voice_point_marks')
								.values({ province_code: provinceCode, through_hour: limit })
								.onConflict((oc) => oc.column('province_code').doNothing())
								.executeTakeFirst()
						).numInsertedOrUpdatedRows ?? 0n
					)
				: Number(
						(
							await trx
								.updateTable('voice_point_marks')
								.set({ through_hour: limit })
								.where('province_code', '=', provinceCode)
								.where('through_hour', '=', start)
								.executeTakeFirst()
						).numUpdatedRows
					);
		if (moved === 0) return;
		const all = [...days.values()];
		for (let i = 0; i < all.length; i += 200)
			await trx
				.insertInto('voice_point_days')
				.values(all.slice(i, i + 200))
				.onConflict((oc) =>
					oc
						.columns(['unit_code', 'day'])
						.doUpdateSet(Object.fromEntries(added.map((c) => [c, sql`voice_point_days.${sql.ref(c)} + excluded.${sql.ref(c)}`])))
				)
				.execute();
	});
}

/** Drops a province's day sums: the next report sums its responses again from the start. */
export async function forgetPointDays(db: Kysely<Database>, provinceCode: number): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx.deleteFrom('voice_point_marks').where('province_code', '=', provinceCode).execute();
		await trx.deleteFrom('voice_point_days').where('province_code', '=', provinceCode).execute();
	});
}

/** The index of the period a Vietnam day falls in, or null. */
function dayPeriodIndex(periods: PeriodRange[]): Sql {
	const branches = periods.map((p, i) => sql`when day >= ${p.start} and day <= ${p.end} then ${sql.lit(i)}`);
	return sql`(case ${sql.join(branches, sql` `)} end)`;
}

/** The point's sums per unit and period from the day rows (responses before the province's mark). */
async function pointDaySums(db: Kysely<Database>, scope: VoiceScope, periods: PeriodRange[]): Promise<VoiceSumRow[]> {
	const first = periods.reduce((a, p) => (p.start < a ? p.start : a), periods[0]!.start);
	const last = periods.reduce((a, p) => (p.end > a ? p.end : a), periods[0]!.end);
	const factors = sipasFactors.map((f) => f.toLowerCase());
	const where = [sql`province_code = ${scope.provinceCode}`, sql`day >= ${first}`, sql`day <= ${last}`];
	if (scope.unitCode !== null) where.push(sql`unit_code = ${scope.unitCode}`);
	const sums = sql.join(
		factors.map((f) => sql`sum(${sql.ref(`n_${f}`)}) as ${sql.ref(`n_${f}`)}, sum(${sql.ref(`t_${f}`)}) as ${sql.ref(`t_${f}`)}`),
		sql`, `
	);
	const result = await sql<Record<string, number | string | null>>`
		select unit_code, bucket, sum(respondents) as respondents, sum(flooded) as flooded, ${sums}
		from (select *, ${dayPeriodIndex(periods)} as bucket from voice_point_days where ${sql.join(where, sql` and `)}) d
		where bucket is not null
		group by unit_code, bucket`.execute(db);
	return result.rows.flatMap((r) => {
		const base = { unitCode: Number(r.unit_code), period: Number(r.bucket) };
		return [
			{
				...base,
				source: 'point' as const,
				respondents: Number(r.respondents),
				factors: factorSums(r, (f) => [`n_${f.toLowerCase()}`, `t_${f.toLowerCase()}`])
			},
			{ ...base, source: 'flood' as const, respondents: Number(r.flooded), factors: emptyFactorSums() }
		];
	});
}

/**
 * Respondents and per-factor sums per unit, period and source over `periods` (each a half-open
 * range of instants, whole Vietnam days; a response outside all of them is not counted).
 * Interviews are summed from their rows (a few per visit); the point's responses from the day
 * rows up to the province's mark, after catching it up, and from their rows after it.
 */
export async function voiceSums(db: Kysely<Database>, scope: VoiceScope, periods: PeriodRange[], now = new Date()): Promise<VoiceSumRow[]> {
	if (periods.length === 0 || scope.statuses.length === 0) return [];
	const pg = isPostgres(db);
	const versions = await listQuestionnairesForDevice(db, scope.provinceCode);
	const from = periods.reduce((a, p) => (p.from < a ? p.from : a), periods[0]!.from);
	const to = periods.reduce((a, p) => (p.to > a ? p.to : a), periods[0]!.to);

	const recordWhere = [
		sql`rs.kind = 'official'`,
		sql`rs.status in (${sql.join([...scope.statuses])})`,
		sql`rs.started_at >= ${from}`,
		sql`rs.started_at < ${to}`,
		sql`rs.province_code = ${scope.provinceCode}`
	];
	if (scope.unitCode !== null) recordWhere.push(sql`rs.unit_code = ${scope.unitCode}`);
	const interviews = sql`
		select rs.unit_code as unit_code, ${periodIndex(sql`rs.started_at`, periods)} as bucket, 'interview' as source,
			iv.questionnaire_id as qid, iv.questionnaire_version as qver, ${pg ? sql`iv.answers::jsonb` : sql`iv.answers`} as a
		from interviews iv inner join record_summaries rs on rs.inspection_id = iv.inspection_id
		where ${sql.join(recordWhere, sql` and `)}`;

	await catchUpPointDays(db, scope.provinceCode, now);
	const mark = await db
		.selectFrom('voice_point_marks')
		.select('through_hour')
		.where('province_code', '=', scope.provinceCode)
		.executeTakeFirst();
	const liveFrom = mark && mark.through_hour > from ? mark.through_hour : from;
	const live =
		liveFrom < to ? pointResponses(pg, scope.provinceCode, scope.unitCode, periodIndex(sql`received_hour`, periods), liveFrom, to) : null;

	return [
		...toVoiceRows(await responseSums(db, versions, interviews)),
		...(mark ? await pointDaySums(db, scope, periods) : []),
		...(live ? toVoiceRows(await responseSums(db, versions, live)) : [])
	];
}
