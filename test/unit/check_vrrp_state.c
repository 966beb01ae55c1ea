/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_vrrp_state: the VRRP state record's resume rule (vrrp_state.c): an
 * instance recorded as MASTER counts only while the record was written or
 * touched (by a master's advert) less than the given age ago.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "vrrp/vrrp_state.h"

#define SEC_US 1000000ULL

static char path[64];

static void
record(const char *lines, time_t age_s)
{
	struct timespec ts[2];
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(lines, f);
	fclose(f);
	clock_gettime(CLOCK_REALTIME, &ts[0]);
	ts[0].tv_sec -= age_s;
	ts[1] = ts[0];
	ck_assert_int_eq(utimensat(AT_FDCWD, path, ts, 0), 0);
}

static void
setup(void)
{
	int fd;

	snprintf(path, sizeof(path), "/tmp/check_vrrp_state.XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
}

static void
teardown(void)
{
	unlink(path);
}

START_TEST(test_fresh_master)
{
	record("VI_1 51 MASTER\nVI_2 52 BACKUP\n", 0);
	ck_assert(vrrp_state_was_master(path, "VI_1", 51, 3 * SEC_US));
	ck_assert(!vrrp_state_was_master(path, "VI_2", 52, 3 * SEC_US));
	ck_assert(!vrrp_state_was_master(path, "VI_1", 52, 3 * SEC_US));
	ck_assert(!vrrp_state_was_master(path, "VI_3", 51, 3 * SEC_US));
}
END_TEST

START_TEST(test_stale_master_until_touched)
{
	/* A daemon killed 10 s ago: a backup has taken over, nothing to resume. */
	record("VI_1 51 MASTER\n", 10);
	ck_assert(!vrrp_state_was_master(path, "VI_1", 51, 3 * SEC_US));
	ck_assert(vrrp_state_was_master(path, "VI_1", 51, 60 * SEC_US));
	/* A master that became master long ago touches the record with each advert. */
	vrrp_state_touch(path);
	ck_assert(vrrp_state_was_master(path, "VI_1", 51, 3 * SEC_US));
}
END_TEST

START_TEST(test_missing_or_future)
{
	record("VI_1 51 MASTER\n", -100); /* the clock went back: no proof */
	ck_assert(!vrrp_state_was_master(path, "VI_1", 51, 3 * SEC_US));
	unlink(path);
	ck_assert(!vrrp_state_was_master(path, "VI_1", 51, 3 * SEC_US));
	ck_assert(!vrrp_state_was_master(NULL, "VI_1", 51, 3 * SEC_US));
	vrrp_state_touch(path); /* never creates the record */
	ck_assert_int_ne(access(path, F_OK), 0);
	vrrp_state_touch(NULL);
}
END_TEST

static Suite *
state_suite(void)
{
	Suite *s = suite_create("vrrp_state");
	TCase *tc = tcase_create("resume");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_fresh_master);
	tcase_add_test(tc, test_stale_master_until_touched);
	tcase_add_test(tc, test_missing_or_future);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(state_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
