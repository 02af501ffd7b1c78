// A merchant's IPN receiver that answers every POST with 200 after RECEIVER_MS (300), started as its own process by
// bench/ipn.ts so its work does not share the worker's event loop. Prints how many connections it accepted on SIGTERM.
import { createServer } from 'node:http';

const delayMs = Number(process.env.RECEIVER_MS ?? 300);
let connections = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end('OK'), delayMs));
});
server.on('connection', () => connections++);
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => {
  process.stdout.write(`connections ${connections}\n`);
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
