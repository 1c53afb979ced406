// Which connections a server saw are ours: the dashboard's sandbox listens on loopback, open to every program on
// the machine, and a message another one sent in (a classmate on a shared machine, a script) must not pass for the
// user's own.
import {Connection, type ConnectOptions} from '../transport/connection.js';
import {hostPort} from '../transport/host-port.js';

export class OwnConnections {
	/** "127.0.0.1:50123" of each connection while it is open: a port let go may be another program's next. */
	readonly #open = new Set<string>();

	/** The driver's `open`: each connection is known by its local address and port (STARTTLS keeps the socket). */
	readonly open = async (options: ConnectOptions): Promise<Connection> => {
		const connection = await Connection.open(options);
		const {localAddress, localPort} = connection;
		if (localAddress !== undefined && localPort !== undefined) {
			const key = hostPort(localAddress, localPort);
			this.#open.add(key);
			connection.once('close', () => this.#open.delete(key));
		}
		return connection;
	};

	/**
	 * Whether a server's view of its client ("127.0.0.1:50123", "[::1]:50123") is one of these connections, open now:
	 * asked as a message arrives, which is before the connection that sent it can close.
	 */
	owns(remote: string): boolean {
		return this.#open.has(remote);
	}
}
