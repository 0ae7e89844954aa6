import { join } from "node:path";
import { validateConfig, type Config } from "../core/config.js";
import { CURRENT_EDITION, formulaGuardOf } from "../core/edition.js";
import {
  buildNotices,
  contactColumns,
  lateReplyBy,
  type ContactRole,
  type DrawTable,
  type Invitation,
  type NoticeRow,
} from "../core/notify.js";
import { OUTCOME_COLUMNS, OUTPUT_COLUMNS } from "../core/outputs.js";
import {
  checkTemplates,
  MAIL_MERGE_COLUMNS,
  OUTCOME_WORDS,
  OUTCOMES,
  TEMPLATE_KEYS,
  templatesOf,
  type Outcome,
  type Template,
  type TemplateKey,
} from "../core/notify-templates.js";
import { ExitCode, NestError } from "../errors.js";
import { readConfigFile } from "../io/config-file.js";
import { formatCsv } from "../io/csv-stream.js";
import { readDrawTable, requireColumns } from "../io/draw-tables.js";
import { formatInvitation } from "../io/format-ics.js";
import { sha256 } from "../io/hash.js";
import { NOTIFY_FOLDER, readNotifyRecord, RECORD_FILE, writeNotifyFolder, type NotifyRecord } from "../io/notify-folder.js";
import { neutraliseFormula, type CsvFormatOptions } from "../io/format-csv.js";
import { readDrawFile, readVerifyTarget, type AuditFile } from "../io/read-audit.js";
import { parseReplacements, REPLACEMENTS_CSV, unreadableRecord } from "../io/replacements-file.js";
import type { Replacement } from "../core/replace.js";
import { defineCommand, flag } from "./command.js";
import { folderOfTarget, holdingFolder } from "../io/draw-folder.js";
import { sayRecovered } from "./warnings.js";
import { folderFiles } from "../pipeline/draw.js";
import { checkFolder, editionOfAudit, restoreAdvice } from "../pipeline/check-folder.js";

/**
 * nest notify: from a draw's folder as it stands (after any replacements), write DIR/notify/: a mail-merge CSV
 * (one row per person, with their outcome and message), the people who cannot be emailed, one calendar invitation
 * per district for its seated, and a record of what was written, so that a later run can write only what changed.
 * README "Notifying applicants".
 */
