/**
 * The rules of the feedback point at the counter (issue 19, must-show 3; docs/feedback-point.md):
 * who keeps a unit's point, how answers are limited without knowing who sends them, and when a
 * burst of answers is a flood rather than a queue of citizens. Pure: the server enforces these, the
 * screens use them to offer only what the account may do.
 */
import type { Principal } from './principal';

/** The unit a point belongs to, with its province (the tenant boundary). */
export interface PointUnit {
	code: number;
	provinceCode: number;
}

const ofProvince = (p: Principal, unit: PointUnit) => p.provinceCode === null || p.provinceCode === unit.provinceCode;

/**
 * Who creates, rotates and revokes a unit's point: the unit's own ward account, and the admins
 * of its province (a national admin everywhere). The poster hangs at the ward's counter, so the
 * ward replaces it when it is torn down or copied somewhere it should not be.
 */
export function canManageFeedbackPoint(p: Principal, unit: PointUnit): boolean {
	if (p.role === 'ward') return p.unitCode === unit.code;
	return p.role === 'admin' && ofProvince(p, unit);
}

/** Who sees a unit's points: those who keep them, and the province's supervisors. */
export function canSeeFeedbackPoint(p: Principal, unit: PointUnit): boolean {
	return canManageFeedbackPoint(p, unit) || (p.role === 'supervisor' && ofProvince(p, unit));
}

/** A fixed window: at most `max` answers in `windowMs`. */
export interface AnswerLimit {
	max: number;
	windowMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * One client (a keyed hash of its network address, never the address) may send this many
 * answers, to any points, in ten minutes. A citizen answers once; the few people behind one
 * office Wi-Fi or one carrier's address at the same counter stay well inside it.
 */
export const CLIENT_LIMIT: AnswerLimit = { max: 10, windowMs: 10 * MINUTE };

/**
 * One point takes at most this many answers an hour; past it the server refuses (429) whatever
 * the client. The busiest counter serves a few dozen people an hour, and few of them answer.
 */
export const TOKEN_LIMIT: AnswerLimit = { max: 120, windowMs: HOUR };

/**
 * The flood rule: more than this many answers stored for one point within one clock hour
 * (`received_hour`) is more than a counter produces. Every answer of that point and hour — those
 * already stored and those still coming — is marked with the burst's id (`floodIdOf`): it stays
 * stored, its comment still reaches the supervisors (marked), but it counts apart and never in
 * an average, and the supervisors see the burst listed as such.
 */
export const FLOOD_ANSWERS_PER_HOUR = 30;

/** The hour an answer is kept with: the server's time cut to the hour (UTC instant), nothing finer. */
export function receivedHour(now: Date): string {
	const hour = new Date(now.getTime());
	hour.setUTCMinutes(0, 0, 0);
	return hour.toISOString();
}

/** The id of the burst of one point in one hour: the same for every answer it marks. */
export const floodIdOf = (pointId: string, hour: string): string => `${pointId}@${hour}`;

/** The public address of a point's page, which the poster's QR code carries. */
export const feedbackPagePath = (token: string): string => `/y/${token}`;
