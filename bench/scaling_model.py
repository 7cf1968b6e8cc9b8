#!/usr/bin/env python3
"""What N machines would give for synchronous data-parallel training (docs/scaling.md).

Per update each of N ranks computes the gradient of its own batch (compute = batch tokens /
one machine's tokens/s, as measured by bench/mpi_scaling.sh), then a ring all-reduce moves
2(N-1)/N x the gradient bytes through each machine's link and pays 2(N-1) latencies per
bucket. tolmach all-reduces after backward (no overlap): update = compute + all-reduce; with
perfect overlap it would be max(compute, all-reduce).

  scaling_model.py --tokens-per-s 2500 --params 44e6 --rank-batch 4000 --gbit 10
  scaling_model.py ... --global-batch 64000   # fixed effective batch: each rank gets B/N
"""
import argparse


def main():
    a = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("--tokens-per-s", type=float, required=True, help="one machine's training tokens/s")
    a.add_argument("--params", type=float, required=True, help="parameters (gradient elements)")
    a.add_argument("--rank-batch", type=float, default=4000, help="target tokens per rank per update")
    a.add_argument("--global-batch", type=float, default=0, help="fixed effective batch (overrides --rank-batch)")
    a.add_argument("--gbit", type=float, default=10, help="network bandwidth per machine, Gbit/s")
    a.add_argument("--latency-us", type=float, default=30, help="per message step, microseconds")
    a.add_argument("--bucket-mb", type=float, default=8, help="all-reduce bucket size (MB on the wire)")
    a.add_argument("--bytes", type=float, default=4, help="bytes per gradient element (4 f32, 2 bf16)")
    a.add_argument("--epoch-tokens", type=float, default=140e6, help="target tokens per epoch (WMT14 en-de)")
    a.add_argument("--ns", default="1,2,4,8,16,32,64,128")
    o = a.parse_args()
    grad = o.params * o.bytes
    buckets = max(1.0, grad / (o.bucket_mb * 1e6))
    def costs(n):
        b = o.global_batch / n if o.global_batch else o.rank_batch
        ring = 0.0 if n == 1 else 2 * (n - 1) / n * grad / (o.gbit * 1e9 / 8) + 2 * (n - 1) * buckets * o.latency_us * 1e-6
        return b, b / o.tokens_per_s, ring

    print(f"gradient {grad / 1e6:.0f} MB, {buckets:.0f} buckets, {o.gbit:g} Gbit/s, latency {o.latency_us:g} us")
    print("    N  tokens/rank  compute s  all-reduce s  comm share  tokens/s   epoch h  (overlapped: tokens/s, epoch h)")
    for n in (int(x) for x in o.ns.split(",")):
        b, compute, ring = costs(n)
        update = compute + ring
        tps = n * b / update
        tps_overlap = n * b / max(compute, ring)
        print(f"{n:5d} {b:12.0f} {compute:10.2f} {ring:13.3f} {100 * ring / update:10.0f}% {tps:9.0f} "
              f"{o.epoch_tokens / tps / 3600:9.1f}   ({tps_overlap:7.0f}, {o.epoch_tokens / tps_overlap / 3600:5.1f})")
    # The N from which the all-reduce takes longer than the compute (comm share >= 50%).
    n_star = next((n for n in range(2, 1000001) if costs(n)[2] >= costs(n)[1]), None)
    print(f"communication dominates from N = {n_star}" if n_star else "communication never dominates up to 10^6")


if __name__ == "__main__":
    main()
