// An in-memory DNS for MX tests: no test ever asks a real DNS server.
import dns from 'node:dns';
import type {Resolver} from '../../source/transport/mx.js';

type Answer<T> = T | string;
type Zone = {mx?: Record<string, Answer<Array<{exchange: string; priority: number}>>>; a?: Record<string, Answer<string[]>>; aaaa?: Record<string, Answer<string[]>>};

const failure = (message: string, code: string) => Object.assign(new Error(message), {code});

/**
 * An in-memory resolver: a string answer is an error code; a missing name is NXDOMAIN (ENOTFOUND). Its address
 * lookup answers from the A and AAAA tables as the system's does: every address, or ENOTFOUND when there is
 * none (NXDOMAIN and NODATA alike), or the first other failure.
 */
export function fakeResolver(zone: Zone): Resolver & {asked: string[]} {
	const asked: string[] = [];
	return {
		asked,
		resolveMx: name => {
			asked.push(`MX ${name}`);
			const value = zone.mx?.[name];
			if (value === undefined || typeof value === 'string') return Promise.reject(failure(`queryMx ${value ?? dns.NOTFOUND} ${name}`, value ?? dns.NOTFOUND));
			return Promise.resolve(value);
		},
		lookupAll: name => {
			asked.push(`lookup ${name}`);
			const answers = [zone.a?.[name], zone.aaaa?.[name]];
			const addresses = answers.flatMap(answer => (Array.isArray(answer) ? answer : []));
			if (addresses.length > 0) return Promise.resolve(addresses);
			const code = answers.find((answer): answer is string => typeof answer === 'string' && answer !== dns.NOTFOUND && answer !== dns.NODATA) ?? dns.NOTFOUND;
			return Promise.reject(failure(`getaddrinfo ${code} ${name}`, code));
		},
	};
}
