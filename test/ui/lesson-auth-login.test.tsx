// Lesson 3's login task against the sandbox: AUTH LOGIN done right (334 Username, 334 Password, 235) ticks it as
// AUTH PLAIN does, and the hint still shows PLAIN.
import {describe, expect, it} from 'vitest';
import {plain} from '../helpers/wait-for.js';
import {KEYS} from './app-harness.js';
import {sandboxApp, typeCommands} from './wired-app.js';

describe('lesson 3 (tls), logged in with AUTH LOGIN', () => {
	it('ticks the login task from the 235, and hints AUTH PLAIN', async () => {
		const app = await sandboxApp({init: {mode: 'manual'}, settings: {user: ''}, size: {columns: 100, rows: 30}, lesson: 2});
		await app.frame(f => plain(f).includes('task 1 of 6'));
		await typeCommands(app, ['', 'EHLO client.example.test', 'STARTTLS', 'EHLO client.example.test']);
		await app.frame(f => plain(f).includes('task 5 of 6'));
		await app.press(KEYS.ctrl('l'));
		expect(plain(await app.frame(f => plain(f).includes('hint:')))).toContain('hint: AUTH PLAIN AGRlbW8AZGVtbw==');
		await typeCommands(app, ['AUTH LOGIN', 'ZGVtbw==', 'ZGVtbw==']);
		const frame = plain(await app.frame(f => plain(f).includes('task 6 of 6')));
		expect(frame).toMatch(/✔ AUTH ▸ QUIT/);
	});
});
