import * as fs from 'fs';

/**
 * The line (1-based) of each resource's logical id in a template file, for SARIF regions and text output: the first
 * line after the start of the `Resources` section that opens a key of that name, in JSON (`"Vpc": {`) or YAML
 * (`  Vpc:`). Files are read once.
 */
export class TemplateLines {
  private readonly files = new Map<string, Map<string, number>>();

  public lineOf(file: string | undefined, logicalId: string): number | undefined {
    if (file === undefined) return undefined;
    let lines = this.files.get(file);
    if (!lines) {
      lines = readLines(file);
      this.files.set(file, lines);
    }
    return lines.get(logicalId);
  }
}

const KEY = /^\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9]+))\s*:/;

function readLines(file: string): Map<string, number> {
  const out = new Map<string, number>();
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf-8');
  } catch {
    return out;
  }
  const lines = text.split('\n');
  // The top-level `Resources` key: the least indented line that opens it.
  let start = -1;
  lines.forEach((l, i) => {
    if (/^\s*"?Resources"?\s*:/.test(l) && (start < 0 || indentOf(l) < indentOf(lines[start]))) start = i;
  });
  if (start < 0) return out;
  // The indentation of the first key below `Resources` is that of every logical id (JSON written by CDK or by
  // hand is indented; a single-line JSON file has no lines to find).
  let indent: number | undefined;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    const m = KEY.exec(line);
    if (!m) continue;
    const width = indentOf(line);
    if (indent === undefined) indent = width;
    if (width < indent) break;
    if (width !== indent) continue;
    const id = m[1] ?? m[2] ?? m[3];
    if (!out.has(id)) out.set(id, i + 1);
  }
  return out;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}
