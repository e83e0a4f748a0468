export interface BoardEntry {
  userKey: string;
  name: string;
  current: number;
  totalDays: number;
}

/** Boards computed recently, per workspace/server (one per composition: CoreDeps.boards). */
export class BoardCache {
  private readonly boards = new Map<string, { at: number; rows: BoardEntry[] }>();

  get(scope: string): { at: number; rows: BoardEntry[] } | undefined {
    return this.boards.get(scope);
  }

  set(scope: string, at: number, rows: BoardEntry[]): void {
    // Bounded: a deployment with more live workspaces than this recomputes more often, nothing worse.
    if (this.boards.size > 10_000) this.boards.clear();
    this.boards.set(scope, { at, rows });
  }

  /** Forgets cached boards (a preference change or a link shows at once). */
  clear(scope?: string): void {
    if (scope) this.boards.delete(scope);
    else this.boards.clear();
  }
}
