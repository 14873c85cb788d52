#!/usr/bin/env bash
# Regenerates core/src/main/resources/dev/vecrnn/api/corpus/tang300.txt from the
# MIT-licensed npm package chinese-poetry@2.0.1 (see corpus/NOTICE.txt).
# Re-runnable; output is byte-for-byte deterministic. Needs npm (or curl) and python3.
set -euo pipefail

PKG=chinese-poetry
VER=2.0.1
URL="https://registry.npmjs.org/$PKG/-/$PKG-$VER.tgz"
# From `npm view chinese-poetry@2.0.1 dist` (dist.integrity / dist.shasum):
INTEGRITY='sha512-KtYARvV7CWNtax0na9+Jn6PlhGgSoid7PWyDzXI4KsCEm2odZcqEQyval5koaLygZnM/EQ3lfJ//25K8p3uHNg=='
SHASUM='b6e7e60d0accac7c723d066a5c360549aab8299d'
SRC='package/dist/mengxue/tangshisanbaishou.json'

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/core/src/main/resources/dev/vecrnn/api/corpus/tang300.txt"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/vecrnn-corpus.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

TGZ="$TMP/$PKG-$VER.tgz"
if command -v npm >/dev/null 2>&1; then
  (cd "$TMP" && npm pack --silent "$PKG@$VER" >/dev/null)
else
  curl -fsSL -o "$TGZ" "$URL"
fi

python3 - "$TGZ" "$INTEGRITY" "$SHASUM" <<'PY'
import base64, hashlib, sys
data = open(sys.argv[1], 'rb').read()
sri = 'sha512-' + base64.b64encode(hashlib.sha512(data).digest()).decode()
sha1 = hashlib.sha1(data).hexdigest()
if sri != sys.argv[2] or sha1 != sys.argv[3]:
    sys.exit(f'checksum mismatch: {sri} {sha1}')
print('tarball checksums OK (sha512, sha1)')
PY

tar -xzf "$TGZ" -C "$TMP" "$SRC"
mkdir -p "$(dirname "$OUT")"

python3 - "$TMP/$SRC" "$OUT" <<'PY'
import json, sys
src, out = sys.argv[1], sys.argv[2]
with open(src, encoding='utf-8') as f:
    book = json.load(f)
lines = []
n = 0
for section in book['content']:
    for poem in section['content']:
        lines.append(poem['chapter'])
        lines.append(poem['author'])
        lines.extend(poem['paragraphs'])
        lines.append('')
        n += 1
text = '\n'.join(lines) + '\n'
with open(out, 'w', encoding='utf-8', newline='\n') as f:
    f.write(text)
print(f'wrote {out}: {n} poems, {len(text)} chars, {len(set(text))} distinct, '
      f'{len(text.encode("utf-8"))} bytes')
PY
