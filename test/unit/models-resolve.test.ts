import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CursorModel } from '../../src/proxy/engine-api.js';
import { ApiError } from '../../src/proxy/http/api-error.js';
import { DEFAULT_MODEL_MAP, MODEL_MAP_ENV, modelMapFromEnv, resolveModel, type ModelRequest } from '../../src/proxy/model-resolution.js';

const model = (id: string, extra: Partial<CursorModel> = {}): CursorModel => ({ id, displayName: id, aliases: [], thinking: id.endsWith('-thinking'), ...extra });

const CATALOG: CursorModel[] = [
  model('default', { aliases: ['auto'] }),
  model('claude-4.5-sonnet', { aliases: ['sonnet-4.5'] }),
  model('claude-4.5-sonnet-thinking'),
  model('claude-4-sonnet'),
  model('claude-4.1-opus'),
  model('claude-4.5-opus'),
  model('claude-4.5-opus-high'),
  model('claude-4.5-opus-high-thinking'),
  model('claude-4.5-opus-thinking'),
  model('gpt-5'),
  model('gpt-5-high'),
  model('composer-1'),
];

async function resolve(request: Partial<ModelRequest> & { model: string }, models = CATALOG, map = DEFAULT_MODEL_MAP) {
  return resolveModel({ thinking: false, ...request }, async () => models, map);
}

describe('resolveModel', () => {
  it('takes an exact Cursor id or alias', async () => {
    assert.deepEqual(await resolve({ model: 'gpt-5' }), { id: 'gpt-5', thinking: false });
    assert.deepEqual(await resolve({ model: 'sonnet-4.5' }), { id: 'claude-4.5-sonnet', thinking: false });
    assert.deepEqual(await resolve({ model: 'AUTO' }), { id: 'default', thinking: false });
  });

  it('maps Claude names to the highest Cursor version of the family', async () => {
    assert.equal((await resolve({ model: 'claude-opus-5-5' })).id, 'claude-4.5-opus');
    assert.equal((await resolve({ model: 'opus' })).id, 'claude-4.5-opus');
    assert.equal((await resolve({ model: 'claude-sonnet-4-5-20250929' })).id, 'claude-4.5-sonnet');
    assert.equal((await resolve({ model: 'sonnet' })).id, 'claude-4.5-sonnet');
    assert.equal((await resolve({ model: 'claude-3-5-haiku-20241022' })).id, 'composer-1');
  });

  it('turns the [1m] suffix into Max mode where the model has it, with its window', async () => {
    const models = CATALOG.map((m) => (m.id === 'claude-4.5-opus' ? { ...m, contextWindow: 200_000, maxModeWindow: 1_000_000 } : m));
    assert.deepEqual(await resolve({ model: 'claude-opus-5-5[1m]' }, models), {
      id: 'claude-4.5-opus',
      thinking: false,
      maxMode: true,
      contextWindow: 1_000_000,
    });
    assert.deepEqual(await resolve({ model: 'cursor:gpt-9[1m]' }), { id: 'gpt-9', thinking: false, maxMode: true });
  });

  it('answers [1m] on a model without Max mode with a 400 naming it', async () => {
    await assert.rejects(resolve({ model: 'claude-4.1-opus[1m]' }), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.kind, 'invalid_request');
      assert.match(error.message, /claude-4\.1-opus has no 1M context \(Max mode\)/);
      return true;
    });
  });

  it('resolves a listing id (claude-via-cursor-<id>) back to the Cursor model', async () => {
    assert.deepEqual(await resolve({ model: 'claude-via-cursor-gpt-5' }), { id: 'gpt-5', thinking: false });
    assert.deepEqual(await resolve({ model: 'claude-via-cursor-composer' }, [...CATALOG.slice(0, -1), model('composer-1', { aliases: ['composer'] })]), {
      id: 'composer-1',
      thinking: false,
    });
  });

  it('uses the thinking variant when thinking is asked, and marks the turn as thinking', async () => {
    assert.deepEqual(await resolve({ model: 'claude-sonnet-4-5', thinking: true }), { id: 'claude-4.5-sonnet-thinking', thinking: true });
    // No variant: the base model, not thinking.
    assert.deepEqual(await resolve({ model: 'gpt-5', thinking: true }), { id: 'gpt-5', thinking: false });
    // Asking for a thinking model by id makes the turn thinking even without the flag.
    assert.deepEqual(await resolve({ model: 'claude-4.5-sonnet-thinking' }), { id: 'claude-4.5-sonnet-thinking', thinking: true });
  });

  it('uses effort variants, combined with thinking when listed', async () => {
    assert.equal((await resolve({ model: 'gpt-5', effort: 'high' })).id, 'gpt-5-high');
    assert.equal((await resolve({ model: 'gpt-5', effort: 'low' })).id, 'gpt-5');
    assert.equal((await resolve({ model: 'opus', effort: 'high' })).id, 'claude-4.5-opus-high');
    assert.deepEqual(await resolve({ model: 'opus', effort: 'high', thinking: true }), { id: 'claude-4.5-opus-high-thinking', thinking: true });
    assert.equal((await resolve({ model: 'opus', effort: 'medium', thinking: true })).id, 'claude-4.5-opus-thinking');
  });

  it('falls back to Auto when the mapped family is missing', async () => {
    const noOpus = CATALOG.filter((entry) => !entry.id.includes('opus'));
    assert.equal((await resolve({ model: 'claude-opus-5-5' }, noOpus)).id, 'default');
  });

  it('sends cursor:<id> as-is without listing models', async () => {
    let listed = false;
    const forced = await resolveModel({ model: 'cursor:secret-model-thinking', thinking: false }, async () => {
      listed = true;
      return [];
    }, DEFAULT_MODEL_MAP);
    assert.deepEqual(forced, { id: 'secret-model-thinking', thinking: true });
    assert.equal(listed, false);
  });

  it('rejects an unknown id with bad_model listing the available ids', async () => {
    await assert.rejects(resolve({ model: 'llama-9' }), (error: unknown) => {
      assert.ok(error instanceof ApiError);
      assert.equal(error.kind, 'unknown_model');
      assert.match(error.message, /"llama-9" is not available/);
      assert.match(error.message, /claude-4\.5-sonnet, claude-4\.5-sonnet-thinking/);
      return true;
    });
  });

  it('follows a custom map before the defaults', async () => {
    const map = modelMapFromEnv({ [MODEL_MAP_ENV]: JSON.stringify({ 'claude-*opus*': 'gpt-5', 'my-*': 'claude-4-sonnet|composer*' }) });
    assert.equal((await resolve({ model: 'claude-opus-5-5' }, CATALOG, map)).id, 'gpt-5');
    assert.equal((await resolve({ model: 'my-fast' }, CATALOG, map)).id, 'claude-4-sonnet');
    assert.equal((await resolve({ model: 'sonnet' }, CATALOG, map)).id, 'claude-4.5-sonnet');
    assert.throws(() => modelMapFromEnv({ [MODEL_MAP_ENV]: '{"a":1}' }), /THALAMUS_MODEL_MAP must be a JSON object of strings/);
    assert.throws(() => modelMapFromEnv({ [MODEL_MAP_ENV]: 'nope' }), /THALAMUS_MODEL_MAP/);
  });
});
