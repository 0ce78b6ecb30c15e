import { describe, expect, it } from 'vitest';
import { MAX_LISTED_PROBLEMS, templateInvalidBody } from './template-transfer';

describe('templateInvalidBody', () => {
	it('puts the first problem up front, naming its cell as Excel writes it, and lists them all', () => {
		const problems = [
			{ sheet: 'Items', row: 3, column: 'weight', cell: 'K3', message: 'Expected a number, found "nặng"' },
			{ field: 'sections.0.items.1.legal.0.date', message: 'Invalid ISO date' }
		];
		expect(templateInvalidBody(problems)).toEqual({
			error: {
				code: 'template_invalid',
				field: 'Items!K3',
				message: 'The template does not validate. 2 problems; the first: Expected a number, found "nặng"',
				problems
			}
		});
		expect(templateInvalidBody([{ message: 'Not valid JSON' }]).error).not.toHaveProperty('field');
	});

	it('lists at most MAX_LISTED_PROBLEMS, then says how many more there are', () => {
		const many = Array.from({ length: MAX_LISTED_PROBLEMS + 50 }, (_, i) => ({ field: `sections.${i}.title`, message: 'Too short' }));
		const { error } = templateInvalidBody(many);
		expect(error.message).toContain(`${MAX_LISTED_PROBLEMS + 50} problems`);
		expect(error.problems).toHaveLength(MAX_LISTED_PROBLEMS + 1);
		expect(error.problems?.at(-1)).toEqual({ message: '…and 50 more problems' });
	});
});
