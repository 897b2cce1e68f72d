#!/usr/bin/env bats
# lib/README.md, the map of the shared code: each ownership rule is stated
# once and in whole sentences (a bullet was repeated, its first copy cut
# off mid-sentence), and every lib/ file has its line in the table.
load ../helper

README=$BATS_TEST_DIRNAME/../../lib/README.md

# bullets: each "- **Name**" bullet of the Ownership section on one line
bullets() {
	awk '/^## Ownership/ {on = 1; next} /^## / {on = 0}
	     on && /^- \*\*/ {if (b != "") print b; b = $0; next}
	     on && /^  / && b != "" {sub(/^ +/, " "); b = b $0; next}
	     on && b != "" {print b; b = ""}
	     END {if (b != "") print b}' "$README"
}

@test "lib/README.md: each ownership bullet once, each ending a sentence" {
	run bullets
	[ "${#lines[@]}" -ge 8 ]
	dup=$(printf '%s\n' "${lines[@]}" | sed 's/^- \*\*\([^*]*\)\*\*.*/\1/' | sort | uniq -d)
	[ -z "$dup" ] || { echo "repeated: $dup"; false; }
	for b in "${lines[@]}"; do
		[[ "$b" == *. ]] || { echo "cut short: $b"; false; }
	done
}

@test "lib/README.md: every lib/*.c file has a line in the table" {
	for f in "$BATS_TEST_DIRNAME"/../../lib/*.c; do
		n=$(basename "$f" .c)
		grep -q "${n}\.c\|${n}\.\[ch\]" "$README" ||
			{ echo "no line for $n"; false; }
	done
}
