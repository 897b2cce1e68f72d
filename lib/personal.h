/* Does a message carry personal data that should not be answered in
 * public? An e-mail address, a phone number, or an order/ticket number.
 * The seed guidelines move such conversations to private messages; this is
 * sc-route's default when no rule sets a mode. Plain byte scanning (no
 * regex): it runs on every record. */
#ifndef SC_PERSONAL_H
#define SC_PERSONAL_H
#include <stddef.h>

/* 0 when none; else what was found: "email", "phone" or "order number". */
const char *personal_data(const char *s, size_t n);
/* Only whether there is an e-mail address: one memchr per '@', for the
 * classifier's every record. */
int personal_email(const char *s, size_t n);

#endif
