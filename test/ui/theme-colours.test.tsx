// Colours that read on their background: each reply class and the sent lines at a contrast of 4.5 or more (WCAG's
// figure for text) where the terminal has 256 colours, and sent lines and 3xx replies in different colours, on 16
// colours too.
import React from 'react';
import chalk from 'chalk';
import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {createTheme, ThemeContext, type Theme} from '../../source/ui/theme.js';
import {StepRail} from '../../source/ui/components/step-rail.js';
import {Panel} from '../../source/ui/components/panel.js';
import {stepsAt} from './dashboard-fixtures.js';

// xterm's named colours, and its 256-colour table's cube (16-231) and greys (232-255), where every palette entry above 15 is.
const NAMED: Record<string, [number, number, number]> = {
	green: [0, 205, 0],
	blue: [0, 0, 238],
	blueBright: [92, 92, 255],
	cyan: [0, 205, 205],
	yellow: [205, 205, 0],
	magenta: [205, 0, 205],
	red: [205, 0, 0],
};
const CUBE = [0, 95, 135, 175, 215, 255];

function rgbOf(colour: string): [number, number, number] {
	const index = /^ansi256\((\d+)\)$/.exec(colour)?.[1];
	if (index === undefined) return NAMED[colour]!;
	if (Number(index) >= 232) return [0, 1, 2].map(() => 8 + 10 * (Number(index) - 232)) as [number, number, number];
	const cube = Number(index) - 16;
	return [CUBE[Math.floor(cube / 36)]!, CUBE[Math.floor(cube / 6) % 6]!, CUBE[cube % 6]!];
}

const luminance = (rgb: readonly number[]) => {
	const [r, g, b] = rgb.map(value => (value / 255 <= 0.040_45 ? value / 255 / 12.92 : ((value / 255 + 0.055) / 1.055) ** 2.4));
	return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
};

/** Solarized Dark's background (base03), which is also its colour 8. */
const SOLARIZED_DARK: [number, number, number] = [0, 43, 54];

function contrast(colour: string, background: 'light' | 'dark' | [number, number, number]): number {
	const ground = typeof background === 'object' ? luminance(background) : background === 'light' ? 1 : 0;
	const [lighter, darker] = [luminance(rgbOf(colour)), ground].sort((a, b) => b - a);
	return (lighter! + 0.05) / (darker! + 0.05);
}

const themeFor = (background: 'light' | 'dark', colours: number) => createTheme({}, {background, colours});
const texts = (theme: Theme) => [theme.sent, theme.reply[2], theme.reply[3]].filter(colour => colour !== undefined);

