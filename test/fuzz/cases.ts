// Generated bad (and some good) requests for the fuzz suite: valid seed bodies per API, mutated
// structurally, corrupted as text, sent with odd encodings, nested absurdly deep. Deterministic
// for a seed, so a failure names a case that can be regenerated.
import { brotliCompressSync, constants, deflateSync, gzipSync } from 'node:zlib';

export type FuzzApi = 'anthropic' | 'openai' | 'responses';

export interface FuzzCase {
  id: number;
  api: FuzzApi;
  path: string;
  kind: string;
  headers: Record<string, string>;
  body: Buffer;
  /** The gateway must refuse this one with a 4xx (known bad); otherwise any non-5xx answer may do. */
  mustReject: boolean;
  /** The client asked for a stream (when the body is valid enough to say so). */
  stream: boolean;
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const SCHEMA = { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city'] };

const ANTHROPIC_SEEDS: unknown[] = [
  { model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hello' }] },
  { model: 'sonnet', max_tokens: 64, stream: true, system: 'be brief', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] },
  {
    model: 'claude-sonnet-4-5',
    max_tokens: 64,
    tools: [{ name: 'get_weather', description: 'Weather', input_schema: SCHEMA }],
    tool_choice: { type: 'auto' },
    messages: [
      { role: 'user', content: 'weather?' },
      { role: 'assistant', content: [{ type: 'text', text: 'checking' }, { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'sunny' }] }] },
    ],
  },
  {
    model: 'opus',
    max_tokens: 64,
    stream: true,
    thinking: { type: 'enabled', budget_tokens: 1024 },
    system: [{ type: 'text', text: 'system text' }],
    messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_1PX } }, { type: 'text', text: 'what is this' }] }],
  },
];

