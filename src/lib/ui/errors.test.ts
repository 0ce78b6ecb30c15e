// How a server refusal reaches the screen: its code in words, a schema's validation code in
// words, a rate limit with the minutes to wait; the English message only for unknown codes.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { authErrorText, errorText, loadErrorWords } from './errors';

// The words are loaded after a page's first view (errors.ts); here, before the first test.
beforeAll(() => loadErrorWords());

describe('errorText', () => {
	it('words a known code, never the English message', () => {
		expect(errorText('same_password', 'The new password must differ from the current one')).toBe(
			'Mật khẩu mới phải khác mật khẩu hiện tại'
		);
		expect(errorText('invalid_credentials', 'Wrong username or password')).toBe('Sai tên đăng nhập hoặc mật khẩu');
	});

	it('words the validation code an invalid_request carries as its message', () => {
		expect(errorText('invalid_request', 'password_too_short')).toBe('Mật khẩu cần ít nhất 12 ký tự');
		expect(errorText('invalid_request', 'username_charset')).toBe('Tên đăng nhập chỉ gồm chữ không dấu, chữ số và các dấu . _ -');
		expect(errorText('invalid_request', 'no_changes')).toBe('Chưa có thay đổi nào');
		expect(errorText('invalid', 'recommendation_required')).toBe('Chưa nhập kiến nghị khắc phục');
	});

	it('falls back to the generic refusal for a schema message that is not a code of ours', () => {
		expect(errorText('invalid_request', 'Invalid input: expected string, received number')).toBe('Yêu cầu không hợp lệ');
	});

	it("shows an unknown code's own message", () => {
		expect(errorText('some_newer_code', 'Something new went wrong')).toBe('Something new went wrong');
	});
});

describe('authErrorText', () => {
	it('says how many minutes a rate-limited sign-in waits, from Retry-After', () => {
		expect(authErrorText({ code: 'rate_limited', message: 'Too many failed sign-ins', retryAfterSeconds: 61 })).toBe(
			'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 2 phút.'
		);
		expect(authErrorText({ code: 'rate_limited', retryAfterSeconds: 5 })).toBe('Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 1 phút.');
	});

	it('words other refusals like errorText', () => {
		expect(authErrorText({ code: 'rate_limited' })).toBe('Thử quá nhiều lần, hãy đợi một lát rồi thử lại');
		expect(authErrorText({ code: 'account_disabled', message: 'This account is disabled' })).toBe(
			'Tài khoản đã bị khóa. Vui lòng liên hệ quản trị viên.'
		);
		expect(authErrorText({ code: 'invalid_request', message: 'password_required' })).toBe('Chưa nhập mật khẩu');
	});
});

describe('before the words have loaded', () => {
	it('shows the server message meanwhile and the words once they are in', async () => {
		vi.resetModules();
		const fresh = await import('./errors');
		expect(fresh.errorText('invalid_credentials', 'Wrong username or password')).toBe('Wrong username or password');
		await fresh.loadErrorWords();
		expect(fresh.errorText('invalid_credentials', 'Wrong username or password')).toBe('Sai tên đăng nhập hoặc mật khẩu');
	});
});
