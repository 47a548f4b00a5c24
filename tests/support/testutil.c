/*
 * testutil.c — see testutil.h.
 */
#include "testutil.h"

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

bool have_openssl(void)
{
    return system("openssl version >/dev/null 2>&1") == 0;
}

int run(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    if (n <= 0 || (size_t)n >= sizeof cmd) {
        /* Also used outside a running test (fixtures, clean-up): no ck_assert. */
        fprintf(stderr, "run: command too long\n");
        abort();
    }
    int status = system(cmd);
    return status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void make_tmpdir(char *dir)
{
    strcpy(dir, "/tmp/tls13-test-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

void remove_tmpdir(const char *dir)
{
    run("rm -rf '%s'", dir);
}

void write_file(const char *dir, const char *name, const uint8_t *data, size_t len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    fclose(f);
}
