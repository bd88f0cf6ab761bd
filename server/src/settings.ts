// The extension's settings (shapeLens.*): their schema, defaults and validation. The same table is
// what package.json "contributes.configuration" declares; a test keeps the two identical.

export interface Settings {
  inlayHints: { forward: boolean; init: boolean; maxLength: number };
  batchSymbol: string;
  defaultInputShape: string;
  assumeInputs: boolean;
  showInferenceGaps: boolean;
  maxFileSizeMB: number;
  pytorchVersion: "2" | "1.13" | "auto";
  summary: { columns: string; depth: number };
  trace: { server: "off" | "messages" | "verbose" };
}

type SettingType = "boolean" | "string" | "number";

interface SettingSpec {
  /** Key below "shapeLens.", dotted as in package.json. */
  key: string;
  type: SettingType;
  default: boolean | string | number;
  /** Allowed values for enumerations. */
  enum?: string[];
  /** Extra check a value of the right type must pass. */
  valid?: (v: never) => boolean;
}

export const SETTING_SPECS: readonly SettingSpec[] = [
  { key: "inlayHints.forward", type: "boolean", default: true },
  { key: "inlayHints.init", type: "boolean", default: true },
  { key: "inlayHints.maxLength", type: "number", default: 40, valid: (v: number) => Number.isInteger(v) && v >= 8 },
  { key: "batchSymbol", type: "string", default: "N", valid: (v: string) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(v) },
  { key: "defaultInputShape", type: "string", default: "" },
  { key: "assumeInputs", type: "boolean", default: true },
  { key: "showInferenceGaps", type: "boolean", default: false },
  { key: "maxFileSizeMB", type: "number", default: 2, valid: (v: number) => v > 0 && v <= 64 },
  { key: "pytorchVersion", type: "string", default: "2", enum: ["2", "1.13", "auto"] },
  {
    key: "summary.columns",
    type: "string",
    default: "output_size,num_params,mult_adds",
    valid: (v: string) => /^\s*[a-z_]+(\s*,\s*[a-z_]+)*\s*$/.test(v),
  },
  { key: "summary.depth", type: "number", default: 3, valid: (v: number) => Number.isInteger(v) && v >= 0 && v <= 100 },
  { key: "trace.server", type: "string", default: "off", enum: ["off", "messages", "verbose"] },
];

function getPath(obj: unknown, key: string): unknown {
  let cur: unknown = obj;
  for (const part of key.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  // VS Code may also deliver flat keys ("inlayHints.forward") from some clients.
  if (cur === undefined && obj !== null && typeof obj === "object") return (obj as Record<string, unknown>)[key];
  return cur;
}

function setPath(obj: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split(".");
  let cur = obj;
  for (const part of parts.slice(0, -1)) {
    if (typeof cur[part] !== "object" || cur[part] === null) cur[part] = {};
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]] = value;
}

/** Reads the "shapeLens" section; any missing or ill-typed value falls back to its default. */
export function readSettings(section: unknown): Settings {
  const out: Record<string, unknown> = {};
  for (const spec of SETTING_SPECS) {
    const raw = getPath(section, spec.key);
    let value: unknown = spec.default;
    if (typeof raw === spec.type && !(spec.type === "number" && !Number.isFinite(raw))) {
      const okEnum = !spec.enum || spec.enum.includes(raw as string);
      const okCheck = !spec.valid || (spec.valid as (v: unknown) => boolean)(raw);
      if (okEnum && okCheck) value = raw;
    }
    setPath(out, spec.key, value);
  }
  return out as unknown as Settings;
}

export const DEFAULT_SETTINGS: Settings = readSettings({});
