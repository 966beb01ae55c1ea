#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs every test/netns/*.sh test (not lib.sh, not this file). Exit 77 when
# all were skipped (not root), 1 if any failed.
cd "$(dirname "$0")" || exit 1
pass=0 fail=0 skipped=0
for t in ./*.sh; do
	case "$t" in ./lib*.sh | ./run.sh) continue ;; esac
	echo "=== netns: $t"
	bash "$t"; rc=$?
	case $rc in
	0) pass=$((pass + 1)) ;;
	77) skipped=$((skipped + 1)) ;;
	*) fail=$((fail + 1)); echo "FAILED: $t (exit $rc)" ;;
	esac
done
echo "netns tier: $pass passed, $fail failed, $skipped skipped"
[ $fail -eq 0 ] || exit 1
[ $pass -eq 0 ] && [ $skipped -gt 0 ] && exit 77
exit 0
