# perf/run closing: closing-job at scale (tools/closing-scale). Sourced by perf/run, whose functions and variables it
# uses.
"$here/tools/closing-scale" | tee "$out/closing.txt" | sed 's/^/    /' >> "$out/closing.md"
