import { execFileSync } from 'child_process';
import * as path from 'path';

test('the routing layer and the flow evaluator load no aws-cdk-lib (the engine and the command line can use it on plain templates)', () => {
  const root = path.join(__dirname, '..', '..');
  const script = `
    require('ts-node').register({ transpileOnly: true, project: ${JSON.stringify(path.join(root, 'test/tsconfig.json'))} });
    require(${JSON.stringify(path.join(root, 'src/reachability/index.ts'))});
    require(${JSON.stringify(path.join(root, 'src/reachability/flow.ts'))});
    const loaded = Object.keys(require.cache).filter((f) => f.includes('node_modules/aws-cdk-lib') || f.includes('node_modules/constructs'));
    process.stdout.write(JSON.stringify(loaded));
  `;
  const loaded = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf-8' }));
  expect(loaded).toEqual([]);
});
