#!/bin/sh
# Every spec in ./specs becomes a dossier in ./dossiers, and every dossier is verified.
# Reads preuve's JSON only, with Node.js (which preuve needs anyway): no jq required.
preuve batch specs --out dossiers --concurrency 2 --json > results.jsonl
status=$?                                 # 0 all built, 1 some failed, 130 interrupted
each() { node -e "for (const r of require('fs').readFileSync('results.jsonl', 'utf8').trim().split('\n').map(JSON.parse)) $1"; }
each 'if (r.status === "built") console.log(r.dossier.zipPath)' > built.txt
each 'if (r.type === "case" && r.status !== "built") console.log("FAILED   " + r.name + ": " + r.error.message)'
while read -r zip; do
  preuve verify "$zip" --json > verify.json || status=1
  node -e 'const r = require("./verify.json"); console.log((r.ok ? "verified " : "NOT VERIFIED ") + r.target)'
done < built.txt
each 'if (r.type === "summary") console.log(r.built + " of " + r.total + " dossiers built and verified")'
exit $status
