// --dsn-notify, --dsn-ret, --dsn-envid (RFC 3461) and --require-tls (RFC 8689), for `send` and the dashboard. Kept
// light: cli.tsx imports the flag specs eagerly; dsn-options.ts checks them.
export const dsnFlags = {
	dsnNotify: {type: 'string'},
	dsnRet: {type: 'string'},
	dsnEnvid: {type: 'string'},
	requireTls: {type: 'boolean'},
} as const;