export const command = defineCommand({
  args: [{ name: "dir", description: "the draw's output folder", default: "nest-draw" }],
  flags: {
    config: flag.string(
      "--config <file>",
      "take session locations and message templates from this config (the draw's, filled in since); default: the config the draw recorded",
    ),
    changed: flag.boolean("--changed", "write only the people and invitations that are new or changed since the last nest notify"),
    calendar: flag.negatable("--no-calendar", "write no calendar invitations (the mail merge alone), e.g. before the locations are known"),
    input: flag.string(
      "--input <file>",
      "the export, when it is no longer where the draw read it (notify checks the folder as nest verify does first)",
    ),
    json: flag.boolean("--json", "write a JSON summary to standard output, for scripts"),
  },
  async run([target], options, ctx) {
    // Locked from before the folder is read until notify/ is written: no nest replace swaps the folder in between
    // (its roster would be read before the replacement, and notify/ would be written into the earlier folder).
    const drawDir = await folderOfTarget(target!);
    return holdingFolder(drawDir, folderFiles(CURRENT_EDITION), async (recovered) => {
      sayRecovered(recovered, ctx);
      const file = await readDraw(target!);
      const { audit, dir } = file;
      // Notices are sent from the folder as it stands: only when it is the draw's, with its replacements (a hand-edited
      // roster would tell the wrong people they have a place), as nest replace checks before it adds to the record.
      await checkFolder(file, { input: options.input, version: ctx.version }, ctx, async (checked) => {
        const { differences } = checked;
        const advice = restoreAdvice(dir, checked);
        if (differences.length > 0)
          throw new NestError(
            `${dir}: the folder does not verify, so nest will not write notices from it; nothing was written (nest verify ${dir} says more)`,
            ExitCode.input,
            { details: [...differences.slice(0, 10), ...(advice === undefined ? [] : [`what to do: ${advice}`])] },
          );
        return ExitCode.ok;
      });
      const edition = editionOfAudit(audit, file.path, ctx.version);
      const recorded = recordedConfig(file);
      const config = options.config === undefined ? recorded : await laterConfig(options.config, recorded);
      const configSource = options.config ?? `the config recorded in ${file.path}`;
      const templates = templatesOf(config.notify);
      const templateIssues = checkTemplates(templates, config.notify);
      if (templateIssues.length > 0)
        throw new NestError(`${configSource}: the message templates cannot be filled in`, ExitCode.input, {
          details: templateIssues,
        });
      const { guarded, named } = guardedWords(templates, config);
      // Names the draw fixed (program, districts, categories) cannot be reworded for notify: said, not refused.
      for (const n of named)
        ctx.writeErr(`nest: warning: ${n} reaches the letters with ' or ''' in it (the formula guard of mail-merge.csv)\n`);
      if (guarded.length > 0)
        throw new NestError(
          `${configSource}: ${guarded.length === 1 ? "a line" : "lines"} of the messages would reach applicants with ' or ''' in them: ` +
            "mail-merge.csv guards text a spreadsheet could run as a formula (a line or a word that starts with =, +, - or @); " +
            "reword it (for a bullet, •); nothing was written",
          ExitCode.input,
          { details: guarded },
        );

      const guard = formulaGuardOf(edition, audit.options.escapeFormulas);
      const tables = {
        roster: await requiredTable(dir, "roster.csv", guard, OUTCOME_COLUMNS["roster.csv"]),
        waitlist: await requiredTable(dir, "waitlist.csv", guard, OUTCOME_COLUMNS["waitlist.csv"]),
        excluded: await requiredTable(dir, "excluded.csv", guard, OUTCOME_COLUMNS["excluded.csv"]),
      };
      const replacements = await readReplacements(dir, { bom: audit.options.bom, guard });

      const headers = recordedColumns(file.text);
      if (headers === null)
        ctx.writeErr(
          `nest: ${file.path} records no columns (a draw made before nest-draw/5): email and names are read from the columns ` +
            "whose headers the config's \"columns\" or nest's header aliases name\n",
        );
      // nest's own columns come first in each file, then the export's (core/outputs.ts).
      const lead = {
        roster: OUTPUT_COLUMNS.roster.length,
        waitlist: OUTPUT_COLUMNS.waitlist.length,
        excluded: (edition.rowNumbers === "line" ? OUTPUT_COLUMNS.excluded : OUTPUT_COLUMNS.excludedWithRow).length,
      };
      const columns = {
        roster: contactColumns(tables.roster, lead.roster, headers, recorded),
        waitlist: contactColumns(tables.waitlist, lead.waitlist, headers, recorded),
        excluded: contactColumns(tables.excluded, lead.excluded, headers, recorded),
      };
      for (const name of ["roster", "waitlist", "excluded"] as const)
        if (columns[name].email === undefined && tables[name].rows.length > 0)
          throw new NestError(
            `${join(dir, `${name}.csv`)}: no email column found (looked for ${headers?.email ?? "the header aliases"})`,
            ExitCode.input,
          );

      // The folder verified above: everyone replaced out is in excluded.csv, with their own columns.
      const notices = buildNotices({ config, ...tables, replacements, columns, templates });
      if (notices.problems.length > 0)
        throw new NestError(
          `cannot notify ${notices.problems.length} applicant(s) whose place was released: they are in none of the draw's files`,
          ExitCode.input,
          {
            details: notices.problems,
          },
        );
      const late = lateReplyBy(config, notices.invitations);
      if (late.length > 0)
        throw new NestError(
          `${configSource}: notify.replyBy (${config.notify!.replyBy}) is not before the session of ${late.join(", ")}: their seated ` +
            "would be asked to reply after the session; set a date before every session; nothing was written",
          ExitCode.input,
        );
      if (options.calendar) checkInvitations(notices.invitations, config, configSource);

      // What changed since the last run: each person's row and each invitation, by fingerprint.
      const previous = await readNotifyRecord(dir);
      if (options.changed && previous === null)
        ctx.writeErr(`nest: no earlier nest notify in ${join(dir, NOTIFY_FOLDER)}: everyone is new, so everything is written\n`);
      const fingerprint = (row: NoticeRow) => sha256(JSON.stringify(MAIL_MERGE_COLUMNS.map((c) => row[c])));
      const isNew = (row: NoticeRow) => previous?.people[row["Applicant ID"]] !== fingerprint(row);
      const pick = (rows: NoticeRow[]) => (options.changed ? rows.filter(isNew) : rows);
      const mailMerge = pick(notices.rows);
      const cannotEmail = pick(notices.cannotEmail);

      const record: NotifyRecord = {
        tool: "nest",
        format: "nest-notify/1",
        people: { ...previous?.people },
        invitations: { ...previous?.invitations },
      };
      for (const row of [...notices.rows, ...notices.cannotEmail]) record.people[row["Applicant ID"]] = fingerprint(row);
      const invitations = options.calendar
        ? notices.invitations.map((invitation) => {
            const print = sha256(JSON.stringify([invitation, config.program, config.notify?.organizer ?? null]));
            const before = previous?.invitations[invitation.districtId];
            const changed = before?.fingerprint !== print;
            const sequence = before === undefined ? 0 : before.sequence + (changed ? 1 : 0);
            record.invitations[invitation.districtId] = { fingerprint: print, sequence };
            return { invitation, sequence, changed, file: `district-${invitation.districtId.replace(/[^A-Za-z0-9._-]/g, "_")}.ics` };
          })
        : [];
      const writtenInvitations = invitations.filter((i) => !options.changed || i.changed);

      const formatted = writtenInvitations.map((i) => ({
        file: i.file,
        ...formatInvitation(i.invitation, { program: config.program, organizer: config.notify?.organizer, sequence: i.sequence }),
      }));
      const csv = (rows: NoticeRow[]) =>
        formatCsv([[...MAIL_MERGE_COLUMNS], ...rows.map((r) => MAIL_MERGE_COLUMNS.map((c) => r[c]))], {
          bom: true,
          guard: formulaGuardOf(CURRENT_EDITION, true),
        });
      const files = [
        { name: "mail-merge.csv", bytes: csv(mailMerge) },
        { name: "cannot-email.csv", bytes: csv(cannotEmail) },
        ...formatted.map((f) => ({ name: f.file, bytes: f.text })),
        { name: RECORD_FILE, bytes: `${JSON.stringify(record, null, 2)}\n` },
      ];
      if (options.changed && mailMerge.length + cannotEmail.length + writtenInvitations.length === 0) {
        // Nothing new: notify/ keeps the last run's batch, which may not have been sent yet (a second --changed run
        // would otherwise replace it with empty files, and sent.json already counts those people as written).
        if (options.json)
          ctx.writeOut(`${JSON.stringify({ dir, changedOnly: true, written: false, mailMerge: 0, cannotEmail: 0 }, null, 2)}\n`);
        ctx.writeErr(
          `Nothing changed since the last nest notify: ${join(dir, "notify")} still holds that run's files; nothing was written.\n`,
        );
        return ExitCode.ok;
      }
      const folder = await writeNotifyFolder(dir, files);

      const count = (rows: NoticeRow[], outcome: Outcome) => rows.filter((r) => r.Outcome === OUTCOME_WORDS[outcome]).length;
      const summary = {
        dir,
        folder,
        config: configSource,
        changedOnly: options.changed,
        people: notices.rows.length + notices.cannotEmail.length,
        mailMerge: mailMerge.length,
        cannotEmail: cannotEmail.length,
        unchanged: notices.rows.length + notices.cannotEmail.length - mailMerge.length - cannotEmail.length,
        outcomes: Object.fromEntries(OUTCOMES.map((o) => [o, count(mailMerge, o) + count(cannotEmail, o)])),
        duplicatesMerged: notices.duplicatesMerged,
        invitations: invitations.map((i) => ({
          district: i.invitation.districtId,
          file: i.file,
          attendees: i.invitation.attendees.length,
          sequence: i.sequence,
          written: writtenInvitations.includes(i),
        })),
        files: files.map((f) => f.name),
      };
      if (options.json) ctx.writeOut(`${JSON.stringify(summary, null, 2)}\n`);
      const outcomes = OUTCOMES.map((o) => `${count(mailMerge, o)} ${OUTCOME_WORDS[o].toLowerCase()}`).join(", ");
      ctx.writeErr(
        `Wrote ${join(folder, "mail-merge.csv")}: ${mailMerge.length} ${mailMerge.length === 1 ? "person" : "people"} to email (${outcomes})` +
          `${options.changed ? `; ${summary.unchanged} unchanged since the last nest notify, left out` : ""}.\n`,
      );
      if (cannotEmail.length > 0)
        ctx.writeErr(
          `  ${join(folder, "cannot-email.csv")}: ${cannotEmail.length} without a usable email address: reach them another way.\n`,
        );
      if (notices.duplicatesMerged > 0)
        ctx.writeErr(
          `  ${notices.duplicatesMerged} later application(s) from an address that already has a row were left out (DUPLICATE).\n`,
        );
      // Seated with an address, and of those the ones the file invites (the calendar library refuses some addresses).
      const invited = (file: string, seated: number) => {
        const refused = formatted.find((f) => f.file === file)?.refused.length ?? 0;
        return refused === 0 ? `${seated} seated` : `${seated} seated, ${seated - refused} invited`;
      };
      if (!options.calendar) ctx.writeErr("  No calendar invitations (--no-calendar).\n");
      else if (writtenInvitations.length > 0)
        ctx.writeErr(
          `  Invitations: ${writtenInvitations.map((i) => `${i.file} (${invited(i.file, i.invitation.attendees.length)}${i.sequence > 0 ? `, update ${i.sequence}` : ""})`).join(", ")}.\n`,
        );
      else if (invitations.length > 0) ctx.writeErr("  No invitation changed since the last nest notify.\n");
      for (const f of formatted)
        if (f.refused.length > 0)
          ctx.writeErr(
            `nest: warning: ${f.file} leaves out ${f.refused.join(", ")}: the calendar library takes no such address; ` +
              "they are in mail-merge.csv: invite them by hand\n",
          );
      return ExitCode.ok;
    });
  },
});

