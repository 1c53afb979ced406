// A page of the app under test, for recipes that follow the link in its mail: records each request it answers (200
// for a /reset/ path, 404 for any other).
import {once} from 'node:events';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';

export async function appPage() {
	const requests: string[] = [];
	const server = createServer((request, response) => {
		requests.push(request.url ?? '');
		response.writeHead(request.url?.startsWith('/reset/') ? 200 : 404).end();
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	return {requests, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close()};
}
