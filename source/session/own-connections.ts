// Which connections a server saw were ours: the dashboard's sandbox listens on loopback, open to every program on
// the machine, and a message another one sent in (a classmate on a shared machine, a script) must not pass for the
// user's own.
import {Connection, type ConnectOptions} from '../transport/connection.js';

export class OwnConnections {
	readonly #ports = new Set<number>();

	/** The driver's `open`: each connection's local port is remembered (STARTTLS keeps the socket, and so the port). */
	readonly open = async (options: ConnectOptions): Promise<Connection> => {
		const connection = await Connection.open(options);
		if (connection.localPort !== undefined) this.#ports.add(connection.localPort);
		return connection;
	};

	/** Whether a server's view of its client ("127.0.0.1:50123", "[::1]:50123") is one of these connections. */
	owns(remote: string): boolean {
		return this.#ports.has(Number(remote.slice(remote.lastIndexOf(':') + 1)));
	}
}
