"""Writes www/precache.json: the files the service worker caches for offline use.

    python3 tools/precache.py www

Lists every file of the built site except the service worker itself and the
folders tests and benchmarks write (e2e/, bench/), with a version that changes
whenever any listed file does, so the worker re-caches only after a rebuild.
"""
import hashlib
import json
import pathlib
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "www")
SKIP_NAMES = {"sw.js", "precache.json", "_headers"}
SKIP_DIRS = {"e2e", "bench"}

files = sorted(
    p.relative_to(root).as_posix()
    for p in root.rglob("*")
    if p.is_file()
    and p.name not in SKIP_NAMES
    and p.relative_to(root).parts[0] not in SKIP_DIRS
    and not p.name.startswith(".")
)
digest = hashlib.sha256()
size = 0
for name in files:
    data = (root / name).read_bytes()
    size += len(data)
    digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
manifest = {"version": digest.hexdigest()[:16], "bytes": size, "files": ["./", *files]}
(root / "precache.json").write_text(json.dumps(manifest, indent=1) + "\n")
print(f"precache.json: {len(files)} files, {size / 1024:.0f} KiB, version {manifest['version']}")
