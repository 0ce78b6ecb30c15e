import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TemplateVersion } from '$lib/domain/template-versions';
import { defaultTemplate } from '$lib/templates';
import { TemplateDraftEditor } from './template-draft-editor.svelte';
import { readUnsaved } from './unsaved-template';

const draft = (): TemplateVersion => ({
	templateId: defaultTemplate.id,
	version: defaultTemplate.version,
	name: defaultTemplate.name,
	status: 'draft',
	effectiveFrom: null,
	scopeProvinceCode: 1,
	basedOn: null,
	publishedAt: null,
	retiredAt: null,
	createdBy: 'u1',
	createdAt: '2026-12-01T00:00:00Z',
	updatedAt: '2026-12-01T00:00:00Z',
	template: structuredClone(defaultTemplate)
});

const answer = (status: number, body: unknown) =>
	Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));

let fetchMock: ReturnType<typeof vi.fn>;

beforeEach(() => {
	const store = new Map<string, string>();
	vi.stubGlobal('localStorage', {
		getItem: (k: string) => store.get(k) ?? null,
		setItem: (k: string, v: string) => void store.set(k, v),
		removeItem: (k: string) => void store.delete(k)
	});
	fetchMock = vi.fn();
	vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => vi.unstubAllGlobals());

describe('TemplateDraftEditor', () => {
	it('keeps unsaved edits on the device and puts them back when the draft is opened again', () => {
		const editor = new TemplateDraftEditor();
		editor.open(draft(), 'u1');
		expect(editor.dirty).toBe(false);
		editor.template!.sections[0]!.items[0]!.text = 'Niêm yết danh mục thủ tục hành chính';
		expect(editor.dirty).toBe(true);
		editor.keep();
		expect(readUnsaved('u1', draft())?.template.sections[0]!.items[0]!.text).toBe('Niêm yết danh mục thủ tục hành chính');

		const reopened = new TemplateDraftEditor();
		reopened.open(draft(), 'u1');
		expect(reopened.restoredAt).not.toBeNull();
		expect(reopened.dirty).toBe(true);
		expect(reopened.template!.sections[0]!.items[0]!.text).toBe('Niêm yết danh mục thủ tục hành chính');
		expect(reopened.restoredOverNewer).toBe(false);
		// Saved since (elsewhere): the edits still come back, flagged as made on an older save.
		const newer = new TemplateDraftEditor();
		newer.open({ ...draft(), updatedAt: '2026-12-03T00:00:00Z' }, 'u1');
		expect(newer.restoredOverNewer).toBe(true);
		// Another account on the same computer does not get them.
		const other = new TemplateDraftEditor();
		other.open(draft(), 'u2');
		expect(other.dirty).toBe(false);
	});

	it('refuses to send a draft the schema refuses, and names the field', async () => {
		const editor = new TemplateDraftEditor();
		editor.open(draft(), 'u1');
		editor.template!.sections[1]!.items[2]!.text = '';
		expect(editor.problemAt('sections.1.items.2.text')).toBeUndefined(); // not before a save is tried
		expect(await editor.save()).toBe(false);
		expect(fetchMock).not.toHaveBeenCalled();
		expect(editor.problemAt('sections.1.items.2.text')).toMatchObject({ code: 'too_small', origin: 'string', minimum: 3 });
		expect(editor.hasProblemUnder('sections.1.items.2')).toBe(true);
		expect(editor.hasProblemUnder('sections.1.items.1')).toBe(false);
	});

	it("puts the server's refusal next to the field it names", async () => {
		const editor = new TemplateDraftEditor();
		editor.open(draft(), 'u1');
		editor.template!.sections[0]!.title = 'Niêm yết, công khai';
		fetchMock.mockReturnValue(
			answer(400, { error: { code: 'invalid_request', field: 'template.sections.0.title', message: 'Title taken' } })
		);
		expect(await editor.save()).toBe(false);
		expect(editor.problemAt('sections.0.title')).toMatchObject({ code: 'invalid_request', message: 'Title taken', fromServer: true });
		expect(editor.dirty).toBe(true);
	});

	it('after a save takes the server copy, is no longer dirty and forgets the device copy', async () => {
		const editor = new TemplateDraftEditor();
		editor.open(draft(), 'u1');
		editor.template!.sections[0]!.title = 'Niêm yết, công khai';
		editor.keep();
		const saved = draft();
		saved.template.sections[0]!.title = 'Niêm yết, công khai';
		saved.updatedAt = '2026-12-02T00:00:00Z';
		fetchMock.mockReturnValue(answer(200, { version: saved }));
		expect(await editor.save()).toBe(true);
		const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
		expect(url).toBe(`/api/admin/templates/${defaultTemplate.id}/${defaultTemplate.version}`);
		expect(init.method).toBe('PUT');
		expect(JSON.parse(init.body as string).template.sections[0].title).toBe('Niêm yết, công khai');
		expect(editor.dirty).toBe(false);
		expect(editor.version?.updatedAt).toBe('2026-12-02T00:00:00Z');
		expect(readUnsaved('u1', saved)).toBeNull();
	});
});
