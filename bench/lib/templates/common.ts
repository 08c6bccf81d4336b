/** Checks shared by the benched templates: what Mingdao holds after a run, compared across the two variants. */
import type { MingdaoEmulator } from "../../../test/emulators/mingdao";
import type { RunResult } from "../measure";
import type { BenchEnv } from "./types";

export function expectRows(
  env: BenchEnv,
  alias: string,
  expected: () => number,
): (result: RunResult) => void {
  return (result) => {
    const have = env.md.state.listRows(alias).length;
    const want = expected();
    if (have !== want && !result.error)
      result.error = `${alias} holds ${have} rows, expected ${want}`;
  };
}

/** The option keys of a single-select field, in the order of `labels`, as a JS array literal for a DIY expression. */
export function optionKeys(
  env: { md: MingdaoEmulator },
  worksheet: string,
  alias: string,
  labels: string[],
): string {
  const field = env.md.state
    .getWorksheet(worksheet)
    ?.fields.find((f: { alias: string }) => f.alias === alias) as
    | { options: Array<{ key: string; value: string }> }
    | undefined;
  const keys = labels.map(
    (label) => field?.options.find((o) => o.value === label)?.key ?? "",
  );
  return JSON.stringify(keys).replace(/"/g, "'");
}

/** The rows of some worksheets without row ids and times, sorted: equal for two runs that wrote the same rows. */
export function rowsDigest(
  listRows: (alias: string) => Array<Record<string, unknown>>,
  aliases: string[],
): string {
  return JSON.stringify(
    aliases.map((alias) =>
      listRows(alias)
        .map((row) =>
          JSON.stringify(
            Object.entries(row).filter(
              ([k]) => k !== "id" && !k.startsWith("_"),
            ),
          ),
        )
        .sort(),
    ),
  );
}

/** Per bench environment (one scale point): the rows digest of the first variant that ran each template. */
const digests = new WeakMap<BenchEnv, Map<string, string>>();

/**
 * Checks the row count of each table, and that the variant wrote the same rows as the other variant of the
 * same template did on the same data (whichever ran first).
 */
export function expectSameRows(
  env: BenchEnv,
  template: string,
  expected: () => Record<string, number>,
  /** The rows of one table of the target (default: a Mingdao worksheet by alias). */
  listRows: (table: string) => Array<Record<string, unknown>> = (alias) =>
    env.md.state.listRows(alias),
  target = "Mingdao",
): (result: RunResult) => void {
  return (result) => {
    if (result.error) return;
    const want = expected();
    for (const [alias, n] of Object.entries(want)) {
      const have = listRows(alias).length;
      if (have !== n) {
        result.error = `${alias} holds ${have} rows, expected ${n}`;
        return;
      }
    }
    const digest = rowsDigest(listRows, Object.keys(want));
    const seen = digests.get(env) ?? new Map<string, string>();
    digests.set(env, seen);
    const other = seen.get(template);
    if (other === undefined) seen.set(template, digest);
    else if (other !== digest)
      result.error = `${target} rows differ from those the other variant wrote (${Object.keys(want).join(", ")})`;
  };
}

