// "host:port" as people and URLs write it: an IPv6 address goes in brackets ([::1]:2525), once.
export function hostPort(host: string, port: number): string {
	return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}
