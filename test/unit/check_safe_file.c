/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_safe_file: lib/util/safe_file, the writer of the dumps in /tmp. A
 * symlink planted at the target is replaced and what it pointed to is left
 * untouched; the file is mode 0600; no temporary file is left behind; a write
 * that fails (file size limit) or is aborted leaves the old file intact.
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/safe_file.h"

static char dir[64];
static char target[128];

static void
setup(void)
{
	strcpy(dir, "/tmp/check_safe_file.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(target, sizeof(target), "%s/dump.data", dir);
}

static void
teardown(void)
{
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* The number of entries in dir (other than . and ..). */
static int
entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void
write_file(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(s, f);
	ck_assert_int_eq(fclose(f), 0);
}

static void
assert_content(const char *path, const char *want)
{
	char buf[256] = "";
	FILE *f = fopen(path, "r");
	size_t n;

	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	ck_assert_str_eq(buf, want);
}

START_TEST(test_write_new)
{
	struct safe_file sf;
	struct stat st;

	umask(022);
	ck_assert_int_eq(safe_file_open(&sf, target), 0);
	ck_assert_ptr_nonnull(sf.f);
	/* The temporary file is in the target's directory, hidden, mode 0600. */
	ck_assert_int_eq(strncmp(sf.tmp, dir, strlen(dir)), 0);
	ck_assert_ptr_nonnull(strstr(sf.tmp, "/.dump.data."));
	ck_assert_int_eq(stat(sf.tmp, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0600);
	fputs("hello\n", sf.f);
	ck_assert_int_eq(safe_file_commit(&sf), 0);
	ck_assert_ptr_null(sf.f);
	assert_content(target, "hello\n");
	ck_assert_int_eq(stat(target, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0600);
	ck_assert_int_eq(entries(), 1);
}
END_TEST

START_TEST(test_replaces_old_mode)
{
	struct safe_file sf;
	struct stat st;

	write_file(target, "old\n");
	ck_assert_int_eq(chmod(target, 0644), 0);
	ck_assert_int_eq(safe_file_open(&sf, target), 0);
	fputs("new\n", sf.f);
	ck_assert_int_eq(safe_file_commit(&sf), 0);
	assert_content(target, "new\n");
	ck_assert_int_eq(stat(target, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0600);
	ck_assert_int_eq(entries(), 1);
}
END_TEST

START_TEST(test_symlink_replaced)
{
	char victim[160];
	struct safe_file sf;
	struct stat st;

	snprintf(victim, sizeof(victim), "%s/victim", dir);
	write_file(victim, "precious\n");
	ck_assert_int_eq(symlink(victim, target), 0);
	ck_assert_int_eq(safe_file_open(&sf, target), 0);
	fputs("dump\n", sf.f);
	ck_assert_int_eq(safe_file_commit(&sf), 0);
	/* The link itself is gone, a regular file stands in its place. */
	ck_assert_int_eq(lstat(target, &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	assert_content(target, "dump\n");
	assert_content(victim, "precious\n");
	ck_assert_int_eq(entries(), 2);
}
END_TEST

START_TEST(test_dangling_symlink)
{
	char victim[160];
	struct safe_file sf;

	/* A link to a file that does not exist yet must not create that file. */
	snprintf(victim, sizeof(victim), "%s/created", dir);
	ck_assert_int_eq(symlink(victim, target), 0);
	ck_assert_int_eq(safe_file_open(&sf, target), 0);
	fputs("dump\n", sf.f);
	ck_assert_int_eq(safe_file_commit(&sf), 0);
	ck_assert_int_eq(access(victim, F_OK), -1);
	ck_assert_int_eq(errno, ENOENT);
	assert_content(target, "dump\n");
	ck_assert_int_eq(entries(), 1);
}
END_TEST

START_TEST(test_abort_keeps_old)
{
	struct safe_file sf;

	write_file(target, "old\n");
	ck_assert_int_eq(safe_file_open(&sf, target), 0);
	fputs("half", sf.f);
	safe_file_abort(&sf);
	ck_assert_ptr_null(sf.f);
	safe_file_abort(&sf); /* twice is harmless */
	assert_content(target, "old\n");
	ck_assert_int_eq(entries(), 1);
	ck_assert_int_eq(safe_file_commit(&sf), -EBADF);
}
END_TEST

START_TEST(test_failed_write_keeps_old)
{
	struct rlimit saved, small;
	struct safe_file sf;
	char big[8192];
	int r;

	write_file(target, "old\n");
	/* Files may grow to 16 bytes: the dump's writes fail with EFBIG. */
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &saved), 0);
	small = saved;
	small.rlim_cur = 16;
	signal(SIGXFSZ, SIG_IGN);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &small), 0);
	ck_assert_int_eq(safe_file_open(&sf, target), 0);
	memset(big, 'x', sizeof(big));
	fwrite(big, 1, sizeof(big), sf.f);
	r = safe_file_commit(&sf);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &saved), 0);
	/* stdio may have reported the failed write already (the stream's error flag: EIO) */
	ck_assert_msg(r == -EFBIG || r == -EIO, "commit returned %d", r);
	assert_content(target, "old\n");
	ck_assert_int_eq(entries(), 1);
}
END_TEST

START_TEST(test_bad_paths)
{
	struct safe_file sf;
	char missing[160], longp[PATH_MAX + 16];

	/* A directory that does not exist: nothing created, f stays NULL. */
	snprintf(missing, sizeof(missing), "%s/nodir/x", dir);
	ck_assert_int_eq(safe_file_open(&sf, missing), -ENOENT);
	ck_assert_ptr_null(sf.f);
	ck_assert_int_eq(safe_file_open(&sf, "/tmp/"), -EISDIR);
	memset(longp, 'a', sizeof(longp) - 1);
	longp[0] = '/';
	longp[sizeof(longp) - 1] = '\0';
	ck_assert_int_eq(safe_file_open(&sf, longp), -ENAMETOOLONG);
	ck_assert_int_eq(entries(), 0);
}
END_TEST

static Suite *
safe_file_suite(void)
{
	Suite *s = suite_create("safe_file");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_write_new);
	tcase_add_test(tc, test_replaces_old_mode);
	tcase_add_test(tc, test_symlink_replaced);
	tcase_add_test(tc, test_dangling_symlink);
	tcase_add_test(tc, test_abort_keeps_old);
	tcase_add_test(tc, test_failed_write_keeps_old);
	tcase_add_test(tc, test_bad_paths);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(safe_file_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
