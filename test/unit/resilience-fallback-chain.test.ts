import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FallbackSyntaxError, parseFallbackChains } from '../../src/proxy/resilience/fallback-chain.js';

describe('parseFallbackChains', () => {
  it('reads chains separated by ; with models separated by >', () => {
    const chains = parseFallbackChains(' gpt-5.1 > composer-1>default ; claude-4.5-sonnet>default;');
    assert.deepEqual([...chains], [
      ['gpt-5.1', ['composer-1', 'default']],
      ['claude-4.5-sonnet', ['default']],
    ]);
  });

  it('nothing configured: no chains', () => {
    assert.equal(parseFallbackChains(undefined).size, 0);
    assert.equal(parseFallbackChains('  ').size, 0);
  });

  it('refuses chains of one model, empty names, a head used twice, a model named twice', () => {
    for (const text of ['gpt-5', 'gpt-5>', 'a>>b', 'a>b;a>c', 'a>b>a']) {
      assert.throws(() => parseFallbackChains(text), FallbackSyntaxError, text);
    }
  });
});
