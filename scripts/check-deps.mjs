// `npm run lint` (and `npm test`): every package that code imports is declared in package.json.
// - runtime code (app/, lib/, components/, scripts/, instrumentation.ts, next.config.ts,
//   prisma.config.ts, the files `npm start` and the migrations run) may import `dependencies` only,
//   so that `npm ci --omit=dev` gives a working `npm start` once the app is built;
// - tests/, bench/ and the tool configs may also import `devDependencies`.
// Type-only imports are skipped (they vanish at run time); Node built-ins are always allowed.
// Files are parsed with TypeScript, so imports quoted inside strings or comments do not count.
import fs from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const deps = new Set(Object.keys(pkg.dependencies ?? {}));
const devDeps = new Set(Object.keys(pkg.devDependencies ?? {}));

const RUNTIME = ["app", "lib", "components", "scripts", "instrumentation.ts", "next.config.ts", "prisma.config.ts"];
// dev-only tools among scripts/: the test runner, this check, the end-to-end servers
const DEV_SCRIPTS = ["scripts/check-deps.mjs", "scripts/test.mjs", "scripts/e2e-server.mjs", "scripts/e2e-auth-server.mjs"];
const DEV = [
  ...DEV_SCRIPTS,
  "tests",
  "bench",
  "eslint.config.mjs",
  "vitest.config.ts",
  "playwright.config.ts",
  "playwright.auth.config.ts",
  "postcss.config.mjs",
];
const SKIP_DIRS = new Set(["node_modules", "generated", ".next", ".data", "test-results"]);
const EXTENSIONS = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function* files(entry) {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return;
  if (fs.statSync(full).isFile()) {
    if (EXTENSIONS.test(entry) && !entry.endsWith(".d.ts")) yield entry;
    return;
  }
  for (const d of fs.readdirSync(full, { withFileTypes: true })) {
    if (SKIP_DIRS.has(d.name)) continue;
    yield* files(path.join(entry, d.name));
  }
}

/** Module specifiers a file loads at run time: static imports and re-exports that are not type-only, import(), require(). */
export function runtimeImports(fileName, text) {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found = [];
  const add = (node) => {
    if (node && ts.isStringLiteralLike(node))
      found.push({ specifier: node.text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
  };
  const visit = (node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const typeOnly =
        clause &&
        (clause.isTypeOnly ||
          (!clause.name &&
            clause.namedBindings &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      if (!typeOnly) add(node.moduleSpecifier);
    } else if (ts.isExportDeclaration(node)) {
      if (!node.isTypeOnly) add(node.moduleSpecifier);
    } else if (ts.isImportEqualsDeclaration(node) && !node.isTypeOnly && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === "require")) add(node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** `@scope/name/sub` -> `@scope/name`, `name/sub` -> `name`; null for relative, aliased (`@/`) and built-in modules. */
export function packageName(specifier) {
  if (specifier.startsWith(".") || specifier.startsWith("/") || specifier.startsWith("@/")) return null;
  if (builtins.has(specifier) || specifier.startsWith("node:")) return null;
  const parts = specifier.split("/");
  const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
  return builtins.has(name) ? null : name;
}

const problems = [];
for (const [entries, allowed, what] of [
  [RUNTIME, deps, "dependencies"],
  [DEV, new Set([...deps, ...devDeps]), "dependencies or devDependencies"],
]) {
  for (const entry of entries) {
    for (const file of files(entry)) {
      if (allowed === deps && DEV_SCRIPTS.includes(file)) continue;
      for (const { specifier, line } of runtimeImports(file, fs.readFileSync(path.join(root, file), "utf8"))) {
        const name = packageName(specifier);
        if (name && name !== pkg.name && !allowed.has(name))
          problems.push(
            `${file}:${line}: "${specifier}" is imported but ${name} is not in ${what}${devDeps.has(name) ? " (it is a devDependency)" : ""}`,
          );
      }
    }
  }
}

if (problems.length) {
  console.error(problems.join("\n"));
  console.error(`\n[check-deps] ${problems.length} undeclared import(s): declare them in package.json (runtime code: "dependencies").`);
  process.exit(1);
}
console.log("[check-deps] every imported package is declared");
