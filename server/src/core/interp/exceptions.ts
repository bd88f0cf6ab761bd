// Which `except` clause catches a Python exception the engine raised: Python's builtin exception
// hierarchy, by name. A handler whose relation to the exception is not known decides nothing, and
// the caller then lets the exception go on (lines after it show nothing rather than a guess).

import type { SyntaxNode } from "../parse";
import type { PyRaiseSignal } from "./signals";

/** Each builtin exception's base class (BaseException is the root). */
const BASE: Record<string, string> = {
  Exception: "BaseException",
  SystemExit: "BaseException",
  KeyboardInterrupt: "BaseException",
  GeneratorExit: "BaseException",
  ArithmeticError: "Exception",
  ZeroDivisionError: "ArithmeticError",
  OverflowError: "ArithmeticError",
  FloatingPointError: "ArithmeticError",
  AssertionError: "Exception",
  AttributeError: "Exception",
  ImportError: "Exception",
  ModuleNotFoundError: "ImportError",
  LookupError: "Exception",
  IndexError: "LookupError",
  KeyError: "LookupError",
  NameError: "Exception",
  UnboundLocalError: "NameError",
  OSError: "Exception",
  IOError: "Exception",
  EnvironmentError: "Exception",
  FileNotFoundError: "OSError",
  PermissionError: "OSError",
  RuntimeError: "Exception",
  NotImplementedError: "RuntimeError",
  RecursionError: "RuntimeError",
  StopIteration: "Exception",
  SyntaxError: "Exception",
  IndentationError: "SyntaxError",
  TabError: "IndentationError",
  TypeError: "Exception",
  ValueError: "Exception",
  UnicodeError: "ValueError",
  MemoryError: "Exception",
};

/** OSError's aliases are the same class. */
const ALIAS: Record<string, string> = { IOError: "OSError", EnvironmentError: "OSError" };

/** The raised exception's class name when the engine knows it (`ValueError: x` → ValueError). */
export function exceptionName(signal: PyRaiseSignal): string | undefined {
  const m = /^([A-Za-z_][\w.]*)(?::|$)/.exec(signal.message);
  return m ? m[1].split(".").pop() : undefined;
}

function isBuiltin(name: string): boolean {
  return name === "BaseException" || name in BASE;
}

/** Whether the builtin exception `raised` is an instance of the builtin class `handler`. */
function builtinSubclass(raised: string, handler: string): boolean {
  const target = ALIAS[handler] ?? handler;
  for (let c: string | undefined = ALIAS[raised] ?? raised; c; c = BASE[c]) if (c === target) return true;
  return false;
}

/** The class names an except clause names (`except (A, B) as e:`); undefined for a bare `except:`; null when not plain names. */
function handlerNames(handler: SyntaxNode): string[] | undefined | null {
  const typeNode = handler.namedChildren.find((c) => c.type !== "block" && c.type !== "comment");
  if (!typeNode) return undefined;
  const value = typeNode.type === "as_pattern" ? typeNode.namedChildren[0] : typeNode;
  const items = value.type === "tuple" || value.type === "parenthesized_expression" ? value.namedChildren : [value];
  const names: string[] = [];
  for (const item of items) {
    if (item.type === "identifier") names.push(item.text);
    else if (item.type === "attribute") names.push(item.text.split(".").pop()!);
    else return null;
  }
  return names;
}

/** true: this clause catches the exception; false: it does not; undefined: not known. */
export function handlerCatches(handler: SyntaxNode, raised: string | undefined): boolean | undefined {
  if (handler.type !== "except_clause") return undefined;
  const names = handlerNames(handler);
  if (names === undefined) return true;
  if (names === null) return undefined;
  if (names.includes("BaseException")) return true;
  if (raised === undefined) return undefined;
  if (names.includes(raised)) return true;
  if (!isBuiltin(raised)) return undefined;
  if (names.some((n) => isBuiltin(n) && builtinSubclass(raised, n))) return true;
  // Another name may be bound to a builtin class (`Err = ValueError`): not known.
  return names.every(isBuiltin) ? false : undefined;
}
