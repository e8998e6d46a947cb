/**
 * Upward migrations of project files. Each step turns the raw JSON object of version `from` into the raw
 * JSON object of version `to`; steps run before validation, because an old file need not match today's
 * schema. When the format changes:
 * bump CURRENT_VERSION, add a step here, and keep a fixture of the old version in
 * graph-core/fixtures/v<N>/ that must keep loading (see docs/FILE_FORMAT.md).
 */

export type RawDocument = Record<string, unknown>;

export interface Migration {
  from: number;
  to: number;
  /** Returns the upgraded object; it may mutate and return its argument. Must not set `version`. */
  migrate(doc: RawDocument): RawDocument;
}

/**
 * 1 → 2: version 2 gives the top-level `weights` field a meaning (the weights sidecar). In version 1
 * any top-level field was someone else's and kept as is, so a `weights` field there is moved to
 * `x-v1-weights` rather than misread as a sidecar reference; everything else is unchanged.
 */
const v1ToV2: Migration = {
  from: 1,
  to: 2,
  migrate: (doc) => {
    if (!Object.prototype.hasOwnProperty.call(doc, 'weights')) return doc;
    const out: RawDocument = {};
    for (const [key, value] of Object.entries(doc)) out[key === 'weights' ? 'x-v1-weights' : key] = value;
    return out;
  },
};

export const MIGRATIONS: readonly Migration[] = [v1ToV2];

export type MigrationOutcome = { ok: true; doc: RawDocument } | { ok: false; error: string };

/** Runs the steps from `fromVersion` up to `toVersion`, each exactly once, in order. */
export function migrateUp(
  doc: RawDocument,
  fromVersion: number,
  toVersion: number,
  migrations: readonly Migration[] = MIGRATIONS,
): MigrationOutcome {
  let current = doc;
  let version = fromVersion;
  while (version < toVersion) {
    const step = migrations.find((m) => m.from === version);
    if (!step || step.to <= step.from || step.to > toVersion) {
      return {
        ok: false,
        error: `This build cannot upgrade a version ${version} project (no migration from version ${version}).`,
      };
    }
    try {
      current = { ...step.migrate(current), version: step.to };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        error: `Could not upgrade this project from version ${step.from} to ${step.to}: ${reason}`,
      };
    }
    version = step.to;
  }
  return { ok: true, doc: current };
}
