// Reads the EHLO reply (RFC 5321 §4.1.1.1): every line after the greeting is `KEYWORD [params...]`.
import type {Extensions, Reply} from './types.js';

export function emptyExtensions(): Extensions {
	return {
		keywords: new Map(),
		auth: [],
		starttls: false,
		pipelining: false,
		eightBitMime: false,
		smtpUtf8: false,
		enhancedStatusCodes: false,
		chunking: false,
		dsn: false,
	};
}

export function parseExtensions(ehloReply: Reply): Extensions {
	const extensions = emptyExtensions();
	/** Each keyword's parameters listed so far. */
	const seen = new Map<string, Set<string>>();
	for (const line of ehloReply.lines.slice(1)) {
		const [word = '', ...params] = line.trim().split(/\s+/);
		// Exchange 2003 and Amazon SES end the list with "250 OK": a last word, not an extension.
		if (!word || (/^ok$/i.test(word) && params.length === 0)) continue;
		let keyword = word.toUpperCase();
		// Older servers also write `AUTH=LOGIN PLAIN` for clients built on a draft of RFC 2554: the same list.
		if (keyword.startsWith('AUTH=')) {
			params.unshift(word.slice(5));
			keyword = 'AUTH';
		}
		// Sets, not includes(): a hostile EHLO line of 16,000 AUTH mechanisms took 1.4 s of CPU, the screen frozen.
		const listed = seen.get(keyword) ?? new Set<string>();
		seen.set(keyword, listed);
		const kept = extensions.keywords.get(keyword) ?? [];
		extensions.keywords.set(keyword, kept);
		const fresh = params.filter((param) => !listed.has(param));
		for (const param of fresh) {
			listed.add(param);
			kept.push(param);
		}
		apply(extensions, keyword, params);
	}
	extensions.auth = [...new Set(extensions.auth)];
	return extensions;
}

/** RFC 1870 §4's size-param: digits alone, or none ("SIZE -1", "SIZE 10M" and "SIZE 1e3" are not valid). */
export const validSizeParam = (param: string | undefined): boolean => param === undefined || /^\d+$/.test(param);

/** SIZE's limit in octets; undefined for none, 0 or an invalid one, read as no limit announced. */
export function sizeLimit(param: string | undefined): number | undefined {
	const size = Number(param);
	return param !== undefined && validSizeParam(param) && Number.isSafeInteger(size) && size > 0 ? size : undefined;
}

function apply(extensions: Extensions, keyword: string, params: string[]): void {
	switch (keyword) {
		case 'SIZE': {
			extensions.size = sizeLimit(params[0]) ?? 0;
			break;
		}
		case 'AUTH':
			for (const mechanism of params.map((param) => param.toUpperCase())) {
				if (mechanism) extensions.auth.push(mechanism);
			}
			break;
		case 'STARTTLS':
			extensions.starttls = true;
			break;
		case 'PIPELINING':
			extensions.pipelining = true;
			break;
		case '8BITMIME':
			extensions.eightBitMime = true;
			break;
		case 'SMTPUTF8':
			extensions.smtpUtf8 = true;
			break;
		case 'ENHANCEDSTATUSCODES':
			extensions.enhancedStatusCodes = true;
			break;
		case 'CHUNKING':
			extensions.chunking = true;
			break;
		case 'DSN':
			extensions.dsn = true;
			break;
	}
}
