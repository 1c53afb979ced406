// The value "--x needs a value" shows (`e.g. --tls-min 1.2`) where the command's help has no example command with
// the flag. One per flag name: a flag of that name takes the same kind of value in every command (a command that
// takes another, such as serve's --proxy-version 1, says so in its spec's `example`). Real values, never
// placeholders: test/headless/flag-examples.test.ts runs each in every command that has the flag.

/** By the flag specs' keys (camel case, as in send-flags.ts). */
export const FLAG_EXAMPLES: Readonly<Record<string, string>> = {
	// Connecting
	host: 'localhost',
	port: '2525',
	timeout: '60',
	// check --nagios's thresholds, in seconds to the banner
	warnAfter: '3',
	criticalAfter: '6',
	profile: 'work',
	socket: '/var/run/dovecot/lmtp',
	localAddress: '192.0.2.25',
	dns: '1.1.1.1',
	helo: 'client.example.test',
	// TLS
	ca: 'sandbox.pem',
	cert: 'client.pem',
	key: 'client.key',
	tlsMin: '1.2',
	tlsMax: '1.3',
	// Logging in
	user: 'me@example.com',
	password: 'secret',
	passwordEnv: 'WORK_SMTP_PASSWORD',
	passwordFile: 'smtp-password.txt',
	auth: 'PLAIN',
	// The message, and what is kept of the session
	html: '@page.html',
	header: '"X-Campaign: spring"',
	chunkSize: '64k',
	transcript: 'session.md',
	transcriptFormat: 'md',
	record: 'session.jsonl',
	dsnNotify: 'SUCCESS,FAILURE',
	dsnRet: 'HDRS',
	dsnEnvid: 'QQ314159',
	dkimKey: 'dkim.pem',
	dkimSelector: 's1',
	dkimDomain: 'example.com',
	// PROXY and XCLIENT: addresses and ports of the documentation ranges (RFC 5737)
	proxyVersion: '2',
	socks: '127.0.0.1:1080',
	socksUser: 'ops',
	proxyFamily: 'TCP4',
	proxySource: '203.0.113.5',
	proxySourcePort: '52000',
	proxyDest: '192.0.2.1',
	proxyDestPort: '25',
	xclient: '"ADDR=203.0.113.5 NAME=client.example.org"',
	xclientName: 'client.example.org',
	xclientReverseName: 'client.example.org',
	xclientAddr: '203.0.113.5',
	xclientPort: '52000',
	xclientProto: 'ESMTP',
	xclientHelo: 'client.example.org',
	xclientLogin: 'alice',
	xclientDestaddr: '192.0.2.1',
	xclientDestport: '25',
	// The screen
	mode: 'step',
	background: 'light',
	// serve and inbox
	tlsPort: '0',
	hostname: 'lab.example.org',
	maxSize: '10m',
	maxRecipients: '5',
	bannerDelay: '5s',
	greylistDelay: '1m',
	slowDelay: '10s',
	// serve's help and its --chaos errors show this one too: two rules, one of them a drop.
	chaos: '"rcpt:451:30,data:drop:5"',
	saveDir: './mail',
	keep: '100',
};