/**
 * The coordinator's own text that mail-merge.csv's formula guard would change (a template line "- bring ID", a
 * location "=Hall"): each said with where it is, before anything is written, rather than sent with ''' in it.
 */
function guardedWords(templates: Record<TemplateKey, Template>, config: Config): { guarded: string[]; named: string[] } {
  const guard = formulaGuardOf(CURRENT_EDITION, true);
  const found: string[] = [];
  const look = (where: string, text: string, into = found) =>
    text.split("\n").forEach((line, i, lines) => {
      if (neutraliseFormula(line, guard) !== line)
        into.push(`${where}${lines.length > 1 ? `, line ${i + 1}` : ""}: ${JSON.stringify(line)}`);
    });
  const named: string[] = [];
  look("program", config.program, named);
  config.districts.forEach((d, i) => look(`districts[${i}].name`, d.name, named));
  config.categories.forEach((c, i) => look(`categories[${i}].name`, c.name, named));
  for (const key of TEMPLATE_KEYS) {
    if (config.notify?.templates?.[key] === undefined) continue; // nest's own wording
    look(`notify.templates.${key}.subject`, templates[key].subject);
    look(`notify.templates.${key}.message`, templates[key].message);
  }
  config.districts.forEach((d, i) => {
    if (d.session.location !== null) look(`districts[${i}].session.location`, d.session.location);
  });
  return { guarded: found, named };
}

