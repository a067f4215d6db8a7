// ESLint (flat config): Next.js's recommended sets (React, React Hooks, Next's own rules, Core Web
// Vitals as errors) and typescript-eslint's recommended set, through eslint-config-next. Formatting
// is Prettier's job (.prettierrc.json), so eslint-config-prettier turns off the stylistic rules.
// `npm run lint` runs this with --max-warnings 0, as does `npm test`.
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  prettier,
  {
    // Report `eslint-disable` comments that no longer disable anything.
    linterOptions: { reportUnusedDisableDirectives: "error" },
  },
  {
    rules: {
      // `_name` marks a parameter or binding kept on purpose (a callback's position, a rest sibling).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ["tests/e2e/**", "tests/e2e-auth/**", "playwright*.config.ts"],
    rules: {
      // Playwright fixtures receive a callback named `use`, which is not React's use() hook.
      "react-hooks/rules-of-hooks": "off",
    },
  },
  globalIgnores([
    // eslint-config-next's defaults, restated because globalIgnores replaces them
    ".next/**",
    "out/**",
    "build/**",
    "next-env.d.ts",
    // generated or produced by runs
    "lib/generated/**",
    "node_modules/**",
    "test-results/**",
    "playwright-report/**",
    ".data/**",
  ]),
]);
