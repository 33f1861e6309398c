import { test } from "node:test";
import assert from "node:assert/strict";
import { containerArgs, containerCwd, containerEnv, withDefaultPath } from "./process-args.js";
import type { ContainerConfig, ImageConfig } from "../cri.js";

const base: ContainerConfig = {
  metadata: { name: "c", attempt: 0 },
  image: { image: "x" },
  logPath: "c/0.log",
};
const image: ImageConfig = {
  entrypoint: ["/ep"],
  cmd: ["a", "b"],
  env: ["A=1", "PATH=/bin"],
  workingDir: "/w",
};

test("command and args combine with Entrypoint and Cmd as upstream", () => {
  const cases: [string[] | undefined, string[] | undefined, string[]][] = [
    [undefined, undefined, ["/ep", "a", "b"]],
    [undefined, ["x"], ["/ep", "x"]],
    [["/cmd"], undefined, ["/cmd"]],
    [["/cmd"], ["y"], ["/cmd", "y"]],
  ];
  for (const [command, args, want] of cases) {
    assert.deepEqual(
      containerArgs(image, { ...base, command, args }),
      want,
      `command=${String(command)} args=${String(args)}`,
    );
  }
});

test("container env overrides the image's in place", () => {
  assert.deepEqual(
    containerEnv(image, {
      ...base,
      envs: [
        { key: "A", value: "2" },
        { key: "B", value: "3" },
      ],
    }),
    ["A=2", "PATH=/bin", "B=3"],
  );
  assert.deepEqual(withDefaultPath(["X=1"])[0]?.startsWith("PATH="), true);
  assert.deepEqual(withDefaultPath(["PATH=/x"]), ["PATH=/x"]);
});

test("workingDir: container, then image, then /", () => {
  assert.equal(containerCwd(image, { ...base, workingDir: "/c" }), "/c");
  assert.equal(containerCwd(image, base), "/w");
  assert.equal(containerCwd({}, base), "/");
});
