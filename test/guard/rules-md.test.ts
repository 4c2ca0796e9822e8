import * as fs from 'fs';
import * as path from 'path';
import { ALL_RULES, levelCode } from '../../src/guard/rules';

const ROOT = path.join(__dirname, '..', '..');

/** The rows of the rules table of RULES.md. */
function rulesMd(): { id: string; level: string; what: string; why: string; fix: string; source: string }[] {
  const text = fs.readFileSync(path.join(ROOT, 'RULES.md'), 'utf-8');
  return text
    .split('\n')
    .filter((l) => l.startsWith('| NG-'))
    .map((l) => {
      const [id, level, what, why, fix, source] = l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim());
      return { id, level, what, why, fix, source };
    });
}

describe('RULES.md', () => {
  test('lists every rule of the registry, in order, with its level, what, why, fix and AWS source', () => {
    expect(rulesMd()).toEqual(
      ALL_RULES.map((r) => ({
        id: r.id,
        level: levelCode(r),
        what: `${r.title}${r.structural ? ' (*structure*)' : ''}`,
        why: r.why,
        fix: r.fix,
        source: r.source
          .split('; ')
          .map((s) => `<${s}>`)
          .join(', '),
      })),
    );
  });

  test('rule IDs are unique, well-formed, one file each in an area folder, and every source is an AWS documentation page', () => {
    const ids = ALL_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const rulesDir = path.join(ROOT, 'src', 'guard', 'rules');
    const files = fs
      .readdirSync(rulesDir, { recursive: true, encoding: 'utf-8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => ({ file: f, text: fs.readFileSync(path.join(rulesDir, f), 'utf-8') }));
    for (const r of ALL_RULES) {
      expect(r.id).toMatch(/^NG-[A-Z]+-\d{3}$/);
      // Files are named after what they check, grouped by area: rules/<area>/<what-it-checks>.ts.
      const holders = files.filter((f) => f.text.includes(`id: '${r.id}'`)).map((f) => f.file);
      expect({ id: r.id, holders }).toEqual({
        id: r.id,
        holders: [expect.stringMatching(/^[a-z-]+\/[a-z0-9-]+\.ts$/)],
      });
      for (const s of r.source.split('; ')) {
        expect(s).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/[^ ]+\.html$/);
      }
    }
  });

  test('every rule is exercised by a rule test file (each has a compliant and a non-compliant case there)', () => {
    const tests = fs
      .readdirSync(__dirname)
      .filter((f) => f.endsWith('-rules.test.ts'))
      .map((f) => fs.readFileSync(path.join(__dirname, f), 'utf-8'))
      .join('\n');
    const missing = ALL_RULES.filter(
      (r) => tests.split(`'${r.id}'`).length - 1 < 1 && tests.split(`${r.id} `).length - 1 < 1,
    ).map((r) => r.id);
    expect(missing).toEqual([]);
  });
});
