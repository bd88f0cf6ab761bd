// str()/repr()/f-string formatting of plain values, as Python prints them. Returns undefined for
// values whose text is not known (symbolic sizes, tensors, unknowns).

import { type Value } from "../values";

export function formatValue(v: Value, repr = false): string | undefined {
  switch (v.kind) {
    case "str":
      return repr ? `'${v.v}'` : v.v;
    case "int":
      return typeof v.v === "number" ? String(v.v) : undefined;
    case "float":
      return Number.isInteger(v.v) ? `${v.v}.0` : String(v.v);
    case "bool":
      return v.v ? "True" : "False";
    case "none":
      return "None";
    case "tuple":
    case "list": {
      const parts = v.items.map((x) => formatValue(x, true));
      if (parts.some((p) => p === undefined)) return undefined;
      if (v.kind === "list") return `[${parts.join(", ")}]`;
      return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(", ")})`;
    }
    case "class":
      return `<class '${v.name}'>`;
    default:
      return undefined;
  }
}

/** `fmt % args` for the plain conversions %s, %r, %d, %i and %%; undefined for anything else. */
export function percentFormat(fmt: string, args: Value): string | undefined {
  const items = args.kind === "tuple" ? args.items : [args];
  let next = 0;
  let bad = false;
  const out = fmt.replace(/%([%srdi])/g, (_m, c: string) => {
    if (c === "%") return "%";
    const v = items[next++];
    if (!v) return ((bad = true), "");
    if (c === "s" || c === "r") return formatValue(v, c === "r") ?? ((bad = true), "");
    if ((v.kind === "int" && typeof v.v === "number") || v.kind === "bool") return String(Number(v.v));
    return ((bad = true), "");
  });
  if (bad || next !== items.length || /%(?![%srdi])/.test(fmt.replace(/%%/g, ""))) return undefined;
  return out;
}
