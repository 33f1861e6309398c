// $(VAR) expansion as upstream's third_party/forked/golang/expansion: $(NAME) is replaced by the mapping,
// $$ is an escaped $, an unknown $(NAME) stays as written, an unclosed "$(" is kept literally.

/** upstream MappingFuncFor: the first context that has the name wins; otherwise the reference stays. */
export function mappingFuncFor(...contexts: ReadonlyMap<string, string>[]): (name: string) => string {
  return (name) => {
    for (const c of contexts) {
      const v = c.get(name);
      if (v !== undefined) return v;
    }
    return `$(${name})`;
  };
}

/** upstream Expand. */
export function expand(input: string, mapping: (name: string) => string): string {
  let out = "";
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== "$" || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const rest = input.slice(cursor + 1);
    let advance = 1;
    if (rest[0] === "$") out += "$";
    else if (rest[0] === "(") {
      const close = rest.indexOf(")", 1);
      if (close >= 0) {
        out += mapping(rest.slice(1, close));
        advance = close + 1;
      } else out += "$(";
    } else out += "$" + rest[0];
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

/** upstream ExpandContainerCommandOnlyStatic: $(VAR) from the container's literal env values only (exec probes). */
export function expandCommandOnlyStatic(
  command: readonly string[],
  env: readonly { name?: string; value?: string; valueFrom?: unknown }[] | undefined,
): string[] {
  const m = new Map<string, string>();
  for (const e of env ?? [])
    if (e.name && e.value !== undefined && e.value !== "" && !e.valueFrom) m.set(e.name, e.value);
  const f = mappingFuncFor(m);
  return command.map((c) => expand(c, f));
}
