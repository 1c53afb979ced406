// The bin's checks before the CLI loads: a current folder that is gone, and NO_COLOR beside FORCE_COLOR.
import {describe, expect, it} from 'vitest';
import {dropRelativeHomes, lostWorkingDirectory, preferNoColour} from '../../source/start-checks.js';

describe('lostWorkingDirectory', () => {
	it('says nothing while the current folder exists, and says what to do once it is gone', () => {
		expect(lostWorkingDirectory(() => '/tmp')).toBeUndefined();
		const gone = () => {
			throw Object.assign(new Error('ENOENT: no such file or directory, uv_cwd'), {code: 'ENOENT'});
		};
		expect(lostWorkingDirectory(gone)).toMatch(/^smtp-tui: the current folder no longer exists .*: cd to a folder that exists, then run it again$/);
	});
});

describe('preferNoColour', () => {
	it('drops FORCE_COLOR beside a non-empty NO_COLOR, an empty NO_COLOR beside FORCE_COLOR, and leaves either alone otherwise', () => {
		const both = {NO_COLOR: '1', FORCE_COLOR: '3'};
		preferNoColour(both);
		expect(both).toEqual({NO_COLOR: '1'});
		const node = {NODE_DISABLE_COLORS: '1', FORCE_COLOR: '3'};
		preferNoColour(node);
		expect(node).toEqual({FORCE_COLOR: '3'});
		const empty = {NO_COLOR: '', FORCE_COLOR: '2'};
		preferNoColour(empty);
		expect(empty).toEqual({FORCE_COLOR: '2'});
		for (const env of [{FORCE_COLOR: '3'}, {NO_COLOR: ''}, {NO_COLOR: '1'}]) {
			const copy = {...env};
			preferNoColour(copy);
			expect(copy).toEqual(env);
		}
	});
});

describe('dropRelativeHomes', () => {
	it('drops an empty or relative HOME or XDG folder (which would put files under the current folder), and keeps absolute ones', () => {
		const env = {HOME: '', XDG_DATA_HOME: 'rel/data', XDG_CONFIG_HOME: '/abs/config', XDG_CACHE_HOME: './cache', PATH: 'x'};
		dropRelativeHomes(env);
		expect(env).toEqual({XDG_CONFIG_HOME: '/abs/config', PATH: 'x'});
		const kept = {HOME: '/home/ann'};
		dropRelativeHomes(kept);
		expect(kept).toEqual({HOME: '/home/ann'});
		// No passwd entry (a container's random user): HOME is all there is, so it stays.
		const noAccount = {HOME: '', XDG_DATA_HOME: 'rel'};
		dropRelativeHomes(noAccount, () => {
			throw new Error('ENOENT: no such file or directory, uv_os_get_passwd');
		});
		expect(noAccount).toEqual({HOME: ''});
	});
});
