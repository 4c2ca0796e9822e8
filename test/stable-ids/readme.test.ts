/**
 * When the logical-id manifest's revision goes up (an id changed or disappeared), README.md's upgrade notes must
 * follow: its "### Stable logical IDs" section names the current revision as "logical-id revision N".
 */
import * as fs from 'fs';
import * as path from 'path';

test("README.md's Stable logical IDs section names the manifest's revision", () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, 'logical-ids.json'), 'utf-8'));
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8');
  const sections = readme.split(/^(?=#{1,3} )/m).filter((s) => s.startsWith('### Stable logical IDs'));
  expect(sections.length).toBeGreaterThan(0);
  const named = sections.flatMap((s) => [...s.matchAll(/logical-id revision (\d+)/g)].map((m) => Number(m[1])));
  // The notes name the current revision, and none later than it.
  expect(named).toContain(manifest.revision);
  expect(Math.max(...named)).toBe(manifest.revision);
});
