// Entry of the engine process: the gateway, out of the main process so a crash or a busy
// event loop there never freezes the tray. Started by engine-supervisor.ts with Electron's
// utilityProcess.fork (or child_process.fork in tests); speaks src/shared/engine-protocol.ts.
import { startGateway } from '../proxy/app/gateway.js';
import { parentChannel } from './engine-channel.js';
import { EngineHost } from './engine-host.js';

new EngineHost({ channel: parentChannel(), startGateway, env: process.env, exit: (code) => process.exit(code) });
