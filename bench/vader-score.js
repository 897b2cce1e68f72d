// bench/vader-score.js: VADER (the npm JavaScript port, vader-sentiment) on
// labelled JSON lines ({"text": ..., "label": "negative|neutral|positive"}),
// with the usual thresholds (compound >= 0.05 positive, <= -0.05 negative).
// Prints "records N accuracy A macro-F1 F" as sc-classify eval counts them
// (macro-F1 over the classes present in the labels).
// Usage: node bench/vader-score.js MODULE_DIR FILE.jsonl
'use strict';
const fs = require('fs');
const path = require('path');
const vader = require(path.resolve(process.argv[2], 'node_modules', 'vader-sentiment'));
const classes = ['negative', 'neutral', 'positive'];
const cm = classes.map(() => classes.map(() => 0));
let n = 0, right = 0;
for (const line of fs.readFileSync(process.argv[3], 'utf8').split('\n')) {
	if (!line.trim()) continue;
	const r = JSON.parse(line);
	const c = vader.SentimentIntensityAnalyzer.polarity_scores(r.text).compound;
	const p = c >= 0.05 ? 2 : c <= -0.05 ? 0 : 1, g = classes.indexOf(r.label);
	if (g < 0) throw new Error(`label ${r.label} is not one of ${classes}`);
	cm[g][p]++; n++; right += g === p;
}
let f1 = 0, nf = 0;
classes.forEach((_, i) => {
	const tp = cm[i][i], gold = cm[i].reduce((a, b) => a + b, 0);
	const pred = cm.reduce((a, row) => a + row[i], 0);
	const P = pred ? tp / pred : 0, R = gold ? tp / gold : 0;
	if (gold) { f1 += P + R > 0 ? 2 * P * R / (P + R) : 0; nf++; }
});
console.log(`records ${n} accuracy ${(right / n).toFixed(4)} macro-F1 ${(f1 / nf).toFixed(4)}`);
