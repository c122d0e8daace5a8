// k-way merge of the clients' arrival streams: a binary min-heap of client indices keyed by
// (arrival time, client index). Each client's own arrivals are already in order, so the heap holds one
// pending arrival per client and simultaneous arrivals come out in client order of the traffic file,
// then in arrival order within the client (APIGW-13, docs/semantics.md "API Gateway").

export class ArrivalHeap {
  private readonly heap: Int32Array;
  private n = 0;

  /** `time` is read live: the owner changes time[top()] and then calls `update()` or `pop()`. */
  constructor(private readonly time: Float64Array) {
    this.heap = new Int32Array(time.length);
    for (let c = 0; c < time.length; c++) {
      if (time[c] !== Infinity) this.heap[this.n++] = c;
    }
    for (let i = (this.n >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  get size(): number {
    return this.n;
  }

  /** The client with the earliest pending arrival. */
  top(): number {
    return this.heap[0];
  }

  /** The top client's time moved later: restore the order. */
  update(): void {
    this.siftDown(0);
  }

  /** The top client is exhausted: remove it. */
  pop(): void {
    this.n--;
    if (this.n > 0) {
      this.heap[0] = this.heap[this.n];
      this.siftDown(0);
    }
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    const time = this.time;
    const n = this.n;
    let i = start;
    const c = heap[i];
    const t = time[c];
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      let cc = heap[child];
      let ct = time[cc];
      const right = child + 1;
      if (right < n) {
        const rc = heap[right];
        const rt = time[rc];
        if (rt < ct || (rt === ct && rc < cc)) {
          child = right;
          cc = rc;
          ct = rt;
        }
      }
      if (ct < t || (ct === t && cc < c)) {
        heap[i] = cc;
        i = child;
      } else break;
    }
    heap[i] = c;
  }
}
