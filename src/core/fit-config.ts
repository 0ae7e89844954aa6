import { CategoryMatcher, summariseAnswers } from "./answers.js";
import type { ColumnRole, Config } from "./config.js";
import { gatherOrder, shownOrder } from "./date-order.js";
import type { DateFormat } from "./dates.js";
import { resolveColumns } from "./headers.js";

/**
 * nest init --from EXPORT (issue #12): the default config fitted to one export, for the coordinator to review.
 * - Each column found by its wording (core/headers.ts) is written into "columns", so the config says what it reads.
 * - Each category answer read by its words (core/answers.ts) becomes an alias of its category, so it is exact.
 * - The order of day and month is the one the dates of birth, else the timestamps, show.
 * Answers nest cannot place, and columns it cannot find or tell apart, are left for the coordinator: `said` lists
 * them with what to do. Pure: the caller reads the export and writes the file.
 */
export interface Fitted {
  config: Config;
  said: string[];
}

export function fitConfig(
  base: Config,
  headers: readonly string[],
  cells: (column: number) => Iterable<{ row: number; text: string }>,
): Fitted {
  const said: string[] = [];
  const config: Config = structuredClone(base);
  const resolved = resolveColumns(headers, config, true);
  const columns = resolved.ok ? resolved.columns : (resolved.found ?? {});
  if (!resolved.ok) for (const issue of resolved.issues) said.push(`to do: ${issue}`);
  if (resolved.ok) {
    for (const [role, how] of Object.entries(resolved.how) as [ColumnRole, string][]) {
      if (how !== "meaning") continue;
      // Headers are matched with white space aside: a line break in one (which a config may not hold) is a space.
      config.columns[role] = oneLine(headers[columns[role]!]!);
      said.push(`columns.${role}: "${config.columns[role]}" (by its wording)`);
    }
  }

  const dates: DateFormat | null = orderShown(columns.dateOfBirth, cells) ?? orderShown(columns.timestamp, cells);
  if (dates !== null && dates !== config.dateFormat) {
    config.dateFormat = dates;
    said.push(`dateFormat: "${dates}" (the export's dates are written ${dates === "dmy" ? "day/month/year" : "month/day/year"})`);
  }

  if (columns.categories !== undefined) {
    const answers = summariseAnswers(
      Array.from(cells(columns.categories), (c) => c.text),
      new CategoryMatcher(config.categories),
    );
    for (const { answer, id, rows } of answers.byWords) {
      if (/[\u0000-\u001f\u007f]/.test(answer)) {
        said.push(
          `to do: the answer ${JSON.stringify(answer)} (read as "${id}") holds a line break or control character, which an alias may not`,
        );
        continue;
      }
      const category = config.categories.find((c) => c.id === id)!;
      category.aliases = [...category.aliases, answer];
      said.push(`categories "${id}": alias "${answer}" (${rows} ${rows === 1 ? "row" : "rows"}, read by its words)`);
    }
    for (const { answer, rows } of answers.unknown) {
      said.push(
        `to do: "${answer}" (${rows} ${rows === 1 ? "row" : "rows"}) is no category: add it to the aliases of its category, or leave it out`,
      );
    }
  }
  return { config, said };
}

function oneLine(text: string): string {
  return text.replace(/[\s\u0000-\u001f\u007f]+/g, " ").trim();
}

/** The order a column's dates show, when they show one and only one. */
function orderShown(column: number | undefined, cells: (column: number) => Iterable<{ row: number; text: string }>): DateFormat | null {
  if (column === undefined) return null;
  return shownOrder(gatherOrder(cells(column)));
}
