/**
 * Reply -> terminal text. Pure. Links are printed as plain URLs (terminals
 * make them clickable); buttons become the words to type.
 */
import { decodeAction } from '../../core/actions.js';
import type { Block, Inline, Reply } from '../../core/messages.js';

function inline(runs: Inline[]): string {
  return runs
    .map((r) => {
      switch (r.kind) {
        case 'link':
          return `${r.text} (${r.url})`;
        case 'code':
          return `\`${r.text}\``;
        default:
          return r.text;
      }
    })
    .join('');
}

function buttonHint(action: string, label: string): string {
  const decoded = decodeAction(action);
  if (!decoded.ok) return label;
  if (decoded.action.type === 'reveal') return `type "answer" to reveal`;
  const n = { knew: 1, partly: 2, missed: 3 }[decoded.action.grade];
  return `${n} = ${label}`;
}

function block(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `== ${b.text} ==`;
    case 'text':
      return inline(b.text);
    case 'context':
      return `  ${b.text}`;
    case 'code':
      return b.text
        .split('\n')
        .map((l) => `    ${l}`)
        .join('\n');
    case 'fields':
      return b.fields.map((f) => `${f.label}: ${f.value}`).join('\n');
    case 'links':
      return ['Links:', ...b.links.map((l) => `  - ${l.title} [${l.type}]: ${l.url}`)].join('\n');
    case 'actions': {
      const hints = b.buttons.map((x) => buttonHint(x.action, x.label));
      const grading = b.buttons.some((x) => decodeAction(x.action).ok && x.action.startsWith('grade:'));
      return grading ? `> Grade yourself: ${hints.join(' · ')}` : `> ${hints.join(' · ')}`;
    }
  }
}

export function renderConsole(reply: Reply): string {
  return reply.blocks.map(block).join('\n');
}
