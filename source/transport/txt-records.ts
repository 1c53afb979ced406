// A name's TXT records through a Resolver (the system's, or --dns's server), telling "none" from a failed lookup.
import {errorCode} from '../error-code.js';
import type {Resolver} from './mx.js';

/** The records, each as its strings; none (NXDOMAIN, no data); or the failure in words. */
export async function txtRecords(resolver: Resolver, name: string): Promise<string[][] | {error: string}> {
	try {
		return await resolver.resolveTxt!(name);
	} catch (error) {
		const code = errorCode(error);
		if (code === 'ENOTFOUND' || code === 'ENODATA') return [];
		return {error: `the TXT lookup of ${name} failed (${code ?? String(error)})`};
	}
}
