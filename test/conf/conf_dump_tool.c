/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_dump_tool: test driver for the config model. Loads FILE as vigild
 * -t would, prints the diagnostics to stderr and the resolved dump to
 * stdout, and exits with the -t exit code. -s enables the system checks
 * (interfaces, script security); -i ID sets the config id; -n skips the
 * dump. Used by test/conf/run.sh; not installed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "conf/conf.h"

int
main(int argc, char **argv)
{
	struct conf_load_opts lo = {0};
	struct conf_diags diags;
	struct conf *conf;
	bool dump = true;
	int c, code;

	while ((c = getopt(argc, argv, "si:en")) != -1) {
		switch (c) {
		case 's':
			lo.check_system = true;
			break;
		case 'i':
			lo.config_id = optarg;
			break;
		case 'e':
			lo.all_config = true;
			break;
		case 'n':
			dump = false;
			break;
		default:
			fprintf(stderr, "usage: %s [-s] [-e] [-n] [-i ID] FILE\n", argv[0]);
			return 2;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "usage: %s [-s] [-e] [-n] [-i ID] FILE\n", argv[0]);
		return 2;
	}
	lo.path = argv[optind];
	if (!lo.config_id)
		lo.config_id = "vigiltest";
	conf_diags_init(&diags);
	conf = conf_load(&lo, &diags);
	conf_diags_print(stderr, &diags);
	code = conf_diags_exit_code(&diags);
	if (conf && dump)
		conf_dump(stdout, conf);
	conf_free(conf);
	conf_diags_free(&diags);
	return code;
}
