import { execFileSync } from 'child_process';
import * as path from 'path';

test('the engine, the model of templates and the assembly reader load no aws-cdk-lib (for the command line)', () => {
  const root = path.join(__dirname, '..', '..');
  const script = `
    require('ts-node').register({ transpileOnly: true, project: ${JSON.stringify(path.join(root, 'test/tsconfig.json'))} });
    require(${JSON.stringify(path.join(root, 'src/guard/engine.ts'))});
    require(${JSON.stringify(path.join(root, 'src/guard/model/assembly.ts'))});
    const loaded = Object.keys(require.cache).filter((f) => f.includes('node_modules/aws-cdk-lib') || f.includes('node_modules/constructs'));
    process.stdout.write(JSON.stringify(loaded));
  `;
  const loaded = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf-8' }));
  expect(loaded).toEqual([]);
});