describe('colours on their background', () => {
	const level = chalk.level;
	afterEach(() => {
		chalk.level = level;
	});

	it('with 256 colours, draws sent lines, 2xx (the ✔ too) and 3xx at a contrast of 4.5 or more, dark and light', () => {
		for (const background of ['dark', 'light'] as const) {
			const theme = themeFor(background, 2);
			for (const colour of texts(theme)) expect(contrast(colour, background), `${colour} on ${background}`).toBeGreaterThanOrEqual(4.5);
			expect(theme.reply[2]).toBeDefined();
			expect(theme.reply[3]).toBeDefined();
		}
		expect(themeFor('dark', 3)).toEqual(themeFor('dark', 2));
	});

	it("draws the log's explanations and info lines never in colour 8: with 256 colours a grey at 4.5 or more (on Solarized Dark too), with 16 the text colour", () => {
		for (const background of ['dark', 'light'] as const) {
			expect(themeFor(background, 1).info).toBeUndefined();
			// Presenter mode's secondary text (hints, timestamps: not faint there) too, where 256 colours give another grey.
			for (const grey of [themeFor(background, 2).info!, themeFor(background, 2).dim!]) {
				expect(grey).toMatch(/^ansi256\(2[3-5]\d\)$/);
				expect(contrast(grey, background), `${grey} on ${background}`).toBeGreaterThanOrEqual(4.5);
				if (background === 'dark') expect(contrast(grey, SOLARIZED_DARK)).toBeGreaterThanOrEqual(4.5);
			}
		}
	});

	it('with 16 colours, draws no green or blue on white (2xx and 3xx take the text colour) and no plain blue on black', () => {
		const light = themeFor('light', 1);
		expect(light.reply[2]).toBeUndefined();
		expect(light.reply[3]).toBeUndefined();
		const dark = themeFor('dark', 1);
		expect(contrast(dark.reply[3]!, 'dark')).toBeGreaterThan(4.4);
		for (const colour of texts(dark)) expect(colour).not.toMatch(/^ansi256/);
	});

	it('tells sent lines from 3xx replies by colour, at 16 and at 256 colours, as the terminal draws them', () => {
		const drawn = (colour: string | undefined) => render(<Text color={colour}>x</Text>).lastFrame();
		for (const colours of [1, 2] as const) {
			chalk.level = colours;
			for (const background of ['dark', 'light'] as const) {
				const theme = themeFor(background, colours);
				expect(drawn(theme.sent), `${background} at level ${colours}`).not.toBe(drawn(theme.reply[3]));
				// 16 colours get only the 16 codes: a 256-colour code there is not understood.
				if (colours === 1) for (const colour of texts(theme)) expect(drawn(colour)).not.toContain('38;5;');
			}
		}
	});

	it('on the Linux console, whose faint is colour 8, draws nothing faint, with colour or without', () => {
		chalk.level = 1;
		for (const env of [{TERM: 'linux'}, {TERM: 'linux', NO_COLOR: '1'}, {TERM: 'linux-16color'}]) {
			const theme = createTheme(env, {colours: 1});
			expect(theme.faint, JSON.stringify(env)).toBe(false);
			const frame = render(
				<ThemeContext.Provider value={theme}>
					<StepRail steps={stepsAt('mail')} width={120} />
				</ThemeContext.Provider>,
			).lastFrame() ?? '';
			expect(frame).toContain('QUIT');
			expect(frame, JSON.stringify(env)).not.toContain('\u001B[2m');
			expect(frame, JSON.stringify(env)).not.toContain('\u001B[90m');
		}
		// Elsewhere the steps to come stay faint.
		expect(createTheme({TERM: 'xterm'}, {colours: 1}).faint).toBe(true);
	});

	it("on the Linux console, draws a panel's border in the text colour, not colour 8 (its dark grey), the focused one in its colour", () => {
		chalk.level = 1;
		const panel = (env: Record<string, string>, focused: boolean) =>
			render(
				<ThemeContext.Provider value={createTheme(env, {colours: 1})}>
					<Panel title="Log" focused={focused} width={20} height={4} />
				</ThemeContext.Provider>,
			).lastFrame() ?? '';
		for (const env of [{TERM: 'linux'}, {TERM: 'linux-16color'}]) {
			expect(panel(env, false), JSON.stringify(env)).toContain('Log');
			expect(panel(env, false), JSON.stringify(env)).not.toContain('\u001B[90m');
			expect(panel(env, true), JSON.stringify(env)).toContain('\u001B[36m');
		}
		// Elsewhere colour 8 draws it, a step back from the text.
		expect(panel({TERM: 'xterm'}, false)).toContain('\u001B[90m');
	});

	it('in presenter mode on 16 colours, draws the steps to come in the text colour, not colour 8 (PuTTY, TERM=xterm)', () => {
		chalk.level = 1;
		for (const background of ['dark', 'light'] as const) {
			const theme = createTheme({}, {presenter: true, background, colours: 1});
			const frame = render(
				<ThemeContext.Provider value={theme}>
					<StepRail steps={stepsAt('mail')} width={120} presenter />
				</ThemeContext.Provider>,
			).lastFrame() ?? '';
			expect(frame).toContain('QUIT');
			// Colour 8 (bright black): Solarized Dark's background; nor faint, which a projector washes out.
			expect(frame, background).not.toContain('\u001B[90m');
			expect(frame, background).not.toContain('\u001B[2m');
		}
		// With 256 colours, the grey of the fixed table.
		chalk.level = 2;
		const frame = render(
			<ThemeContext.Provider value={createTheme({}, {presenter: true, colours: 2})}>
				<StepRail steps={stepsAt('mail')} width={120} presenter />
			</ThemeContext.Provider>,
		).lastFrame() ?? '';
		expect(frame).toContain('\u001B[38;5;247m');
	});
});
