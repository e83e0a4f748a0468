/**
 * The platforms this build knows. Adding one: a folder under src/adapters/
 * with its PlatformModule, and one line here.
 */
import type { PlatformModule } from './contract.js';
import { consolePlatform } from './console/index.js';
import { discordPlatform } from './discord/index.js';
import { slackPlatform } from './slack/index.js';

export const PLATFORMS: readonly PlatformModule[] = [slackPlatform, discordPlatform, consolePlatform];
