/**
 * Migrations for both engines, in one numbered sequence:
 * db/migrations/NNN_name.sql is SQLite's, db/migrations/postgres/NNN_name.sql
 * PostgreSQL's; every number exists for both (a test checks it). Each is
 * applied once, in numeric order (not file-name order: 0100 comes after
 * 020), inside a transaction, and recorded in schema_migrations.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** db/migrations, found from this file whether it runs from src/ (tsx) or dist/ (node). */
export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../db/migrations');

const FILE_PATTERN = /^(\d{3,})_[a-z0-9_]+\.sql$/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function readMigrations(dir: string): Migration[] {
  return readdirSync(dir)
    .filter((f) => FILE_PATTERN.test(f))
    .map((f) => ({ version: Number(FILE_PATTERN.exec(f)![1]), name: f, sql: readFileSync(join(dir, f), 'utf8') }))
    .sort((a, b) => a.version - b.version);
}
