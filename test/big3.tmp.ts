import { startGateway } from './helpers/gateway.js';
import { postRaw } from './helpers/http.js';
const g = await startGateway();
g.fake.setScript(async (run) => { run.text('ok'); run.turnEnded(); });
const H = { 'anthropic-version': '2023-06-01' };
await postRaw(g.url, '/v1/messages', { model: 'sonnet', max_tokens: 5, messages: [{ role: 'user', content: 'warm' }] }, H);
const big = 'lorem ipsum dolor sit amet '.repeat(300_000); // ~8 MB
const t = Date.now();
const bigs = Array.from({ length: 3 }, () => postRaw(g.url, '/v1/messages', { model: 'sonnet', max_tokens: 5, messages: [{ role: 'user', content: big }] }, H));
await new Promise((r) => setTimeout(r, 200));
const smalls = Array.from({ length: 30 }, () => postRaw(g.url, '/v1/messages', { model: 'sonnet', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }, H).then((r) => ({ ...r, at: Date.now() - t })));
const s = await Promise.all(smalls); const b = await Promise.all(bigs);
console.log('small', s.map((r) => r.status).join(','), 'big', b.map((r) => r.status).join(','), 'bigDone', Date.now() - t, 'smallDone', Math.max(...s.map(r=>r.at)));
console.log(s.find((r) => r.status !== 200)?.body.slice(0, 300));
await g.close();
