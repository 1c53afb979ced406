// A minimal SMTP responder that throws DATA away: the fastest peer we can offer, so a benchmark measures the client.
// Usage: node bench/sink.mjs  (prints the port it listens on, then serves until killed)
import net from 'node:net';

const END = Buffer.from('\r\n.\r\n');

const server = net.createServer(socket => {
	let inData = false;
	let tail = Buffer.alloc(0);
	let line = '';
	socket.write('220 sink ready\r\n');
	socket.on('data', chunk => {
		let offset = 0;
		while (offset < chunk.length) {
			if (inData) {
				// Look for CRLF.CRLF, also across the chunk boundary (keep the last 4 bytes).
				const joined = Buffer.concat([tail, chunk.subarray(offset, Math.min(chunk.length, offset + 4))]);
				let end = joined.indexOf(END);
				let after;
				if (end !== -1) after = offset + end + END.length - tail.length;
				else {
					end = chunk.indexOf(END, offset);
					if (end !== -1) after = end + END.length;
				}
				if (after === undefined) {
					tail = chunk.subarray(Math.max(offset, chunk.length - 4));
					return;
				}
				inData = false;
				tail = Buffer.alloc(0);
				socket.write('250 2.0.0 discarded\r\n');
				offset = after;
				continue;
			}
			const newline = chunk.indexOf(10, offset);
			if (newline === -1) {
				line += chunk.toString('latin1', offset);
				return;
			}
			line += chunk.toString('latin1', offset, newline + 1);
			offset = newline + 1;
			const verb = line.trim().slice(0, 4).toUpperCase();
			line = '';
			if (verb === 'EHLO') socket.write('250-sink\r\n250-8BITMIME\r\n250 PIPELINING\r\n');
			else if (verb === 'DATA') {
				inData = true;
				tail = Buffer.from('\r\n');
				socket.write('354 go ahead\r\n');
			} else if (verb === 'QUIT') {
				socket.end('221 bye\r\n');
			} else socket.write('250 ok\r\n');
		}
	});
	socket.on('error', () => {});
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
