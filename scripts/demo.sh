#!/usr/bin/env bash
# The main job, for real: a bottle container from the local image, changed by
# an "agent", frozen with `bottle commit`, and the change read back from a new
# container of the committed image.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

slug=demo
name=bot-bottle-$slug
image=${BOTTLE_TEST_IMAGE:-bottle-test/busybox:latest}
export BOTTLE_STATE_DIR=${BOTTLE_STATE_DIR:-$PWD/.demo-state}

docker rm -f "$name" >/dev/null 2>&1 || true
trap 'docker rm -f "$name" >/dev/null 2>&1 || true' EXIT
echo "+ docker run -d --name $name $image sleep infinity"
docker run -d --name "$name" "$image" sleep 100000 >/dev/null
change="work of the agent, $(date -u +%FT%TZ)"
echo "+ the agent writes /root/work.txt: $change"
docker exec "$name" sh -c "echo '$change' > /root/work.txt"

echo "+ bottle commit $slug"
ref=$(./bin/run.js commit "$slug")
echo "committed image: $ref"

echo "+ docker run --rm $ref cat /root/work.txt"
got=$(docker run --rm "$ref" cat /root/work.txt)
echo "$got"
echo "+ state in $BOTTLE_STATE_DIR/$slug:"
for f in "$BOTTLE_STATE_DIR/$slug"/*; do echo "  $(basename "$f"): $(tr -d '\n' < "$f" | head -c 200)"; done
[ "$got" = "$change" ] && echo "OK: the change is in the committed image" || { echo "FAIL: the change is missing" >&2; exit 1; }
