// A long Claude Code session as one Messages body: the fixture's system prompt and tools, then
// turn after turn of assistant text + tool_use and user tool_result (file contents, command
// output), grown to a target size. Deterministic, so runs compare.
import type { MessagesBody } from './fixture.js';

const WORDS = (
  'const let function return import export from async await if else for while switch case break class extends ' +
  'interface type string number boolean undefined null true false request response stream event error result ' +
  'value index length push map filter reduce buffer chunk frame message session token model tool call run'
).split(' ');

/** A small LCG: the same text every run. */
function words(seed: number): () => string {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return WORDS[state % WORDS.length]!;
  };
}

function codeLines(next: () => string, lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const indent = '  '.repeat(i % 4);
    out.push(`${indent}${next()} ${next()}_${i} = ${next()}(${next()}, ${next()}); // ${next()} ${next()} ${next()}`);
  }
  return out.join('\n');
}

/** `base` (system, tools, first user message) followed by tool-using turns until the JSON is at least `bytes` long. */
export function longConversation(base: MessagesBody, bytes: number): MessagesBody {
  const next = words(7);
  const messages: unknown[] = [...base.messages];
  let size = JSON.stringify(base).length;
  for (let turn = 0; size < bytes; turn++) {
    const id = `toolu_01bench${String(turn).padStart(6, '0')}`;
    const read = turn % 3 !== 2;
    const assistant = {
      role: 'assistant',
      content: [
        { type: 'text', text: `Let me ${read ? 'read' : 'run'} ${next()} ${next()} to see how the ${next()} is handled.` },
        read
          ? { type: 'tool_use', id, name: 'Read', input: { file_path: `/home/user/project/src/${next()}/${next()}-${turn}.ts` } }
          : { type: 'tool_use', id, name: 'Bash', input: { command: `npm test -- --grep ${next()}`, description: `Run the ${next()} tests` } },
      ],
    };
    const user = {
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: id, content: [{ type: 'text', text: codeLines(next, 40) }] }],
    };
    messages.push(assistant, user);
    size += JSON.stringify(assistant).length + JSON.stringify(user).length + 2;
  }
  return { ...base, messages };
}