/** A draw's folder or its audit.json, as nest verify reads it (a commitment file is no draw). */
async function readDraw(target: string): Promise<AuditFile> {
  const read = await readVerifyTarget(target);
  if (read.kind === "commitment")
    throw new NestError(`${read.path}: is a commitment (nest commit), not a draw: nest notify takes a draw's folder`, ExitCode.input);
  return read;
}

/** The config the draw recorded, as the draw read it. */
function recordedConfig(file: AuditFile): Config {
  const result = validateConfig(file.audit.config.effective);
  if (!result.ok)
    throw new NestError(`${file.path}: the recorded config is not valid (${result.issues[0]}); was audit.json edited?`, ExitCode.input);
  return result.config;
}

/**
 * A config filled in after the draw (session locations, templates): only what notify reads may differ. Its
 * districts and categories must be the draw's, by id and name, in the draw's order, or its sessions and words
 * would be told to the wrong people.
 */
async function laterConfig(path: string, recorded: Config): Promise<Config> {
  const { config } = await readConfigFile(path);
  const describe = (c: Config) => ({
    districts: c.districts.map((d) => `${d.id} (${d.name})`),
    categories: c.categories.map((k) => `${k.id} (${k.name})`),
  });
  const [was, is] = [describe(recorded), describe(config)];
  const differences: string[] = [];
  for (const kind of ["districts", "categories"] as const)
    if (JSON.stringify(was[kind]) !== JSON.stringify(is[kind]))
      differences.push(`${kind}: the draw's are ${was[kind].join(", ")}; this config's are ${is[kind].join(", ")}`);
  if (differences.length > 0)
    throw new NestError(
      `${path}: is not the draw's config: its districts or categories differ from the ones the draw recorded`,
      ExitCode.input,
      {
        details: differences,
      },
    );
  return config;
}

