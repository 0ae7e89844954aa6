// Lint: eslint's and typescript-eslint's recommended rules. Formatting is prettier's job.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/", "bench/data/", "test/corpus/", "test/golden/", "test/snapshots/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        Buffer: "readonly",
        performance: "readonly",
        URL: "readonly",
        TextDecoder: "readonly",
      },
    },
    rules: {
      // Control characters in regexes are deliberate here: nest rejects and strips them.
      "no-control-regex": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["**/*.cjs", "bin/**/*.js"],
    languageOptions: { sourceType: "commonjs", globals: { require: "readonly", module: "readonly" } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
