/** The one thing every PostgreSQL store needs: run a statement, on the pool or on a transaction's client. */
import type { Pool, PoolClient, QueryResultRow } from 'pg';

export interface Db {
  rows<T extends QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
  one<T extends QueryResultRow>(sql: string, params?: unknown[]): Promise<T | undefined>;
  /** Rows changed. */
  run(sql: string, params?: unknown[]): Promise<number>;
  /** True inside a transaction (nested transactions join it). */
  readonly inTransaction: boolean;
}

export function dbOf(runner: Pool | PoolClient, inTransaction: boolean): Db {
  return {
    inTransaction,
    async rows<T extends QueryResultRow>(sql: string, params: unknown[] = []) {
      return (await runner.query<T>(sql, params)).rows;
    },
    async one<T extends QueryResultRow>(sql: string, params: unknown[] = []) {
      return (await runner.query<T>(sql, params)).rows[0];
    },
    async run(sql: string, params: unknown[] = []) {
      return (await runner.query(sql, params)).rowCount ?? 0;
    },
  };
}

export const n = (v: unknown): number => Number(v ?? 0);
