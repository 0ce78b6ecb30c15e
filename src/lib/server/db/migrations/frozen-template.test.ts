// Migration 011 moves version 1 in from a frozen JSON copy: it must be the template records were made with.
import { describe, expect, it } from 'vitest';
import { templateSchema } from '$lib/domain/template';
import { defaultTemplate2025 } from '$lib/templates/default-2025';
import frozen from './data/mac-dinh-2025.1.json';

describe('the frozen copy of template 2025.1', () => {
	it('is the compiled template 2025.1, item for item', () => {
		// Should this fail after an edit of default-2025.ts: version 1 is what signed records were
		// checked against and must not change; write the change as a new version instead.
		expect(templateSchema.parse(frozen)).toEqual(templateSchema.parse(defaultTemplate2025));
	});
});
