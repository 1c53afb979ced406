// MTA-STS (RFC 8461) and TLS reporting (RFC 8460), read as text: the `_mta-sts` and `_smtp._tls` TXT records, the
// policy file, and which MX hosts a policy's patterns allow. Pure: the lookups and the HTTPS fetch are the caller's.

export type StsMode = 'enforce' | 'testing' | 'none';

/** A policy as parsed: each field it had, and what is wrong with it, line by line. */
export type StsPolicy = {
	version?: string;
	mode?: StsMode;
	/** The mx patterns, in order (`mx.example.com`, `*.example.net`). */
	mx: string[];
	maxAge?: number;
	/** "line 3: mode "enforcing" is not enforce, testing or none"; empty when the policy is valid. */
	errors: string[];
	/**
	 * Empty lines: the RFC's syntax has no place for them, yet senders differ (postfix-mta-sts-resolver skips them,
	 * a strict parser ignores the whole policy), so they are said apart from the errors and the policy is judged.
	 */
	emptyLines: number[];
};

/** The most a max_age may be (RFC 8461 §3.2): a year. */
const MAX_AGE_LIMIT = 31_557_600;

const MODES: readonly StsMode[] = ['enforce', 'testing', 'none'];

/** A host name as an mx pattern may hold it: letters, digits and hyphens, labels joined by dots (RFC 8461 §3.2). */
const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

/** One line of the policy as a reader sees it: control characters shown, not obeyed, and long text cut. */
const quoted = (text: string) => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);

/** The fields RFC 8461 §3.2 defines; any other name is an extension, which senders ignore. */
const FIELDS = ['version', 'mode', 'max_age', 'mx'];

/**
 * The policy file's text, checked field by field: lines `key: value` (LF or CRLF) in any order, version STSv1,
 * mode and max_age once each, and (unless mode is none) at least one mx; unknown fields are allowed, as the RFC's
 * grammar says (§3.2: a name of letters, digits, `_`, `-` and `.`). A repeated field keeps its first value.
 */
export function parseStsPolicy(text: string): StsPolicy {
	const policy: StsPolicy = {mx: [], errors: [], emptyLines: []};
	const seen = new Set<string>();
	// `Mode: enforce` is a valid extension field, so ignored: said beside the missing field it was meant to be.
	const misspelt = new Map<string, string>();
	// Notepad's byte order mark is invisible in an editor and in a quoted line, yet makes line 1 no field.
	if (text.startsWith('\uFEFF')) policy.errors.push('line 1 starts with a byte order mark (U+FEFF), which senders read as part of its field name: save the file as UTF-8 without one');
	const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
	// A final line break ends the last field, and adds no line of its own.
	if (lines.at(-1) === '') lines.pop();
	lines.forEach((line, index) => {
		const at = `line ${index + 1}`;
		if (line.trim() === '') {
			policy.emptyLines.push(index + 1);
			return;
		}
		const field = /^([A-Za-z0-9][A-Za-z0-9_.-]{0,31}):[ \t]*(.*?)[ \t]*$/.exec(line);
		if (!field) {
			policy.errors.push(`${at}: ${quoted(line)} is not "key: value"`);
			return;
		}
		const [, key, value] = field as unknown as [string, string, string];
		if (!FIELDS.includes(key) && FIELDS.includes(key.toLowerCase()) && !misspelt.has(key.toLowerCase())) misspelt.set(key.toLowerCase(), `${at} has "${key}:", and field names are lowercase`);
		if (key !== 'mx' && seen.has(key)) {
			policy.errors.push(`${at}: ${key} is given again: version, mode and max_age are allowed once each`);
			return;
		}
		seen.add(key);
		if (key === 'version') {
			policy.version = value;
			if (value !== 'STSv1') policy.errors.push(`${at}: version ${quoted(value)} is not STSv1`);
		} else if (key === 'mode') {
			if ((MODES as readonly string[]).includes(value)) policy.mode = value as StsMode;
			else policy.errors.push(`${at}: mode ${quoted(value)} is not enforce, testing or none`);
		} else if (key === 'max_age') {
			if (/^\d{1,10}$/.test(value) && Number(value) <= MAX_AGE_LIMIT) policy.maxAge = Number(value);
			else policy.errors.push(`${at}: max_age ${quoted(value)} is not a number of seconds from 0 to ${MAX_AGE_LIMIT} (a year)`);
		} else if (key === 'mx') {
			if (DOMAIN.test(value.replace(/^\*\./, ''))) policy.mx.push(value.toLowerCase());
			else if (value.endsWith('.') && DOMAIN.test(value.slice(0, -1).replace(/^\*\./, ''))) policy.errors.push(`${at}: mx ${quoted(value)} ends in a dot, which the policy's syntax has no place for: write ${value.slice(0, -1)}`);
			else policy.errors.push(`${at}: mx ${quoted(value)} is not a host name, or *. and a domain`);
		}
	});
	const missing = (key: string, error: string) => policy.errors.push(misspelt.has(key) ? `${error}: ${misspelt.get(key)}` : error);
	if (!seen.has('version')) missing('version', 'no "version: STSv1" line');
	if (!seen.has('mode')) missing('mode', 'no "mode:" line (enforce, testing or none)');
	if (!seen.has('max_age')) missing('max_age', 'no "max_age:" line');
	if (policy.mode !== 'none' && policy.mode !== undefined && policy.mx.length === 0 && !policy.errors.some(error => error.includes(': mx '))) {
		missing('mx', `no "mx:" line: mode ${policy.mode} needs the MX hosts it allows`);
	}
	return policy;
}

