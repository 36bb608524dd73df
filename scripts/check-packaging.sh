#!/usr/bin/env bash
# Checks the desktop packaging without the Electron binary (it cannot be downloaded here):
# builds the app, lets electron-builder validate electron-builder.yml and package a Linux
# `dir` target against a stand-in Electron dist in a temp dir, then asserts what app.asar
# holds and that the native modules (keychain binding, sharp) are unpacked beside it.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== build: renderer, main, preload"
npm run --silent build:desktop >/dev/null

echo "== package (linux dir) against a stand-in Electron"
stand_in="$work/electron-dist"
mkdir -p "$stand_in/resources"
printf '#!/bin/sh\n' > "$stand_in/electron"
chmod +x "$stand_in/electron"
echo "v$(node -p "require('electron/package.json').version")" > "$stand_in/version"
touch "$stand_in/LICENSE" "$stand_in/LICENSES.chromium.html"
# npmRebuild off: rebuilding native modules for Electron needs its headers from the network;
# this check is about the layout, not the ABI.
ELECTRON_BUILDER_CACHE="$work/cache" npx electron-builder --linux dir --publish never \
  -c.electronDist="$stand_in" -c.directories.output="$work/release" -c.npmRebuild=false >"$work/builder.log" 2>&1 \
  || { cat "$work/builder.log"; exit 1; }

resources="$work/release/linux-unpacked/resources"
asar="$resources/app.asar"
entries=$(npx @electron/asar list "$asar")

fail() { echo "check-packaging: $*" >&2; exit 1; }

for entry in /package.json /dist/main/index.js /dist/main/engine-process.js /dist/preload/index.cjs \
  /dist/renderer/index.html /dist/proxy/app/gateway.js /build/tray/running.png /node_modules/@napi-rs/keyring/package.json \
  /node_modules/sql.js/dist/sql-wasm.wasm; do
  grep -qx "$entry" <<<"$entries" || fail "app.asar lacks $entry"
done
# Not in the app: sources, tests, and devDependencies (React is bundled into dist/renderer by Vite).
for pattern in '^/src/' '^/test/' '^/dist/.*\.map$' '^/dist/preload/index\.js$' '^/electron-builder\.yml$' \
  '^/node_modules/(react|react-dom|selfsigned|electron)/'; do
  if grep -qE "$pattern" <<<"$entries"; then fail "app.asar must not hold $(grep -E "$pattern" <<<"$entries" | head -1)"; fi
done
binding="node_modules/@napi-rs/keyring-linux-x64-gnu/keyring.linux-x64-gnu.node"
[ -f "$resources/app.asar.unpacked/$binding" ] || fail "$binding is not unpacked"
# sharp (image resizing): its binding and the libvips it links, both loaded from disk.
for native in node_modules/@img/sharp-linux-x64/lib/sharp-linux-x64-*.node node_modules/@img/sharp-libvips-linux-x64/lib/libvips-cpp.so.*; do
  compgen -G "$resources/app.asar.unpacked/$native" >/dev/null || fail "$native is not unpacked"
done

main=$(node -e "console.log(JSON.parse(require('@electron/asar').extractFile(process.argv[1], 'package.json')).main)" "$asar")
[ "$main" = "dist/main/index.js" ] || fail "the packaged package.json has main '$main'"

echo "== packaging OK: $(wc -l <<<"$entries") entries in app.asar, the keyring and sharp bindings unpacked, main = $main"
