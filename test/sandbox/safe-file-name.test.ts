// An attachment's file name is the sender's text: made safe to create in the save folder, readable where it can be.
import {describe, expect, it} from 'vitest';
import {freeFileName, safeFileName} from '../../source/sandbox/safe-file-name.js';

describe('safeFileName', () => {
	it('keeps only the last part of a path, with no leading dot (no hidden file, no ..)', () => {
		expect(safeFileName('../../.bashrc')).toBe('bashrc');
		expect(safeFileName('/etc/passwd')).toBe('passwd');
		expect(safeFileName('C:\\Users\\ann\\report.pdf')).toBe('report.pdf');
		expect(safeFileName('..')).toBeUndefined();
		expect(safeFileName('../')).toBeUndefined();
		expect(safeFileName(' . ')).toBeUndefined();
	});

	it('replaces control, bidi and zero-width characters and those Windows refuses', () => {
		expect(safeFileName('invoice\u202Efdp.exe')).toBe('invoice_fdp.exe');
		expect(safeFileName('a\u0007b\u001b[31m.txt')).toBe('a_b_[31m.txt');
		expect(safeFileName('x\u0085y\u200bz.txt')).toBe('x_y_z.txt');
		expect(safeFileName('what?: "yes" <no>|*.txt')).toBe('what__ _yes_ _no___.txt');
		expect(safeFileName('\u0000\u0001')).toBeUndefined();
	});

	it('keeps a UTF-8 name readable (NFC), and cuts a long one to 240 bytes keeping its extension', () => {
		expect(safeFileName('Rechnung Ma\u0308rz.pdf')).toBe('Rechnung März.pdf');
		expect(safeFileName('報告書.pdf')).toBe('報告書.pdf');
		const long = safeFileName(`${'報'.repeat(200)}.pdf`)!;
		expect(Buffer.byteLength(long)).toBeLessThanOrEqual(240);
		expect(long).toMatch(/^報+\.pdf$/);
	});

	it('numbers a name already taken, without regard to case', () => {
		expect(freeFileName('a.csv', new Set())).toBe('a.csv');
		expect(freeFileName('A.csv', new Set(['a.csv', 'a-2.csv']))).toBe('A-3.csv');
		expect(freeFileName('README', new Set(['readme']))).toBe('README-2');
	});
});