const OPENAI_SEEDS: unknown[] = [
  { model: 'gpt-5', messages: [{ role: 'user', content: 'hello' }] },
  { model: 'gpt-5', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: [{ type: 'text', text: 'hi' }] }] },
  {
    model: 'gpt-5',
    tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: SCHEMA } }],
    tool_choice: 'auto',
    messages: [
      { role: 'user', content: 'weather?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
    ],
  },
  {
    model: 'composer-1',
    stream: true,
    max_tokens: 64,
    messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_1PX}` } }, { type: 'text', text: 'what' }] }],
  },
];

const RESPONSES_SEEDS: unknown[] = [
  { model: 'gpt-5', input: 'hello' },
  { model: 'gpt-5', stream: true, instructions: 'be brief', input: [{ role: 'user', content: [{ type: 'input_text', text: 'hi' }] }] },
  {
    model: 'gpt-5',
    tools: [{ type: 'function', name: 'get_weather', description: 'Weather', parameters: SCHEMA }],
    tool_choice: 'auto',
    input: [
      { role: 'user', content: 'weather?' },
      { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'sunny' },
    ],
  },
  {
    model: 'composer-1',
    stream: true,
    reasoning: { effort: 'low', summary: 'auto' },
    input: [{ role: 'user', content: [{ type: 'input_image', image_url: `data:image/png;base64,${PNG_1PX}` }, { type: 'input_text', text: 'what' }] }],
  },
];

const PATHS: Record<FuzzApi, string[]> = {
  anthropic: ['/v1/messages', '/v1/messages', '/v1/messages', '/v1/messages/count_tokens'],
  openai: ['/v1/chat/completions'],
  responses: ['/v1/responses'],
};
const SEEDS: Record<FuzzApi, unknown[]> = { anthropic: ANTHROPIC_SEEDS, openai: OPENAI_SEEDS, responses: RESPONSES_SEEDS };

/** Cases spread evenly over `apis`, `perApi` each. */
export function generateCases(seed: number, apis: readonly FuzzApi[], perApi: number): FuzzCase[] {
  const random = prng(seed);
  const cases: FuzzCase[] = [];
  for (let i = 0; i < perApi; i++) {
    for (const api of apis) cases.push(makeCase(cases.length, api, random));
  }
  return cases;
}

type Maker = (api: FuzzApi, random: () => number) => Omit<FuzzCase, 'id' | 'api' | 'path' | 'headers'> & { headers?: Record<string, string> };

const MAKERS: Array<[weight: number, kind: string, make: Maker]> = [
  [55, 'mutated', (api, random) => {
    const body = structuredClone(pick(random, SEEDS[api])) as Record<string, unknown>;
    const rounds = 1 + Math.floor(random() * 3);
    for (let r = 0; r < rounds; r++) mutate(body, random);
    return { kind: 'mutated', body: Buffer.from(JSON.stringify(body) ?? 'null'), mustReject: false, stream: isStream(body) };
  }],
  [15, 'corrupt-text', (api, random) => {
    const text = JSON.stringify(pick(random, SEEDS[api]));
    return { kind: 'corrupt-text', body: Buffer.from(corrupt(text, random)), mustReject: false, stream: false };
  }],
  [8, 'whole-body', (_api, random) => {
    const body = randomValue(random, 2);
    return { kind: 'whole-body', body: Buffer.from(JSON.stringify(body) ?? 'null'), mustReject: true, stream: false };
  }],
  [8, 'encoding', (api, random) => encodingCase(api, random)],
  [4, 'deep-body', (api, random) => {
    const depth = Math.floor(10 ** (2.2 + random() * 2.8)); // ~160 to 10^5 levels
    const body = structuredClone(pick(random, SEEDS[api])) as Record<string, unknown>;
    const marker = '"__deep__"';
    const open = random() < 0.5 ? '['.repeat(depth) : '{"a":'.repeat(depth);
    const close = open.startsWith('[') ? ']'.repeat(depth) : '}'.repeat(depth);
    setAtRandomPath(body, '__deep__', random);
    return { kind: 'deep-body', body: Buffer.from(JSON.stringify(body).replace(marker, `${open}1${close}`)), mustReject: true, stream: false };
  }],
  [4, 'deep-schema', (api, random) => {
    const depth = 101 + Math.floor(random() * 20);
    const body = structuredClone(SEEDS[api][2]) as Record<string, unknown>;
    const schema = nestedSchema(depth);
    const tools = body.tools as Array<Record<string, unknown>>;
    if (api === 'anthropic') tools[0]!.input_schema = schema;
    else if (api === 'openai') (tools[0]!.function as Record<string, unknown>).parameters = schema;
    else tools[0]!.parameters = schema;
    return { kind: 'deep-schema', body: Buffer.from(JSON.stringify(body)), mustReject: true, stream: false };
  }],
];
const TOTAL_WEIGHT = MAKERS.reduce((sum, [weight]) => sum + weight, 0);

function makeCase(id: number, api: FuzzApi, random: () => number): FuzzCase {
  let roll = random() * TOTAL_WEIGHT;
  const entry = MAKERS.find(([weight]) => (roll -= weight) < 0) ?? MAKERS[0]!;
  const made = entry[2](api, random);
  const path = made.kind === 'mutated' || made.kind === 'corrupt-text' ? pick(random, PATHS[api]) : PATHS[api][0]!;
  const headers = { 'content-type': 'application/json', ...(api === 'anthropic' ? { 'anthropic-version': '2023-06-01' } : {}), ...made.headers };
  return { id, api, path, headers, ...made };
}

function isStream(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { stream?: unknown }).stream === true;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

const STRINGS = ['', ' ', 'user', 'assistant', 'system', 'tool', 'text', 'image', 'tool_use', 'tool_result', 'function', 'auto', 'none', 'any', '\u0000', '\ud800', '💥', 'x'.repeat(5000), 'gpt-5', 'sonnet', 'default', 'cursor:nope', '__proto__', 'constructor', 'data:image/png;base64,!!!', 'enabled'];

function randomValue(random: () => number, depth: number): unknown {
  const roll = random();
  if (roll < 0.12) return null;
  if (roll < 0.22) return random() < 0.5;
  if (roll < 0.4) return pick(random, [0, -1, 1, 1.5, 1e308, -1e308, 2 ** 53 + 1, 64, 1024]);
  if (roll < 0.65) return pick(random, STRINGS);
  if (depth <= 0 || roll < 0.8) return [];
  if (roll < 0.9) return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth - 1));
  const object: Record<string, unknown> = {};
  for (let i = Math.floor(random() * 4); i > 0; i--) object[pick(random, STRINGS)] = randomValue(random, depth - 1);
  return object;
}

/** Every container (object or array) in `root`, with its parent key paths. */
function containers(root: unknown): Array<Record<string, unknown> | unknown[]> {
  const found: Array<Record<string, unknown> | unknown[]> = [];
  const stack = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null) continue;
    found.push(value as Record<string, unknown>);
    stack.push(...Object.values(value));
  }
  return found;
}

/** One structural change somewhere in `root`: replace, delete, add or duplicate. */
function mutate(root: Record<string, unknown>, random: () => number): void {
  const target = pick(random, containers(root));
  const keys = Object.keys(target);
  const action = random();
  if (Array.isArray(target)) {
    if (action < 0.4 && target.length > 0) target[Math.floor(random() * target.length)] = randomValue(random, 2);
    else if (action < 0.6) target.splice(Math.floor(random() * (target.length + 1)), 0, randomValue(random, 2));
    else if (action < 0.8 && target.length > 0) target.splice(Math.floor(random() * target.length), 1);
    else if (target.length > 0) target.push(structuredClone(target[0]));
    return;
  }
  if (action < 0.5 && keys.length > 0) target[pick(random, keys)] = randomValue(random, 2);
  else if (action < 0.75 && keys.length > 0) delete target[pick(random, keys)];
  else target[pick(random, STRINGS)] = randomValue(random, 2);
}

function setAtRandomPath(root: Record<string, unknown>, value: unknown, random: () => number): void {
  const target = pick(random, containers(root));
  if (Array.isArray(target)) target.push(value);
  else target[pick(random, ['messages', 'tools', 'system', 'extra', 'metadata', 'content'])] = value;
}

function corrupt(text: string, random: () => number): string {
  const at = Math.floor(random() * text.length);
  switch (Math.floor(random() * 7)) {
    case 0: return text.slice(0, at);
    case 1: return text.slice(0, at) + pick(random, ['"', '{', ']', ',', '\\', '\u0000', 'NaN', '\ud800']) + text.slice(at);
    case 2: return text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 10));
    case 3: return '';
    case 4: return pick(random, ['null', '1', '"text"', 'true', '[]', 'nul', '{"a":1}{', '\ufeff{}']);
    case 5: return text.replace(/"/g, "'");
    default: return `${text},`;
  }
}

function nestedSchema(depth: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: 'string' };
  for (let i = 1; i < depth; i++) schema = random2(i) ? { type: 'object', properties: { a: schema } } : { type: 'array', items: schema };
  return schema;
}
/** Which shape wraps level i: deterministic, alternating in runs. */
function random2(i: number): boolean {
  return i % 3 !== 0;
}

function encodingCase(api: FuzzApi, random: () => number): ReturnType<Maker> {
  const json = Buffer.from(JSON.stringify(pick(random, SEEDS[api])));
  const variants: Array<() => ReturnType<Maker>> = [
    () => ({ kind: 'encoding', headers: { 'content-encoding': 'gzip' }, body: json, mustReject: true, stream: false }),
    () => ({ kind: 'encoding', headers: { 'content-encoding': 'br' }, body: gzipSync(json), mustReject: true, stream: false }),
    () => ({ kind: 'encoding', headers: { 'content-encoding': 'deflate' }, body: gzipSync(json).subarray(0, 20), mustReject: true, stream: false }),
    () => ({ kind: 'encoding', headers: { 'content-encoding': pick(random, ['bogus', 'compress', 'gzip, gzip', 'x-gzip', '*']) }, body: json, mustReject: true, stream: false }),
    () => ({ kind: 'encoding', headers: { 'content-encoding': 'gzip' }, body: truncateRandomly(gzipSync(json), random), mustReject: true, stream: false }),
    () => ({ kind: 'encoding', headers: { 'content-type': pick(random, ['application/json; charset=latin-1', 'text/plain; charset=ebcdic']) }, body: json, mustReject: true, stream: false }),
    // Valid encodings of a valid body are accepted.
    () => ({ kind: 'encoding-ok', headers: { 'content-encoding': 'gzip' }, body: gzipSync(json), mustReject: false, stream: isStream(JSON.parse(json.toString())) }),
    () => ({ kind: 'encoding-ok', headers: { 'content-encoding': 'br' }, body: brotliCompressSync(json, { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } }), mustReject: false, stream: isStream(JSON.parse(json.toString())) }),
    () => ({ kind: 'encoding-ok', headers: { 'content-encoding': 'deflate' }, body: deflateSync(json), mustReject: false, stream: isStream(JSON.parse(json.toString())) }),
  ];
  return pick(random, variants)();
}

function truncateRandomly(bytes: Buffer, random: () => number): Buffer {
  return bytes.subarray(0, Math.max(1, Math.floor(bytes.length * random() * 0.9)));
}
