// The fuzz suite: 21,000 generated requests (fixed seed) over the three turn routes on the
// real engine and the fake Cursor server. Every answer must be a 2xx or 4xx in the caller's own
// shape — never a 5xx for a client's mistake, never a crash — and known-bad requests must be
// refused with a 4xx. Sent over keep-alive with many in flight, so the whole run takes seconds.
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { after, before, it } from 'node:test';
import { generateCases, type FuzzCase } from '../fuzz/cases.js';
import { parseSseFrames } from '../helpers/sse-parse.js';
import { CLIENT_KEY, startGateway, type Gateway } from '../helpers/gateway.js';

const SEED = 20261206;
const CASES_PER_API = 7_000;
const IN_FLIGHT = 48;

let gateway: Gateway;
before(async () => {
  gateway = await startGateway();
  // A short answer: the fuzz is about the front door, not the relay.
  gateway.fake.setScript(async (run) => {
    run.text('ok');
    run.tokenDelta(1);
    run.turnEnded();
  });
});
after(() => gateway.close());

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

function send(agent: Agent, url: URL, fuzz: FuzzCase): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, hostname: url.hostname, port: url.port, method: 'POST', path: fuzz.path, headers: { ...fuzz.headers, 'x-api-key': CLIENT_KEY, 'content-length': String(fuzz.body.length) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(fuzz.body);
  });
}

/** Why `answer` is wrong for `fuzz`, or undefined when it is right. */
function problemWith(fuzz: FuzzCase, answer: Answer): string | undefined {
  if (answer.status >= 500) return `status ${answer.status}`;
  if (fuzz.mustReject && (answer.status < 400 || answer.status >= 500)) return `a known-bad request got ${answer.status}`;
  if (answer.status >= 400) return errorShapeProblem(fuzz, answer.body);
  if (answer.status !== 200) return `unexpected status ${answer.status}`;
  if (answer.contentType.startsWith('text/event-stream')) return streamProblem(fuzz, answer.body);
  const body = JSON.parse(answer.body) as Record<string, unknown>;
  if (fuzz.path.endsWith('/count_tokens')) return typeof body.input_tokens === 'number' ? undefined : 'count_tokens without input_tokens';
  if (fuzz.api === 'anthropic') return body.type === 'message' && Array.isArray(body.content) ? undefined : 'not an Anthropic message';
  if (fuzz.api === 'responses') return body.object === 'response' && Array.isArray(body.output) ? undefined : 'not a Responses response';
  return body.object === 'chat.completion' && Array.isArray(body.choices) ? undefined : 'not a chat.completion';
}

function errorShapeProblem(fuzz: FuzzCase, text: string): string | undefined {
  let body: { type?: unknown; error?: Record<string, unknown> };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return `error body is not JSON: ${text.slice(0, 80)}`;
  }
  const error = body.error;
  if (typeof error !== 'object' || error === null || typeof error.message !== 'string' || typeof error.type !== 'string') return 'error without message/type';
  if (fuzz.api === 'anthropic') return body.type === 'error' ? undefined : 'Anthropic error without type "error"';
  // Chat Completions and Responses share OpenAI's error JSON.
  const okCode = error.code === null || typeof error.code === 'string';
  const okParam = error.param === null || typeof error.param === 'string';
  return okCode && okParam ? undefined : 'OpenAI error without code/param';
}

function streamProblem(fuzz: FuzzCase, text: string): string | undefined {
  try {
    const frames = parseSseFrames(text);
    const last = frames.at(-1);
    if (fuzz.api === 'anthropic') return last?.event === 'message_stop' ? undefined : `stream ended with ${last?.event}`;
    if (fuzz.api === 'responses') return last?.event === 'response.completed' ? undefined : `stream ended with ${last?.event}`;
    return last?.data === '[DONE]' ? undefined : `stream ended with ${last?.data}`;
  } catch (error) {
    return `bad SSE: ${(error as Error).message}`;
  }
}

it(`answers ${3 * CASES_PER_API} fuzzed requests without a 5xx, each in its API's shape`, async () => {
  const cases = generateCases(SEED, ['anthropic', 'openai', 'responses'], CASES_PER_API);
  const url = new URL(gateway.url);
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = Date.now();
  const worker = async () => {
    while (next < cases.length) {
      const fuzz = cases[next++]!;
      const answer = await send(agent, url, fuzz);
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      const problem = problemWith(fuzz, answer);
      if (problem) failures.push(`case ${fuzz.id} (${fuzz.api} ${fuzz.kind} ${fuzz.path} ${JSON.stringify(fuzz.headers)}): ${problem}: ${answer.body.slice(0, 160)}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  agent.destroy();
  const fiveXx = [...statuses].filter(([status]) => status >= 500).reduce((sum, [, count]) => sum + count, 0);
  console.log(`fuzz: ${cases.length} cases in ${Date.now() - started} ms; 5xx: ${fiveXx}; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
  assert.deepEqual(failures.slice(0, 20), [], `${failures.length} of ${cases.length} cases failed`);
  // The gateway is still up and still answers a plain request.
  const health = await fetch(`${gateway.url}/health`);
  assert.equal(health.status, 200);
  // Both good and bad requests were in the mix.
  assert.ok((statuses.get(200) ?? 0) > cases.length / 20, 'some fuzzed requests are still valid and answered');
  assert.ok((statuses.get(400) ?? 0) > cases.length / 4, 'most are refused with 400');
});
