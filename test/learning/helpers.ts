/** Small helpers shared by the learning tests. */
import { decodeAction } from '../../src/core/actions.js';
import { inlineToPlain, type Reply } from '../../src/core/messages.js';

/** Every block of a reply as plain text, one per line. */
export function text(r: Reply): string {
  return r.blocks
    .map((b) => {
      switch (b.kind) {
        case 'text':
          return inlineToPlain(b.text);
        case 'fields':
          return b.fields.map((f) => `${f.label}: ${f.value}`).join('\n');
        case 'links':
          return b.links.map((l) => `${l.title} ${l.url}`).join('\n');
        case 'actions':
          return b.buttons.map((x) => x.action).join(' ');
        case 'diagram':
          return b.alt;
        default:
          return b.text;
      }
    })
    .join('\n');
}

/** The action ids of every button in a reply. */
export function buttons(r: Reply): string[] {
  return r.blocks.flatMap((b) => (b.kind === 'actions' ? b.buttons.map((x) => x.action) : []));
}

/** The question id and source of the (last) Reveal button in a reply, if any. */
export function revealIn(r: Reply): { questionId: string; source?: string } | null {
  const reveal = buttons(r)
    .map((a) => decodeAction(a))
    .flatMap((d) => (d.ok && d.action.type === 'reveal' ? [d.action] : []))
    .pop();
  return reveal ? { questionId: reveal.questionId, source: reveal.source } : null;
}

export const DAY = 86_400_000;
