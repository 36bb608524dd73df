import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { clientEnv, renderEnv } from '../../src/proxy/app/client-env.js';

const groups = clientEnv({ baseUrl: 'http://127.0.0.1:3013', clientKey: "thl_it's-a-key", model: 'sonnet' });

test('Claude Code gets the base URL, the client key as a bearer token and no non-streaming fallback', () => {
  const claude = Object.fromEntries(groups[0].vars);
  assert.equal(claude.ANTHROPIC_BASE_URL, 'http://127.0.0.1:3013');
  assert.equal(claude.ANTHROPIC_AUTH_TOKEN, "thl_it's-a-key");
  assert.equal(claude.ANTHROPIC_MODEL, 'sonnet');
  assert.equal(claude.CLAUDE_CODE_DISABLE_NONSTREAMING_FALLBACK, '1');
  const openai = Object.fromEntries(groups[1].vars);
  assert.equal(openai.OPENAI_BASE_URL, 'http://127.0.0.1:3013/v1');
  // Codex's provider block names THALAMUS_API_KEY as its env_key.
  assert.deepEqual(groups[2].vars, [['THALAMUS_API_KEY', "thl_it's-a-key"]]);
});

test('the bash rendering survives quotes when sourced by a real shell', () => {
  const script = renderEnv(groups, 'bash') + 'printf %s "$ANTHROPIC_AUTH_TOKEN"';
  assert.equal(execFileSync('bash', ['-c', script], { encoding: 'utf8' }), "thl_it's-a-key");
});

test('each shell gets its own assignment syntax', () => {
  assert.match(renderEnv(groups, 'fish'), /^set -gx ANTHROPIC_BASE_URL 'http:\/\/127\.0\.0\.1:3013'$/m);
  assert.match(renderEnv(groups, 'powershell'), /^\$env:ANTHROPIC_AUTH_TOKEN = 'thl_it''s-a-key'$/m);
  assert.match(renderEnv(groups, 'cmd'), /^set "OPENAI_API_KEY=thl_it's-a-key"$/m);
  assert.match(renderEnv(groups, 'cmd'), /^REM Claude Code$/m);
});

test("turns Claude Code's gateway model discovery on and fills the opus/sonnet/haiku slots asked for", () => {
  const claude = Object.fromEntries(
    clientEnv({ baseUrl: 'http://127.0.0.1:3013', clientKey: 'k', opusModel: 'claude-4.1-opus', sonnetModel: 'claude-via-cursor-gpt-5', haikuModel: 'claude-via-cursor-composer-1' })[0].vars,
  );
  assert.equal(claude.CLAUDE_CODE_ENABLE_GATEWAY_MODEL_DISCOVERY, '1');
  assert.equal(claude.ANTHROPIC_DEFAULT_OPUS_MODEL, 'claude-4.1-opus');
  assert.equal(claude.ANTHROPIC_DEFAULT_SONNET_MODEL, 'claude-via-cursor-gpt-5');
  assert.equal(claude.ANTHROPIC_DEFAULT_HAIKU_MODEL, 'claude-via-cursor-composer-1');
  assert.equal(Object.fromEntries(groups[0].vars).ANTHROPIC_DEFAULT_OPUS_MODEL, undefined);
});

test('clears the provider switches that would send Claude Code to Bedrock, Vertex or Foundry, in every shell', () => {
  const switches = ['CLAUDE_CODE_USE_BEDROCK', 'CLAUDE_CODE_USE_VERTEX', 'CLAUDE_CODE_USE_FOUNDRY'];
  assert.deepEqual(groups[0].unset, switches);
  const script = renderEnv(groups, 'bash') + 'printf %s "${CLAUDE_CODE_USE_BEDROCK-unset}:${CLAUDE_CODE_USE_VERTEX-unset}:$ANTHROPIC_BASE_URL"';
  const env = { PATH: process.env.PATH, CLAUDE_CODE_USE_BEDROCK: '1', CLAUDE_CODE_USE_VERTEX: '1' };
  assert.equal(execFileSync('bash', ['-c', script], { encoding: 'utf8', env }), 'unset:unset:http://127.0.0.1:3013');
  for (const name of switches) {
    assert.match(renderEnv(groups, 'bash'), new RegExp(`^unset ${name}$`, 'm'));
    assert.match(renderEnv(groups, 'fish'), new RegExp(`^set -e ${name}$`, 'm'));
    assert.match(renderEnv(groups, 'powershell'), new RegExp(`^Remove-Item Env:${name} -ErrorAction SilentlyContinue$`, 'm'));
    assert.match(renderEnv(groups, 'cmd'), new RegExp(`^set "${name}="$`, 'm'));
  }
});
