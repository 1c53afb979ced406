// An in-memory DNS for MX tests: no test ever asks a real DNS server.
import dns from 'node:dns';
import type {Resolver} from '../../source/transport/mx.js';

type Answer<T> = T | string;
type Zone = {mx?: Record<string, Answer<Array<{exchange: string; priority: number}>>>; a?: Record<string, Answer<string[]>>; aaaa?: Record<string, Answer<string[]>>};

/** An in-memory resolver: a string answer is an error code; a missing name is NXDOMAIN (ENOTFOUND). */
export function fakeResolver(zone: Zone): Resolver & {asked: string[]} {
	const asked: string[] = [];
	const answer = <T>(type: string, table: Record<string, Answer<T>> | undefined, name: string): Promise<T> => {
		asked.push(`${type} ${name}`);
		const value = table?.[name];
		if (value === undefined || typeof value === 'string') {
			return Promise.reject(Object.assign(new Error(`query${type} ${value ?? dns.NOTFOUND} ${name}`), {code: value ?? dns.NOTFOUND}));
		}
		return Promise.resolve(value);
	};
	return {
		asked,
		resolveMx: name => answer('MX', zone.mx, name),
		resolve4: name => answer('A', zone.a, name),
		resolve6: name => answer('AAAA', zone.aaaa, name),
	};
}
