/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * options: keepalived's command line for vigild. Every keepalived option is
 * accepted; options whose feature has not landed yet are recorded in
 * opts->later with a sentence naming what is missing, so main.c can say so
 * instead of silently ignoring them. Pure: no logging, no exit.
 */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "daemon/options.h"
#include "util/log.h"

enum long_only {
	OPT_ALL = 256,
	OPT_FLUSH_LOG_FILE,
	OPT_SIGNUM,
	OPT_CONFIG_FD,
	OPT_DEBUG,
	OPT_IGNORE_SIGINT,
	OPT_PERF,
	OPT_NO_MEM_CHECK,
	OPT_OPENSSL_MEM_CHECK,
	OPT_STATUS,
	OPT_JSON,
	OPT_RELOAD,
	OPT_IPVS_DRY_RUN,
};

static const struct option long_opts[] = {
	{"use-file", required_argument, NULL, 'f'},
	{"vrrp", no_argument, NULL, 'P'},
	{"check", no_argument, NULL, 'C'},
	{"no_bfd", no_argument, NULL, 'B'},
	{"all", no_argument, NULL, OPT_ALL},
	{"log-console", no_argument, NULL, 'l'},
	{"log-detail", no_argument, NULL, 'D'},
	{"log-facility", required_argument, NULL, 'S'},
	{"log-file", optional_argument, NULL, 'g'},
	{"flush-log-file", no_argument, NULL, OPT_FLUSH_LOG_FILE},
	{"no-syslog", no_argument, NULL, 'G'},
	{"release-vips", no_argument, NULL, 'X'},
	{"dont-release-vrrp", no_argument, NULL, 'V'},
	{"dont-release-ipvs", no_argument, NULL, 'I'},
	{"dont-respawn", no_argument, NULL, 'R'},
	{"dont-fork", no_argument, NULL, 'n'},
	{"dump-conf", no_argument, NULL, 'd'},
	{"pid", required_argument, NULL, 'p'},
	{"vrrp_pid", required_argument, NULL, 'r'},
	{"checkers_pid", required_argument, NULL, 'c'},
	{"bfd_pid", required_argument, NULL, 'b'},
	{"address-monitoring", no_argument, NULL, 'a'},
	{"namespace", required_argument, NULL, 's'},
	{"all-config", no_argument, NULL, 'e'},
	{"config-id", required_argument, NULL, 'i'},
	{"snmp", no_argument, NULL, 'x'},
	{"snmp-agent-socket", required_argument, NULL, 'A'},
	{"umask", required_argument, NULL, 'u'},
	{"core-dump", no_argument, NULL, 'm'},
	{"core-dump-pattern", optional_argument, NULL, 'M'},
	{"signum", required_argument, NULL, OPT_SIGNUM},
	{"config-test", optional_argument, NULL, 't'},
	{"config-fd", required_argument, NULL, OPT_CONFIG_FD},
	{"debug", optional_argument, NULL, OPT_DEBUG},
	{"ignore-sigint", no_argument, NULL, OPT_IGNORE_SIGINT},
	{"perf", optional_argument, NULL, OPT_PERF},
	{"no-mem-check", no_argument, NULL, OPT_NO_MEM_CHECK},
	{"mem-check-log", no_argument, NULL, 'L'},
	{"openssl-mem-check", no_argument, NULL, OPT_OPENSSL_MEM_CHECK},
	{"genhash", no_argument, NULL, 'T'},
	{"status", no_argument, NULL, OPT_STATUS},
	{"json", no_argument, NULL, OPT_JSON},
	{"reload", no_argument, NULL, OPT_RELOAD},
	{"ipvs-dry-run", no_argument, NULL, OPT_IPVS_DRY_RUN},
	{"version", no_argument, NULL, 'v'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static const char short_opts[] = "f:PCBlDS:g::GXVIRndp:r:c:b:as:ei:xA:u:mM::t::LTvh";

static const struct {
	const char *name;
	int signo;
} signum_names[] = {
	{"STOP", SIGTERM},	  {"RELOAD", SIGHUP},	     {"DATA", SIGUSR1},
	{"STATS", SIGUSR2},	  {"JSON", 0 /* RTMIN+2 */}, {"STATS_CLEAR", 0 /* RTMAX-1 */},
	{"TDUMP", 0 /* RTMAX */},
};

int
options_signum(const char *name)
{
	for (size_t i = 0; i < sizeof(signum_names) / sizeof(signum_names[0]); i++) {
		if (strcasecmp(name, signum_names[i].name))
			continue;
		if (!strcasecmp(name, "JSON"))
			return SIGRTMIN + 2;
		if (!strcasecmp(name, "STATS_CLEAR"))
			return SIGRTMAX - 1;
		if (!strcasecmp(name, "TDUMP"))
			return SIGRTMAX;
		return signum_names[i].signo;
	}
	return -1;
}

static void
later(struct vigil_opts *o, const char *what)
{
	if (o->nlater < sizeof(o->later) / sizeof(o->later[0]))
		o->later[o->nlater++] = what;
}

/* Options that take effect only once a later part of vigil exists. */
static int
option_later(struct vigil_opts *o, int c)
{
	switch (c) {
	case 'B':
		later(o, "-B: vigil has no BFD child; nothing to disable");
		return 0;
	case 'X':
		o->release_vips = true;
		later(o,
		      "-X: VIP release on signal-driven transitions arrives with the VRRP child");
		return 0;
	case 'a':
		later(o, "-a: address monitoring log is not implemented yet");
		return 0;
	case 's':
		o->namespace = optarg;
		later(o, "-s: running in a named network namespace is not implemented yet");
		return 0;
	case 'x':
	case 'A':
		later(o, "-x/-A: SNMP is not supported by vigil");
		return 0;
	case 'm':
	case 'M':
		later(o, "-m/-M: core dump settings are not implemented yet");
		return 0;
	case 'L':
	case OPT_NO_MEM_CHECK:
	case OPT_OPENSSL_MEM_CHECK:
		later(o, "memory-check options apply to keepalived mem-check builds only");
		return 0;
	case OPT_PERF:
		later(o, "--perf is not supported by vigil");
		return 0;
	case OPT_DEBUG:
		later(o, "--debug letters are not implemented yet; use -D");
		return 0;
	case OPT_CONFIG_FD:
		later(o, "--config-fd is internal to keepalived and ignored");
		return 0;
	case 'b':
		later(o, "-b: vigil has no BFD child; no BFD pid file is written");
		return 0;
	}
	return -1;
}

static int
option_one(struct vigil_opts *o, int c, char *err, size_t errlen)
{
	switch (c) {
	case 'f':
		o->conf_file = optarg;
		break;
	case 'P':
		o->vrrp_only = true;
		break;
	case 'C':
		o->checker_only = true;
		break;
	case OPT_ALL:
		o->all_children = true;
		break;
	case 'l':
		o->log_console = true;
		break;
	case 'D':
		o->log_detail = true;
		break;
	case 'S':
		o->log_facility = log_parse_facility(optarg);
		if (o->log_facility < 0) {
			snprintf(err, errlen,
				 "invalid log facility '%s' (0-7, local0-7, user, daemon)", optarg);
			return -1;
		}
		break;
	case 'g':
		o->log_file = optarg ? optarg : "/tmp/keepalived.log";
		break;
	case OPT_FLUSH_LOG_FILE:
		o->flush_log_file = true;
		break;
	case 'G':
		o->no_syslog = true;
		break;
	case 'V':
		o->dont_release_vrrp = true;
		break;
	case 'I':
		o->dont_release_ipvs = true;
		break;
	case 'R':
		o->dont_respawn = true;
		break;
	case 'n':
		o->dont_fork = true;
		break;
	case 'd':
		o->dump_conf = true;
		break;
	case 'p':
		o->pid_file = optarg;
		break;
	case 'r':
		o->vrrp_pid_file = optarg;
		break;
	case 'c':
		o->checker_pid_file = optarg;
		break;
	case 'e':
		o->all_config = true;
		break;
	case 'i':
		o->config_id = optarg;
		break;
	case 'u': {
		char *end;
		long v = strtol(optarg, &end, 0);

		if (*end || v < 0 || v > 0777) {
			snprintf(err, errlen, "invalid umask '%s'", optarg);
			return -1;
		}
		o->umask_val = (int)v;
		break;
	}
	case OPT_SIGNUM:
		o->action = VIGIL_SIGNUM;
		o->signum = options_signum(optarg);
		if (o->signum < 0) {
			snprintf(err, errlen, "unknown signal name '%s'", optarg);
			return -1;
		}
		break;
	case 't':
		o->action = VIGIL_CONF_TEST;
		o->config_test_file = optarg;
		break;
	case OPT_IGNORE_SIGINT:
		o->ignore_sigint = true;
		break;
	case OPT_STATUS:
		o->action = VIGIL_STATUS;
		break;
	case OPT_JSON:
		o->json = true;
		break;
	case OPT_RELOAD:
		o->action = VIGIL_RELOAD;
		break;
	case OPT_IPVS_DRY_RUN:
		o->ipvs_dry_run = true;
		break;
	case 'T':
		/* main.c runs genhash when -T/--genhash comes first (as keepalived) */
		snprintf(err, errlen, "--genhash (-T) must be the first option");
		return -1;
	case 'v':
		o->action = VIGIL_VERSION;
		break;
	case 'h':
		o->action = VIGIL_HELP;
		break;
	default:
		if (option_later(o, c) == 0)
			break;
		snprintf(err, errlen, "unrecognised option (try --help)");
		return -1;
	}
	return 0;
}

int
options_parse(int argc, char **argv, struct vigil_opts *opts, char *err, size_t errlen)
{
	int c;

	memset(opts, 0, sizeof(*opts));
	opts->umask_val = -1;
	opts->conf_file = VIGIL_DEFAULT_CONF;
	optind = 0; /* full re-initialisation, so tests can parse several times */
	opterr = 0;
	while ((c = getopt_long(argc, argv, short_opts, long_opts, NULL)) != -1) {
		if (c == '?') {
			if (optopt)
				snprintf(err, errlen, "option -%c: unknown or missing argument",
					 optopt);
			else
				snprintf(err, errlen, "unrecognised option '%s'", argv[optind - 1]);
			return -1;
		}
		if (option_one(opts, c, err, errlen) < 0)
			return -1;
		/* keepalived users write "-g FILE" too: take a following non-option word. */
		if (c == 'g' && !optarg && optind < argc && argv[optind][0] != '-')
			opts->log_file = argv[optind++];
	}
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if (opts->vrrp_only && opts->checker_only) {
		snprintf(err, errlen, "-P and -C exclude each other");
		return -1;
	}
	return 0;
}

void
options_usage(const char *prog, FILE *out)
{
	fprintf(out,
		"Usage: %s [OPTION...]\n"
		"keepalived-compatible VRRP and IPVS health-checking daemon.\n\n"
		"  -f, --use-file=FILE          configuration file (default %s)\n"
		"  -P, --vrrp                   run only the VRRP child\n"
		"  -C, --check                  run only the checker child\n"
		"      --all                    start both children even without config for them\n"
		"  -l, --log-console            also log to the console\n"
		"  -D, --log-detail             detailed logging\n"
		"  -S, --log-facility=F         syslog facility: 0-7, local0-7, user, daemon\n"
		"  -g, --log-file[=FILE]        also log to FILE (children add _vrrp/_healthcheckers)\n"
		"  -G, --no-syslog              do not log to syslog\n"
		"  -X, --release-vips           release VIPs on signal-driven transitions\n"
		"  -V, --dont-release-vrrp      keep VIPs and routes on exit\n"
		"  -I, --dont-release-ipvs      keep the IPVS table on exit\n"
		"  -R, --dont-respawn           do not respawn children\n"
		"  -n, --dont-fork              stay in the foreground\n"
		"  -d, --dump-conf              dump the resolved configuration (stdout with -t)\n"
		"  -p, --pid=FILE               parent pid file (default %s/vigild.pid)\n"
		"  -r, --vrrp_pid=FILE          VRRP child pid file (default %s/vigild_vrrp.pid)\n"
		"  -c, --checkers_pid=FILE      checker child pid file (default %s/vigild_checker.pid)\n"
		"  -e, --all-config             every included file must exist\n"
		"  -i, --config-id=ID           id for @ID conditional lines (default: short hostname)\n"
		"  -u, --umask=N                umask for created files\n"
		"  -t, --config-test[=FILE]     check the configuration, exit 0/4/5/6\n"
		"      --signum=NAME            print the signal number for STOP, RELOAD, DATA, STATS,\n"
		"                               STATS_CLEAR, JSON, TDUMP\n"
		"      --ignore-sigint          ignore SIGINT (for debuggers)\n"
		"      --status [--json]        ask the running children (-r/-c pid files) for status\n"
		"      --reload                 validate -f, signal the daemon (-p), wait until applied\n"
		"      --ipvs-dry-run           log the IPVS commands the checker would send, send none\n"
		"  -T, --genhash ...            (first option) keepalived's genhash: see vigil-genhash(1)\n"
		"  -v, --version                print the version\n"
		"  -h, --help                   this help\n"
		"Also accepted for keepalived compatibility: -B -a -s -x -A -m -M -L --perf --debug\n"
		"--config-fd --flush-log-file (vigild says what each does not do yet).\n",
		prog, VIGIL_DEFAULT_CONF, VIGIL_RUN_DIR, VIGIL_RUN_DIR, VIGIL_RUN_DIR);
}
