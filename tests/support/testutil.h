/*
 * testutil.h — small helpers the tests share: running the openssl command
 * line (to make keys and certificates in a temp dir), and files.
 */
#ifndef TLS13_TEST_UTIL_H
#define TLS13_TEST_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when the openssl command is on the PATH (tests skip without it). */
bool have_openssl(void);
/* Runs a shell command built like printf; returns its exit status (-1 if
 * it did not exit normally). Aborts if the command does not fit. */
int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Makes a fresh temp dir; dir needs room for 32 bytes. */
void make_tmpdir(char *dir);
void remove_tmpdir(const char *dir);
/* Writes dir/name. */
void write_file(const char *dir, const char *name, const uint8_t *data, size_t len);

#endif
