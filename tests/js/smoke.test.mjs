import { test } from "node:test";
import assert from "node:assert/strict";

test("node test runner is wired into make test", () => {
  assert.equal(typeof structuredClone, "function");
});