/**
 * Whether an MX host matches a pattern (RFC 8461 §4.1): the same name, or for `*.example.com` one label and then
 * example.com (`mx1.example.com`, not `example.com` nor `a.b.example.com`). Case and a trailing dot do not count.
 */
export function mxMatches(pattern: string, host: string): boolean {
	const name = host.toLowerCase().replace(/\.$/, '');
	const wanted = pattern.toLowerCase().replace(/\.$/, '');
	if (!wanted.startsWith('*.')) return name === wanted;
	const dot = name.indexOf('.');
	return dot > 0 && name.slice(dot + 1) === wanted.slice(2);
}

/** A TXT record's strings joined, as RFC 7208 §3.3 and its successors read a record split into several strings. */
const joined = (record: string[]) => record.join('');

/** `v=STSv1; id=…` or `v=TLSRPTv1; rua=…`: the record's fields, or why it is none. */
type Fields = {fields: Map<string, string>} | {error: string};

/** `key=value` fields separated by `;` (spaces around them allowed), the version first, as both RFCs write them. */
function fieldsOf(text: string, version: string): Fields {
	const parts = text.split(';').map(part => part.trim());
	if (parts.at(-1) === '') parts.pop();
	const fields = new Map<string, string>();
	for (const part of parts) {
		const field = /^([A-Za-z0-9_]+)=(.*)$/.exec(part);
		if (!field) return {error: `${quoted(part)} is not key=value`};
		fields.set(field[1]!, field[2]!);
	}
	if (parts[0] !== `v=${version}`) return {error: `its first field is ${quoted(parts[0] ?? '')}, not v=${version} (fields are separated by ";")`};
	return {fields};
}

/** The TXT records that start with `v=VERSION`: the only ones a sender reads (RFC 8461 §3.1, RFC 8460 §3). */
function versioned(records: string[][], version: string): string[] {
	return records.map(joined).filter(text => text.startsWith(`v=${version}`));
}

/**
 * A record meant to be one, which senders pass over: `"v=STSv1; id=1"` with the quotes stored as its text (a DNS
 * panel that adds its own), or `V=STSv1`. Else "no record" would be said of a record the sysadmin sees there.
 */
function nearMiss(records: string[][], version: string): {text: string; error: string} | undefined {
	const text = records.map(joined).find(record => new RegExp(`^["'\\s]*v\\s*=\\s*${version}`, 'i').test(record));
	if (text === undefined) return undefined;
	const why = /^["']/.test(text) ? 'its quotes are stored as part of its text (a DNS panel adds its own: give the record without them)' : `case and spaces count (write v=${version})`;
	return {text, error: `it does not start with "v=${version}" as senders read it: ${why}`};
}

export type StsRecord = {text: string; id?: string; error?: string};

/**
 * The `_mta-sts` TXT record (RFC 8461 §3.1): undefined when none starts with v=STSv1 (no policy); else its text,
 * its id, or what makes senders ignore it (two records, a bad id, quotes around it).
 */
export function parseStsRecord(records: string[][]): StsRecord | undefined {
	const found = versioned(records, 'STSv1');
	if (found.length === 0) return nearMiss(records, 'STSv1');
	const text = found[0]!;
	if (found.length > 1) return {text, error: `${found.length} TXT records start with v=STSv1`};
	const read = fieldsOf(text, 'STSv1');
	if ('error' in read) return {text, error: read.error};
	const id = read.fields.get('id');
	if (id === undefined) return {text, error: 'it has no id='};
	if (!/^[A-Za-z0-9]{1,32}$/.test(id)) return {text, error: `id ${quoted(id)} is not 1 to 32 letters and digits`};
	return {text, id};
}

export type TlsRptRecord = {text: string; rua: string[]; error?: string};

/**
 * The `_smtp._tls` TXT record (RFC 8460 §3): undefined when none starts with v=TLSRPTv1; else its report addresses
 * (`rua=`, mailto: or https: URIs separated by commas), or what is wrong with it.
 */
export function parseTlsRptRecord(records: string[][]): TlsRptRecord | undefined {
	const found = versioned(records, 'TLSRPTv1');
	if (found.length === 0) {
		const near = nearMiss(records, 'TLSRPTv1');
		return near && {...near, rua: []};
	}
	const text = found[0]!;
	if (found.length > 1) return {text, rua: [], error: `${found.length} TXT records start with v=TLSRPTv1`};
	const read = fieldsOf(text, 'TLSRPTv1');
	if ('error' in read) return {text, rua: [], error: read.error};
	const rua = read.fields.get('rua');
	if (rua === undefined || rua.trim() === '') return {text, rua: [], error: 'it has no rua= (where to send the reports)'};
	const uris = rua.split(',').map(uri => uri.trim());
	const bad = uris.find(uri => !/^(?:mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/i.test(uri));
	if (bad !== undefined) return {text, rua: uris, error: `rua ${quoted(bad)} is not a mailto: or https: URI`};
	return {text, rua: uris};
}
