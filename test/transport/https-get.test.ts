// The HTTP answer MTA-STS's policy fetch reads: its end found by Content-Length, chunked encoding or the close,
// byte by byte as well as whole.
import {describe, expect, test} from 'vitest';
import {parseHttpResponse} from '../../source/transport/https-get.js';

const bytes = (text: string) => Buffer.from(text, 'latin1');

/** Fed one byte more at a time: undefined until the last byte, then the response. */
function fedByteByByte(text: string, closedAtEnd = false) {
	for (let end = 0; end < text.length; end++) expect(parseHttpResponse(bytes(text.slice(0, end)), false)).toBeUndefined();
	return parseHttpResponse(bytes(text), closedAtEnd);
}

describe('parseHttpResponse', () => {
	test('Content-Length: the body is that many bytes, whatever follows', () => {
		const response = fedByteByByte('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello');
		expect(response).toEqual({status: 200, reason: 'OK', headers: new Map([['content-type', 'text/plain'], ['content-length', '5']]), body: 'hello'});
	});

	test('chunked: the chunks joined, complete at the last (empty) one', () => {
		expect(fedByteByByte('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nversio\r\na;ext=1\r\nn: STSv1\r\n\r\n0\r\n')?.body).toBe('version: STSv1\r\n');
	});

	test('chunked with a size that is not hexadecimal, or a chunk longer than its size: an error, not a body cut anywhere', () => {
		const head = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n';
		expect(() => parseHttpResponse(bytes(`${head}5zz\r\nhello\r\n0\r\n\r\n`), false)).toThrow('its chunked answer has a chunk size that is not hexadecimal: "5zz"');
		expect(() => parseHttpResponse(bytes(`${head}\r\nhello\r\n0\r\n\r\n`), false)).toThrow('its chunked answer has a chunk size that is not hexadecimal: ""');
		expect(() => parseHttpResponse(bytes(`${head}3\r\nhello\r\n0\r\n\r\n`), false)).toThrow('its chunked answer has a chunk that does not end where its size says');
	});

	test('neither: the body runs to the close', () => {
		expect(parseHttpResponse(bytes('HTTP/1.0 404 Not Found\r\n\r\nnope'), false)).toBeUndefined();
		expect(parseHttpResponse(bytes('HTTP/1.0 404 Not Found\r\n\r\nnope'), true)).toMatchObject({status: 404, reason: 'Not Found', body: 'nope'});
	});

	test('a close too early, or an answer that is not HTTP, says so', () => {
		expect(() => parseHttpResponse(bytes(''), true)).toThrow('the server closed the connection without an answer');
		expect(() => parseHttpResponse(bytes('HTTP/1.1 200 OK\r\nContent-'), true)).toThrow('the server closed the connection in the middle of its headers');
		expect(() => parseHttpResponse(bytes('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort'), true)).toThrow('the server closed the connection before the end of its answer');
		expect(() => parseHttpResponse(bytes('220 mx.example.com ESMTP\r\n\r\n'), false)).toThrow('the answer is not HTTP: "220 mx.example.com ESMTP"');
	});
});
