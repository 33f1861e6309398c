// Type-aware lint: floating promises are errors; imports flow one way (see DESIGN.md "Layout").
import tseslint from "typescript-eslint";

const layer = (from, forbidden) => ({
  files: [`src/${from}/**/*.ts`],
  rules: {
    "no-restricted-imports": [
      "error",
      { patterns: forbidden.map((f) => ({ group: [`**/${f}/**`, `**/${f}/*.js`], message: `src/${from} must not import src/${f} (DESIGN.md layering)` })) },
    ],
  },
});

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "scripts/**", "bin/**", "eslint.config.mjs"] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false } }],
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/restrict-template-expressions": "off",
      "@typescript-eslint/no-base-to-string": "off",
    },
  },
  layer("api", ["storage", "apiserver", "client", "cli", "scheduler", "controllers", "kubelet", "runtime", "proxy", "dns", "ingress", "cloud"]),
  layer("storage", ["apiserver", "client", "cli", "scheduler", "controllers", "kubelet", "proxy"]),
  layer("apiserver", ["client", "cli", "scheduler", "controllers", "kubelet", "proxy"]),
  layer("client", ["storage", "apiserver", "cli"]),
);
