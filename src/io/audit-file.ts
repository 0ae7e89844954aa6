/**
 * audit.json's text: the audit as JSON (two-space indent) and a line break. The output hashes are its last field,
 * so everything before them can be worked out while a second thread still writes a file, and the hashes added
 * after: formatAuditHead(rest) + formatAuditTail(outputs) is exactly JSON.stringify({ ...rest, outputs }, null, 2)
 * + "\n" (test/io/audit-file.test.ts).
 */
export function formatAuditHead(rest: object): string {
  const text = JSON.stringify(rest, null, 2);
  return text.slice(0, text.length - 2); // without the closing "\n}"
}

/** What follows formatAuditHead's text: the output hashes, and the end. */
export function formatAuditTail(outputs: Record<string, string>): string {
  const field = JSON.stringify(outputs, null, 2).replace(/\n/g, "\n  ");
  return `,\n  "outputs": ${field}\n}\n`;
}

/** audit.json as the last file of a draw (write-outputs.ts LastFile): all but the hashes worked out when first asked for. */
export function auditWriter(rest: () => object): { content: (hashes: Record<string, string>) => Buffer; prepare: () => void } {
  let head: Buffer | null = null;
  const prepare = () => void (head ??= Buffer.from(formatAuditHead(rest()), "utf8"));
  return {
    prepare,
    content: (hashes) => {
      prepare();
      return Buffer.concat([head!, Buffer.from(formatAuditTail(hashes), "utf8")]);
    },
  };
}
