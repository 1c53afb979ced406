// The floor under bench/send: the least a Node program can do to send a message file over SMTP. It speaks just
// enough of the protocol to reach DATA, pipes the file's bytes to the socket unchanged (no dot-stuffing, no line-end
// or 8-bit checks, no transcript), and quits. Node's start-up plus Node's own file-to-socket copy: what no Node
// client can beat on this machine.
// Usage: node bench/bare-pipe.mjs PORT FILE
import {createReadStream} from 'node:fs';
import net from 'node:net';

const [port, file] = process.argv.slice(2);
const socket = net.connect(Number(port), '127.0.0.1');
const commands = ['EHLO bench\r\n', 'MAIL FROM:<bench@example.test>\r\n', 'RCPT TO:<sink@example.test>\r\n', 'DATA\r\n'];
let step = 0;
let pending = '';
socket.on('data', chunk => {
	pending += chunk;
	let end;
	while ((end = pending.indexOf('\r\n')) !== -1) {
		const line = pending.slice(0, end);
		pending = pending.slice(end + 2);
		if (line[3] === '-') continue; // a multi-line reply goes on
		if (!/^[23]/.test(line)) throw new Error(`the sink said: ${line}`);
		step++;
		if (step <= commands.length) socket.write(commands[step - 1]);
		else if (step === commands.length + 1) {
			// 354: the message, as it is on disk, then the end of data.
			const body = createReadStream(file, {highWaterMark: 1 << 20});
			body.pipe(socket, {end: false});
			body.on('end', () => socket.write('\r\n.\r\n'));
		} else if (step === commands.length + 2) socket.end('QUIT\r\n');
	}
});
