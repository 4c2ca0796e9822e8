import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * Every member of the public API has a doc comment, as jsii-docgen and Construct Hub show it in every language:
 * each type exported from src/index.ts, each of its public and protected members (properties, getters, methods,
 * constructors), a `@param` for each parameter of a constructor or method, and a `@default` on each optional
 * member of an interface. Read from the TypeScript sources with the compiler API, so the test needs no jsii build.
 * Members that jsii leaves out of the API (`@internal`, a leading underscore, `private`) are skipped.
 */

const ROOT = path.join(__dirname, '..', '..');
const ENTRY = path.join(ROOT, 'src', 'index.ts');

interface PublicApi {
  /** The names exported from the entry point. */
  readonly names: string[];
  /** One line per undocumented type, member or parameter. */
  readonly gaps: string[];
}

function readPublicApi(entryFile: string, root: string): PublicApi {
  const program = ts.createProgram([entryFile], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const entry = program.getSourceFile(entryFile);
  if (!entry) {
    throw new Error(`${entryFile} is not in the program`);
  }
  const moduleSymbol = checker.getSymbolAtLocation(entry);
  if (!moduleSymbol) {
    throw new Error(`${entryFile} has no module symbol`);
  }
  const exports = checker.getExportsOfModule(moduleSymbol);

  const gaps: string[] = [];
  const seen = new Set<ts.Declaration>();
  for (const exported of exports) {
    // `export * from` gives aliases; a type declared in the entry point itself is its own symbol.
    const symbol = isAlias(exported) ? checker.getAliasedSymbol(exported) : exported;
    for (const decl of symbol.declarations ?? []) {
      if (seen.has(decl) || !isApiType(decl) || isInternal(decl)) {
        continue;
      }
      seen.add(decl);
      const typeName = `${exported.name} (${path.relative(root, decl.getSourceFile().fileName)})`;
      if (!hasSummary(decl)) {
        gaps.push(`${typeName}: no doc comment`);
      }
      if (ts.isEnumDeclaration(decl)) {
        for (const member of decl.members) {
          if (!hasSummary(member)) {
            gaps.push(`${typeName}.${member.name.getText()}: no doc comment`);
          }
        }
        continue;
      }
      for (const member of decl.members) {
        gaps.push(...memberGaps(typeName, member, ts.isInterfaceDeclaration(decl)));
      }
    }
  }
  return { names: exports.map((s) => s.name), gaps };
}

function isAlias(symbol: ts.Symbol): boolean {
  // eslint-disable-next-line no-bitwise
  return (symbol.flags & ts.SymbolFlags.Alias) !== 0;
}

function isApiType(decl: ts.Declaration): decl is ts.ClassDeclaration | ts.InterfaceDeclaration | ts.EnumDeclaration {
  return ts.isClassDeclaration(decl) || ts.isInterfaceDeclaration(decl) || ts.isEnumDeclaration(decl);
}

function memberGaps(typeName: string, member: ts.ClassElement | ts.TypeElement, inInterface: boolean): string[] {
  if (ts.isClassStaticBlockDeclaration(member) || ts.isIndexSignatureDeclaration(member) || isInternal(member)) {
    return [];
  }
  const modifiers = ts.canHaveModifiers(member) ? (ts.getModifiers(member) ?? []) : [];
  if (modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword)) {
    return [];
  }
  const isConstructor = ts.isConstructorDeclaration(member);
  const name = isConstructor ? 'constructor' : (member.name?.getText() ?? '<anonymous>');
  if (name.startsWith('_') || name.startsWith('#')) {
    return [];
  }
  const where = `${typeName}.${name}`;
  const gaps: string[] = [];

  // A constructor's summary is the class's; its parameters are documented with @param.
  if (!isConstructor && !hasSummary(member)) {
    gaps.push(`${where}: no doc comment`);
  }
  if (inInterface && ts.isPropertySignature(member) && member.questionToken && !hasTag(member, 'default')) {
    gaps.push(`${where}: optional, without @default`);
  }
  if (ts.isMethodDeclaration(member) || ts.isMethodSignature(member) || isConstructor) {
    const documented = new Set(
      ts
        .getJSDocTags(member)
        .filter(ts.isJSDocParameterTag)
        .filter((tag) => commentText(tag.comment).trim() !== '')
        .map((tag) => tag.name.getText()),
    );
    for (const param of member.parameters) {
      const paramName = param.name.getText();
      if (!documented.has(paramName)) {
        gaps.push(`${where}(${paramName}): no @param with a description`);
      }
    }
  }
  return gaps;
}

/** The doc comment's text before its tags. */
function hasSummary(node: ts.Node): boolean {
  return ts
    .getJSDocCommentsAndTags(node)
    .filter(ts.isJSDoc)
    .some((doc) => commentText(doc.comment).trim() !== '');
}

function hasTag(node: ts.Node, tagName: string): boolean {
  return ts.getJSDocTags(node).some((tag) => tag.tagName.text === tagName);
}

function isInternal(node: ts.Node): boolean {
  return hasTag(node, 'internal');
}

function commentText(comment: string | ts.NodeArray<ts.JSDocComment> | undefined): string {
  if (comment === undefined) {
    return '';
  }
  return typeof comment === 'string' ? comment : comment.map((part) => part.text).join('');
}

describe('public API documentation', () => {
  test('every exported type, member and parameter of src/index.ts has a doc comment', () => {
    const api = readPublicApi(ENTRY, ROOT);
    // A few names of each area, so that a program that reads no exports cannot pass.
    expect(api.names).toEqual(
      expect.arrayContaining([
        'PeeredVpcPair',
        'PeeredVpcPairProps',
        'PrivateLinkService',
        'ClientVpnAccess',
        'ClientVpnAuthentication',
        'HubTransitGateway',
        'SiteToSiteVpn',
        'NetworkGuard',
      ]),
    );
    expect(api.gaps).toEqual([]);
  });

  test('the check finds each kind of gap', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'api-docs-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'index.ts'),
        [
          'export class Undocumented {',
          '  public readonly size = 1;',
          '  constructor(id: string) { void id; }',
          '}',
          '/** A documented class. */',
          'export class Documented {',
          '  /** How big. */',
          '  public readonly size = 1;',
          '  /** @internal */',
          '  public readonly _hidden = 2;',
          '  private readonly secret = 3;',
          '  /**',
          '   * @param id the id',
          '   * @param other',
          '   */',
          '  constructor(id: string, other: string) { void id; void other; void this.secret; }',
          '  /** Does it. @param count how many */',
          '  public run(count: number, label: string): void { void count; void label; }',
          '}',
          '/** Props. */',
          'export interface Props {',
          '  /** Required. */',
          '  readonly name: string;',
          '  /** Optional, no default. */',
          '  readonly limit?: number;',
          '  /**',
          '   * Optional with a default.',
          '   * @default 5',
          '   */',
          '  readonly retries?: number;',
          '}',
          '/** Modes. */',
          'export enum Mode {',
          '  /** Fast. */',
          '  FAST = 0,',
          '  SLOW = 1,',
          '}',
          '',
        ].join('\n'),
      );
      expect(readPublicApi(path.join(dir, 'index.ts'), dir).gaps).toEqual([
        'Undocumented (index.ts): no doc comment',
        'Undocumented (index.ts).size: no doc comment',
        'Undocumented (index.ts).constructor(id): no @param with a description',
        'Documented (index.ts).constructor(other): no @param with a description',
        'Documented (index.ts).run(label): no @param with a description',
        'Props (index.ts).limit: optional, without @default',
        'Mode (index.ts).SLOW: no doc comment',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
