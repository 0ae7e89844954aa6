import { CategoryMatcher, summariseAnswers, type AnswerSummary } from "../core/answers.js";
import { countResults } from "../core/audit.js";
import { timestampReader, unreadTimestamps } from "../core/duplicates.js";
import { CURRENT_EDITION, formulaGuardOf } from "../core/edition.js";
import { columnsRecord, describeColumns } from "../core/headers.js";
import { compileAllExclusions } from "../core/rules/index.js";
import { whoIs } from "../core/who.js";
import { ExitCode } from "../errors.js";
import { formatCsv } from "../io/csv-stream.js";
import { columnCells } from "../io/engine/judge-rows.js";
import { dateOrderChosen, loadConfig } from "../pipeline/config.js";
import { usingExport } from "../pipeline/pool.js";
import { formatSummary } from "../render/summary.js";
import { defineCommand, flag } from "./command.js";
import { csvFlags, inputFlags } from "./flags.js";
import { checkIdKey } from "./id-key.js";
import { describeSheet, warnOfInput } from "./warnings.js";

/** The check report's columns: where the person is in the sheet and who they are, then what nest found. */
export const CHECK_COLUMNS = ["Row", "Applicant ID", "Name and email", "Outcome", "District", "Reason code", "Reason"] as const;

/**
 * nest check: the draw's reading, eligibility and district steps without a draw. The problems go to standard
 * output (CSV, or JSON with --json) to clean the sheet; the counts go to standard error.
 */
export const command = defineCommand({
  args: [{ name: "applicants.csv", description: "the form's export (CSV, or an Excel .xlsx workbook), or - for standard input" }],
  flags: {
    json: flag.boolean("--json", "write the report as JSON instead of CSV"),
    ...inputFlags,
    ...csvFlags,
  },
  async run([input], options, ctx) {
    const loaded = await loadConfig(options.config, options.dateFormat);
    const config = loaded.config;
    return usingExport({ input: input!, encoding: options.encoding, sheet: options.sheet }, ctx, async (read) => {
      const pool = await read.judge({
        config,
        edition: CURRENT_EDITION,
        seed: null,
        dateOrderChosen: dateOrderChosen(loaded, options.dateFormat),
      });
      checkIdKey(pool, loaded, "check", ctx);
      warnOfInput(loaded, read.table, pool, ctx);
      const counts = countResults(pool.applicants, null, config);
      const rows = read.table.rows;
      // Every problem of a row in one pass: the first decides (excluded); the rules after it that would also exclude
      // the row are listed too ("also"), so fixing a row does not show its next problem on the next round.
      const everyRule = compileAllExclusions({ config, columns: pool.columns, headers: read.table.headers }, CURRENT_EDITION.rules);
      const problems = pool.applicants.flatMap((a) => {
        const first = a.exclusion;
        const also =
          first === null ? [] : everyRule(rows[a.rowIndex]!.cells).filter((e) => e.code !== first.code || e.reason !== first.reason);
        const found = [
          ...(first ? [{ outcome: "excluded", code: first.code, reason: first.reason }] : []),
          ...also.map((e) => ({ outcome: "also", code: e.code, reason: e.reason })),
          ...a.notes.map((note) => ({ outcome: "note", code: "", reason: note })),
        ];
        if (found.length === 0) return [];
        const who = whoIs(rows[a.rowIndex]!.cells, pool.columns);
        return found.map((p) => ({ row: a.sheetRow, id: a.id, who, district: a.districtId ?? "", ...p }));
      });
      const column = pool.columns.categories;
      const answers =
        column === undefined
          ? { unknown: [], byWords: [] }
          : summariseAnswers(textsOf(columnCells(rows, column)), new CategoryMatcher(config.categories));
      if (options.json) {
        const sheet = read.workbook === undefined ? {} : { sheet: read.workbook.sheet };
        const columns = columnsRecord(read.table.headers, pool.columns, pool.how);
        ctx.writeOut(
          `${JSON.stringify({ file: read.name, ...sheet, sha256: read.sha256, columns, counts, answers, problems }, null, 2)}\n`,
        );
      } else {
        const table = [[...CHECK_COLUMNS], ...problems.map((p) => [String(p.row), p.id, p.who, p.outcome, p.district, p.code, p.reason])];
        ctx.writeOut(formatCsv(table, { bom: options.bom, guard: formulaGuardOf(CURRENT_EDITION, options.escapeFormulas) }));
      }
      if (read.workbook !== undefined) ctx.writeErr(`${describeSheet(read.workbook)}\n`);
      ctx.writeErr(`Columns read: ${describeColumns(read.table.headers, pool.columns, pool.how).join("; ")}\n`);
      ctx.writeErr(describeAnswers(answers, config.categories));
      const stamps = pool.columns.timestamp;
      if (stamps !== undefined) {
        const unread = unreadTimestamps(columnCells(rows, stamps), timestampReader(CURRENT_EDITION.timestamps, pool.timestampFormat));
        if (unread !== null) ctx.writeErr(`${unread}\n`);
      }
      ctx.writeErr(formatSummary(counts, { color: ctx.color, drawn: false }));
      return ExitCode.ok;
    });
  },
});

/** The category answers nest read by their words, and those it did not recognise, by distinct answer (core/answers.ts). */
function describeAnswers(answers: AnswerSummary, categories: readonly { id: string; name: string }[]): string {
  const name = (id: string) => categories.find((c) => c.id === id)?.name ?? id;
  const lines: string[] = [];
  if (answers.byWords.length > 0) {
    lines.push('Category answers read by their words (add one to a category\'s "aliases" in the config to make it exact):');
    for (const a of answers.byWords) lines.push(`  ${String(a.rows).padStart(5)}  ${JSON.stringify(a.answer)} as ${name(a.id)}`);
  }
  if (answers.unknown.length > 0) {
    lines.push("Category answers nest does not recognise (to accept one, add it to the aliases of its category in the config):");
    for (const a of answers.unknown)
      lines.push(`  ${String(a.rows).padStart(5)}  ${JSON.stringify(a.answer)}: "aliases": [..., ${JSON.stringify(a.answer)}]`);
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

function* textsOf(cells: Iterable<{ text: string }>): Generator<string> {
  for (const cell of cells) yield cell.text;
}
