import { describe, expect, it } from 'vitest';
import { platformFit } from '../../scripts/platform-fit.js';
import { fixtureQuestion } from '../support/core.js';

describe('platformFit', () => {
  it('passes a normal question', () => {
    expect(platformFit(fixtureQuestion('vpc-basics', 'networking'))).toEqual([]);
  });

  it('flags a reveal that would need more than one Discord embed or a split Slack section', () => {
    const huge = { ...fixtureQuestion('vpc-basics', 'networking'), code: 'x'.repeat(5000) };
    const reasons = platformFit(huge).map((f) => f.reason);
    expect(reasons).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Slack: a section exceeds 3000/), expect.stringMatching(/^Discord: needs \d+ embeds, not one/)]),
    );
  });
});
