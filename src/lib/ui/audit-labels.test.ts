// The audit log speaks in words: every action the server writes has them, every change a device
// syncs too, and the facts recorded with an entry carry human names and values.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mutationNames } from '$lib/domain/protocol/intents';
import { auditActionLabel, auditFactLabel, auditValueLabel, wordedAuditActions } from './audit-labels';
import { mutationLabel } from './mutation-labels';
import { language } from './i18n.svelte';

function serverFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return serverFiles(path);
		return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
	});
}

describe('audit log words', () => {
	it('cover every action the server writes (the audit action unions and every `action: ...` literal)', () => {
		const written = new Set<string>();
		for (const file of serverFiles('src/lib/server')) {
			const text = readFileSync(file, 'utf8');
			for (const hit of text.matchAll(/action: (?:disabled \? )?'([a-z_]+)'(?: : '([a-z_]+)')?/g)) {
				written.add(hit[1]!);
				if (hit[2]) written.add(hit[2]);
			}
			if (/export type (Admin)?AuditAction\b/.test(text)) {
				const union = /export type (?:Admin)?AuditAction =([^;]+);/.exec(text)![1]!;
				for (const hit of union.matchAll(/\| '([a-z_]+)'/g)) written.add(hit[1]!);
			}
		}
		expect(written.size).toBeGreaterThan(40);
		expect([...written].filter((a) => !wordedAuditActions.includes(a)).sort()).toEqual([]);
	});

	it('name every synced change in words, in both languages', () => {
		for (const name of mutationNames) {
			expect(mutationLabel(name)).not.toBe(name);
			expect(auditActionLabel(`mutation:${name}`)).toMatch(/^Đồng bộ: /);
		}
		expect(auditActionLabel('mutation:answerItem')).toBe('Đồng bộ: Trả lời tiêu chí');
		language.current = 'en';
		try {
			expect(auditActionLabel('mutation:answerItem')).toBe('Synced: Answer an item');
			expect(auditActionLabel('login_failed')).toBe('Failed sign-in');
		} finally {
			language.current = 'vi';
		}
	});

	it('say what an unknown action is without hiding it', () => {
		expect(auditActionLabel('something_new')).toBe('Hành động khác (something_new)');
	});

	it('word the recorded facts and their coded values', () => {
		expect(auditFactLabel('clientId')).toBe('thiết bị');
		expect(auditFactLabel('inspectionId')).toBe('biên bản');
		expect(auditValueLabel('reason', 'wrong_password')).toBe('sai mật khẩu');
		expect(auditValueLabel('name', 'submitInspection')).toBe('Nộp biên bản');
		expect(auditValueLabel('role', 'inspector')).toBe('Cán bộ kiểm tra');
		expect(auditValueLabel('active', true)).toBe('có');
		expect(auditValueLabel('via', 'cli')).toBe('dòng lệnh trên máy chủ');
	});
});
