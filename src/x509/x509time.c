/*
 * x509time.c — certificate validity times (RFC 5280 §4.1.2.5) to and from
 * Unix time: the strict UTCTime / GeneralizedTime forms certificates must
 * use, and the "YYYY-MM-DD" dates of error messages.
 *
 * Calendar arithmetic is H. Hinnant's days_from_civil / civil_from_days
 * (proleptic Gregorian, exact for every year we accept).
 * May touch: src/x509.
 */
#include "x509/verify.h"

#include <stdio.h>
#include <string.h>

#include "x509/der.h"

#define SECONDS_PER_DAY 86400

/* Days from 1970-01-01 to year-month-day (month 1..12). */
static int64_t days_from_civil(int64_t year, unsigned month, unsigned day)
{
    year -= month <= 2 ? 1 : 0;
    int64_t era = (year >= 0 ? year : year - 399) / 400;
    unsigned yoe = (unsigned)(year - era * 400);
    unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static bool is_leap_year(unsigned year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static unsigned days_in_month(unsigned year, unsigned month)
{
    static const unsigned days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

/* n ASCII digits as a number; false on anything else. */
static bool read_digits(const uint8_t *text, size_t n, unsigned *value)
{
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        v = v * 10 + (unsigned)(text[i] - '0');
    }
    *value = v;
    return true;
}

/* The year: UTCTime's two digits mean 1950..2049 ("Where YY is greater
 * than or equal to 50, the year SHALL be interpreted as 19YY; and Where YY
 * is less than 50, the year SHALL be interpreted as 20YY", §4.1.2.5.1). */
static bool read_year(uint8_t tag, const uint8_t *text, size_t len, unsigned *year,
                      size_t *digits)
{
    if (tag == DER_UTC_TIME && len == 13) {
        *digits = 2;
        if (!read_digits(text, 2, year))
            return false;
        *year += *year >= 50 ? 1900 : 2000;
        return true;
    }
    *digits = 4;
    return tag == DER_GENERALIZED_TIME && len == 15 && read_digits(text, 4, year);
}

/* §4.1.2.5.1 / §4.1.2.5.2: "MUST be expressed in Greenwich Mean Time
 * (Zulu) and MUST include seconds", and GeneralizedTime "MUST NOT include
 * fractional seconds". With the fixed lengths above, the only form left is
 * digits then 'Z'. */
bool x509_time_parse(uint8_t tag, const uint8_t *text, size_t len, int64_t *unix_time)
{
    unsigned year, month, day, hour, minute, second;
    size_t y;
    if (text == NULL || unix_time == NULL || !read_year(tag, text, len, &year, &y))
        return false;
    if (text[len - 1] != 'Z' || !read_digits(text + y, 2, &month) ||
        !read_digits(text + y + 2, 2, &day) || !read_digits(text + y + 4, 2, &hour) ||
        !read_digits(text + y + 6, 2, &minute) || !read_digits(text + y + 8, 2, &second))
        return false;
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) ||
        hour > 23 || minute > 59 || second > 59)
        return false;
    *unix_time = days_from_civil(year, month, day) * SECONDS_PER_DAY +
                 (int64_t)(hour * 3600 + minute * 60 + second);
    return true;
}

void x509_time_format_date(int64_t unix_time, char out[11])
{
    int64_t days = unix_time / SECONDS_PER_DAY;
    if (unix_time % SECONDS_PER_DAY < 0)
        days--;
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned day = doy - (153 * mp + 2) / 5 + 1;
    unsigned month = mp < 10 ? mp + 3 : mp - 9;
    int64_t year = (int64_t)yoe + era * 400 + (month <= 2 ? 1 : 0);
    char text[32] = "0000-00-00";
    if (year > 9999)
        snprintf(text, sizeof text, "9999-99-99");
    else if (year >= 0)
        snprintf(text, sizeof text, "%04u-%02u-%02u", (unsigned)year, month, day);
    memcpy(out, text, 10);
    out[10] = '\0';
}
