/**
 * The question bank as the core sees it: an immutable, indexed list. Loading
 * and validating YAML lives in src/content; this is only lookups.
 */
import type { Level, Question, Topic } from './model.js';

export interface BankFilter {
  topics?: readonly string[];
  level?: Level | null;
}

export class QuestionBank {
  private readonly byId = new Map<string, Question>();
  private readonly topicTitles = new Map<string, string>();

  constructor(
    readonly questions: readonly Question[],
    topics: readonly Topic[],
    /** Which edition of the bank (a content hash from the loader), recorded with reports. */
    readonly version = 'unversioned',
  ) {
    for (const q of questions) this.byId.set(q.id, q);
    for (const t of topics) this.topicTitles.set(t.id, t.title);
  }

  get size(): number {
    return this.questions.length;
  }

  get(id: string): Question | undefined {
    return this.byId.get(id);
  }

  hasTopic(topic: string): boolean {
    return this.topicTitles.has(topic);
  }

  topicTitle(topic: string): string {
    return this.topicTitles.get(topic) ?? topic;
  }

  /** Topics in display order, with how many questions each has. */
  topics(): (Topic & { count: number; levels: Record<Level, number> })[] {
    return [...this.topicTitles].map(([id, title]) => {
      const qs = this.questions.filter((q) => q.topic === id);
      return {
        id,
        title,
        count: qs.length,
        levels: {
          associate: qs.filter((q) => q.level === 'associate').length,
          professional: qs.filter((q) => q.level === 'professional').length,
          lead: qs.filter((q) => q.level === 'lead').length,
        },
      };
    });
  }

  filter(filter: BankFilter = {}): Question[] {
    const topics = filter.topics && filter.topics.length > 0 ? new Set(filter.topics) : null;
    return this.questions.filter(
      (q) => (!topics || topics.has(q.topic)) && (!filter.level || q.level === filter.level),
    );
  }
}
