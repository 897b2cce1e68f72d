#include "handoff.h"
#include "tap.h"

struct seen {
	unsigned long next, bad, batches;
	struct handoff *h;
	unsigned long stop_at;
};

/* Each batch holds consecutive numbers; the consumer checks the order. */
static void consume(void *ctx, const char *p, size_t n)
{
	struct seen *s = ctx;

	s->batches++;
	for (size_t i = 0; i + sizeof(unsigned long) <= n; i += sizeof(unsigned long)) {
		unsigned long v;
		memcpy(&v, p + i, sizeof v);
		s->bad += v != s->next;
		s->next++;
		if (s->stop_at && s->next == s->stop_at)
			handoff_stop(s->h);
	}
}

int main(void)
{
	struct seen s = {0};
	struct handoff *h = handoff_new(consume, &s);
	unsigned long v = 0;

	s.h = h;
	for (int b = 0; b < 2000; b++) {
		for (int i = 0; i < 100; i++, v++)
			buf_put(handoff_buf(h), &v, sizeof v);
		handoff_send(h);
	}
	for (int i = 0; i < 7; i++, v++) /* a last, unsent batch */
		buf_put(handoff_buf(h), &v, sizeof v);
	handoff_finish(h);
	is_int(s.next, 200007, "every item arrives, the unsent last batch too");
	is_int(s.bad, 0, "in the order sent");
	ok(s.batches >= 2 && s.batches <= 2001, "in batches (%lu)", s.batches);

	struct seen t = {0};
	t.stop_at = 550;
	h = handoff_new(consume, &t);
	t.h = h;
	v = 0;
	int sent = 0;
	while (!handoff_stopped(h) && sent < 100000) {
		for (int i = 0; i < 100; i++, v++)
			buf_put(handoff_buf(h), &v, sizeof v);
		handoff_send(h);
		sent++;
	}
	handoff_finish(h);
	ok(sent < 100000, "the consumer's stop reaches the producer (%d batches sent)", sent);
	ok(t.next >= 550 && t.next <= 700, "nothing is consumed after the stop's batch (%lu)", t.next);
	return tap_done();
}
