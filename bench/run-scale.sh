#!/usr/bin/env bash
# Mouse-scale benchmark (issue 8): bash bench/run-scale.sh [--edges 1e8] [--nodes 1e6] [--billion] [--keep]
#
# 1. plexus connectome generate voxel: a mouse-brain-shaped ellipsoid of ~NODES voxels with
#    ~EDGES edges (integer weights): time, edges/s, bytes/edge (per dataset), peak RSS.
# 2. fan-out latency, cold (first read after opening) and warm (1000 random cells).
# 3. load time of every edge, with 1 and 2 chunk-decoding threads.
# 4. the edges written as CSV (blocks of rows scrambled) and imported with --streamed:
#    edges/s and peak RSS; the imported store is checked against the generated one.
# 5. a 100 ms simulation of examples/voxel_graph.json on the generated store: wall, peak RSS.
# 6. subgraph extraction of a region (x < 3 mm).
# 7. with --billion: a 10^9-edge store generated and queried (fan-out, degree summary),
#    peak RSS of each step against the 8 GB target.
# Results: bench/results/scale-<date>.json and .md. Needs ~4 GB of disk for 10^8 edges
# (~15 GB more with --billion), in ${TMPDIR:-/tmp}/plexus-scale.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
edges=1e8; nodes=1e6; billion=0; keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --edges) edges="$2"; shift 2 ;;
    --nodes) nodes="$2"; shift 2 ;;
    --billion) billion=1; shift ;;
    --keep) keep=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
bash "$root/scripts/install-deps.sh"
(cd "$root" && swift build -c release --product plexus)
swift build -c release --package-path "$here" --product scale-bench
plexus="$root/.build/release/plexus"; bench="$here/.build/release/scale-bench"
work="${TMPDIR:-/tmp}/plexus-scale"; rm -rf "$work"; mkdir -p "$work" "$here/results"
log="$work/log.jsonl"; : > "$log"

# Runs a step under /usr/bin/time, appending {"step", "wall_s", "peak_rss_mb", "output"} to the log.
step() {
  local name="$1"; shift
  echo "== $name: $*" >&2
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$work/rss" "$@" > "$work/out" 
  end=$(date +%s.%N)
  python3 - "$name" "$start" "$end" "$work/rss" "$work/out" >> "$log" <<'PY'
import json, sys
name, start, end, rss, out = sys.argv[1:]
text = open(out).read().strip()
try: output = json.loads(text)
except Exception: output = text
print(json.dumps({"step": name, "wall_s": float(end) - float(start),
                  "peak_rss_mb": int(open(rss).read().split()[-1]) / 1024, "output": output}))
PY
  tail -1 "$log" | cut -c1-400 >&2
}

# Mouse brain bounding box 11.4 x 8 x 13.2 mm; voxel edge for ~nodes voxels in the ellipsoid.
# λ = 3 voxels and a cutoff of 3λ keep ~900 candidate targets per voxel at any resolution.
read -r resolution degree lambda < <(python3 -c "
import math; n=float('$nodes'); e=float('$edges')
v=math.pi/6*11400*8000*13200; r=(v/n)**(1/3)
print(round(r,2), round(e/n,3), round(3*r,2))")
step generate "$plexus" connectome generate voxel --out "$work/scale.h5" --resolution "$resolution" --out-degree "$degree" \
  --lambda "$lambda" --integer-weights --json --quiet
step fanout "$bench" fanout "$work/scale.h5"
step load "$bench" load "$work/scale.h5"
step csv "$bench" csv "$work/scale.h5" "$work/edges.csv"
step import "$plexus" connectome import csv "$work/edges.csv" --nodes "$work/voxel.csv" --name voxel --store "$work/imported.h5" --streamed --quiet
step import-check "$plexus" connectome validate "$work/imported.h5" --json
rm -f "$work/edges.csv"
step simulate "$plexus" simulate "$root/examples/voxel_graph.json" --store "$work/scale.h5" --duration 100 --quiet --json --out "$work/sim"
step extract "$plexus" connectome extract voxel --store "$work/scale.h5" --where "x<3000" --out "$work/region.h5" --quiet --json
step info "$plexus" connectome info voxel --store "$work/scale.h5" --json
if [ "$billion" = 1 ]; then
  # 2·10^6 voxels × 500 targets: λ = 4 voxels, cutoff 3λ.
  read -r resolution degree lambda < <(python3 -c "
import math; n=2e6; e=1e9
v=math.pi/6*11400*8000*13200; r=(v/n)**(1/3)
print(round(r,2), round(e/n,3), round(4*r,2))")
  step generate-1e9 "$plexus" connectome generate voxel --out "$work/billion.h5" --resolution "$resolution" --out-degree "$degree" \
    --lambda "$lambda" --integer-weights --json --quiet
  step fanout-1e9 "$bench" fanout "$work/billion.h5"
  step info-1e9 "$plexus" connectome info voxel --store "$work/billion.h5" --json
fi
stamp=$(date +%Y-%m-%d)
python3 "$here/scale_report.py" "$log" "$here/results/scale-$stamp.json" "$here/results/scale-$stamp.md"
[ "$keep" = 1 ] || rm -rf "$work/scale.h5" "$work/imported.h5" "$work/billion.h5" "$work/region.h5"
echo "host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
