// Methods of Python's built-in types that model code uses: list.append/extend/insert/pop,
// dict.get/items/keys/values/update/pop/setdefault, str.format/join/split/startswith..., and
// torch.Size.numel(). Mutations under an unknown condition poison the container.

import { product } from "../dim";
import { type CallArgs, type Value, builtinFn, int, keyOf, list, str, tuple, unknown, NONE, bool, isUnknown } from "../values";
import type { EvalContext } from "./context";
import { iterate } from "./iteration";
import { formatValue } from "./format";
import { UNKNOWN_ATTRS } from "./hasattr";

type Method = (call: CallArgs) => Value;

function make(name: string, fn: Method): Value {
  return builtinFn(name, (call) => fn(call));
}

export function pythonMethod(ctx: EvalContext, obj: Value, name: string): Value | undefined {
  switch (obj.kind) {
    case "list":
      return listMethod(ctx, obj, name);
    case "dict":
      return dictMethod(ctx, obj, name);
    case "str":
      return strMethod(obj.v, name);
    case "tuple":
      if (name === "index" || name === "count") return seqQuery(obj.items, name);
      if (name === "numel" && obj.isSize) {
        return make("Size.numel", () => {
          const dims = obj.items.map((v) => (v.kind === "int" ? v.v : undefined));
          if (dims.some((d) => d === undefined)) return unknown();
          return int(product(dims as never[]));
        });
      }
      return undefined;
    case "int":
      if (name === "bit_length")
        return make("int.bit_length", () =>
          typeof obj.v === "number" ? int(Math.abs(obj.v).toString(2).length - (obj.v === 0 ? 1 : 0)) : unknown(),
        );
      return undefined;
    case "float":
      if (name === "is_integer") return make("float.is_integer", () => bool(Number.isInteger(obj.v)));
      return undefined;
    default:
      return undefined;
  }
}

function seqQuery(items: Value[], name: string): Value {
  return make(name, (call) => {
    const x = call.args[0];
    if (!x || isUnknown(x)) return unknown();
    const k = keyOf(x);
    if (name === "count") return int(items.filter((v) => keyOf(v) === k).length);
    const i = items.findIndex((v) => keyOf(v) === k);
    return i >= 0 ? int(i) : unknown("value not in list");
  });
}

function listMethod(ctx: EvalContext, l: Value & { kind: "list" }, name: string): Value | undefined {
  const mutate = (fn: (call: CallArgs) => Value): Value =>
    make(`list.${name}`, (call) => {
      if (ctx.uncertain > 0) {
        l.poisoned = true;
        return unknown();
      }
      return fn(call);
    });
  switch (name) {
    case "append":
      return mutate((c) => {
        l.items.push(c.args[0] ?? unknown());
        return NONE;
      });
    case "extend":
      return mutate((c) => {
        const items = c.args[0] ? iterate(ctx, c.args[0]) : undefined;
        if (!items) l.poisoned = true;
        else l.items.push(...items);
        return NONE;
      });
    case "insert":
      return mutate((c) => {
        const i = c.args[0];
        if (i?.kind !== "int" || typeof i.v !== "number") {
          l.poisoned = true;
          return NONE;
        }
        const at = i.v < 0 ? Math.max(0, l.items.length + i.v) : Math.min(i.v, l.items.length);
        l.items.splice(at, 0, c.args[1] ?? unknown());
        return NONE;
      });
    case "pop":
      return mutate((c) => {
        const i = c.args[0];
        if (!l.items.length) return unknown();
        if (!i) return l.items.pop()!;
        if (i.kind !== "int" || typeof i.v !== "number") {
          l.poisoned = true;
          return unknown();
        }
        const at = i.v < 0 ? l.items.length + i.v : i.v;
        return l.items.splice(at, 1)[0] ?? unknown();
      });
    case "reverse":
      return mutate(() => {
        l.items.reverse();
        return NONE;
      });
    case "clear":
      return mutate(() => {
        l.items.length = 0;
        return NONE;
      });
    case "copy":
      return make("list.copy", () => list([...l.items]));
    case "index":
    case "count":
      return seqQuery(l.items, name);
    default:
      return undefined;
  }
}

