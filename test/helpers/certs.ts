// Test certificates: a CA, a server certificate it signed for the loopback names, and an unrelated
// self-signed one. EC keys keep generation fast; the set is made once per test process.
import {isIP} from 'node:net';
import {generate} from 'selfsigned';

export type KeyAndCert = {key: string; cert: string};

export type TestCerts = {
	/** The test CA's certificate (PEM): pass it as `ca` to trust `server`. */
	ca: string;
	/** Signed by the test CA, valid for localhost, 127.0.0.1 and ::1. */
	server: KeyAndCert;
	/** Self-signed, also for localhost, 127.0.0.1 and ::1: never trusted by `ca`. */
	selfSigned: KeyAndCert;
};

type Options = NonNullable<Parameters<typeof generate>[1]>;

const base: Options = {keyType: 'ec', algorithm: 'sha256'};

const serverExtensions: Options['extensions'] = [
	{name: 'basicConstraints', cA: false},
	{name: 'keyUsage', digitalSignature: true, keyEncipherment: true},
	{name: 'extKeyUsage', serverAuth: true},
	{
		name: 'subjectAltName',
		altNames: [
			{type: 2, value: 'localhost'},
			{type: 7, ip: '127.0.0.1'},
			{type: 7, ip: '::1'},
		],
	},
];

let cached: Promise<TestCerts> | undefined;

async function make(): Promise<TestCerts> {
	const ca = await generate([{name: 'commonName', value: 'smtp-tui test CA'}], {
		...base,
		extensions: [
			{name: 'basicConstraints', cA: true, critical: true},
			{name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true},
		],
	});
	const server = await generate([{name: 'commonName', value: 'localhost'}], {
		...base,
		extensions: serverExtensions,
		ca: {key: ca.private, cert: ca.cert},
	});
	const selfSigned = await generate([{name: 'commonName', value: 'localhost'}], {
		...base,
		extensions: serverExtensions,
	});
	return {
		ca: ca.cert,
		server: {key: server.private, cert: server.cert},
		selfSigned: {key: selfSigned.private, cert: selfSigned.cert},
	};
}

export function testCerts(): Promise<TestCerts> {
	cached ??= make();
	return cached;
}

type GenerateOptions = NonNullable<Parameters<typeof generate>[1]>;

export const caExtensions = [
	{name: 'basicConstraints', cA: true, critical: true},
	{name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true},
] as const satisfies GenerateOptions['extensions'];

export const leafExtensions = [
	{name: 'basicConstraints', cA: false},
	{name: 'subjectAltName', altNames: [{type: 2, value: 'localhost'}, {type: 7, ip: '127.0.0.1'}]},
] as const satisfies GenerateOptions['extensions'];

/** A CA and a certificate for localhost it signed, with these options for the latter (dates, signature). */
export async function signed(options: GenerateOptions): Promise<{ca: string; leaf: KeyAndCert}> {
	const ca = await generate([{name: 'commonName', value: 'QA Root CA'}], {keyType: 'ec', algorithm: 'sha256', extensions: caExtensions});
	const leaf = await generate([{name: 'commonName', value: 'localhost'}], {keyType: 'ec', algorithm: 'sha256', extensions: leafExtensions, ...options, ca: {key: ca.private, cert: ca.cert}});
	return {ca: ca.cert, leaf: {key: leaf.private, cert: leaf.cert}};
}

export type ClientCerts = {
	/** The CA the server trusts for client certificates (PEM). */
	ca: string;
	/** Signed by `ca`, for client authentication (CN=relay-client). */
	client: KeyAndCert;
	/** Signed by `ca` and expired a year ago. */
	expired: KeyAndCert;
	/** Signed by another CA, which the server does not trust. */
	otherCa: KeyAndCert;
};

const clientExtensions: Options['extensions'] = [
	{name: 'basicConstraints', cA: false},
	{name: 'keyUsage', digitalSignature: true},
	{name: 'extKeyUsage', clientAuth: true},
];

