#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "diag.h"
#include "handoff.h"

struct handoff {
	pthread_mutex_t mu;
	pthread_cond_t changed;
	pthread_t thread;
	struct buf fill, full;   /* producer's batch; the one handed over */
	int has_full, done, stop;
	handoff_fn consume;
	void *ctx;
};

static void *run(void *arg)
{
	struct handoff *h = arg;
	struct buf work = BUF_INIT;

	pthread_mutex_lock(&h->mu);
	for (;;) {
		if (!h->has_full && !h->done) {
			pthread_mutex_unlock(&h->mu);
			fflush(stdout); /* idle: let what was written move on */
			pthread_mutex_lock(&h->mu);
		}
		while (!h->has_full && !h->done)
			pthread_cond_wait(&h->changed, &h->mu);
		if (!h->has_full)
			break;
		/* take the batch, leave an empty buffer in its place */
		struct buf t = work;
		work = h->full;
		h->full = t;
		h->full.len = 0;
		h->has_full = 0;
		pthread_cond_broadcast(&h->changed);
		pthread_mutex_unlock(&h->mu);
		if (!handoff_stopped(h))
			h->consume(h->ctx, work.p, work.len);
		pthread_mutex_lock(&h->mu);
	}
	pthread_mutex_unlock(&h->mu);
	buf_free(&work);
	return NULL;
}

struct handoff *handoff_new(handoff_fn consume, void *ctx)
{
	struct handoff *h = sc_xcalloc(1, sizeof *h);

	pthread_mutex_init(&h->mu, NULL);
	pthread_cond_init(&h->changed, NULL);
	h->consume = consume;
	h->ctx = ctx;
	if (pthread_create(&h->thread, NULL, run, h))
		sc_die(SC_EXIT_FAIL, "cannot start a thread:");
	return h;
}

struct buf *handoff_buf(struct handoff *h)
{
	return &h->fill;
}

void handoff_send(struct handoff *h)
{
	if (h->fill.len == 0)
		return;
	pthread_mutex_lock(&h->mu);
	while (h->has_full)
		pthread_cond_wait(&h->changed, &h->mu);
	struct buf t = h->full;
	h->full = h->fill;
	h->fill = t;
	h->fill.len = 0;
	h->has_full = 1;
	pthread_cond_broadcast(&h->changed);
	pthread_mutex_unlock(&h->mu);
}

void handoff_stop(struct handoff *h)
{
	pthread_mutex_lock(&h->mu);
	h->stop = 1;
	pthread_mutex_unlock(&h->mu);
}

int handoff_stopped(struct handoff *h)
{
	int s;

	pthread_mutex_lock(&h->mu);
	s = h->stop;
	pthread_mutex_unlock(&h->mu);
	return s;
}

void handoff_finish(struct handoff *h)
{
	handoff_send(h);
	pthread_mutex_lock(&h->mu);
	h->done = 1;
	pthread_cond_broadcast(&h->changed);
	pthread_mutex_unlock(&h->mu);
	pthread_join(h->thread, NULL);
	pthread_mutex_destroy(&h->mu);
	pthread_cond_destroy(&h->changed);
	buf_free(&h->fill);
	buf_free(&h->full);
	free(h);
}
