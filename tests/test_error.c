/*
 * test_error.c — one error, one alert: walks every tls13_error value.
 */
#include <check.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "tls13.h"

/* Every value has its own row: a name that is not the fallback, a sentence,
 * and an alert that names a real AlertDescription. */
START_TEST(every_error_has_a_row)
{
    for (int e = TLS13_OK; e < TLS13_ERR__COUNT; e++) {
        tls13_error err = (tls13_error)e;
        ck_assert_msg(strcmp(tls13_error_name(err), "TLS13_ERR_UNKNOWN") != 0,
                      "error %d has no row", e);
        ck_assert_msg(strcmp(tls13_error_message(err), "unknown error") != 0,
                      "error %d has no sentence", e);
        ck_assert_msg(strcmp(tls13_alert_name(tls13_error_alert(err)), "unknown_alert") != 0,
                      "error %s maps to an unnamed alert", tls13_error_name(err));
    }
}
END_TEST

/* The errors that end a connection the peer already ended: nothing is sent back. */
static bool peer_ended_it(tls13_error err)
{
    return err == TLS13_ERR_PEER_ALERT || err == TLS13_ERR_PEER_CLOSED ||
           err == TLS13_ERR_TRUNCATED || err == TLS13_ERR_CLOSED;
}

/* Errors of the peer's making cite the RFC and send an alert. */
START_TEST(peer_errors_cite_a_section_and_send_an_alert)
{
    for (int e = TLS13_ERR_RECORD_UNKNOWN_TYPE; e < TLS13_ERR__COUNT; e++) {
        tls13_error err = (tls13_error)e;
        ck_assert_msg(strncmp(tls13_error_rfc_section(err), "RFC ", 4) == 0,
                      "%s cites no RFC section", tls13_error_name(err));
        if (peer_ended_it(err))
            ck_assert_int_eq(tls13_error_alert(err), TLS13_ALERT_NONE);
        else
            ck_assert_msg(tls13_error_alert(err) != TLS13_ALERT_NONE,
                          "%s sends no alert", tls13_error_name(err));
    }
}
END_TEST

START_TEST(record_errors_map_to_the_rfc_alerts)
{
    /* RFC 9846 §5.1, §5.2, §5.4. */
    ck_assert_int_eq(tls13_error_alert(TLS13_ERR_RECORD_OVERFLOW), TLS13_ALERT_RECORD_OVERFLOW);
    ck_assert_int_eq(tls13_error_alert(TLS13_ERR_RECORD_CIPHERTEXT_OVERFLOW),
                     TLS13_ALERT_RECORD_OVERFLOW);
    ck_assert_int_eq(tls13_error_alert(TLS13_ERR_RECORD_BAD_MAC), TLS13_ALERT_BAD_RECORD_MAC);
    ck_assert_int_eq(tls13_error_alert(TLS13_ERR_RECORD_NO_CONTENT_TYPE),
                     TLS13_ALERT_UNEXPECTED_MESSAGE);
    ck_assert_int_eq(tls13_error_alert(TLS13_ERR_ZERO_SHARED_SECRET),
                     TLS13_ALERT_ILLEGAL_PARAMETER);
    ck_assert_int_eq(tls13_error_alert(TLS13_ERR_DECODE), TLS13_ALERT_DECODE_ERROR);
}
END_TEST

START_TEST(names_match_the_enum)
{
    ck_assert_str_eq(tls13_error_name(TLS13_ERR_RECORD_BAD_MAC), "TLS13_ERR_RECORD_BAD_MAC");
    ck_assert_str_eq(tls13_alert_name(TLS13_ALERT_RECORD_OVERFLOW), "record_overflow");
    ck_assert_str_eq(tls13_error_name(TLS13_ERR__COUNT), "TLS13_ERR_UNKNOWN");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("error");
    TCase *tc = tcase_create("table");
    tcase_add_test(tc, every_error_has_a_row);
    tcase_add_test(tc, peer_errors_cite_a_section_and_send_an_alert);
    tcase_add_test(tc, record_errors_map_to_the_rfc_alerts);
    tcase_add_test(tc, names_match_the_enum);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
