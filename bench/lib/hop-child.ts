// The floor of any local gateway: a Node HTTP server in its own process that reads the request
// body and answers at once with a short SSE body, doing nothing else. Timing the benchmark's
// client against it gives what one extra loopback HTTP/1.1 hop costs on this machine.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveIpc } from './ipc.js';

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end('event: message_stop\ndata: {"type":"message_stop"}\n\n');
  });
});
server.listen(0, '127.0.0.1', () => {
  serveIpc({}, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});