async function requiredTable(dir: string, name: string, guard: 0 | 1 | 2 | 3, columns: readonly string[]): Promise<DrawTable> {
  const table = await readDrawTable(dir, name, guard);
  if (table === null)
    throw new NestError(`${join(dir, name)} is missing: nest notify reads a draw's roster, waitlist and excluded list`, ExitCode.input);
  requireColumns(table, join(dir, name), columns);
  return table;
}

/** The headers audit.json records for the contact roles (nest-audit/3 on), or null when it records none. */
function recordedColumns(text: string): Partial<Record<ContactRole, string>> | null {
  const columns = (JSON.parse(text.replace(/^\uFEFF/, "")) as { columns?: Record<string, { header?: unknown }> }).columns;
  if (columns === undefined || columns === null || typeof columns !== "object") return null;
  const found: Partial<Record<ContactRole, string>> = {};
  for (const role of ["email", "firstName", "lastName", "name"] as const) {
    const header = columns[role]?.header;
    if (typeof header === "string") found[role] = header;
  }
  return found;
}

/** replacements.csv's entries (nest replace), read as nest verify reads them; none when the draw has had no replacements. */
async function readReplacements(dir: string, options: CsvFormatOptions): Promise<Replacement[]> {
  const bytes = await readDrawFile(dir, REPLACEMENTS_CSV);
  if (bytes === null) return [];
  const parsed = parseReplacements(bytes, join(dir, REPLACEMENTS_CSV), options);
  if (!parsed.ok) throw unreadableRecord(parsed.problems);
  return parsed.entries;
}

/** Every invitation needs a place and real times: else nothing is written, and the coordinator is told what to fill in. */
function checkInvitations(invitations: readonly Invitation[], config: Config, source: string): void {
  const index = new Map(config.districts.map((d, i) => [d.id, i]));
  const issues: string[] = [];
  for (const i of invitations) {
    const at = index.get(i.districtId)!;
    if (i.location === null)
      issues.push(`district ${i.districtId} (${i.districtName}) has no session location: set districts[${at}].session.location`);
    if (i.start === null || i.end === null)
      issues.push(
        `district ${i.districtId} (${i.districtName}): "${i.timeZone}" is not a time zone (districts[${at}].session.timeZone, e.g. "America/Los_Angeles")`,
      );
    else if (i.end <= i.start)
      issues.push(`district ${i.districtId} (${i.districtName}): the session ends before it starts (districts[${at}].session)`);
  }
  if (issues.length > 0)
    throw new NestError(
      `${source}: cannot write calendar invitations for ${issues.length === 1 ? "a district" : "these districts"}. Fill in the config ` +
        "(a copy of the draw's, e.g. the file nest init wrote) and pass it with --config FILE, or write the mail merge alone with --no-calendar",
      ExitCode.input,
      { details: issues },
    );
}
