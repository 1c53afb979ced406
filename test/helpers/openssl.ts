// OpenSSL 3.2 renamed the "sslv3 alert …" reasons "ssl/tls alert …", and Node's error codes with them
// (ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE became ERR_SSL_SSL/TLS_ALERT_BAD_CERTIFICATE): Node 20 bundles OpenSSL 3.0,
// Node 24.22 and 26.12 bundle 3.5. Tests that see Node's own code expect the one this runtime gives.
import process from 'node:process';

const [major = 0, minor = 0] = process.versions.openssl.split('.').map(Number);

/** Whether this Node's OpenSSL says "ssl/tls alert" where 3.0 said "sslv3 alert". */
const opensslRenamedAlerts = major > 3 || (major === 3 && minor >= 2);

/** Node's code for an alert OpenSSL 3.0 named "sslv3 alert NAME", as this runtime gives it: e.g. `sslv3AlertCode('BAD_CERTIFICATE')`. */
export const sslv3AlertCode = (name: string) => `ERR_SSL_${opensslRenamedAlerts ? 'SSL/TLS' : 'SSLV3'}_ALERT_${name}`;