let clientCached: Promise<ClientCerts> | undefined;

async function makeClient(): Promise<ClientCerts> {
	const ca = await generate([{name: 'commonName', value: 'smtp-tui client CA'}], {...base, extensions: caExtensions});
	const other = await generate([{name: 'commonName', value: 'some other CA'}], {...base, extensions: caExtensions});
	const issue = async (issuer: typeof ca, commonName: string, dates: Options = {}) => {
		const leaf = await generate([{name: 'commonName', value: commonName}], {...base, extensions: clientExtensions, ...dates, ca: {key: issuer.private, cert: issuer.cert}});
		return {key: leaf.private, cert: leaf.cert};
	};
	const year = 365 * 24 * 3600 * 1000;
	return {
		ca: ca.cert,
		client: await issue(ca, 'relay-client'),
		expired: await issue(ca, 'old-client', {notBeforeDate: new Date(Date.now() - 2 * year), notAfterDate: new Date(Date.now() - year)}),
		otherCa: await issue(other, 'stranger'),
	};
}

/** Client certificates: one a server trusts, one expired, one from a CA it does not trust; made once per test process. */
export function clientCerts(): Promise<ClientCerts> {
	clientCached ??= makeClient();
	return clientCached;
}

export type ExpiringCerts = {
	/** The root CA (PEM) that issued the others, directly or through the intermediate: pass it as `ca`. */
	root: string;
	/** Certificates for localhost with 5 and 40 whole days left (and half a day: days are counted rounded down). */
	in5: KeyAndCert;
	in40: KeyAndCert;
	/** Expired two days ago. */
	expired: KeyAndCert;
	/** 40 days left, issued by an intermediate with 5 left, which `cert` holds after it: the chain runs out first. */
	shortIntermediate: KeyAndCert;
};

/** Certificates close to their end, for the days-left words and check --cert-days; made anew per call, from now. */
export async function expiringCerts(): Promise<ExpiringCerts> {
	const inDays = (days: number) => new Date(Date.now() + (days + 0.5) * 24 * 60 * 60 * 1000);
	const root = await generate([{name: 'commonName', value: 'QA Root CA'}], {...base, extensions: caExtensions});
	const byRoot = {key: root.private, cert: root.cert};
	const leaf = async (days: number, ca: KeyAndCert) => {
		const made = await generate([{name: 'commonName', value: 'localhost'}], {...base, extensions: leafExtensions, notAfterDate: inDays(days), ca});
		return {key: made.private, cert: made.cert};
	};
	const intermediate = await generate([{name: 'commonName', value: 'QA Intermediate'}], {...base, extensions: caExtensions, notAfterDate: inDays(5), ca: byRoot});
	const underIntermediate = await leaf(40, {key: intermediate.private, cert: intermediate.cert});
	return {
		root: root.cert,
		in5: await leaf(5, byRoot),
		in40: await leaf(40, byRoot),
		expired: await leaf(-3, byRoot),
		shortIntermediate: {key: underIntermediate.key, cert: `${underIntermediate.cert.trimEnd()}\n${intermediate.cert}`},
	};
}

/** A CA and, for each list of names (host names, or IP addresses), a server certificate it signed for them alone. */
export async function certsFor(...names: string[][]): Promise<{ca: string; leaves: KeyAndCert[]}> {
	const ca = await generate([{name: 'commonName', value: 'smtp-tui names CA'}], {...base, extensions: caExtensions});
	const altName = (name: string) => (isIP(name) === 0 ? {type: 2 as const, value: name} : {type: 7 as const, ip: name});
	const leaves = await Promise.all(
		names.map(async list => {
			const leaf = await generate([{name: 'commonName', value: list[0]!}], {...base, extensions: [{name: 'basicConstraints', cA: false}, {name: 'subjectAltName', altNames: list.map(altName)}], ca: {key: ca.private, cert: ca.cert}});
			return {key: leaf.private, cert: leaf.cert};
		}),
	);
	return {ca: ca.cert, leaves};
}
