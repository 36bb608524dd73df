// An Engine whose turns go through `runTurn` and whose other methods are `engine`'s own: the
// shape of every wrapper in this folder.
import type { Engine } from '../engine-api.js';

export function wrapTurns(engine: Engine, runTurn: Engine['runTurn']): Engine {
  return {
    runTurn,
    listModels: () => engine.listModels(),
    stats: () => engine.stats(),
    close: () => engine.close(),
  };
}
