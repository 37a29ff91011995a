import { type SeededRandom } from './seeded-random';

/** Splits indices per class so every class keeps its share in both parts (at least one in each when it has two). */
export function stratifiedSplit(
  targets: readonly number[],
  heldOutFraction: number,
  rng: SeededRandom,
): { kept: number[]; heldOut: number[] } {
  const byClass = new Map<number, number[]>();
  targets.forEach((t, i) => byClass.set(t, [...(byClass.get(t) ?? []), i]));
  const kept: number[] = [];
  const heldOut: number[] = [];
  for (const key of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = rng.shuffle([...(byClass.get(key) as number[])]);
    let take = Math.round(members.length * heldOutFraction);
    if (heldOutFraction > 0 && members.length >= 2) take = Math.min(members.length - 1, Math.max(1, take));
    heldOut.push(...members.slice(0, take));
    kept.push(...members.slice(take));
  }
  return { kept: kept.sort((a, b) => a - b), heldOut: heldOut.sort((a, b) => a - b) };
}
