/** The console as a platform: it registers itself like Slack and Discord do. */
import { dirname, join } from 'node:path';
import type { Config } from '../../config.js';
import type { PlatformInfo } from '../../core/ports/platform.js';
import type { PlatformModule } from '../contract.js';
import { ConsoleChatPort } from './chat-port.js';
import { consoleStyle } from './style.js';
import { runConsole } from './transport.js';

export const consoleInfo: PlatformInfo = {
  id: 'console',
  label: 'console',
  capabilities: { dm: false, forms: false, files: true, editInPlace: false, threads: false, ephemeral: false },
  adminsAre: 'whoever runs the console',
  invocation: (command) => command,
};

/** The terminal practice mode runs when asked for, or when no chat platform is configured. */
export const consoleRuns = (config: Config, othersEnabled: boolean): boolean => config.CONSOLE === 'on' || (config.CONSOLE === 'auto' && !othersEnabled);

export const consolePlatform: PlatformModule = {
  info: consoleInfo,
  enabled: consoleRuns,
  async start(host) {
    const style = consoleStyle(host.stdout, process.env);
    // History sits beside the database file (./data by default); never in the image's read-only root.
    const historyFile = join(dirname(host.config.DATABASE_PATH), 'console-history');
    const done = runConsole({ inbound: host.inbound, input: host.stdin, output: host.stdout, style, diagrams: host.diagrams, historyFile });
    return {
      chatPort: new ConsoleChatPort(host.stdout, style),
      // The terminal's owner administers their own console channel.
      directory: { isAdmin: async () => true },
      done,
      stop: async () => {},
    };
  },
};
