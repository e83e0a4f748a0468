/**
 * Diagrams on Slack. Slack shows an image block from a public URL or from a
 * file uploaded by the app:
 *   - with PUBLIC_URL (HTTP mode), our own server serves /diagrams/<hash>.png
 *     (known hashes only) and the block uses image_url;
 *   - otherwise each diagram is uploaded once per workspace with
 *     files.uploadV2 (needs files:write) and referenced as slack_file;
 *   - with neither, one line says how to enable pictures.
 */
import type { webApi } from '@slack/bolt';
import type { Reply } from '../../core/messages.js';
import type { Logger } from '../../core/ports/logger.js';
import type { DiagramRenderer } from '../../diagrams/render.js';
import { mapSlackError, type ClientFor } from './chat-port.js';
import type { SlackPicture, SlackPictures } from './render.js';

export const NO_PICTURES =
  'Diagrams need pictures: set PUBLIC_URL (HTTP mode) or add the files:write scope (see docs/slack.md). The text answer above is complete.';

export class SlackPictureService {
  private readonly uploaded = new Map<string, Promise<SlackPicture>>();

  constructor(
    private readonly renderer: DiagramRenderer,
    private readonly clientFor: ClientFor,
    private readonly logger: Logger,
    private readonly publicUrl?: string,
  ) {}

  readonly resolve = async (reply: Reply, scope: string | undefined): Promise<SlackPictures> => {
    const out = new Map<string, SlackPicture>();
    for (const b of reply.blocks) {
      if (b.kind !== 'diagram' || out.has(b.source)) continue;
      out.set(b.source, await this.picture(b.source, scope));
    }
    return out;
  };

  private async picture(source: string, scope: string | undefined): Promise<SlackPicture> {
    if (this.publicUrl) return { imageUrl: `${this.publicUrl.replace(/\/+$/, '')}/diagrams/${this.renderer.know(source)}.png` };
    const hash = this.renderer.know(source);
    const key = `${scope ?? ''} ${hash}`;
    let pending = this.uploaded.get(key);
    if (!pending) {
      pending = this.upload(source, scope);
      this.uploaded.set(key, pending);
      // A failed upload is tried again next time rather than remembered.
      void pending.then((p) => 'unavailable' in p && this.uploaded.delete(key));
    }
    return pending;
  }

  private async upload(source: string, scope: string | undefined): Promise<SlackPicture> {
    try {
      await this.renderer.prepare([source]);
      const drawn = this.renderer.render(source);
      const client: webApi.WebClient = await this.clientFor(scope);
      const res = (await client.files.uploadV2({ file: drawn.png, filename: `${drawn.hash}.png`, title: 'Diagram' })) as { files?: { files?: { id?: string }[] }[] };
      const id = res.files?.[0]?.files?.[0]?.id;
      return id ? { slackFileId: id } : { unavailable: NO_PICTURES };
    } catch (err) {
      const outcome = mapSlackError(err);
      if (outcome.reason !== 'missing_permissions') this.logger.warn({ reason: outcome.reason }, 'diagram upload failed');
      return { unavailable: NO_PICTURES };
    }
  }
}
