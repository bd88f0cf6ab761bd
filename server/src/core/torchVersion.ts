// Which PyTorch release the engine follows: "2" (PyTorch 2.13, the default) or "1.13". Where the two
// differ (an outcome, an error's wording, an API that exists only in 2.x) rules ask torchVersion().
// Analyses run one at a time and synchronously, so analyzeFile() sets the version for the duration of
// one analysis with withTorchVersion(); the option travels in AnalyzeOptions.torchVersion.

export type TorchVersion = "2" | "1.13";

export const TORCH_VERSIONS: readonly TorchVersion[] = ["2", "1.13"];
export const DEFAULT_TORCH_VERSION: TorchVersion = "2";

/** The exact release each choice follows (what `torch.__version__` reads as). */
export const FOLLOWED_RELEASE: Record<TorchVersion, string> = { "2": "2.13.0", "1.13": "1.13.0" };

let current: TorchVersion = DEFAULT_TORCH_VERSION;

export function torchVersion(): TorchVersion {
  return current;
}

export function isTorch2(): boolean {
  return current === "2";
}

/** The one of two values that belongs to the version being followed. */
export function byVersion<T>(choices: Record<TorchVersion, T>): T {
  return choices[current];
}

/** Follows `version` from now on (test hooks); returns the version followed until now. */
export function setTorchVersion(version: TorchVersion): TorchVersion {
  const previous = current;
  current = version;
  return previous;
}

/** Runs `body` following `version`, restoring the previous version afterwards (also on throw). */
export function withTorchVersion<T>(version: TorchVersion, body: () => T): T {
  const previous = current;
  current = version;
  try {
    return body();
  } finally {
    current = previous;
  }
}

/**
 * Reads a version as users write it: "2", "2.13", "2.5.1+cpu" → "2"; "1.13", "1.13.0a0" → "1.13".
 * Any other release (1.12, 3.0, …) is not followed: undefined.
 */
export function parseTorchVersion(text: string): TorchVersion | undefined {
  const m = /^\s*v?(\d+)(?:\.(\d+))?/.exec(text);
  if (!m) return undefined;
  if (m[1] === "2") return "2";
  if (m[1] === "1" && m[2] === "13") return "1.13";
  return undefined;
}
