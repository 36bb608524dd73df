// The fake's default model list: a few realistic Cursor models (reference §4.2, §4.10).
import { create } from '@bufbuild/protobuf';
import { ModelDetailsSchema, type ModelDetails } from '../gen/agent/v1/agent_pb.js';

interface ModelSeed {
  id: string;
  displayName: string;
  displayNameShort: string;
  aliases: string[];
  thinking?: boolean;
}

const SEEDS: ModelSeed[] = [
  { id: 'default', displayName: 'Auto', displayNameShort: 'Auto', aliases: ['auto'] },
  { id: 'claude-4.5-sonnet', displayName: 'Claude 4.5 Sonnet', displayNameShort: 'Sonnet 4.5', aliases: ['sonnet-4.5'] },
  {
    id: 'claude-4.5-sonnet-thinking',
    displayName: 'Claude 4.5 Sonnet Thinking',
    displayNameShort: 'Sonnet 4.5 Thinking',
    aliases: ['sonnet-4.5-thinking'],
    thinking: true,
  },
  { id: 'claude-4.1-opus', displayName: 'Claude 4.1 Opus', displayNameShort: 'Opus 4.1', aliases: ['opus-4.1'] },
  { id: 'gpt-5', displayName: 'GPT-5', displayNameShort: 'GPT-5', aliases: ['gpt-5-medium'] },
  { id: 'gpt-5-high', displayName: 'GPT-5 High', displayNameShort: 'GPT-5 High', aliases: ['gpt-5-high-reasoning'] },
  { id: 'gpt-5-low', displayName: 'GPT-5 Low', displayNameShort: 'GPT-5 Low', aliases: ['gpt-5-fast'] },
  { id: 'composer-1', displayName: 'Composer 1', displayNameShort: 'Composer', aliases: ['composer'] },
];

export function defaultModels(): ModelDetails[] {
  return SEEDS.map((seed) =>
    create(ModelDetailsSchema, {
      modelId: seed.id,
      displayModelId: seed.id,
      displayName: seed.displayName,
      displayNameShort: seed.displayNameShort,
      aliases: seed.aliases,
      thinkingDetails: seed.thinking ? {} : undefined,
    }),
  );
}
