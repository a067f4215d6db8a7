// Strongly connected components of the "beat" graph (Kosaraju, iterative: no recursion limit).

/** Strongly connected components, numbered in topological order of the condensation (sources first). */
export function kosaraju(
  m: number,
  active: Uint8Array,
  outStart: Int32Array,
  outAdj: Int32Array,
  inStart: Int32Array,
  inAdj: Int32Array,
): { scc: Int32Array; sccCount: number } {
  const order: number[] = [];
  const seen = new Uint8Array(m);
  const stack: number[] = [];
  const edge = new Int32Array(m);
  for (let s = 0; s < m; s++) {
    if (!active[s] || seen[s]) continue;
    seen[s] = 1;
    stack.push(s);
    edge[s] = outStart[s];
    while (stack.length) {
      const v = stack[stack.length - 1];
      if (edge[v] < outStart[v + 1]) {
        const w = outAdj[edge[v]++];
        if (!seen[w]) {
          seen[w] = 1;
          edge[w] = outStart[w];
          stack.push(w);
        }
      } else {
        order.push(stack.pop()!);
      }
    }
  }
  const scc = new Int32Array(m).fill(-1);
  let sccCount = 0;
  for (let t = order.length - 1; t >= 0; t--) {
    const s = order[t];
    if (scc[s] >= 0) continue;
    scc[s] = sccCount;
    stack.push(s);
    while (stack.length) {
      const v = stack.pop()!;
      for (let e = inStart[v]; e < inStart[v + 1]; e++) {
        const w = inAdj[e];
        if (scc[w] < 0) {
          scc[w] = sccCount;
          stack.push(w);
        }
      }
    }
    sccCount++;
  }
  return { scc, sccCount };
}
