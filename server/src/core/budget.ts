// The evaluation budget of one file analysis: steps and wall time shared by everything the
// analysis runs (module top level, entry detection, every model's construction and forward, and
// any later pass that reuses the same context), so that no file can cost more than its budget.

export type BudgetKind = "steps" | "time";

export class Budget {
  steps = 0;
  private readonly deadline: number;
  /** Set once the budget ran out; later work fails fast instead of starting again. */
  exhaustedBy: BudgetKind | undefined;

  constructor(
    readonly maxSteps: number,
    readonly maxMillis: number,
    private readonly now: () => number = Date.now,
  ) {
    this.deadline = now() + maxMillis;
  }

  /** Counts one step; returns what ran out, if anything (the clock is read every 256 steps). */
  tick(): BudgetKind | undefined {
    if (this.exhaustedBy) return this.exhaustedBy;
    this.steps++;
    if (this.steps > this.maxSteps) this.exhaustedBy = "steps";
    else if ((this.steps & 255) === 0 && this.now() > this.deadline) this.exhaustedBy = "time";
    return this.exhaustedBy;
  }

  millisLeft(): number {
    return Math.max(0, this.deadline - this.now());
  }
}
