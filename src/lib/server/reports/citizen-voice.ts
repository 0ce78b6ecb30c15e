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
 * and averages each respondent's, exactly as `summarizeResponses` does. Indexes: record_summaries
 * (province_code | unit_code, started_at), interviews (inspection_id), feedback_responses
 * (unit_code, received_hour) and (province_code, received_hour) (migration 034).
 */
import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';
import { emptyFactorSums, type VoiceSumRow } from '$lib/domain/citizen-voice';
import { questionIdSchema, sipasFactors, type QuestionnaireVersion } from '$lib/domain/questionnaire';
import type { PeriodRange } from '$lib/domain/reports';
import type { SipasFactor } from '$lib/domain/template';
import type { Database } from '../db/schema';
import { listQuestionnairesForDevice } from '../templates/questionnaire-rows';

/** Whose voice: a province (null: every province), or one unit; the record statuses counted. */
export interface VoiceScope {
	provinceCode: number | null;
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
	period: number | string;
	source: string;
	respondents: number | string;
	[column: string]: number | string | null;
}

/**
 * Respondents and per-factor sums per unit, period and source over `periods` (each a half-open
 * range of instants; a response outside all of them is not read twice nor counted). Read-only.
 */
export async function voiceSums(db: Kysely<Database>, scope: VoiceScope, periods: PeriodRange[]): Promise<VoiceSumRow[]> {
	if (periods.length === 0 || scope.statuses.length === 0) return [];
	const pg = db.getExecutor().adapter instanceof PostgresAdapter;
	const versions = await listQuestionnairesForDevice(db, scope.provinceCode);
	const from = periods.reduce((a, p) => (p.from < a ? p.from : a), periods[0]!.from);
	const to = periods.reduce((a, p) => (p.to > a ? p.to : a), periods[0]!.to);
	// PostgreSQL parses each response's JSON once, in the inner select.
	const [interviewAnswers, pointAnswers] = pg ? [sql`iv.answers::jsonb`, sql`answers::jsonb`] : [sql`iv.answers`, sql`answers`];

	const recordWhere = [
		sql`rs.kind = 'official'`,
		sql`rs.status in (${sql.join([...scope.statuses])})`,
		sql`rs.started_at >= ${from}`,
		sql`rs.started_at < ${to}`
	];
	if (scope.provinceCode !== null) recordWhere.push(sql`rs.province_code = ${scope.provinceCode}`);
	if (scope.unitCode !== null) recordWhere.push(sql`rs.unit_code = ${scope.unitCode}`);
	const pointWhere = [sql`received_hour >= ${from}`, sql`received_hour < ${to}`];
	if (scope.provinceCode !== null) pointWhere.push(sql`province_code = ${scope.provinceCode}`);
	if (scope.unitCode !== null) pointWhere.push(sql`unit_code = ${scope.unitCode}`);

	const responses = sql`
		select rs.unit_code as unit_code, ${periodIndex(sql`rs.started_at`, periods)} as period, 'interview' as source,
			iv.questionnaire_id as qid, iv.questionnaire_version as qver, ${interviewAnswers} as a
		from interviews iv inner join record_summaries rs on rs.inspection_id = iv.inspection_id
		where ${sql.join(recordWhere, sql` and `)}
		union all
		select unit_code, ${periodIndex(sql`received_hour`, periods)} as period,
			(case when flood is null then 'point' else 'flood' end) as source,
			questionnaire_id as qid, questionnaire_version as qver, ${pointAnswers} as a
		from feedback_responses
		where ${sql.join(pointWhere, sql` and `)}`;
	const means = sql.join(
		sipasFactors.map((f) => sql`${factorMean(pg, versions, f)} as ${sql.ref(`m_${f}`)}`),
		sql`, `
	);
	const sums = sql.join(
		sipasFactors.map((f) => sql`count(${sql.ref(`m_${f}`)}) as ${sql.ref(`n_${f}`)}, sum(${sql.ref(`m_${f}`)}) as ${sql.ref(`t_${f}`)}`),
		sql`, `
	);
	const result = await sql<SumsRow>`
		select unit_code, period, source, count(*) as respondents, ${sums}
		from (select unit_code, period, source, ${means} from (${responses}) r where period is not null) m
		group by unit_code, period, source
		order by unit_code, period, source`.execute(db);

	return result.rows.map((r) => {
		const factors = emptyFactorSums();
		for (const f of sipasFactors) factors[f] = { n: Number(r[`n_${f}`] ?? 0), total: Number(r[`t_${f}`] ?? 0) };
		return {
			unitCode: Number(r.unit_code),
			period: Number(r.period),
			source: r.source as VoiceSumRow['source'],
			respondents: Number(r.respondents),
			factors
		};
	});
}