function dictMethod(ctx: EvalContext, d: Value & { kind: "dict" }, name: string): Value | undefined {
  const entries = () => [...d.entries.values()];
  switch (name) {
    case "get":
      return make("dict.get", (c) => {
        const k = c.args[0];
        if (!k || isUnknown(k) || d.poisoned) return unknown();
        return d.entries.get(keyOf(k))?.[1] ?? c.args[1] ?? NONE;
      });
    case "items":
      return make("dict.items", () => (d.poisoned ? unknown() : list(entries().map(([k, v]) => tuple([k, v])))));
    case "keys":
      return make("dict.keys", () => (d.poisoned ? unknown() : list(entries().map(([k]) => k))));
    case "values":
      return make("dict.values", () => (d.poisoned ? unknown() : list(entries().map(([, v]) => v))));
    case "copy":
      return make("dict.copy", () => ({ kind: "dict", entries: new Map(d.entries), poisoned: d.poisoned }));
    case "update":
    case "pop":
    case "setdefault":
      return make(`dict.${name}`, (c) => {
        if (ctx.uncertain > 0 || d.moduleOwner) {
          // Changes through `module._modules.update/pop/...` are not modelled: the submodules become unknown.
          d.poisoned = true;
          d.moduleOwner?.attrs.set("__uncertain_modules__", str("yes"));
          return unknown();
        }
        const a = c.args[0];
        if (name === "update") {
          if (a?.kind === "dict") for (const [k, e] of a.entries) d.entries.set(k, e);
          else if (a) d.poisoned = true;
          for (const [k, v] of c.kwargs) d.entries.set(`s:${k}`, [str(k), v]);
          // `self.__dict__.update(...)` sets plain attributes.
          if (d.attrsOwner && a && a.kind !== "dict") d.attrsOwner.attrs.set(UNKNOWN_ATTRS, str("yes"));
          if (d.attrsOwner) for (const [, [k, v]] of d.entries) if (k.kind === "str") d.attrsOwner.attrs.set(k.v, v);
          return NONE;
        }
        if (!a || isUnknown(a)) {
          d.poisoned = true;
          return unknown();
        }
        const key = keyOf(a);
        const cur = d.entries.get(key);
        if (name === "pop") {
          d.entries.delete(key);
          return cur?.[1] ?? c.args[1] ?? unknown("key not found");
        }
        if (cur) return cur[1];
        const v = c.args[1] ?? NONE;
        d.entries.set(key, [a, v]);
        return v;
      });
    default:
      return undefined;
  }
}

function strMethod(s: string, name: string): Value | undefined {
  switch (name) {
    case "format":
      return make("str.format", (c) => {
        let auto = 0;
        let failed = false;
        const out = s.replace(/\{([^{}]*)\}/g, (_m, field: string) => {
          if (field.includes(":") || field.includes("!")) failed = true;
          const v = field === "" ? c.args[auto++] : /^\d+$/.test(field) ? c.args[Number(field)] : c.kwargs.get(field);
          const t = v ? formatValue(v) : undefined;
          if (t === undefined) failed = true;
          return t ?? "";
        });
        return failed ? unknown("str.format with unknown values") : str(out);
      });
    case "join":
      return make("str.join", (c) => {
        const items = c.args[0] ? iterateStrings(c.args[0]) : undefined;
        return items ? str(items.join(s)) : unknown();
      });
    case "split":
      return make("str.split", (c) => {
        const sep = c.args[0];
        const parts =
          sep && sep.kind === "str"
            ? s.split(sep.v)
            : s
                .trim()
                .split(/\s+/)
                .filter((x) => x);
        return list(parts.map((p) => str(p)));
      });
    case "startswith":
    case "endswith":
      return make(`str.${name}`, (c) => {
        const a = c.args[0];
        const opts = a?.kind === "str" ? [a.v] : a?.kind === "tuple" ? a.items.map((x) => (x.kind === "str" ? x.v : "\0")) : undefined;
        if (!opts) return unknown();
        return bool(opts.some((o) => (name === "startswith" ? s.startsWith(o) : s.endsWith(o))));
      });
    case "lower":
      return make("str.lower", () => str(s.toLowerCase()));
    case "upper":
      return make("str.upper", () => str(s.toUpperCase()));
    case "strip":
      return make("str.strip", () => str(s.trim()));
    case "replace":
      return make("str.replace", (c) => {
        const [a, b] = c.args;
        return a?.kind === "str" && b?.kind === "str" ? str(s.split(a.v).join(b.v)) : unknown();
      });
    case "isdigit":
      return make("str.isdigit", () => bool(/^\d+$/.test(s)));
    default:
      return undefined;
  }
}

function iterateStrings(v: Value): string[] | undefined {
  const items = v.kind === "list" || v.kind === "tuple" ? v.items : undefined;
  if (!items) return undefined;
  const out: string[] = [];
  for (const x of items) {
    if (x.kind !== "str") return undefined;
    out.push(x.v);
  }
  return out;
}
