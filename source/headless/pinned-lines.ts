// serve's lines that are said once, at start, and must stay in sight on `smtp-tui inbox`'s screen however many lines
// follow: its warnings (listening beyond loopback, a certificate not kept or made again), and what a workshop hands
// out: the certificate's fingerprint and file, the machine's addresses (listening on 0.0.0.0), the HTTP API's address.

/** serve's warnings, as ServeOutput writes them to its stderr. */
const WARNING = 'warning: ';

/** The certificate's line, as ServeOutput says it: "certificate SHA-256 AB:CD:… (/path/certificate.pem)". */
const CERTIFICATE = 'certificate SHA-256 ';

const isWarning = (line: string) => line.startsWith(WARNING);

export const isCertificateLine = (line: string) => line.startsWith(CERTIFICATE);

/** "reachable at 192.0.2.10:2525: this machine's addresses, …" (ServeOutput's, for --listen 0.0.0.0 or ::). */
const REACHABLE = 'reachable at ';

/** "HTTP API on http://127.0.0.1:8025 (…)" (--http): where a test suite reads the caught mail. */
export const HTTP_API = 'HTTP API on ';

export const isReachableLine = (line: string) => line.startsWith(REACHABLE);

/** A line kept outside the log's rolling window. */
export const isPinnedLine = (line: string) => isWarning(line) || isCertificateLine(line) || isReachableLine(line) || line.startsWith(HTTP_API);
