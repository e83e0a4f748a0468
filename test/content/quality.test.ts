import { describe, expect, it } from 'vitest';
import { linkFindings, missingItems, REQUIRED_ITEMS, similarQuestions } from '../../src/content/quality.js';
import { loadBank } from '../../src/content/loader.js';
import { fixtureQuestion } from '../support/core.js';

describe('content quality checks', () => {
  it('every item of the practice conversation is answered by the real bank', () => {
    expect(missingItems(loadBank().questions)).toEqual([]);
    expect(missingItems([])).toHaveLength(REQUIRED_ITEMS.length);
  });

  it('finds two questions asking the same thing in other words', () => {
    const a = { ...fixtureQuestion('a-one', 'iam'), question: 'What is a permissions boundary in IAM?' };
    const b = { ...fixtureQuestion('b-two', 'iam'), question: 'In IAM, what are permissions boundaries?' };
    const c = { ...fixtureQuestion('c-three', 'iam'), question: 'How do SCPs differ from resource policies?' };
    expect(similarQuestions([a, b, c], 0.5).map(([x, y]) => [x.id, y.id])).toEqual([['a-one', 'b-two']]);
  });

  it('flags localized and .md docs links and non-YouTube videos', () => {
    const q = fixtureQuestion('vpc-basics', 'networking');
    q.links = [
      { title: 'Localized', url: 'https://docs.aws.amazon.com/de_de/vpc/latest/userguide/what-is-amazon-vpc.html', type: 'docs' },
      { title: 'Mirror', url: 'https://docs.aws.amazon.com/vpc/latest/userguide/what-is-amazon-vpc.md', type: 'docs' },
      { title: 'Not a video', url: 'https://aws.amazon.com/vpc/', type: 'video' },
    ];
    expect(linkFindings(q).map((f) => `${f.field}: ${f.reason}`)).toEqual([
      'links.0.url: is a localized copy; link the English page',
      'links.1.url: is a .md mirror; link the .html page',
      'links.2.type: video links must point at YouTube',
    ]);
  });
});
