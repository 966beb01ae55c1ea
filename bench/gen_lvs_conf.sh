#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/gen_lvs_conf.sh N_VS N_RS [CHECK]: print an LVS-only keepalived.conf on
# stdout, N_VS TCP virtual servers (10.X.Y.Z:80, the shape of
# bench/vm/ipvs_reload.sh) with N_RS NAT real servers each. CHECK is "tcp"
# (default: each real server has a TCP_CHECK) or "none" (the servers of the
# IPVS reload benchmark; 2,000 x 20 is 132,000 lines). No interface lines,
# so `vigild -t -f FILE` and `keepalived -t -f FILE` validate it on any host.
set -eu
[ $# -ge 2 ] || { echo "usage: $0 N_VS N_RS [tcp|none]" >&2; exit 2; }
awk -v nvs="$1" -v nrs="$2" -v chk="${3:-tcp}" 'BEGIN {
	print "global_defs {\n\trouter_id bench\n}"
	for (v = 0; v < nvs; v++) {
		printf "virtual_server 10.%d.%d.%d 80 {\n", 1 + int(v / 62500),
			int(v / 250) % 250, v % 250 + 1
		printf "\tdelay_loop 10\n"
		printf "\tlvs_sched rr\n\tlvs_method NAT\n\tprotocol TCP\n"
		for (r = 0; r < nrs; r++) {
			printf "\treal_server 10.200.%d.%d 80 {\n\t\tweight 1\n",
				int(r / 250), r % 250 + 1
			if (chk == "tcp")
				printf "\t\tTCP_CHECK {\n\t\t\tconnect_timeout 3\n\t\t}\n"
			printf "\t}\n"
		}
		printf "}\n"
	}
}'
