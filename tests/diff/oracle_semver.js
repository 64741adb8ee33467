// Oracle for diff_semver.sh: npm semver's compare() on "A B" lines.
// usage: node oracle_semver.js PAIRS_FILE   (prints -1, 0, 1 or E per line)
'use strict'
const fs = require('fs')
const path = require('path')
const semver = require(path.join(__dirname, 'node_modules', 'semver'))
const lines = fs.readFileSync(process.argv[2], 'utf8').split('\n')
if (lines.length && lines[lines.length - 1] === '') lines.pop()
const out = []
for (const line of lines) {
  const [a, b] = line.split(' ')
  try {
    out.push(String(semver.compare(a, b)))
  } catch (e) {
    out.push('E')
  }
}
process.stdout.write(out.join('\n') + '\n')
