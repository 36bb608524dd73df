// The fake account's default models: a few realistic Cursor models with the context windows and
// Max mode Cursor documents for their families (cursor-limits.md §4).
import type { FakeModelSpec } from './account.js';

const CLAUDE = { contextWindow: 200_000, maxModeWindow: 1_000_000 };
const GPT_5 = { contextWindow: 272_000, maxModeWindow: 1_000_000 };

export function defaultModelSpecs(): FakeModelSpec[] {
  return [
    { id: 'default', displayName: 'Auto', aliases: ['auto'], contextWindow: 200_000 },
    { id: 'claude-4.5-sonnet', displayName: 'Claude 4.5 Sonnet', displayNameShort: 'Sonnet 4.5', aliases: ['sonnet-4.5'], ...CLAUDE },
    {
      id: 'claude-4.5-sonnet-thinking',
      displayName: 'Claude 4.5 Sonnet Thinking',
      displayNameShort: 'Sonnet 4.5 Thinking',
      aliases: ['sonnet-4.5-thinking'],
      thinking: true,
      ...CLAUDE,
    },
    { id: 'claude-4.1-opus', displayName: 'Claude 4.1 Opus', displayNameShort: 'Opus 4.1', aliases: ['opus-4.1'], contextWindow: 200_000 },
    { id: 'gpt-5', displayName: 'GPT-5', aliases: ['gpt-5-medium'], ...GPT_5 },
    { id: 'gpt-5-high', displayName: 'GPT-5 High', aliases: ['gpt-5-high-reasoning'], ...GPT_5 },
    { id: 'gpt-5-low', displayName: 'GPT-5 Low', aliases: ['gpt-5-fast'], ...GPT_5 },
    { id: 'composer-1', displayName: 'Composer 1', displayNameShort: 'Composer', aliases: ['composer'], contextWindow: 200_000 },
  ];
}
