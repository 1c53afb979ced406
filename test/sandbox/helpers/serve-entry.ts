// `serve` as its own process for the kill and signal tests: argv[2] holds the flags as cli.tsx passes them
// (camel-case keys), as JSON. Bundled by serve-process.ts; it runs the very runServe that cli.tsx loads.
import process from 'node:process';
import {runServe} from '../../../source/headless/serve.js';

const flags = JSON.parse(process.argv[2] ?? '{}') as Record<string, unknown>;
process.exitCode = await runServe(flags, [], {stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env});
