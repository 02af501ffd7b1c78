// The yardstick: a bare node:http server answering a fixed JSON body, started as its own process by bench/run.ts.
import { createServer } from 'node:http';

const body = JSON.stringify({
  status: true,
  brand: { slug: 'default', name: 'Default brand' },
  api_key: { id: 'key_x', name: 'bench', abilities: [], expires_at: null },
});
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
